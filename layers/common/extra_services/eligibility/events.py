"""Core-banking events that feed the projection (API.md, Eligibility). Unknown fields are
ignored; a missing or malformed field makes the whole event invalid (it goes to the DLQ)."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from extra_services.eligibility.vocabulary import (
    AccessStatus,
    DigitalChannel,
    MandateStatus,
    Powers,
    ProductStatus,
    ProductType,
    Segment,
)
from extra_services.identifiers import EnterpriseNumber

Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]


class _Event(BaseModel):
    # defer_build: the validators are built when the event consumer first validates an event.
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True, defer_build=True)
    occurred_at: AwareDatetime = Field(alias="occurredAt")


class ProductChanged(_Event):
    kind: Literal["ProductChanged"] = "ProductChanged"
    product_id: Id = Field(alias="productId")
    holder_customer_id: Id = Field(alias="holderCustomerId")
    enterprise_number: EnterpriseNumber | None = Field(default=None, alias="enterpriseNumber")
    product_type: ProductType = Field(alias="productType")
    segment: Segment
    status: ProductStatus
    iban: str | None = None

    @model_validator(mode="after")
    def _professional_products_name_their_enterprise(self) -> ProductChanged:
        if self.segment is Segment.PROFESSIONAL and self.enterprise_number is None:
            raise ValueError("a professional product names its enterprise (enterpriseNumber)")
        return self


class MandateChanged(_Event):
    kind: Literal["MandateChanged"] = "MandateChanged"
    mandate_id: Id = Field(alias="mandateId")
    customer_id: Id = Field(alias="customerId")
    product_id: Id = Field(alias="productId")
    powers: Powers
    status: MandateStatus


class DigitalAccessChanged(_Event):
    kind: Literal["DigitalAccessChanged"] = "DigitalAccessChanged"
    customer_id: Id = Field(alias="customerId")
    channel: DigitalChannel
    status: AccessStatus


CoreBankingEvent = ProductChanged | MandateChanged | DigitalAccessChanged
EVENT_TYPES: dict[str, type[ProductChanged] | type[MandateChanged] | type[DigitalAccessChanged]] = {
    "ProductChanged": ProductChanged,
    "MandateChanged": MandateChanged,
    "DigitalAccessChanged": DigitalAccessChanged,
}


def as_instant(value: datetime) -> str:
    """Sortable UTC text of an event time: newest-wins comparisons happen in DynamoDB conditions."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
