"""The e-mails billing sends to a company's contact (subject, body). The invoice e-mail is the SEPA
pre-notification: amount, due date, mandate reference and creditor identifier. An account shows only
its last four characters."""
from __future__ import annotations

from datetime import date

from extra_services.billing.collection import CollectionAttempt
from extra_services.billing.ledger import BilledInvoice
from extra_services.billing.return_reasons import return_reason_text
from extra_services.billing.structured_communication import format_structured_communication
from extra_services.money import format_money

HELPDESK = "For questions call the NOWJOBS helpdesk or write to hotline@cbc.be."


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _debit(collection: CollectionAttempt, creditor_identifier: str) -> str:
    mandate = collection.mandate
    return (f"EUR {format_money(collection.amount)} will be collected by SEPA direct debit ({mandate.scheme.value}) "
            f"on {_day(collection.due_on)} from the account ending in {mandate.debtor_iban[-4:]}, under mandate "
            f"{mandate.reference} (creditor identifier {creditor_identifier}).")


def invoice_email(invoice: BilledInvoice, collection: CollectionAttempt | None,
                  creditor_identifier: str) -> tuple[str, str]:
    i = invoice.invoice
    subject = f"NOWJOBS invoice for the week of {_day(i.week.monday)}: EUR {format_money(i.total)}"
    lines = [f"Hello {invoice.company_name},", "",
             f"Your NOWJOBS invoice for {_day(i.week.monday)} - {_day(i.week.sunday)}: {len(i.lines)} shift(s), "
             f"{i.hours} hours, EUR {format_money(i.lines_total)}."]
    if i.discount:
        lines.append(f"Your welcome discount of EUR {format_money(i.discount)} is deducted.")
    lines.append(f"Total: EUR {format_money(i.total)}, structured communication "
                 f"{format_structured_communication(i.structured_communication)}.")
    if collection is not None:
        lines.append(_debit(collection, creditor_identifier))
    elif invoice.status_reason:
        lines.append("We cannot collect it by direct debit: your SEPA mandate is no longer valid "
                     f"({invoice.status_reason}). Please sign a new mandate with NOWJOBS; the invoice waits "
                     "until then.")
    return subject, "\n".join([*lines, "", HELPDESK, "", "NOWJOBS and CBC"])


def returned_email(invoice: BilledInvoice, collection: CollectionAttempt, next_attempt: CollectionAttempt | None,
                   creditor_identifier: str) -> tuple[str, str]:
    reason = return_reason_text(collection.return_reason or "")
    subject = f"NOWJOBS: the direct debit of EUR {format_money(collection.amount)} was returned"
    lines = [f"Hello {invoice.company_name},", "",
             f"Your bank returned the direct debit for invoice "
             f"{format_structured_communication(invoice.invoice.structured_communication)} ({reason}). "
             "The invoice is unpaid again."]
    if next_attempt is not None:
        lines.append("We will try once more. " + _debit(next_attempt, creditor_identifier))
    else:
        lines.append("This was the last attempt: NOWJOBS will contact you to settle the invoice.")
    return subject, "\n".join([*lines, "", HELPDESK, "", "NOWJOBS and CBC"])


def redated_email(invoice: BilledInvoice, collection: CollectionAttempt, creditor_identifier: str) -> tuple[str, str]:
    subject = "NOWJOBS: new collection date for your invoice"
    body = (f"Hello {invoice.company_name},\n\nThe direct debit for invoice "
            f"{format_structured_communication(invoice.invoice.structured_communication)} could not be sent on time. "
            f"{_debit(collection, creditor_identifier)}\n\n{HELPDESK}\n\nNOWJOBS and CBC")
    return subject, body
