"""The building blocks of the outbound event models (<context>/outbound_events.py): what the detail of a
domain event on the bus looks like, field by field, so docs/events/ can publish its JSON schema.

The publishing code builds its details as plain dicts (gosolid/case_events.py, nowjobs/events.py,
billing/events.py); these models describe them and are held to them by the tests: every event a real
lifecycle emits on the local stack must validate, strictly and without a field more or less
(tests/integration/test_emitted_events_match_catalogue.py). Wire conventions: camelCase keys, money as
text with two decimals ("12.53"), instants ISO 8601 UTC to the second ("2026-03-02T08:00:00Z"), days
ISO 8601 ("2026-03-02"); a field the code always writes is required even when it may be null."""
from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

Money = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", description="Euro, two decimals",
                             examples=["1048.34"])]
DecimalText = Annotated[str, Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$", description="A decimal number as text",
                                   examples=["7.5"])]
Instant = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
                               json_schema_extra={"format": "date-time"}, examples=["2026-03-02T08:00:00Z"])]
Day = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", json_schema_extra={"format": "date"},
                           examples=["2026-03-02"])]
EnterpriseNumberText = Annotated[str, Field(pattern=r"^[0-9]{10}$", description="Belgian enterprise number, "
                                                                                 "10 digits", examples=["0403170701"])]


class EventDetail(BaseModel):
    """A detail (or a part of one) as it travels: camelCase, nothing more than described."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True)
