"""Hours per shift in Brussels time, public holidays paid double, fees, and the rounding rule."""
from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.wage_quote import quote
from extra_services.nowjobs.workers import Worker, WorkerStatus

BRUSSELS = ZoneInfo("Europe/Brussels")
REGULAR = Worker(WorkerStatus.REGULAR, date(1990, 5, 17))
FLEXI = Worker(WorkerStatus.FLEXI, date(1990, 5, 17))


def local(y: int, m: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=BRUSSELS)


def test_hours_are_the_shift_less_its_break() -> None:
    result = quote(REGULAR, "201", Decimal("16.00"), [Shift(local(2026, 3, 2, 9), local(2026, 3, 2, 17), 30)])

    assert result.hours == Decimal("7.50")
    assert result.gross_wage == Decimal("120.00")


def test_shift_on_easter_monday_is_paid_double() -> None:
    line = quote(REGULAR, "201", Decimal("16.00"), [Shift(local(2026, 4, 6, 9), local(2026, 4, 6, 17))]).lines[0]

    assert line.holiday_hours == Decimal("8.00")
    assert line.gross_wage == Decimal("256.00")
    assert line.employer_contributions == Decimal("64.00")


def test_shift_on_an_ordinary_day_is_paid_single() -> None:
    line = quote(REGULAR, "201", Decimal("16.00"), [Shift(local(2026, 4, 7, 9), local(2026, 4, 7, 17))]).lines[0]

    assert line.holiday_hours == 0
    assert line.gross_wage == Decimal("128.00")


def test_only_the_hours_after_midnight_on_new_years_day_are_paid_double() -> None:
    line = quote(REGULAR, "302", Decimal("15.00"),
                 [Shift(local(2025, 12, 31, 20), local(2026, 1, 1, 4))]).lines[0]

    assert line.hours == Decimal("8.00")
    assert line.holiday_hours == Decimal("4.00")
    assert line.gross_wage == Decimal("180.00")  # 4 h x 15 + 4 h x 30


def test_break_is_taken_proportionally_from_holiday_and_ordinary_hours() -> None:
    line = quote(REGULAR, "302", Decimal("15.00"),
                 [Shift(local(2025, 12, 31, 20), local(2026, 1, 1, 4), 60)]).lines[0]

    assert line.holiday_hours == Decimal("3.50")
    assert line.gross_wage == Decimal("157.50")  # 7 h x 15 x (8 + 4) / 8


def test_work_date_is_the_brussels_date_not_the_utc_date() -> None:
    start = datetime(2026, 4, 5, 22, 30, tzinfo=UTC)  # 00:30 on Easter Monday in Brussels

    line = quote(REGULAR, "201", Decimal("16.00"), [Shift(start, datetime(2026, 4, 6, 2, 30, tzinfo=UTC))]).lines[0]

    assert line.work_date == date(2026, 4, 6)
    assert line.holiday_hours == Decimal("4.00")


def test_night_shift_over_the_spring_clock_change_counts_the_hours_really_worked() -> None:
    result = quote(REGULAR, "302", Decimal("15.00"), [Shift(local(2026, 3, 29, 1), local(2026, 3, 29, 5))])

    assert result.hours == Decimal("3.00")


def test_fees_are_per_worked_hour_and_not_doubled_on_a_holiday() -> None:
    result = quote(REGULAR, "201", Decimal("16.00"), [Shift(local(2026, 4, 6, 9), local(2026, 4, 6, 17), 30)])

    assert result.fees == Decimal("15.00")  # 7.5 h x €2.00 placeholder fee


def test_line_total_is_wage_plus_contributions_plus_fees() -> None:
    line = quote(FLEXI, "302", Decimal("15.00"), [Shift(local(2026, 3, 2, 9), local(2026, 3, 2, 17))]).lines[0]

    assert line.total == Decimal("120.00") + Decimal("33.60") + Decimal("16.00")


def test_each_line_is_rounded_to_the_cent_and_totals_are_sums_of_rounded_lines() -> None:
    twenty_minute_shifts = [Shift(local(2026, 3, d, 9), local(2026, 3, d, 9, 20)) for d in (2, 3, 4)]

    result = quote(REGULAR, "201", Decimal("12.83"), twenty_minute_shifts)

    assert [line.gross_wage for line in result.lines] == [Decimal("4.28")] * 3  # 12.83 / 3 = 4.2766...
    assert result.gross_wage == Decimal("12.84")  # not 12.83, the unrounded sum
    assert [line.employer_contributions for line in result.lines] == [Decimal("1.07")] * 3
    assert result.employer_contributions == Decimal("3.21")
    assert result.fees == Decimal("2.01")  # 3 x 0.67
    assert result.total == Decimal("18.06")


def test_contributions_are_computed_on_the_lines_rounded_gross() -> None:
    # 13.00 x 37 min = 8.01666... -> gross 8.02; 8.02 x 28% = 2.2456 -> 2.25 (on the unrounded gross: 2.24)
    line = quote(FLEXI, "302", Decimal("13.00"), [Shift(local(2026, 3, 2, 9), local(2026, 3, 2, 9, 37))]).lines[0]

    assert line.gross_wage == Decimal("8.02")
    assert line.employer_contributions == Decimal("2.25")
