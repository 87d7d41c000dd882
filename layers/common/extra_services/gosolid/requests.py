"""What the channels and the partner send for Go Solid (API.md, Go Solid), with the 422 rules
that need no clock. Rules that depend on today (an invoice not yet due) are in submission.py."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from extra_services.api_models import ApiModel
from extra_services.eligibility.declaration import DeclarationInput
from extra_services.gosolid.case import CreditorReportType, EnforcementOutcome, EvidenceKind
from extra_services.identifiers import EnterpriseNumber
from extra_services.money import parse_money

MAX_INVOICES = 5
MAX_EVIDENCE = 20
MAX_INSTALMENTS = 12
# Product limit, not law: Go Solid is for SME invoices; anything above is a typo or abuse.
MAX_INVOICE_AMOUNT = Decimal("1000000.00")
MAX_PAYMENT_AMOUNT = Decimal("6000000.00")  # a whole file: 5 invoices + increase + fee

_MONEY_SCHEMA = WithJsonSchema({"type": "string", "pattern": r"^[0-9]{1,7}(\.[0-9]{1,2})?$",
                                "examples": ["1250.00"], "description": "Euro, at most two decimals"})


def _amount(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError('an amount is a string with at most two decimals, e.g. "1250.00"')
    try:
        return parse_money(value if isinstance(value, str | int | Decimal) else repr(value))
    except ValueError:
        raise ValueError('an amount is a number with at most two decimals, e.g. "1250.00"') from None


def _limited(maximum: Decimal) -> AfterValidator:
    def check(value: Decimal) -> Decimal:
        if value <= 0:
            raise ValueError("the amount must be positive")
        if value > maximum:
            raise ValueError(f"the amount may not exceed {maximum:.2f} EUR")
        return value
    return AfterValidator(check)


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError("the amount cannot be negative")
    if value > MAX_PAYMENT_AMOUNT:
        raise ValueError(f"the amount may not exceed {MAX_PAYMENT_AMOUNT:.2f} EUR")
    return value


InvoiceAmount = Annotated[Decimal, BeforeValidator(_amount), _limited(MAX_INVOICE_AMOUNT), _MONEY_SCHEMA]
PaymentAmount = Annotated[Decimal, BeforeValidator(_amount), _limited(MAX_PAYMENT_AMOUNT), _MONEY_SCHEMA]
AmountOrZero = Annotated[Decimal, BeforeValidator(_amount), AfterValidator(_not_negative), _MONEY_SCHEMA]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Reference = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128,
                                             pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._:/#-]*$")]
CallbackId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:-]+$")]


class _Body(ApiModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DebtorIn(_Body):
    enterprise_number: EnterpriseNumber = Field(description="Any usual spelling; a Belgian enterprise")
    name: Text
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=254,
                                            pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ./()-]{6,20}$")] | None = None


class InvoiceIn(_Body):
    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    issue_date: date
    due_date: date
    amount: InvoiceAmount
    currency: Literal["EUR"] = Field(default="EUR", description="Go Solid recovers euro invoices only")

    @model_validator(mode="after")
    def _issued_before_due(self) -> Self:
        if self.due_date < self.issue_date:
            raise ValueError("the due date cannot be before the issue date")
        return self


def _percent(value: Decimal) -> Decimal:
    if not Decimal(0) <= value <= Decimal(100):
        raise ValueError("the percentage must be between 0 and 100")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValueError("the percentage has at most two decimals")
    return value


class PenaltyIn(_Body):
    percent: Annotated[Decimal, AfterValidator(_percent)] = Field(
        description="Contractual penalty, % of the principal (the increase stays capped at 10 %)")


class EvidenceIn(_Body):
    kind: EvidenceKind
    document_id: Reference


class CaseRequest(_Body):
    """The body of a quote and of a case submission (API.md)."""

    creditor_enterprise_number: EnterpriseNumber
    declaration: DeclarationInput | None = Field(
        default=None, description="Required to submit a case; not needed for a quote")
    debtor: DebtorIn
    invoices: list[InvoiceIn] = Field(min_length=1, max_length=MAX_INVOICES,
                                      description="1 to 5 invoices, all against the same debtor")
    contractual_penalty: PenaltyIn | None = None
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=MAX_EVIDENCE)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.debtor.enterprise_number == self.creditor_enterprise_number:
            raise ValueError("the debtor must be another enterprise than the creditor")
        numbers = [invoice.number for invoice in self.invoices]
        if len(set(numbers)) != len(numbers):
            raise ValueError("each invoice number may appear only once")
        return self


class CreditorReportIn(_Body):
    type: CreditorReportType
    amount: PaymentAmount | None = Field(default=None, description="Required for PAID_DIRECTLY")
    note: LongText | None = None

    @model_validator(mode="after")
    def _paid_directly_says_how_much(self) -> Self:
        if self.type is CreditorReportType.PAID_DIRECTLY and self.amount is None:
            raise ValueError("a PAID_DIRECTLY report gives the amount the debtor paid you")
        return self


class WithdrawalIn(_Body):
    reason: LongText


# ------------------------------------------------------------------ partner callbacks
class _PartnerEvent(_Body):
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


class InstalmentIn(_Body):
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
