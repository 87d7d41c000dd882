"""An issued invoice as billing keeps it: the invoice, who it is for, and where its payment stands.

Ids are derived, not drawn: invoice = (company, week, sequence). The first invoice of a company's week
has sequence 1; a later one (hours confirmed after it) sequence 2, and so on. A retried, restarted or
overlapping run therefore writes the same invoice, and a conditional write lets only one exist.
Pure rules."""
from __future__ import annotations

from datetime import date, datetime

from msgspec import Struct
from msgspec.structs import replace

from extra_services.billing.collection import CollectionAttempt, derived_id
from extra_services.billing.invoice import Invoice
from extra_services.billing.statuses import InvoiceStatus


def invoice_id_for(company_id: str, week_monday: date, sequence: int) -> str:
    return derived_id("invoice", company_id, week_monday.isoformat(), str(sequence))


class BilledInvoice(Struct, frozen=True):
    invoice: Invoice
    sequence: int
    enterprise_number: str
    company_name: str
    contact_email: str  # where the invoice (the pre-notification) and payment notices are sent
    issued_at: datetime
    status: InvoiceStatus
    collection_id: str | None = None  # the current attempt's end-to-end id
    attempts: int = 0
    status_reason: str | None = None  # AWAITING_MANDATE: why (MANDATE_LAPSED...); else the last return code
    paid_at: datetime | None = None
    first_attempt: CollectionAttempt | None = None  # as prenotified with the invoice: rewritten if lost
    version: int = 0

    @property
    def invoice_id(self) -> str:
        return self.invoice.invoice_id

    @property
    def company_id(self) -> str:
        return self.invoice.company_id

    @property
    def shift_ids(self) -> frozenset[str]:
        return frozenset(line.shift_id for line in self.invoice.lines)


def after_settled(invoice: BilledInvoice, collection: CollectionAttempt, at: datetime) -> BilledInvoice | None:
    """PAID when its current attempt settles; None when that changes nothing."""
    if invoice.collection_id != collection.end_to_end_id or invoice.status is not InvoiceStatus.UNPAID:
        return None
    return replace(invoice, status=InvoiceStatus.PAID, paid_at=at)


def after_returned(invoice: BilledInvoice, collection: CollectionAttempt,
                   next_attempt: CollectionAttempt | None) -> BilledInvoice | None:
    """Back to UNPAID with the new attempt, or NEEDS_ATTENTION when there is none (the last attempt was
    returned). None when the returned attempt is not the invoice's current one."""
    if invoice.collection_id != collection.end_to_end_id:
        return None
    if next_attempt is None:
        return replace(invoice, status=InvoiceStatus.NEEDS_ATTENTION, status_reason=collection.return_reason,
                       paid_at=None)
    return replace(invoice, status=InvoiceStatus.UNPAID, collection_id=next_attempt.end_to_end_id,
                   attempts=next_attempt.attempt, status_reason=collection.return_reason, paid_at=None)
