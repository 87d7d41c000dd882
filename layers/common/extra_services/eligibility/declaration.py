"""The declaration of authority a user ticks before committing an enterprise (RULES.md §1).

Wording versions are dated; a submission must accept the version in force, and what it
accepted is recorded as evidence: who, which enterprise, which service, which wording,
when, through which channel."""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from msgspec import Struct
from pydantic import BaseModel, ConfigDict, Field

from extra_services.caller import Channel
from extra_services.clock import iso_instant
from extra_services.errors import InvalidInput
from extra_services.rates.dated import DatedTable, Row


class Wording(Struct, frozen=True):
    version: str
    fr: str
    nl: str
    en: str


WORDINGS = DatedTable[Wording]("declaration wording", [
    Row(date(2025, 1, 1), Wording(
        version="2025-01",
        fr="Je déclare être habilité à engager contractuellement l'entreprise sélectionnée.",
        nl="Ik verklaar dat ik gemachtigd ben om de geselecteerde onderneming contractueel te verbinden.",
        en="I declare that I am authorised to commit the selected enterprise contractually.",
    ), source="FAQ: « déclarez être habilité à engager contractuellement l'entreprise sélectionnée »"),
])


def wording_in_force(day: date) -> Wording:
    return WORDINGS.at(day)


class DeclarationInput(BaseModel):
    """What a committing request carries: {"accepted": true, "wordingVersion": "..."}."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid", defer_build=True)  # as ApiModel
    accepted: Literal[True] = Field(description="Must be true: the user ticked the declaration")
    wording_version: str = Field(alias="wordingVersion", min_length=1, max_length=32)


class DeclarationRecord(Struct, frozen=True):
    customer_id: str
    enterprise_number: str
    service: str
    wording_version: str
    channel: Channel
    accepted_at: datetime

    def as_item(self) -> dict[str, str]:
        return {"customerId": self.customer_id, "enterpriseNumber": self.enterprise_number,
                "service": self.service, "wordingVersion": self.wording_version,
                "channel": self.channel.value, "acceptedAt": iso_instant(self.accepted_at)}


def record_declaration(declaration: DeclarationInput | None, *, customer_id: str, channel: Channel,
                       enterprise_number: str, service: str, at: datetime, today: date) -> DeclarationRecord:
    """The evidence to store with the submission, or a 422 when the declaration is missing or stale."""
    if declaration is None:
        raise InvalidInput("The declaration of authority is required: tick that you are authorised to "
                           "commit the selected enterprise contractually.", code="DECLARATION_REQUIRED",
                           details=[{"field": "body.declaration", "message": "required"}])
    current = wording_in_force(today)
    if declaration.wording_version != current.version:
        raise InvalidInput(f"The declaration wording {declaration.wording_version!r} is not the one in "
                           f"force; show and accept version {current.version!r}.",
                           code="DECLARATION_OUTDATED",
                           details=[{"field": "body.declaration.wordingVersion",
                                     "message": f"expected {current.version}"}])
    return DeclarationRecord(customer_id, enterprise_number, service, declaration.wording_version,
                             channel, at)
