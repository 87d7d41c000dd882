"""Settings are pydantic models read from the function's environment, validated at cold start."""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Self

from pydantic import BaseModel, ConfigDict, ValidationError


class SettingsError(RuntimeError):
    """A function was deployed without the configuration it needs."""


class EnvSettings(BaseModel):
    # defer_build: a settings class is built when it is first read (a function's first request), so a function
    # builds only its own, not every settings class of the modules it imports.
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True, defer_build=True)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Self:
        source = dict(os.environ if environ is None else environ)
        try:
            return cls.model_validate(source)
        except ValidationError as exc:
            names = ", ".join(str(e["loc"][0]) for e in exc.errors(include_input=False, include_url=False))
            raise SettingsError(f"{cls.__name__}: missing or invalid environment variables: {names}") from exc
