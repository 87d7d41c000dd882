"""What the billing routes take and answer (API.md, Billing): camelCase, money "1250.00", dates YYYY-MM-DD,
lists {"items", "nextToken"}. Bank results are validated strictly: a malformed message is a 422."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Self

from pydantic import Field, PlainSerializer, StringConstraints, model_validator

from extra_services.api_models import ApiModel
from extra_services.billing.batch import BATCH_ID_PATTERN
from extra_services.billing.billable import BillableLine
from extra_services.billing.collection import CollectionAttempt
from extra_services.billing.ledger import BilledInvoice
from extra_services.billing.mandate import CollectionOutcome, Scheme, SequenceType
from extra_services.billing.return_reasons import RETURN_REASONS
from extra_services.billing.statuses import InvoiceStatus, ResultOutcome, ResultStatus
from extra_services.billing.structured_communication import format_structured_communication
from extra_services.money import format_money

Money = Annotated[Decimal, PlainSerializer(format_money, return_type=str)]
Hours = Annotated[Decimal, PlainSerializer(lambda h: f"{h:.2f}", return_type=str)]
BatchId = Annotated[str, StringConstraints(pattern=BATCH_ID_PATTERN)]
EndToEndId = Annotated[str, StringConstraints(min_length=1, max_length=35, pattern=r"^[A-Z0-9][A-Z0-9-]*$")]


class InvoiceLineOut(ApiModel):
    worker_id: str
    shift_id: str
    worked_on: date
    hours: Hours
    gross_wage: Money
    employer_contributions: Money
    fees: Money
    total: Money
    flexi_job: bool

    @classmethod
    def of(cls, line: BillableLine) -> InvoiceLineOut:
        return cls(worker_id=line.worker_id, shift_id=line.shift_id, worked_on=line.worked_on, hours=line.hours,
                   gross_wage=line.gross_wage, employer_contributions=line.contributions, fees=line.fees,
                   total=line.total, flexi_job=line.is_flexi_job)


class CollectionOut(ApiModel):
    status: CollectionOutcome = Field(description="PRENOTIFIED | SUBMITTED | SETTLED | RETURNED")
    due_on: date
    mandate_reference: str
    sequence_type: SequenceType
    batch_id: str | None
    end_to_end_id: str
    scheme: Scheme
    attempt: int = Field(description="1, or 2 for the one new attempt after a return")
    amount: Money
    prenotified_on: date
    return_reason: str | None = Field(description="ISO 20022 reason code of a return")

    @classmethod
    def of(cls, c: CollectionAttempt) -> CollectionOut:
        return cls(status=c.status, due_on=c.due_on, mandate_reference=c.mandate.reference,
                   sequence_type=c.sequence_type, batch_id=c.batch_id if c.submitted_at else None,
                   end_to_end_id=c.end_to_end_id, scheme=c.mandate.scheme, attempt=c.attempt, amount=c.amount,
                   prenotified_on=c.prenotified_on, return_reason=c.return_reason)


class InvoiceOut(ApiModel):
    invoice_id: str
    company_id: str
    enterprise_number: str
    period_start: date
    period_end: date
    issued_on: date
    status: InvoiceStatus = Field(description="UNPAID, PAID, AWAITING_MANDATE (no valid mandate: not collected), "
                                              "NEEDS_ATTENTION (returned twice), NOTHING_DUE")
    status_reason: str | None = Field(description="AWAITING_MANDATE: why; otherwise the last return's reason code")
    lines: list[InvoiceLineOut]
    hours: Hours
    gross_wage: Money
    employer_contributions: Money
    fees: Money
    subtotal: Money
    discount: Money = Field(description="The EUR 50 welcome discount, on the first invoice with flexi-jobber hours")
    total: Money
    structured_communication: str = Field(description="+++ddd/dddd/ddddd+++")
    collection: CollectionOut | None = Field(description="The current direct-debit attempt; none when not collected")

    @classmethod
    def of(cls, billed: BilledInvoice, collection: CollectionAttempt | None) -> InvoiceOut:
        i = billed.invoice
        return cls(invoice_id=i.invoice_id, company_id=i.company_id, enterprise_number=billed.enterprise_number,
                   period_start=i.week.monday, period_end=i.week.sunday, issued_on=i.issued_on, status=billed.status,
                   status_reason=billed.status_reason, lines=[InvoiceLineOut.of(line) for line in i.lines],
                   hours=i.hours, gross_wage=i.gross_wage, employer_contributions=i.contributions, fees=i.fees,
                   subtotal=i.lines_total, discount=i.discount, total=i.total,
                   structured_communication=format_structured_communication(i.structured_communication),
                   collection=None if collection is None else CollectionOut.of(collection))


class InvoicePageOut(ApiModel):
    items: list[InvoiceOut]
    next_token: str | None = Field(default=None, description="Pass it back as ?nextToken= for the next page")


# --------------------------------------------------------------------------------------- bank results
class BankResultIn(ApiModel):
    end_to_end_id: EndToEndId
    status: ResultStatus
    reason_code: str | None = Field(default=None, description="ISO 20022 reason code, required for RETURNED")

    @model_validator(mode="after")
    def _reason_fits_status(self) -> Self:
        if self.status is ResultStatus.RETURNED and self.reason_code not in RETURN_REASONS:
            raise ValueError("a RETURNED result carries an ISO 20022 return reason code, e.g. AM04")
        if self.status is ResultStatus.SETTLED and self.reason_code is not None:
            raise ValueError("a SETTLED result carries no reason code")
        return self


class DirectDebitResultsIn(ApiModel):
    batch_id: BatchId
    results: list[BankResultIn] = Field(min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _one_result_per_collection(self) -> Self:
        ids = [r.end_to_end_id for r in self.results]
        if len(ids) != len(set(ids)):
            raise ValueError("each endToEndId appears once in a message")
        return self


class BankResultOut(ApiModel):
    end_to_end_id: str
    status: ResultStatus
    outcome: ResultOutcome = Field(description="APPLIED, or DUPLICATE: already applied, no second effect")
    invoice_id: str
    invoice_status: InvoiceStatus


class DirectDebitResultsOut(ApiModel):
    batch_id: str
    results: list[BankResultOut]
