"""The Go Solid legal time (extra_services.gosolid.deadlines on extra_services.belgian_calendar), checked
against definitions written the other way round: a deadline is computed by walking forward; here it is
verified by measuring back (working time summed day by day, the art. 54 month checked by its eve)."""
from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from extra_services.belgian_calendar import is_working_day
from extra_services.clock import BRUSSELS
from extra_services.gosolid.deadlines import (
    acceptance_decision_due,
    month_term_end,
    pv_earliest,
    response_deadline,
    summons_service_due,
)
from tests.unit.properties.conftest import PROPERTY, example

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2034, 12, 31))
# Whole minutes, across both clock changes of every year.
instants = st.integers(0, 11 * 365 * 24 * 60).map(lambda m: datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=m))


def working_time_between(start: datetime, end: datetime) -> timedelta:
    """Sum, day by day, of the overlap of [start, end] with 09:00-17:00 Brussels on working days."""
    total, day = timedelta(0), start.astimezone(BRUSSELS).date()
    while day <= end.astimezone(BRUSSELS).date():
        if is_working_day(day):
            opens = datetime.combine(day, time(9), tzinfo=BRUSSELS).astimezone(UTC)
            closes = datetime.combine(day, time(17), tzinfo=BRUSSELS).astimezone(UTC)
            total += max(timedelta(0), min(end, closes) - max(start, opens))
        day += timedelta(days=1)
    return total


@PROPERTY
@given(instants)
def test_the_acceptance_decision_is_due_after_exactly_four_working_hours(submitted_at: datetime) -> None:
    example()
    due = acceptance_decision_due(submitted_at)
    assert working_time_between(submitted_at, due) == timedelta(hours=4)
    local = due.astimezone(BRUSSELS)
    assert is_working_day(local.date()) and time(9) < local.time() <= time(17)


@PROPERTY
@given(instants)
def test_the_summons_is_due_at_17h_on_the_fourth_working_day_after_acceptance(accepted_at: datetime) -> None:
    example()
    due = summons_service_due(accepted_at).astimezone(BRUSSELS)
    accepted_on = accepted_at.astimezone(BRUSSELS).date()
    between = [accepted_on + timedelta(days=n) for n in range(1, (due.date() - accepted_on).days + 1)]
    assert due.time() == time(17)
    assert sum(map(is_working_day, between)) == 4 and is_working_day(due.date())


@PROPERTY
@given(days)
def test_the_month_ends_on_the_eve_of_the_same_day_number_or_on_the_last_day_of_a_shorter_month(
        served_on: date) -> None:
    example()
    starts_on, end = served_on + timedelta(days=1), month_term_end(served_on)
    months_later = (end.year - starts_on.year) * 12 + end.month - starts_on.month
    after = end + timedelta(days=1)
    if after.day == starts_on.day:            # art. 54: de quantième à veille de quantième
        assert (after.year - starts_on.year) * 12 + after.month - starts_on.month == 1
    else:                                     # that day number does not exist one month later
        assert months_later == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
        assert starts_on.day > end.day


@PROPERTY
@given(days)
def test_the_response_deadline_is_the_first_working_day_on_or_after_the_end_of_the_month(served_on: date) -> None:
    example()
    end, deadline = month_term_end(served_on), response_deadline(served_on)
    skipped = [end + timedelta(days=n) for n in range((deadline - end).days)]
    assert is_working_day(deadline) and not any(map(is_working_day, skipped))


@PROPERTY
@given(days)
def test_the_pv_is_possible_from_the_first_working_day_eight_days_after_the_deadline(served_on: date) -> None:
    example()
    deadline = response_deadline(served_on)
    earliest, eight_days = pv_earliest(deadline), deadline + timedelta(days=8)
    skipped = [eight_days + timedelta(days=n) for n in range((earliest - eight_days).days)]
    assert earliest >= eight_days and is_working_day(earliest) and not any(map(is_working_day, skipped))
