"""Invoicing one company's week, exactly once (RULES.md §3, issue 5 points 1-3).

The run hands over the company's unbilled shifts of the week as it read them from NOWJOBS'
UnbilledByWeek index (whole items: no shift is read again) and the company's billing profile. Each step
is safe to repeat, and the hours leave the index last, so a run that is retried, restarted after a crash
or overlapping another finishes what was started and never invoices an hour twice:

  1. hours already on an invoice of that week (an interrupted run): finish that invoice;
  2. the rest: claim the welcome discount for the invoice's derived id (one conditional write; claiming
     again for the same invoice is harmless), draw a structured communication, write the invoice
     (conditional: a second writer of the same id loses, reads those hours again and starts over), then
     its first collection attempt from the copy the invoice keeps;
  3. finish: make sure the first attempt is written, e-mail the invoice, which is the SEPA
     pre-notification (once per invoice: the outbox keeps one message per reference), publish
     InvoiceIssued, then mark each hour billed (conditional)."""
from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct
from msgspec.structs import replace

from extra_services.billing import events
from extra_services.billing.billable import BillableLine, DiscountCode, DiscountCodeState
from extra_services.billing.calendar import InvoicingWeek
from extra_services.billing.collection import CollectionAttempt, prenotify
from extra_services.billing.errors import InvalidMandateError, MandateLapsedError, OneOffMandateAlreadyUsedError
from extra_services.billing.invoice import Invoice, issue_invoice
from extra_services.billing.ledger import BilledInvoice, invoice_id_for
from extra_services.billing.messages import invoice_email
from extra_services.billing.ports import (
    BillableHours,
    BillingProfile,
    Companies,
    EventPublisher,
    Outbox,
    OutboxChannel,
)
from extra_services.billing.repository import BillingRepository
from extra_services.billing.statuses import InvoiceStatus
from extra_services.billing.structured_communication import structured_communication_digits
from extra_services.clock import Clock, brussels_today
from extra_services.errors import ChangedConcurrently, Conflict, NotFound
from extra_services.money import ZERO
from extra_services.nowjobs.timesheet import Timesheet

WRITE_ATTEMPTS = 3  # reads again after losing a conditional write to an overlapping run
_MANDATE_PROBLEMS = (MandateLapsedError, OneOffMandateAlreadyUsedError, InvalidMandateError)


class Billed(Struct, frozen=True):
    """One invoice this call wrote or finished, and how many hours it took out of UnbilledByWeek."""

    invoice_id: str
    status: InvoiceStatus
    new: bool
    shifts: int


class IssuanceService:
    def __init__(self, repository: BillingRepository, companies: Companies, hours: BillableHours, clock: Clock,
                 publisher: EventPublisher, *, outbox: Outbox, creditor_identifier: str) -> None:
        self.repository = repository
        self.companies = companies
        self.hours = hours
        self.clock = clock
        self.publisher = publisher
        self.outbox = outbox
        self.creditor_identifier = creditor_identifier

    def bill(self, company_id: str, week: InvoicingWeek, timesheets: Sequence[Timesheet],
             profile: BillingProfile | None) -> list[Billed]:
        """Invoice those of `timesheets` (the company's, in that week) that are still unbilled; `profile`
        is the company's (None: it has no NOWJOBS record)."""
        done: list[Billed] = []
        unbilled = _billable(company_id, week, timesheets)
        for attempt in range(WRITE_ATTEMPTS):
            if attempt:  # an overlapping run wrote first: what it left, read again
                unbilled = _billable(company_id, week, self.hours.current(unbilled))
            existing = self.repository.invoices_of_week(company_id, week.monday)
            on_invoice = {shift_id for invoice in existing for shift_id in invoice.shift_ids}
            for invoice in existing:
                interrupted = [t for t in unbilled if t.shift_id in invoice.shift_ids]
                if interrupted:
                    done.append(self._finish(invoice, None, interrupted, new=False))
            rest = [t for t in unbilled if t.shift_id not in on_invoice]
            if not rest:
                return done
            sequence = max((i.sequence for i in existing), default=0) + 1
            written = self._issue(company_id, week, sequence, rest, profile)
            if written is not None:
                invoice, collection = written
                done.append(self._finish(invoice, collection, rest, new=True))
                return done
        raise ChangedConcurrently(f"invoice list of company {company_id}")

    # ------------------------------------------------------------------------------------- internal
    def _issue(self, company_id: str, week: InvoicingWeek, sequence: int, timesheets: Sequence[Timesheet],
               profile: BillingProfile | None) -> tuple[BilledInvoice, CollectionAttempt | None] | None:
        if profile is None:
            raise NotFound(f"Company {company_id} has hours to bill but no NOWJOBS record.",
                           code="COMPANY_NOT_FOUND")
        invoice_id = invoice_id_for(company_id, week.monday, sequence)
        lines = [t.billable_line() for t in timesheets]
        issued = issue_invoice(
            invoice_id=invoice_id, company_id=company_id, week=week, lines=lines,
            structured_communication=structured_communication_digits(
                self.repository.next_structured_communication_base()),
            discount_code=self._claim_discount(company_id, invoice_id, lines)).invoice
        collection, status, reason = self._first_attempt(profile, issued)
        record = BilledInvoice(invoice=issued, sequence=sequence, enterprise_number=profile.enterprise_number,
                               company_name=profile.name, contact_email=profile.contact_email,
                               issued_at=self.clock.now(), status=status,
                               collection_id=None if collection is None else collection.end_to_end_id,
                               attempts=0 if collection is None else 1, status_reason=reason,
                               first_attempt=collection)
        if not self.repository.create_invoice(record):
            return None
        return record, collection

    def _claim_discount(self, company_id: str, invoice_id: str, lines: Sequence[BillableLine]) -> DiscountCode | None:
        """The welcome discount for this invoice, claimed first: an interrupted run finds it used by this
        same invoice id and deducts it again on the same invoice, never on two."""
        if not any(line.is_flexi_job for line in lines):
            return None
        code = self.companies.claim_discount(company_id, invoice_id)
        return None if code is None else replace(code, state=DiscountCodeState.UNUSED)

    def _first_attempt(self, profile: BillingProfile,
                       invoice: Invoice) -> tuple[CollectionAttempt | None, InvoiceStatus, str | None]:
        if invoice.total <= ZERO:
            return None, InvoiceStatus.NOTHING_DUE, None
        if profile.mandate is None:
            return None, InvoiceStatus.AWAITING_MANDATE, "NO_MANDATE"
        mandate = profile.mandate
        earlier = [c.as_earlier() for c in self.repository.collections_of_mandate(mandate.reference)]
        # The pre-notification goes out today: on the invoice's Thursday, or later for a late run.
        prenotified_on = max(invoice.issued_on, brussels_today(self.clock))
        try:
            collection = prenotify(invoice_id=invoice.invoice_id, company_id=invoice.company_id, attempt=1,
                                   amount=invoice.total, structured_communication=invoice.structured_communication,
                                   mandate=mandate, earlier=earlier, prenotified_on=prenotified_on)
        except _MANDATE_PROBLEMS as exc:
            return None, InvoiceStatus.AWAITING_MANDATE, exc.code
        return collection, InvoiceStatus.UNPAID, None

    def _finish(self, invoice: BilledInvoice, collection: CollectionAttempt | None, timesheets: Sequence[Timesheet],
                *, new: bool) -> Billed:
        if not new and invoice.invoice.discount_code is not None:  # a new invoice claimed it just before
            claimed = self.companies.claim_discount(invoice.company_id, invoice.invoice_id)
            if claimed is None or claimed.code != invoice.invoice.discount_code:
                raise Conflict(f"Invoice {invoice.invoice_id} deducts discount code {invoice.invoice.discount_code}, "
                               "which another invoice used.", code="DISCOUNT_CODE_ALREADY_USED")
        if collection is None and invoice.first_attempt is not None:  # an interrupted run's invoice
            self.repository.ensure_collection(invoice.first_attempt)
            collection = self.repository.get_collection(invoice.first_attempt.end_to_end_id)
        subject, body = invoice_email(invoice, collection, self.creditor_identifier)
        self.outbox.send(OutboxChannel.EMAIL, invoice.contact_email, subject, body,
                         reference=f"nowjobs-invoice-{invoice.invoice_id}", kind="NOWJOBS_INVOICE")
        self.publisher.publish(events.invoice_issued(invoice, collection))
        for timesheet in timesheets:
            self.hours.mark_billed(timesheet, invoice.invoice_id)
        return Billed(invoice.invoice_id, invoice.status, new, len(timesheets))


def _billable(company_id: str, week: InvoicingWeek, timesheets: Sequence[Timesheet]) -> list[Timesheet]:
    return [t for t in timesheets
            if t.unbilled and t.company_id == company_id and t.invoicing_week == week.monday]
