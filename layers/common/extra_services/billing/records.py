"""How billing's aggregates are written in BillingTable (keys in repository.py): camelCase attribute maps,
money and hours as exact decimal strings, dates YYYY-MM-DD, instants ISO 8601 UTC. Pure: no I/O."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from extra_services.billing.batch import CollectionBatch
from extra_services.billing.billable import BillableLine
from extra_services.billing.calendar import InvoicingWeek
from extra_services.billing.collection import CollectionAttempt
from extra_services.billing.invoice import Invoice
from extra_services.billing.ledger import BilledInvoice
from extra_services.billing.mandate import CollectionOutcome, Mandate, MandateKind, Scheme, SequenceType
from extra_services.billing.statuses import BatchStatus, InvoiceStatus
from extra_services.clock import iso_instant

Attributes = dict[str, Any]


def _instant(at: datetime | None) -> str | None:
    return None if at is None else iso_instant(at)


def _maybe_instant(text: Any) -> datetime | None:
    return None if text is None else datetime.fromisoformat(str(text))


def _day(text: Any) -> date:
    return date.fromisoformat(str(text))


# ----------------------------------------------------------------------------------------- invoices
def _line_attrs(line: BillableLine) -> Attributes:
    return {"workerId": line.worker_id, "shiftId": line.shift_id, "workedOn": line.worked_on.isoformat(),
            "hours": str(line.hours), "grossWage": str(line.gross_wage), "contributions": str(line.contributions),
            "fees": str(line.fees), "flexiJob": line.is_flexi_job}


def _line_from(a: Attributes) -> BillableLine:
    return BillableLine(worker_id=a["workerId"], shift_id=a["shiftId"], worked_on=_day(a["workedOn"]),
                        hours=Decimal(a["hours"]), gross_wage=Decimal(a["grossWage"]),
                        contributions=Decimal(a["contributions"]), fees=Decimal(a["fees"]),
                        is_flexi_job=bool(a["flexiJob"]))


def invoice_attrs(b: BilledInvoice) -> Attributes:
    i = b.invoice
    return {"invoiceId": i.invoice_id, "companyId": i.company_id, "weekMonday": i.week.monday.isoformat(),
            "sequence": b.sequence, "lines": [_line_attrs(line) for line in i.lines],
            "structuredCommunication": i.structured_communication, "discount": str(i.discount),
            "discountCode": i.discount_code, "total": str(i.total), "enterpriseNumber": b.enterprise_number,
            "companyName": b.company_name, "contactEmail": b.contact_email, "issuedAt": iso_instant(b.issued_at),
            "status": b.status.value, "collectionId": b.collection_id, "attempts": b.attempts,
            "statusReason": b.status_reason, "paidAt": _instant(b.paid_at),
            "firstAttempt": None if b.first_attempt is None else collection_attrs(b.first_attempt)}


def invoice_from(a: Attributes) -> BilledInvoice:
    invoice = Invoice(invoice_id=a["invoiceId"], company_id=a["companyId"],
                      week=InvoicingWeek(_day(a["weekMonday"])), lines=tuple(_line_from(x) for x in a["lines"]),
                      structured_communication=a["structuredCommunication"], discount=Decimal(a["discount"]),
                      discount_code=a.get("discountCode"))
    return BilledInvoice(invoice=invoice, sequence=int(a["sequence"]), enterprise_number=a["enterpriseNumber"],
                         company_name=a["companyName"], contact_email=a["contactEmail"],
                         issued_at=datetime.fromisoformat(a["issuedAt"]), status=InvoiceStatus(a["status"]),
                         collection_id=a.get("collectionId"), attempts=int(a.get("attempts", 0)),
                         status_reason=a.get("statusReason"), paid_at=_maybe_instant(a.get("paidAt")),
                         first_attempt=None if a.get("firstAttempt") is None else collection_from(a["firstAttempt"]),
                         version=int(a.get("version", 0)))


# -------------------------------------------------------------------------------------- collections
def _mandate_attrs(m: Mandate) -> Attributes:
    return {"reference": m.reference, "signedOn": m.signed_on.isoformat(), "debtorName": m.debtor_name,
            "debtorIban": m.debtor_iban, "scheme": m.scheme.value, "kind": m.kind.value, "debtorBic": m.debtor_bic,
            "agreedPreNotificationDays": m.agreed_pre_notification_days}


def _mandate_from(a: Attributes) -> Mandate:
    days = a.get("agreedPreNotificationDays")
    return Mandate(reference=a["reference"], signed_on=_day(a["signedOn"]), debtor_name=a["debtorName"],
                   debtor_iban=a["debtorIban"], scheme=Scheme(a["scheme"]), kind=MandateKind(a["kind"]),
                   debtor_bic=a.get("debtorBic"), agreed_pre_notification_days=None if days is None else int(days))


def collection_attrs(c: CollectionAttempt) -> Attributes:
    return {"endToEndId": c.end_to_end_id, "invoiceId": c.invoice_id, "companyId": c.company_id,
            "attempt": c.attempt, "amount": str(c.amount), "structuredCommunication": c.structured_communication,
            "mandate": _mandate_attrs(c.mandate), "sequenceType": c.sequence_type.value,
            "prenotifiedOn": c.prenotified_on.isoformat(), "dueOn": c.due_on.isoformat(),
            "submitOn": c.submit_on.isoformat(), "status": c.status.value, "batchId": c.batch_id,
            "submittedAt": _instant(c.submitted_at), "settledAt": _instant(c.settled_at),
            "returnedAt": _instant(c.returned_at), "returnReason": c.return_reason}


def collection_from(a: Attributes) -> CollectionAttempt:
    return CollectionAttempt(
        end_to_end_id=a["endToEndId"], invoice_id=a["invoiceId"], company_id=a["companyId"],
        attempt=int(a["attempt"]), amount=Decimal(a["amount"]), structured_communication=a["structuredCommunication"],
        mandate=_mandate_from(a["mandate"]), sequence_type=SequenceType(a["sequenceType"]),
        prenotified_on=_day(a["prenotifiedOn"]), due_on=_day(a["dueOn"]), submit_on=_day(a["submitOn"]),
        status=CollectionOutcome(a["status"]), batch_id=a.get("batchId"),
        submitted_at=_maybe_instant(a.get("submittedAt")), settled_at=_maybe_instant(a.get("settledAt")),
        returned_at=_maybe_instant(a.get("returnedAt")), return_reason=a.get("returnReason"),
        version=int(a.get("version", 0)))


# ------------------------------------------------------------------------------------------ batches
def batch_attrs(b: CollectionBatch) -> Attributes:
    return {"batchId": b.batch_id, "dueOn": b.due_on.isoformat(), "scheme": b.scheme.value,
            "createdAt": iso_instant(b.created_at), "status": b.status.value, "count": b.count,
            "total": str(b.total), "fileSha256": b.file_sha256, "submittedAt": _instant(b.submitted_at)}


def batch_from(a: Attributes) -> CollectionBatch:
    return CollectionBatch(batch_id=a["batchId"], due_on=_day(a["dueOn"]), scheme=Scheme(a["scheme"]),
                           created_at=datetime.fromisoformat(a["createdAt"]), status=BatchStatus(a["status"]),
                           count=int(a.get("count", 0)), total=Decimal(a.get("total", "0.00")),
                           file_sha256=a.get("fileSha256"), submitted_at=_maybe_instant(a.get("submittedAt")))
