"""The details of the billing domain events (source `extra-services.billing`), as models: what
billing/events.py writes, for the event catalogue (docs/events/). DirectDebitBatchSubmitted is the
submission to the bank partner; the others tell NOWJOBS and the notifier."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from extra_services.billing import events as ev
from extra_services.billing.mandate import Scheme, SequenceType
from extra_services.billing.statuses import InvoiceStatus
from extra_services.event_details import Day, EnterpriseNumberText, EventDetail, Instant, Money

SOURCE = ev.SOURCE


class CollectionDetail(EventDetail):
    end_to_end_id: str
    attempt: Annotated[int, Field(ge=1)]
    amount: Money
    due_on: Day
    sequence_type: SequenceType
    scheme: Scheme
    mandate_reference: str


class InvoiceRef(EventDetail):
    invoice_id: str
    company_id: str
    enterprise_number: EnterpriseNumberText
    status: InvoiceStatus


class InvoiceIssued(InvoiceRef):
    """The weekly run issued an invoice and announced its direct debit (pre-notification)."""

    period_start: Day
    period_end: Day
    issued_on: Day
    total: Money
    discount: Money
    status_reason: str | None = Field(description="AWAITING_MANDATE: why (MANDATE_LAPSED...)")
    collection: CollectionDetail | None = Field(description="None when nothing is collected")


class DirectDebitBatchSubmitted(EventDetail):
    """A pain.008 batch was submitted: the bank fetches the file from the route it names."""

    batch_id: str
    due_on: Day
    scheme: Scheme
    count: Annotated[int, Field(ge=1)]
    total: Money
    created_at: Instant
    file_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    pain008: str = Field(description="The ops route the bank fetches the pain.008 file from")


class DirectDebitSettled(InvoiceRef):
    """The bank settled a collection: the invoice is paid."""

    collection: CollectionDetail


class DirectDebitReturned(InvoiceRef):
    """The bank returned a collection; the one new attempt, if any, is nextAttempt."""

    reason_code: str | None = Field(description="ISO 20022 return reason code, e.g. AM04")
    collection: CollectionDetail
    next_attempt: CollectionDetail | None = Field(description="The one new attempt, if any")


class InvoiceNeedsAttention(InvoiceRef):
    """A collection was returned again after the new attempt: a person follows up."""

    reason: str | None


class DirectDebitRedated(InvoiceRef):
    """An interrupted submission run missed the last day for its batch: the collection gets a new due date."""

    collection: CollectionDetail


DETAILS: dict[str, type[EventDetail]] = {
    ev.INVOICE_ISSUED: InvoiceIssued,
    ev.BATCH_SUBMITTED: DirectDebitBatchSubmitted,
    ev.COLLECTION_SETTLED: DirectDebitSettled,
    ev.COLLECTION_RETURNED: DirectDebitReturned,
    ev.INVOICE_NEEDS_ATTENTION: InvoiceNeedsAttention,
    ev.COLLECTION_REDATED: DirectDebitRedated,
}
