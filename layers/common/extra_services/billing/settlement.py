"""The bank partner's results on a submitted batch (RULES.md §4: returns are reconciled, never charged
twice): SETTLED makes the invoice PAID; RETURNED (with its ISO reason code, also after a settlement)
puts it back to UNPAID, tells the company and announces one new attempt on the next weekly cycle; a
return of that attempt is escalated (NEEDS_ATTENTION, an alarm).

The message is checked whole before anything is written: an unknown batch or end-to-end id is a 404,
a result that does not fit its collection a 409, and then nothing changes. Each applied result leaves
a marker written with the change, so a duplicate message has no effect."""
from __future__ import annotations

from datetime import date, datetime

from msgspec import Struct

from extra_services.billing import events
from extra_services.billing.api_models import BankResultIn, BankResultOut, DirectDebitResultsIn, DirectDebitResultsOut
from extra_services.billing.collection import MAX_ATTEMPTS, CollectionAttempt, apply_result, next_cycle_after, prenotify
from extra_services.billing.errors import InvalidMandateError, MandateLapsedError, OneOffMandateAlreadyUsedError
from extra_services.billing.ledger import BilledInvoice, after_returned, after_settled
from extra_services.billing.messages import returned_email
from extra_services.billing.ports import EventPublisher, Metrics, Outbox, OutboxChannel
from extra_services.billing.repository import BillingRepository
from extra_services.billing.statuses import BatchStatus, InvoiceStatus, ResultOutcome, ResultStatus
from extra_services.clock import Clock, brussels_today
from extra_services.errors import Conflict, NotFound


class _Planned(Struct, frozen=True):
    result: BankResultIn
    collection: CollectionAttempt
    after: CollectionAttempt | None  # None: this result was already applied


class SettlementService:
    def __init__(self, repository: BillingRepository, clock: Clock, publisher: EventPublisher, outbox: Outbox,
                 metrics: Metrics, *, creditor_identifier: str) -> None:
        self.repository = repository
        self.clock = clock
        self.publisher = publisher
        self.outbox = outbox
        self.metrics = metrics
        self.creditor_identifier = creditor_identifier

    def apply(self, message: DirectDebitResultsIn) -> DirectDebitResultsOut:
        batch = self.repository.get_batch(message.batch_id)
        if batch is None:
            raise NotFound(f"No direct-debit batch {message.batch_id}.", code="BATCH_NOT_FOUND")
        if batch.status is not BatchStatus.SUBMITTED:
            raise Conflict(f"Batch {batch.batch_id} was not submitted: it has no results.",
                           code="BATCH_NOT_SUBMITTED")
        members = {m.end_to_end_id for m in self.repository.batch_members(batch.batch_id)}
        unknown = [r.end_to_end_id for r in message.results if r.end_to_end_id not in members]
        if unknown:
            raise NotFound(f"Batch {batch.batch_id} holds no collection {', '.join(unknown)}.",
                           code="END_TO_END_ID_NOT_FOUND",
                           details=[{"field": "results", "message": f"{e2e} is not in this batch"} for e2e in unknown])
        now = self.clock.now()
        planned = [self._plan(result, now) for result in message.results]
        today = brussels_today(self.clock)
        return DirectDebitResultsOut(batch_id=batch.batch_id, results=[self._apply(p, now, today) for p in planned])

    # ------------------------------------------------------------------------------------- internal
    def _plan(self, result: BankResultIn, now: datetime) -> _Planned:
        collection, applied = self.repository.collection_with_results(result.end_to_end_id)
        if collection is None:
            raise NotFound(f"No collection {result.end_to_end_id}.", code="END_TO_END_ID_NOT_FOUND")
        if result.status in applied:
            return _Planned(result, collection, None)
        return _Planned(result, collection, apply_result(collection, result.status, result.reason_code, now))

    def _apply(self, planned: _Planned, now: datetime, today: date) -> BankResultOut:
        invoice = self.repository.get_invoice(planned.collection.invoice_id)
        if invoice is None:
            raise NotFound(f"No invoice {planned.collection.invoice_id}.", code="INVOICE_NOT_FOUND")
        after = planned.after
        if after is None:
            return self._out(planned, ResultOutcome.DUPLICATE, invoice)
        next_attempt = None
        if planned.result.status is ResultStatus.SETTLED:
            changed = after_settled(invoice, after, now)
        else:
            next_attempt = self._next_attempt(invoice, after, today)
            changed = after_returned(invoice, after, next_attempt)
        if not self.repository.record_result(planned.result.status, planned.collection, after, changed, next_attempt):
            return self._out(planned, ResultOutcome.DUPLICATE, invoice)
        current = changed or invoice
        self._announce(planned.result.status, current, after, next_attempt, invoice_changed=changed is not None)
        return self._out(planned, ResultOutcome.APPLIED, current)

    def _next_attempt(self, invoice: BilledInvoice, returned: CollectionAttempt,
                      today: date) -> CollectionAttempt | None:
        """The one new attempt, under the same mandate, announced now for the next weekly cycle; none
        after the last attempt or when the mandate can no longer be used."""
        if returned.attempt >= MAX_ATTEMPTS or invoice.collection_id != returned.end_to_end_id:
            return None
        history = [c.as_earlier() for c in self.repository.collections_of_mandate(returned.mandate.reference)
                   if c.end_to_end_id != returned.end_to_end_id]
        try:
            return prenotify(invoice_id=invoice.invoice_id, company_id=invoice.company_id,
                             attempt=returned.attempt + 1, amount=returned.amount,
                             structured_communication=returned.structured_communication, mandate=returned.mandate,
                             earlier=[*history, returned.as_earlier()], prenotified_on=next_cycle_after(today))
        except (MandateLapsedError, OneOffMandateAlreadyUsedError, InvalidMandateError):
            return None

    def _announce(self, status: ResultStatus, invoice: BilledInvoice, collection: CollectionAttempt,
                  next_attempt: CollectionAttempt | None, *, invoice_changed: bool) -> None:
        if status is ResultStatus.SETTLED:
            self.metrics.record("NowjobsCollectionsSettled", 1)
            self.publisher.publish(events.collection_settled(invoice, collection))
            return
        self.metrics.record("NowjobsCollectionsReturned", 1)
        self.publisher.publish(events.collection_returned(invoice, collection, next_attempt))
        if not invoice_changed:
            return
        subject, body = returned_email(invoice, collection, next_attempt, self.creditor_identifier)
        self.outbox.send(OutboxChannel.EMAIL, invoice.contact_email, subject, body,
                         reference=f"nowjobs-returned-{collection.end_to_end_id}", kind="NOWJOBS_DIRECT_DEBIT_RETURNED")
        if invoice.status is InvoiceStatus.NEEDS_ATTENTION:
            self.metrics.record("NowjobsCollectionsNeedingAttention", 1)
            self.publisher.publish(events.invoice_needs_attention(invoice))

    @staticmethod
    def _out(planned: _Planned, outcome: ResultOutcome, invoice: BilledInvoice) -> BankResultOut:
        return BankResultOut(end_to_end_id=planned.collection.end_to_end_id, status=planned.result.status,
                             outcome=outcome, invoice_id=invoice.invoice_id, invoice_status=invoice.status)
