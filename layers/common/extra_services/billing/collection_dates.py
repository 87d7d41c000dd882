"""When an invoice is collected and when its collection may be sent to the bank (RULES.md §4).

The invoice is the pre-notification: it is sent on the day it is issued (D). The due date is the
first TARGET business day on or after D + 14 calendar days (or D + the shorter period agreed in the
mandate). The file may reach the bank at most 14 calendar days before the due date and at the
latest on the TARGET business day before it (D-1 for CORE and B2B, first and recurrent alike,
since the EPC 2016 rulebooks), and never before the pre-notification went out."""
from __future__ import annotations

from datetime import date, timedelta

from msgspec import Struct

from extra_services.billing.calendar import (
    target_business_day_after,
    target_business_day_before,
    target_business_day_on_or_after,
)
from extra_services.billing.errors import SubmissionTooEarlyError, SubmissionTooLateError
from extra_services.billing.mandate import DEFAULT_PRE_NOTIFICATION_DAYS

MAX_DAYS_PRESENTED_AHEAD = 14


class CollectionSchedule(Struct, frozen=True):
    prenotified_on: date
    due_on: date
    earliest_submission_on: date
    latest_submission_on: date


def collection_due_date(issued_on: date, pre_notification_days: int = DEFAULT_PRE_NOTIFICATION_DAYS) -> date:
    if pre_notification_days < 1:
        raise ValueError("the pre-notification period is at least one day")
    due_on = target_business_day_on_or_after(issued_on + timedelta(days=pre_notification_days))
    # A very short agreed period must still leave a submission day on or after the invoice day.
    while target_business_day_before(due_on) < issued_on:
        due_on = target_business_day_after(due_on)
    return due_on


def latest_submission_date(due_on: date) -> date:
    return target_business_day_before(due_on)


def earliest_submission_date(due_on: date, prenotified_on: date) -> date:
    return max(due_on - timedelta(days=MAX_DAYS_PRESENTED_AHEAD), prenotified_on)


def collection_schedule(issued_on: date,
                        pre_notification_days: int = DEFAULT_PRE_NOTIFICATION_DAYS) -> CollectionSchedule:
    due_on = collection_due_date(issued_on, pre_notification_days)
    return CollectionSchedule(
        prenotified_on=issued_on,
        due_on=due_on,
        earliest_submission_on=earliest_submission_date(due_on, issued_on),
        latest_submission_on=latest_submission_date(due_on),
    )


def check_submission_date(submitted_on: date, due_on: date) -> None:
    """Refuse a file sent more than 14 days ahead of, or later than D-1 before, its due date."""
    earliest = due_on - timedelta(days=MAX_DAYS_PRESENTED_AHEAD)
    latest = latest_submission_date(due_on)
    if submitted_on < earliest:
        raise SubmissionTooEarlyError(
            f"A collection due on {due_on.isoformat()} may not be sent before {earliest.isoformat()} "
            f"(at most {MAX_DAYS_PRESENTED_AHEAD} days ahead).")
    if submitted_on > latest:
        raise SubmissionTooLateError(
            f"A collection due on {due_on.isoformat()} had to reach the bank by {latest.isoformat()} "
            "(the TARGET business day before); give it a new due date.")
