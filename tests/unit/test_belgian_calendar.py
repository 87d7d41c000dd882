"""Belgian legal holidays, working days and working hours (RULES.md §2)."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extra_services.belgian_calendar import (
    add_working_days,
    add_working_hours,
    brussels_date,
    is_public_holiday,
    is_within_working_hours,
    is_working_day,
    legal_holidays,
    next_opening_on_or_after,
    next_working_day_on_or_after,
)
from extra_services.clock import BRUSSELS

no_database = settings(database=None, deadline=None)


def brussels(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- legal holidays ---------------------------------------------------------------------------

def test_2026_has_exactly_the_ten_legal_holidays() -> None:
    assert legal_holidays(2026) == {
        date(2026, 1, 1), date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 25),
        date(2026, 7, 21), date(2026, 8, 15), date(2026, 11, 1), date(2026, 11, 11), date(2026, 12, 25),
    }


@pytest.mark.parametrize("year", range(2023, 2041))
def test_every_year_counts_ten_legal_holidays(year: int) -> None:
    assert len(legal_holidays(year)) == 10


@pytest.mark.parametrize(
    ("month", "day"),
    [(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25)],
    ids=["new-year", "labour-day", "national-day", "assumption", "all-saints", "armistice", "christmas"],
)
@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_fixed_legal_holiday_is_a_public_holiday(year: int, month: int, day: int) -> None:
    assert is_public_holiday(date(year, month, day))


@pytest.mark.parametrize(
    "holiday",
    [date(2026, 4, 6), date(2027, 3, 29), date(2028, 4, 17)],
    ids=["2026", "2027", "2028"],
)
def test_easter_monday_is_a_public_holiday(holiday: date) -> None:
    assert holiday.weekday() == 0
    assert is_public_holiday(holiday)


@pytest.mark.parametrize(
    "holiday",
    [date(2026, 5, 14), date(2027, 5, 6), date(2028, 5, 25)],
    ids=["2026", "2027", "2028"],
)
def test_ascension_day_is_a_public_holiday(holiday: date) -> None:
    assert holiday.weekday() == 3
    assert is_public_holiday(holiday)


@pytest.mark.parametrize(
    "holiday",
    [date(2026, 5, 25), date(2027, 5, 17), date(2028, 6, 5)],
    ids=["2026", "2027", "2028"],
)
def test_whit_monday_is_a_public_holiday(holiday: date) -> None:
    assert holiday.weekday() == 0
    assert is_public_holiday(holiday)


@pytest.mark.parametrize("sunday", [date(2026, 4, 5), date(2026, 5, 24), date(2028, 4, 16), date(2028, 6, 4)])
def test_easter_sunday_and_whit_sunday_are_not_legal_holidays(sunday: date) -> None:
    assert not is_public_holiday(sunday)


def test_26_december_is_not_a_belgian_legal_holiday() -> None:
    assert not is_public_holiday(date(2025, 12, 26))
    assert is_working_day(date(2025, 12, 26))


def test_a_fixed_holiday_on_a_sunday_is_still_a_legal_holiday() -> None:
    assert date(2026, 11, 1).weekday() == 6
    assert is_public_holiday(date(2026, 11, 1))


# --- working days -----------------------------------------------------------------------------

def test_saturday_and_sunday_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 3, 7))
    assert not is_working_day(date(2026, 3, 8))
    assert is_working_day(date(2026, 3, 9))


def test_a_legal_holiday_on_a_weekday_is_not_a_working_day() -> None:
    assert not is_working_day(date(2026, 7, 21))


def test_next_working_day_on_or_after_a_working_day_is_that_day() -> None:
    assert next_working_day_on_or_after(date(2026, 3, 10)) == date(2026, 3, 10)


def test_next_working_day_after_good_friday_weekend_skips_easter_monday() -> None:
    assert next_working_day_on_or_after(date(2026, 4, 4)) == date(2026, 4, 7)


def test_adding_four_working_days_to_a_thursday_skips_the_weekend() -> None:
    assert add_working_days(date(2026, 3, 5), 4) == date(2026, 3, 11)


def test_adding_working_days_skips_ascension_day() -> None:
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 15)


def test_adding_working_days_to_a_saturday_counts_from_monday() -> None:
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)


def test_adding_zero_working_days_returns_the_same_day() -> None:
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)


def test_adding_negative_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="days"):
        add_working_days(date(2026, 3, 7), -1)


# --- working hours ----------------------------------------------------------------------------

def test_four_working_hours_from_tuesday_10h_end_at_14h_the_same_day() -> None:
    assert add_working_hours(brussels(2026, 3, 10, 10), 4) == brussels(2026, 3, 10, 14)


def test_four_working_hours_ending_exactly_at_closing_stay_at_17h() -> None:
    assert add_working_hours(brussels(2026, 3, 10, 13), 4) == brussels(2026, 3, 10, 17)


def test_working_hours_left_on_friday_carry_over_to_monday_morning() -> None:
    assert add_working_hours(brussels(2026, 3, 13, 15), 4) == brussels(2026, 3, 16, 11)


def test_a_submission_before_opening_starts_counting_at_9h() -> None:
    assert add_working_hours(brussels(2026, 3, 10, 7, 30), 4) == brussels(2026, 3, 10, 13)


def test_a_submission_at_closing_time_starts_counting_the_next_working_day() -> None:
    assert add_working_hours(brussels(2026, 3, 10, 17), 4) == brussels(2026, 3, 11, 13)


def test_a_submission_on_saturday_starts_counting_at_monday_opening() -> None:
    assert add_working_hours(brussels(2026, 3, 14, 11), 4) == brussels(2026, 3, 16, 13)


def test_working_hours_skip_easter_monday() -> None:
    assert add_working_hours(brussels(2026, 4, 3, 16), 4) == brussels(2026, 4, 7, 12)


def test_sixteen_working_hours_from_monday_opening_end_on_tuesday_closing() -> None:
    assert add_working_hours(brussels(2026, 3, 9, 9), 16) == brussels(2026, 3, 10, 17)


def test_working_hours_over_the_spring_dst_change_follow_brussels_wall_clock() -> None:
    # Friday 15:00 CET (UTC+1); clocks go forward on Sunday 29 March 2026; Monday 11:00 CEST (UTC+2).
    due = add_working_hours(utc(2026, 3, 27, 14), 4)
    assert due == utc(2026, 3, 30, 9)
    assert due.astimezone(BRUSSELS).hour == 11


def test_working_hours_over_the_autumn_dst_change_follow_brussels_wall_clock() -> None:
    # Friday 15:00 CEST (UTC+2); clocks go back on Sunday 25 October 2026; Monday 11:00 CET (UTC+1).
    due = add_working_hours(utc(2026, 10, 23, 13), 4)
    assert due == utc(2026, 10, 26, 10)
    assert due.astimezone(BRUSSELS).hour == 11


def test_working_hours_are_returned_in_utc() -> None:
    assert add_working_hours(brussels(2026, 3, 10, 10), 1).tzinfo is UTC


def test_an_instant_given_in_another_zone_is_read_as_the_same_instant() -> None:
    tokyo = timezone(timedelta(hours=9))
    # 18:00 in Tokyo = 10:00 in Brussels (CET).
    assert add_working_hours(datetime(2026, 3, 10, 18, tzinfo=tokyo), 4) == brussels(2026, 3, 10, 14)


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        add_working_hours(datetime(2026, 3, 10, 10), 4)


def test_an_instant_within_working_hours_is_its_own_next_opening() -> None:
    at = brussels(2026, 3, 10, 16, 59)
    assert is_within_working_hours(at)
    assert next_opening_on_or_after(at) == at


def test_midnight_utc_is_already_the_next_day_in_brussels() -> None:
    assert brussels_date(utc(2026, 3, 9, 23, 30)) == date(2026, 3, 10)


instants = st.datetimes(
    min_value=datetime(2023, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
hour_counts = st.integers(min_value=1, max_value=30)


@no_database
@given(at=instants, hours=st.integers(min_value=1, max_value=60))
def test_adding_working_hours_always_lands_within_a_working_day(at: datetime, hours: int) -> None:
    due = add_working_hours(at, hours)
    local = due.astimezone(BRUSSELS)
    assert is_working_day(local.date())
    assert time(9) < local.time() <= time(17)
    assert due > at


@no_database
@given(at=instants, first=hour_counts, second=hour_counts)
def test_adding_working_hours_in_two_steps_equals_adding_them_at_once(
    at: datetime, first: int, second: int
) -> None:
    assert add_working_hours(add_working_hours(at, first), second) == add_working_hours(at, first + second)
