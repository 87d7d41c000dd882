"""Base for API models: camelCase on the wire, snake_case in Python."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class ApiModel(BaseModel):
    # defer_build: a schema is built on the model's first use, so a cold start builds only the ones it needs.
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True,
                              defer_build=True)
