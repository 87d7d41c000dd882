"""What the channels send for Go Solid (API.md, Go Solid), with the 422 rules that need no
clock. Rules that depend on today (an invoice not yet due) are in submission.py; the partner's
callbacks are in partner_events.py."""
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from extra_services.eligibility.declaration import DeclarationInput
from extra_services.gosolid.case import CreditorReportType, EvidenceKind
from extra_services.gosolid.request_fields import Body, InvoiceAmount, LongText, PaymentAmount, Reference, Text
from extra_services.identifiers import EnterpriseNumber

MAX_INVOICES = 5
MAX_EVIDENCE = 20


class DebtorIn(Body):
    enterprise_number: EnterpriseNumber = Field(description="Any usual spelling; a Belgian enterprise")
    name: Text
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=254,
                                            pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ./()-]{6,20}$")] | None = None


class InvoiceIn(Body):
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


class PenaltyIn(Body):
    percent: Annotated[Decimal, AfterValidator(_percent)] = Field(
        description="Contractual penalty, % of the principal (the increase stays capped at 10 %)")


class EvidenceIn(Body):
    kind: EvidenceKind
    document_id: Reference


class CaseRequest(Body):
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


class CreditorReportIn(Body):
    type: CreditorReportType
    amount: PaymentAmount | None = Field(default=None, description="Required for PAID_DIRECTLY")
    note: LongText | None = None

    @model_validator(mode="after")
    def _paid_directly_says_how_much(self) -> Self:
        if self.type is CreditorReportType.PAID_DIRECTLY and self.amount is None:
            raise ValueError("a PAID_DIRECTLY report gives the amount the debtor paid you")
        return self


class WithdrawalIn(Body):
    reason: LongText
