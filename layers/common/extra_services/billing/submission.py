"""The daily submission: prenotified collections whose submission day has come go to the bank, one
pain.008 file per due date and scheme (RULES.md §4, decisions #5 and #14 of billing-sepa.md).

One run at a time (a lease). Each step can be repeated after a crash: a batch is opened under a
derived id, each collection is claimed for it once (conditional), the file is built from the claimed
members (the same bytes every time), the batch is marked submitted and announced
(DirectDebitBatchSubmitted: the bank partner fetches the file from the ops route), and only then are
its collections marked submitted and taken out of the ToSubmit index; a run finding a submitted
batch whose collections are still in the index announces it again (at least once) and finishes it.
A collection whose last submission day passed without a file is re-dated and announced again; so
is a batch opened but not sent in time."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from msgspec import Struct
from msgspec.structs import replace

from extra_services.billing import events
from extra_services.billing.batch import CollectionBatch, batch_id_for, submitted
from extra_services.billing.collection import CollectionAttempt, mark_submitted, redate
from extra_services.billing.collection_dates import check_submission_date, latest_submission_date
from extra_services.billing.creditor import Creditor
from extra_services.billing.errors import SubmissionTooLateError
from extra_services.billing.mandate import CollectionOutcome, Scheme
from extra_services.billing.messages import redated_email
from extra_services.billing.pain008 import DirectDebitBatch, build_pain008
from extra_services.billing.ports import EventPublisher, Metrics, Outbox, OutboxChannel
from extra_services.billing.repository import BillingRepository
from extra_services.billing.statuses import BatchStatus
from extra_services.clock import Clock, brussels_today
from extra_services.errors import ChangedConcurrently, Conflict

LEASE = timedelta(minutes=15)  # longer than the function's timeout: a live run never loses it
MAX_BATCHES_PER_DAY = 99


class SubmissionRun(Struct, frozen=True):
    skipped: bool = False  # another run holds the lease: it submits what is due
    batches: tuple[str, ...] = ()
    collections: int = 0
    redated: int = 0

    def metrics(self) -> dict[str, int]:
        return {"NowjobsDirectDebitBatchesSubmitted": len(self.batches),
                "NowjobsDirectDebitCollectionsSubmitted": self.collections,
                "NowjobsDirectDebitCollectionsRedated": self.redated}


class SubmissionService:
    def __init__(self, repository: BillingRepository, creditor: Creditor, clock: Clock, publisher: EventPublisher,
                 *, outbox: Outbox, metrics: Metrics) -> None:
        self.repository = repository
        self.creditor = creditor
        self.clock = clock
        self.publisher = publisher
        self.outbox = outbox
        self.metrics = metrics

    def submit_due(self, owner: str) -> SubmissionRun:
        """`owner` names the run (its scheduled time): a retry of the same run takes its lease back."""
        now = self.clock.now().replace(microsecond=0)
        if not self.repository.acquire_lease(owner, now, now + LEASE):
            return SubmissionRun(skipped=True)
        try:
            run = self._submit_due(now, brussels_today(self.clock))
        finally:
            self.repository.release_lease(owner)
        for name, value in run.metrics().items():
            self.metrics.record(name, value)
        return run

    # ------------------------------------------------------------------------------------- internal
    def _submit_due(self, now: datetime, today: date) -> SubmissionRun:
        """Each due collection is read once, from the ToSubmit index. A batch this run opens holds exactly
        the collections it claimed (conditional writes, under the lease): its file is built from them and
        they are marked submitted at the version the claim left, with no read back. A batch found half
        done (an interrupted run's) is read again, consistently, from its member rows."""
        interrupted: set[str] = set()
        known: dict[str, CollectionAttempt] = {}  # as this run last read or wrote them, by end-to-end id
        fresh: dict[tuple[date, Scheme], list[CollectionAttempt]] = {}
        redated = 0
        for collection in self.repository.collections_to_submit(today):
            known[collection.end_to_end_id] = collection
            if collection.batch_id is not None:
                interrupted.add(collection.batch_id)  # an interrupted run's batch: finish it
            elif today > latest_submission_date(collection.due_on):
                self._redate(collection, today)
                redated += 1
            else:
                fresh.setdefault((collection.due_on, collection.mandate.scheme), []).append(collection)
        opened: dict[str, tuple[CollectionBatch, list[CollectionAttempt]]] = {}
        for (due_on, scheme), collections in sorted(fresh.items(), key=lambda kv: (kv[0][0], kv[0][1].value)):
            batch, new = self._open_batch(today, due_on, scheme, now)
            if not new:
                interrupted.add(batch.batch_id)  # opened by an interrupted run of today: it may hold others
            claimed = [c for c in collections if self.repository.claim(c, batch.batch_id)]
            known |= {c.end_to_end_id: replace(c, batch_id=batch.batch_id, version=c.version + 1) for c in claimed}
            if new:  # in member-row order (end-to-end id): the file rebuilt for the bank is the same bytes
                opened[batch.batch_id] = (batch, sorted(claimed, key=lambda c: c.end_to_end_id))
        for batch_id in interrupted:
            found = self.repository.get_batch(batch_id)
            if found is not None:
                opened[batch_id] = (found, self.repository.batch_members(batch_id))
        sent: list[str] = []
        count = 0
        for batch_id, (batch, members) in sorted(opened.items()):
            if batch.status is BatchStatus.OPEN and not _still_on_time(today, batch.due_on):
                redated += self._abandon(batch, members, today)
            elif self._send(batch, members, known, now):
                sent.append(batch_id)
                count += len(members)
        return SubmissionRun(False, tuple(sent), count, redated)

    def _open_batch(self, today: date, due_on: date, scheme: Scheme, now: datetime) -> tuple[CollectionBatch, bool]:
        """The batch to claim into, and whether this run created it."""
        for number in range(1, MAX_BATCHES_PER_DAY + 1):
            batch = CollectionBatch(batch_id_for(today, scheme, due_on, number), due_on, scheme, created_at=now)
            if self.repository.create_batch(batch):
                return batch, True
            existing = self.repository.get_batch(batch.batch_id)
            if existing is not None and existing.status is BatchStatus.OPEN:
                return existing, False  # opened by an interrupted run of today
        raise Conflict(f"More than {MAX_BATCHES_PER_DAY} files for {due_on.isoformat()} today.",
                       code="TOO_MANY_BATCHES")

    def _send(self, batch: CollectionBatch, members: Sequence[CollectionAttempt],
              known: dict[str, CollectionAttempt], now: datetime) -> bool:
        """True when this run submitted the batch's file."""
        if batch.status is BatchStatus.SUBMITTED:  # an interrupted run's: announce it again (the bank
            self.publisher.publish(events.batch_submitted(batch))  # ignores a file it has), then finish it
            self._mark_submitted(batch, members, known)
            return False
        if batch.status is not BatchStatus.OPEN:
            return False
        if not members:
            self.repository.save_batch(replace(batch, status=BatchStatus.ABANDONED), expected_status=BatchStatus.OPEN)
            return False
        file = DirectDebitBatch(batch.due_on, batch.scheme, tuple(m.direct_debit() for m in members))
        xml = build_pain008(file, self.creditor, message_id=batch.batch_id, created_at=batch.created_at)
        done = submitted(batch, count=len(members), total=file.total, file_sha256=hashlib.sha256(xml).hexdigest(),
                         at=now)
        self.repository.save_batch(done, expected_status=BatchStatus.OPEN)
        self.publisher.publish(events.batch_submitted(done))
        self._mark_submitted(done, members, known)
        return True

    def _mark_submitted(self, batch: CollectionBatch, members: Sequence[CollectionAttempt],
                        known: dict[str, CollectionAttempt]) -> None:
        """Each member written on the version this run knows, when that copy is still prenotified in the
        batch; read again only when the write finds it changed, or when this run never saw it (a member
        row is the collection as presented, not its current version)."""
        at = batch.submitted_at or batch.created_at
        for member in members:
            seen = known.get(member.end_to_end_id)
            if seen is not None and _in_batch(seen, batch):
                try:
                    self.repository.save_collection(mark_submitted(seen, batch.batch_id, at))
                    continue
                except ChangedConcurrently:
                    pass
            current = self.repository.get_collection(member.end_to_end_id)
            if current is not None and _in_batch(current, batch):
                self.repository.save_collection(mark_submitted(current, batch.batch_id, at))

    def _abandon(self, batch: CollectionBatch, members: Sequence[CollectionAttempt], today: date) -> int:
        """An interrupted run's batch whose last submission day passed: its collections get new dates."""
        self.repository.save_batch(replace(batch, status=BatchStatus.ABANDONED), expected_status=BatchStatus.OPEN)
        redated = 0
        for member in members:
            current = self.repository.get_collection(member.end_to_end_id)
            if current is not None and current.awaiting_submission and current.batch_id == batch.batch_id:
                self._redate(self.repository.drop_member(batch.batch_id, current), today)
                redated += 1
        return redated

    def _redate(self, collection: CollectionAttempt, today: date) -> None:
        saved = self.repository.save_collection(redate(collection, today))
        invoice = self.repository.get_invoice(saved.invoice_id)
        if invoice is None:
            return
        subject, body = redated_email(invoice, saved, self.creditor.identifier)
        self.outbox.send(OutboxChannel.EMAIL, invoice.contact_email, subject, body,
                         reference=f"nowjobs-redated-{saved.end_to_end_id}-{saved.due_on.isoformat()}",
                         kind="NOWJOBS_DIRECT_DEBIT_REDATED")
        self.publisher.publish(events.collection_redated(invoice, saved))


def _in_batch(collection: CollectionAttempt, batch: CollectionBatch) -> bool:
    return collection.status is CollectionOutcome.PRENOTIFIED and collection.batch_id == batch.batch_id


def _still_on_time(today: date, due_on: date) -> bool:
    try:
        check_submission_date(today, due_on)
    except SubmissionTooLateError:
        return False
    return True
