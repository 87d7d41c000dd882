"""What the Go Solid partner sends to its callback route (API.md, Go Solid partner), with the 422
rules that need no clock, and what the route answers."""
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from extra_services.api_models import ApiModel
from extra_services.gosolid.case import CaseStatus, EnforcementOutcome
from extra_services.gosolid.request_fields import AmountOrZero, Body, CallbackId, LongText, PaymentAmount

MAX_INSTALMENTS = 12


class _PartnerEvent(Body):
    event_id: CallbackId | None = Field(
        default=None, description="The partner's id of this event; a replay with the same id has no effect")


class SummonsServedIn(_PartnerEvent):
    type: Literal["SUMMONS_SERVED"]
    served_on: date


class DebtorPaymentIn(_PartnerEvent):
    type: Literal["DEBTOR_PAYMENT"]
    amount: PaymentAmount
    paid_on: date


class DebtorContestedIn(_PartnerEvent):
    type: Literal["DEBTOR_CONTESTED"]
    reason: LongText
    on: date


class InstalmentIn(Body):
    due_on: date
    amount: PaymentAmount


class PaymentPlanAgreedIn(_PartnerEvent):
    type: Literal["PAYMENT_PLAN_AGREED"]
    installments: list[InstalmentIn] = Field(min_length=1, max_length=MAX_INSTALMENTS)

    @model_validator(mode="after")
    def _in_date_order(self) -> Self:
        days = [i.due_on for i in self.installments]
        if any(later <= earlier for earlier, later in pairwise(days)):
            raise ValueError("instalments come in date order, at most one per day")
        return self


class PvDrawnIn(_PartnerEvent):
    type: Literal["PV_DRAWN"]
    drawn_on: date


class TitleEnforceableIn(_PartnerEvent):
    type: Literal["TITLE_ENFORCEABLE"]
    on: date


class EnforcementClosedIn(_PartnerEvent):
    type: Literal["ENFORCEMENT_CLOSED"]
    outcome: EnforcementOutcome
    amount: AmountOrZero = Field(default=Decimal("0.00"), description="What the enforcement recovered")


PartnerEventIn = Annotated[
    SummonsServedIn | DebtorPaymentIn | DebtorContestedIn | PaymentPlanAgreedIn | PvDrawnIn
    | TitleEnforceableIn | EnforcementClosedIn,
    Field(discriminator="type"),
]


class PartnerEventResultOut(ApiModel):
    applied: bool = Field(description="False when this event was already applied (a replay): no second effect")
    case_id: str
    status: CaseStatus
