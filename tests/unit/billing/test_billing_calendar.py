from datetime import UTC, date, datetime

import pytest

from extra_services.billing.calendar import (
    InvoicingWeek,
    brussels_date,
    invoicing_week_of,
    is_target_business_day,
    target_business_day_after,
    target_business_day_before,
    target_business_day_on_or_after,
)


def test_invoice_for_week_of_2_march_is_issued_on_thursday_12_march() -> None:
    assert InvoicingWeek(date(2026, 3, 2)).invoice_date == date(2026, 3, 12)


@pytest.mark.parametrize("work_day", [date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 8)])
def test_work_from_monday_to_sunday_falls_in_the_same_invoicing_week(work_day: date) -> None:
    week = invoicing_week_of(work_day)
    assert week.monday == date(2026, 3, 2)
    assert week.sunday == date(2026, 3, 8)
    assert week.contains(work_day)


def test_invoice_date_stays_on_thursday_even_when_it_is_a_holiday() -> None:
    # Ascension Day 2026 is Thursday 14 May: the invoice for the week of 4 May is still issued then.
    assert invoicing_week_of(date(2026, 5, 6)).invoice_date == date(2026, 5, 14)


def test_an_invoicing_week_must_start_on_a_monday() -> None:
    with pytest.raises(ValueError, match="Monday"):
        InvoicingWeek(date(2026, 3, 3))


def test_a_shift_late_on_sunday_evening_in_brussels_belongs_to_that_sunday() -> None:
    sunday_23_30_brussels = datetime(2026, 3, 8, 22, 30, tzinfo=UTC)
    assert brussels_date(sunday_23_30_brussels) == date(2026, 3, 8)
    assert invoicing_week_of(brussels_date(sunday_23_30_brussels)).monday == date(2026, 3, 2)


def test_brussels_date_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="aware"):
        brussels_date(datetime(2026, 3, 8, 22, 30))


@pytest.mark.parametrize("closed", [
    date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 1),
    date(2026, 12, 25), date(2026, 12, 26), date(2026, 3, 7), date(2026, 3, 8),
])
def test_target_is_closed_on_weekends_and_its_six_holidays(closed: date) -> None:
    assert not is_target_business_day(closed)


@pytest.mark.parametrize("open_day", [date(2026, 5, 14), date(2026, 5, 25), date(2026, 7, 21), date(2026, 11, 11)])
def test_belgian_holidays_that_are_not_target_holidays_are_business_days(open_day: date) -> None:
    assert is_target_business_day(open_day)


def test_next_and_previous_target_business_days_skip_easter() -> None:
    assert target_business_day_on_or_after(date(2026, 4, 3)) == date(2026, 4, 7)
    assert target_business_day_after(date(2026, 4, 2)) == date(2026, 4, 7)
    assert target_business_day_before(date(2026, 4, 7)) == date(2026, 4, 2)
    assert target_business_day_on_or_after(date(2026, 4, 2)) == date(2026, 4, 2)
