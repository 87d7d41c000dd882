"""Properties of the Go Solid deadlines that hold for every date."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from extra_services.belgian_calendar import is_working_day
from extra_services.clock import BRUSSELS
from extra_services.gosolid.deadlines import (
    debtor_month_expires_at,
    expected_timeline,
    month_term_end,
    pv_earliest,
    response_deadline,
)

no_database = settings(database=None, deadline=None)
service_dates = st.dates(min_value=date(2023, 1, 1), max_value=date(2035, 12, 31))
instants = st.datetimes(
    min_value=datetime(2023, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)


@no_database
@given(served_on=service_dates)
def test_a_month_term_lasts_28_to_31_days(served_on: date) -> None:
    assert 28 <= (month_term_end(served_on) - served_on).days <= 31


@no_database
@given(served_on=service_dates)
def test_response_deadline_is_a_working_day_28_to_34_days_after_service(served_on: date) -> None:
    deadline = response_deadline(served_on)
    assert is_working_day(deadline)
    assert 28 <= (deadline - served_on).days <= 34


@no_database
@given(served_on=service_dates)
def test_a_later_service_never_gives_an_earlier_response_deadline(served_on: date) -> None:
    assert response_deadline(served_on + timedelta(days=1)) >= response_deadline(served_on)


@no_database
@given(served_on=service_dates)
def test_pv_earliest_is_a_working_day_at_least_eight_days_after_the_deadline(served_on: date) -> None:
    deadline = response_deadline(served_on)
    earliest = pv_earliest(deadline)
    assert is_working_day(earliest)
    assert deadline + timedelta(days=8) <= earliest <= deadline + timedelta(days=11)


@no_database
@given(served_on=service_dates)
def test_the_debtor_month_expires_at_brussels_midnight_after_the_deadline(served_on: date) -> None:
    deadline = response_deadline(served_on)
    local = debtor_month_expires_at(deadline).astimezone(BRUSSELS)
    assert local.time() == time(0)
    assert local.date() == deadline + timedelta(days=1)


@no_database
@given(submitted_at=instants)
def test_expected_timeline_is_in_chronological_order(submitted_at: datetime) -> None:
    timeline = expected_timeline(submitted_at)
    assert submitted_at < timeline.acceptance_decision_due < timeline.summons_service_due
    assert timeline.summons_service_due < timeline.debtor_month_expires_at <= timeline.pv_earliest_at
    assert timeline.summons_service_due.astimezone(BRUSSELS).time() == time(17)
