"""Registry and credit-bureau facts Go Solid screens on (API.md: EnterpriseRegistryChanged from
`enterprise-registry`, CreditRiskChanged from `credit-bureau`). Kept per enterprise, newest wins."""
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from extra_services.identifiers import EnterpriseNumber

REGISTRY_SOURCE = "enterprise-registry"
CREDIT_BUREAU_SOURCE = "credit-bureau"


class EnterpriseStatus(StrEnum):
    ACTIVE = "ACTIVE"
    BANKRUPT = "BANKRUPT"
    REORGANISATION = "REORGANISATION"
    DISSOLVED = "DISSOLVED"


class EnterpriseKind(StrEnum):
    COMPANY = "COMPANY"
    SOLE_TRADER = "SOLE_TRADER"
    PUBLIC_AUTHORITY = "PUBLIC_AUTHORITY"


class _Fact(BaseModel):
    # defer_build: built on first use, so only the functions that read facts build them.
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True, defer_build=True)
    enterprise_number: EnterpriseNumber = Field(alias="enterpriseNumber")
    occurred_at: AwareDatetime = Field(alias="occurredAt")


class EnterpriseRegistryChanged(_Fact):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    status: EnterpriseStatus
    # Kept as text: a kind the registry adds later (a natural person...) must still be screened
    # (it is not an enterprise kind, so it is refused), not dropped as malformed.
    kind: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z_]{2,40}$")]
    country: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$")]


class CreditRiskChanged(_Fact):
    score: int = Field(ge=0, le=100, description="0-100, higher = safer")


FeedEvent = EnterpriseRegistryChanged | CreditRiskChanged


def feed_event(detail_type: str, detail: dict[str, Any], received_at: datetime) -> FeedEvent | None:
    """The fact in an EventBridge event, or None for a detail type Go Solid does not use.
    `occurredAt` defaults to the envelope's time (API.md does not list it for these feeds).
    Raises pydantic.ValidationError for a malformed detail (the consumer dead-letters it)."""
    data = {"occurredAt": received_at, **detail}
    if detail_type == "EnterpriseRegistryChanged":
        return EnterpriseRegistryChanged.model_validate(data)
    if detail_type == "CreditRiskChanged":
        return CreditRiskChanged.model_validate(data)
    return None
