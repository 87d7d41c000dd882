"""Employer contributions by worker status, and the student's yearly quota."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from extra_services.nowjobs.contributions import ContributionKind, ContributionShare
from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.wage_quote import quote, quote_shift
from extra_services.nowjobs.workers import Worker, WorkerStatus

BRUSSELS = ZoneInfo("Europe/Brussels")
ADULT = date(1990, 5, 17)


def shift(day: date, start_hour: int, end_hour: int, break_minutes: int = 0, end_minute: int = 0) -> Shift:
    return Shift(datetime(day.year, day.month, day.day, start_hour, tzinfo=BRUSSELS),
                 datetime(day.year, day.month, day.day, end_hour, end_minute, tzinfo=BRUSSELS), break_minutes)


def student(hours_used: int, quota_year: int | None = None) -> Worker:
    return Worker(WorkerStatus.STUDENT, ADULT, student_hours_used_this_year=hours_used, quota_year=quota_year)


MONDAY = date(2026, 3, 2)
TUESDAY = date(2026, 3, 3)


def test_flexi_employer_contribution_is_28_percent_from_2024() -> None:
    result = quote(Worker(WorkerStatus.FLEXI, ADULT), "302", Decimal("15.00"), [shift(MONDAY, 9, 17)])

    assert result.gross_wage == Decimal("120.00")
    assert result.employer_contributions == Decimal("33.60")
    assert result.contribution_rate == Decimal("0.28")
    assert result.contribution_rates == (ContributionShare(ContributionKind.FLEXI_SPECIAL, Decimal("0.28"),
                                                           Decimal("8.00")),)


def test_regular_worker_pays_the_normal_employer_rate() -> None:
    result = quote(Worker(WorkerStatus.REGULAR, ADULT), "201", Decimal("16.00"), [shift(MONDAY, 9, 17)])

    assert result.employer_contributions == Decimal("32.00")
    assert result.contribution_rate == Decimal("0.25")


def test_student_hours_within_the_quota_use_the_5_42_percent_solidarity_rate() -> None:
    result = quote(student(0), "302", Decimal("14.00"), [shift(MONDAY, 9, 17)])

    assert result.employer_contributions == Decimal("6.07")  # 112.00 x 5.42% = 6.0704
    assert result.contribution_rate == Decimal("0.0542")


def test_student_hours_beyond_650_use_normal_rate() -> None:
    result = quote(student(650), "302", Decimal("14.00"), [shift(MONDAY, 9, 17)])

    assert result.employer_contributions == Decimal("28.00")
    assert result.contribution_rates == (ContributionShare(ContributionKind.NORMAL, Decimal("0.25"),
                                                           Decimal("8.00")),)


def test_shift_crossing_the_quota_is_split_between_solidarity_and_normal_rate() -> None:
    line = quote(student(647), "302", Decimal("14.00"), [shift(MONDAY, 9, 17)]).lines[0]

    assert [(s.kind, s.hours) for s in line.contributions] == [
        (ContributionKind.STUDENT_SOLIDARITY, Decimal("3.00")), (ContributionKind.NORMAL, Decimal("5.00"))]
    assert line.employer_contributions == Decimal("19.78")  # 112.00 x (3 x 5.42% + 5 x 25%) / 8 = 19.7764


def test_every_started_hour_counts_as_one_against_the_quota() -> None:
    result = quote(student(645), "302", Decimal("14.00"),
                   [shift(MONDAY, 9, 11, end_minute=10), shift(TUESDAY, 9, 12)])

    first, second = result.lines
    assert first.student_quota_hours_counted == 3  # 2 h 10 counts as 3 hours
    assert [(s.kind, s.hours) for s in second.contributions] == [
        (ContributionKind.STUDENT_SOLIDARITY, Decimal("2.00")), (ContributionKind.NORMAL, Decimal("1.00"))]


def test_started_hour_beyond_what_is_left_of_the_quota_is_at_the_normal_rate() -> None:
    line = quote(student(647), "302", Decimal("14.00"), [shift(MONDAY, 9, 12, end_minute=30)]).lines[0]

    assert [(s.kind, s.hours) for s in line.contributions] == [
        (ContributionKind.STUDENT_SOLIDARITY, Decimal("3.00")), (ContributionKind.NORMAL, Decimal("0.50"))]


def test_quota_is_consumed_in_shift_start_order_whatever_the_input_order() -> None:
    shifts = [shift(TUESDAY, 9, 17), shift(MONDAY, 9, 17)]

    in_order = quote(student(645), "302", Decimal("14.00"), sorted(shifts, key=lambda s: s.start))
    reversed_input = quote(student(645), "302", Decimal("14.00"), shifts)

    assert reversed_input == in_order
    assert reversed_input.lines[0].work_date == MONDAY
    assert reversed_input.lines[0].contributions[0].hours == Decimal("5.00")
    assert [s.kind for s in reversed_input.lines[1].contributions] == [ContributionKind.NORMAL]


def test_quota_starts_afresh_for_shifts_in_the_next_calendar_year() -> None:
    december, january = shift(date(2025, 12, 30), 9, 17), shift(date(2026, 1, 2), 9, 17)

    result = quote(student(650, quota_year=2025), "302", Decimal("14.00"), [december, january])

    assert [s.kind for s in result.lines[0].contributions] == [ContributionKind.NORMAL]
    assert [s.kind for s in result.lines[1].contributions] == [ContributionKind.STUDENT_SOLIDARITY]


def test_hours_used_belong_to_the_year_of_the_first_shift_when_no_quota_year_is_given() -> None:
    result = quote(student(650), "302", Decimal("14.00"), [shift(date(2026, 1, 2), 9, 17)])

    assert [s.kind for s in result.lines[0].contributions] == [ContributionKind.NORMAL]


def test_hours_used_last_year_do_not_reduce_this_years_quota() -> None:
    result = quote(student(650, quota_year=2025), "302", Decimal("14.00"), [shift(date(2026, 1, 2), 9, 17)])

    assert [s.kind for s in result.lines[0].contributions] == [ContributionKind.STUDENT_SOLIDARITY]


def test_quote_shift_can_be_given_the_quota_left_before_the_shift() -> None:
    line = quote_shift(student(0), "302", Decimal("14.00"), shift(MONDAY, 9, 17), student_quota_left=0)

    assert [s.kind for s in line.contributions] == [ContributionKind.NORMAL]


def test_several_rates_give_the_effective_contribution_rate() -> None:
    result = quote(student(647), "302", Decimal("14.00"), [shift(MONDAY, 9, 17)])

    assert result.contribution_rate == Decimal("0.1766")  # 19.78 / 112.00
