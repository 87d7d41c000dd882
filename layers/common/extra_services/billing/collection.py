"""One attempt to collect an invoice by direct debit, from its pre-notification to the bank's result.

An invoice has at most one live attempt. A return (RULES.md §4: never charged twice) ends it and, once,
opens a new attempt on the next weekly cycle; a second return is escalated to a person. Pure rules."""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from msgspec import Struct
from msgspec.structs import replace

from extra_services.billing.calendar import target_business_day_before
from extra_services.billing.collection_dates import CollectionSchedule, collection_schedule
from extra_services.billing.mandate import (
    CollectionOutcome,
    EarlierCollection,
    Mandate,
    SequenceType,
    sequence_type_for,
)
from extra_services.billing.pain008 import DirectDebitCollection, end_to_end_id_for
from extra_services.billing.statuses import ResultStatus
from extra_services.errors import Conflict

MAX_ATTEMPTS = 2  # the first collection and one new attempt after a return
_IDS = uuid.UUID("5d7c3f0e-4f0b-4c57-9a39-2f1a6a0b8e11")  # namespace of the derived billing ids
_THURSDAY = 3


def derived_id(*parts: str) -> str:
    """The same parts always give the same id: a retried or overlapping run writes the same items."""
    return str(uuid.uuid5(_IDS, "#".join(parts)))


def collection_id_for(invoice_id: str, attempt: int) -> str:
    """The attempt's end-to-end id, 'NJ-' + 32 hex digits (decision #17 of billing-sepa.md)."""
    return end_to_end_id_for(derived_id("collection", invoice_id, str(attempt)))


def submission_day(schedule: CollectionSchedule) -> date:
    """Sent two TARGET days before the due date, so a failed daily run still leaves D-1 to catch up;
    never before the window opens (14 days ahead, not before the pre-notification)."""
    return max(schedule.earliest_submission_on, target_business_day_before(schedule.latest_submission_on))


def next_cycle_after(day: date) -> date:
    """The next invoicing Thursday strictly after `day`: when a returned invoice is tried again."""
    return day + timedelta(days=(_THURSDAY - day.weekday() - 1) % 7 + 1)


class CollectionAttempt(Struct, frozen=True):
    end_to_end_id: str
    invoice_id: str
    company_id: str
    attempt: int
    amount: Decimal
    structured_communication: str  # 12 digits
    mandate: Mandate  # as it stood when the attempt was prenotified
    sequence_type: SequenceType
    prenotified_on: date
    due_on: date
    submit_on: date
    status: CollectionOutcome = CollectionOutcome.PRENOTIFIED
    batch_id: str | None = None
    submitted_at: datetime | None = None
    settled_at: datetime | None = None
    returned_at: datetime | None = None
    return_reason: str | None = None
    version: int = 0

    @property
    def awaiting_submission(self) -> bool:
        return self.status is CollectionOutcome.PRENOTIFIED

    def as_earlier(self) -> EarlierCollection:
        return EarlierCollection(self.due_on, self.status)

    def direct_debit(self) -> DirectDebitCollection:
        return DirectDebitCollection(end_to_end_id=self.end_to_end_id, amount=self.amount, due_on=self.due_on,
                                     sequence_type=self.sequence_type, mandate=self.mandate,
                                     structured_communication=self.structured_communication)


def prenotify(*, invoice_id: str, company_id: str, attempt: int, amount: Decimal, structured_communication: str,
              mandate: Mandate, earlier: Sequence[EarlierCollection], prenotified_on: date) -> CollectionAttempt:
    """The attempt the invoice (or the return notice) announces. Raises the mandate's errors (lapsed,
    one-off already used) when it cannot be collected under this mandate."""
    schedule = collection_schedule(prenotified_on, mandate.pre_notification_days)
    sequence_type = sequence_type_for(mandate, earlier, schedule.due_on)
    collection = CollectionAttempt(
        end_to_end_id=collection_id_for(invoice_id, attempt), invoice_id=invoice_id, company_id=company_id,
        attempt=attempt, amount=amount, structured_communication=structured_communication, mandate=mandate,
        sequence_type=sequence_type, prenotified_on=prenotified_on, due_on=schedule.due_on,
        submit_on=submission_day(schedule))
    collection.direct_debit()  # the pain.008 rules (amount, TARGET day, sequence type) hold from the start
    return collection


def redate(collection: CollectionAttempt, today: date) -> CollectionAttempt:
    """Its submission day passed without a file (runs failed): a new due date, announced again today.
    Never presented, so it keeps its end-to-end id."""
    schedule = collection_schedule(today, collection.mandate.pre_notification_days)
    return replace(collection, prenotified_on=today, due_on=schedule.due_on, submit_on=submission_day(schedule),
                   batch_id=None)


def mark_submitted(collection: CollectionAttempt, batch_id: str, at: datetime) -> CollectionAttempt:
    return replace(collection, status=CollectionOutcome.SUBMITTED, batch_id=batch_id, submitted_at=at)


def apply_result(collection: CollectionAttempt, status: ResultStatus, reason: str | None,
                 at: datetime) -> CollectionAttempt | None:
    """SUBMITTED -> SETTLED | RETURNED, and SETTLED -> RETURNED (a return after settlement). None when
    the attempt already has that result; 409 for a result that does not fit (settling a returned one)."""
    current = collection.status
    if status is ResultStatus.SETTLED:
        if current is CollectionOutcome.SETTLED:
            return None
        if current is CollectionOutcome.SUBMITTED:
            return replace(collection, status=CollectionOutcome.SETTLED, settled_at=at)
    else:
        if current is CollectionOutcome.RETURNED and collection.return_reason == reason:
            return None
        if current in {CollectionOutcome.SUBMITTED, CollectionOutcome.SETTLED}:
            return replace(collection, status=CollectionOutcome.RETURNED, returned_at=at, return_reason=reason)
    raise Conflict(f"Collection {collection.end_to_end_id} is {current.value}: a {status.value} result does not "
                   "fit it.", code="RESULT_DOES_NOT_FIT",
                   details=[{"field": "results", "message": f"{collection.end_to_end_id} is {current.value}"}])
