from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extra_services.billing.calendar import is_target_business_day, target_business_day_before
from extra_services.billing.collection_dates import (
    check_submission_date,
    collection_due_date,
    collection_schedule,
)
from extra_services.billing.errors import SubmissionTooEarlyError, SubmissionTooLateError


def test_collection_due_date_is_at_least_14_days_after_prenotification() -> None:
    schedule = collection_schedule(date(2026, 3, 12))
    assert schedule.due_on == date(2026, 3, 26)
    assert schedule.due_on - schedule.prenotified_on >= timedelta(days=14)


def test_due_date_landing_on_christmas_moves_to_the_next_target_business_day() -> None:
    # Thursday 11 Dec 2025 + 14 = Thursday 25 Dec; 26 Dec is closed too, then the weekend.
    assert collection_due_date(date(2025, 12, 11)) == date(2025, 12, 29)


def test_due_date_landing_on_good_friday_moves_past_easter_monday() -> None:
    assert collection_due_date(date(2026, 3, 20)) == date(2026, 4, 7)


def test_a_belgian_holiday_that_target_keeps_open_can_be_the_due_date() -> None:
    assert collection_due_date(date(2026, 4, 30)) == date(2026, 5, 14)  # Ascension Day


def test_a_shorter_pre_notification_agreed_in_the_mandate_gives_an_earlier_due_date() -> None:
    assert collection_due_date(date(2026, 3, 12), pre_notification_days=5) == date(2026, 3, 17)


def test_a_one_day_period_still_leaves_a_submission_day_after_the_invoice() -> None:
    saturday = date(2026, 3, 14)
    due_on = collection_due_date(saturday, pre_notification_days=1)
    assert due_on == date(2026, 3, 17)
    assert target_business_day_before(due_on) >= saturday


def test_latest_submission_is_the_target_business_day_before_the_due_date() -> None:
    assert collection_schedule(date(2026, 3, 12)).latest_submission_on == date(2026, 3, 25)
    assert collection_schedule(date(2025, 12, 11)).latest_submission_on == date(2025, 12, 24)


def test_earliest_submission_is_14_days_ahead_but_never_before_the_prenotification() -> None:
    schedule = collection_schedule(date(2025, 12, 11))
    assert schedule.due_on == date(2025, 12, 29)
    assert schedule.earliest_submission_on == date(2025, 12, 15)
    assert collection_schedule(date(2026, 3, 12)).earliest_submission_on == date(2026, 3, 12)


def test_a_file_sent_more_than_14_days_before_the_due_date_is_refused() -> None:
    with pytest.raises(SubmissionTooEarlyError) as refused:
        check_submission_date(date(2026, 3, 11), due_on=date(2026, 3, 26))
    assert refused.value.code == "DIRECT_DEBIT_SUBMISSION_TOO_EARLY"


def test_a_file_sent_on_the_due_date_is_too_late() -> None:
    with pytest.raises(SubmissionTooLateError):
        check_submission_date(date(2026, 3, 26), due_on=date(2026, 3, 26))


def test_after_easter_the_last_submission_day_is_the_thursday_before() -> None:
    check_submission_date(date(2026, 4, 2), due_on=date(2026, 4, 7))
    with pytest.raises(SubmissionTooLateError):
        check_submission_date(date(2026, 4, 3), due_on=date(2026, 4, 7))


def test_both_ends_of_the_submission_window_are_accepted() -> None:
    check_submission_date(date(2026, 3, 12), due_on=date(2026, 3, 26))
    check_submission_date(date(2026, 3, 25), due_on=date(2026, 3, 26))


@given(issued_on=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
       days=st.integers(min_value=1, max_value=14))
def test_every_schedule_has_a_target_due_date_and_a_non_empty_submission_window(issued_on: date,
                                                                              days: int) -> None:
    schedule = collection_schedule(issued_on, days)
    assert is_target_business_day(schedule.due_on)
    assert schedule.due_on >= issued_on + timedelta(days=days)
    assert schedule.earliest_submission_on <= schedule.latest_submission_on < schedule.due_on
    check_submission_date(schedule.latest_submission_on, schedule.due_on)
    check_submission_date(schedule.earliest_submission_on, schedule.due_on)
