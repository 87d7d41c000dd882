"""Outbound billing domain events (source "extra-services.billing"). DirectDebitBatchSubmitted is the
submission to the bank partner, who fetches the file from the ops route it names; the others tell
NOWJOBS and the notifier. Published at least once: consumers deduplicate on the ids they carry."""
from __future__ import annotations

from typing import Any

from extra_services.billing.batch import CollectionBatch
from extra_services.billing.collection import CollectionAttempt
from extra_services.billing.ledger import BilledInvoice
from extra_services.clock import iso_instant
from extra_services.domain_events import DomainEvent
from extra_services.money import format_money

SOURCE = "extra-services.billing"
INVOICE_ISSUED = "InvoiceIssued"
BATCH_SUBMITTED = "DirectDebitBatchSubmitted"
COLLECTION_SETTLED = "DirectDebitSettled"
COLLECTION_RETURNED = "DirectDebitReturned"
INVOICE_NEEDS_ATTENTION = "InvoiceNeedsAttention"
COLLECTION_REDATED = "DirectDebitRedated"


def _invoice_ref(invoice: BilledInvoice) -> dict[str, Any]:
    return {"invoiceId": invoice.invoice_id, "companyId": invoice.company_id,
            "enterpriseNumber": invoice.enterprise_number, "status": invoice.status.value}


def _collection_ref(collection: CollectionAttempt | None) -> dict[str, Any] | None:
    if collection is None:
        return None
    return {"endToEndId": collection.end_to_end_id, "attempt": collection.attempt,
            "amount": format_money(collection.amount), "dueOn": collection.due_on.isoformat(),
            "sequenceType": collection.sequence_type.value, "scheme": collection.mandate.scheme.value,
            "mandateReference": collection.mandate.reference}


def invoice_issued(invoice: BilledInvoice, collection: CollectionAttempt | None) -> DomainEvent:
    i = invoice.invoice
    return DomainEvent(SOURCE, INVOICE_ISSUED, {
        **_invoice_ref(invoice), "periodStart": i.week.monday.isoformat(), "periodEnd": i.week.sunday.isoformat(),
        "issuedOn": i.issued_on.isoformat(), "total": format_money(i.total), "discount": format_money(i.discount),
        "statusReason": invoice.status_reason, "collection": _collection_ref(collection)})


def batch_submitted(batch: CollectionBatch) -> DomainEvent:
    return DomainEvent(SOURCE, BATCH_SUBMITTED, {
        "batchId": batch.batch_id, "dueOn": batch.due_on.isoformat(), "scheme": batch.scheme.value,
        "count": batch.count, "total": format_money(batch.total), "createdAt": iso_instant(batch.created_at),
        "fileSha256": batch.file_sha256, "pain008": f"/v1/ops/direct-debit-batches/{batch.batch_id}/pain008"})


def collection_settled(invoice: BilledInvoice, collection: CollectionAttempt) -> DomainEvent:
    return DomainEvent(SOURCE, COLLECTION_SETTLED, {**_invoice_ref(invoice), "collection": _collection_ref(collection)})


def collection_returned(invoice: BilledInvoice, collection: CollectionAttempt,
                        next_attempt: CollectionAttempt | None) -> DomainEvent:
    return DomainEvent(SOURCE, COLLECTION_RETURNED, {
        **_invoice_ref(invoice), "reasonCode": collection.return_reason, "collection": _collection_ref(collection),
        "nextAttempt": _collection_ref(next_attempt)})


def invoice_needs_attention(invoice: BilledInvoice) -> DomainEvent:
    return DomainEvent(SOURCE, INVOICE_NEEDS_ATTENTION, {**_invoice_ref(invoice), "reason": invoice.status_reason})


def collection_redated(invoice: BilledInvoice, collection: CollectionAttempt) -> DomainEvent:
    return DomainEvent(SOURCE, COLLECTION_REDATED, {**_invoice_ref(invoice), "collection": _collection_ref(collection)})
