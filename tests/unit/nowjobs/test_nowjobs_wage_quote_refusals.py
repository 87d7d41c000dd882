"""Legal wage floors, committee rules and malformed shifts: refused with a stable code and a readable message."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from extra_services.errors import DomainError, InvalidInput
from extra_services.nowjobs.errors import (
    BirthDateAfterShiftError,
    FlexiNotAllowedInJointCommitteeError,
    InvalidBreakError,
    InvalidHourlyWageError,
    InvalidStudentHoursUsedError,
    NoShiftsError,
    RateUnknownForDateError,
    ShiftEndsBeforeStartError,
    ShiftsOverlapError,
    ShiftTimeNotOnWholeMinuteError,
    ShiftTimeWithoutOffsetError,
    UnsupportedJointCommitteeError,
    WageBelowLegalFloorError,
)
from extra_services.nowjobs.legal_floor import legal_hourly_floor
from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.wage_quote import quote
from extra_services.nowjobs.workers import Worker, WorkerStatus

BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY = date(2026, 3, 2)
NINE_TO_FIVE = Shift(datetime(2026, 3, 2, 9, tzinfo=BRUSSELS), datetime(2026, 3, 2, 17, tzinfo=BRUSSELS))


def aged(years: int, status: WorkerStatus = WorkerStatus.STUDENT) -> Worker:
    """A worker who turned `years` on 1 January 2026, so is that age on MONDAY."""
    return Worker(status, date(2026 - years, 1, 1))


def test_18_year_old_floor_is_79_percent_of_national_minimum() -> None:
    floor = legal_hourly_floor(aged(18), "201", MONDAY)

    assert floor == Decimal("10.14")  # 2111.89 x 3 / 13 / 38 x 79% = 10.1319..., rounded up


def test_21_year_old_floor_is_the_full_national_minimum() -> None:
    assert legal_hourly_floor(aged(21), "201", MONDAY) == Decimal("12.83")


def test_16_year_old_floor_is_67_percent_of_national_minimum() -> None:
    assert legal_hourly_floor(aged(16), "201", MONDAY) == Decimal("8.60")  # 8.5929...


def test_floor_follows_the_age_on_the_shift_date() -> None:
    worker = Worker(WorkerStatus.STUDENT, date(2008, 3, 3))

    assert legal_hourly_floor(worker, "201", date(2026, 3, 2)) == Decimal("9.37")  # 17: 73%
    assert legal_hourly_floor(worker, "201", date(2026, 3, 3)) == Decimal("10.14")  # 18: 79%


def test_wage_equal_to_the_floor_is_accepted() -> None:
    assert quote(aged(18), "201", Decimal("10.14"), [NINE_TO_FIVE]).gross_wage == Decimal("81.12")


def test_wage_under_floor_is_refused_with_readable_message() -> None:
    with pytest.raises(WageBelowLegalFloorError) as refused:
        quote(aged(18), "201", Decimal("10.13"), [NINE_TO_FIVE])

    assert refused.value.code == "WAGE_BELOW_LEGAL_FLOOR"
    assert refused.value.message == ("hourly wage €10.13 is below the legal minimum of €10.14 for a student "
                                     "aged 18 in joint committee 201 on 2026-03-02")
    assert refused.value.details == [{"field": "hourlyWage", "message": refused.value.message, "value": "10.13",
                                      "minimum": "10.14"}]


def test_flexi_wage_under_the_horeca_floor_is_refused_with_readable_message() -> None:
    with pytest.raises(WageBelowLegalFloorError) as refused:
        quote(aged(40, WorkerStatus.FLEXI), "302", Decimal("9.00"), [NINE_TO_FIVE])

    assert refused.value.message == ("hourly wage €9.00 is below the legal minimum of €12.53 for a "
                                     "flexi-jobber in joint committee 302 on 2026-03-02")


def test_horeca_flexi_floor_replaces_the_national_minimum() -> None:
    assert legal_hourly_floor(aged(40, WorkerStatus.FLEXI), "302", MONDAY) == Decimal("12.53")
    assert quote(aged(40, WorkerStatus.FLEXI), "302", Decimal("12.53"), [NINE_TO_FIVE]).gross_wage == \
        Decimal("100.24")


def test_flexi_in_a_committee_without_recorded_scale_falls_back_to_the_national_minimum() -> None:
    assert legal_hourly_floor(aged(40, WorkerStatus.FLEXI), "201", MONDAY) == Decimal("12.83")


def test_student_in_horeca_uses_the_youth_floor_not_the_flexi_scale() -> None:
    assert legal_hourly_floor(aged(17), "302", MONDAY) == Decimal("9.37")


def test_flexi_is_refused_in_a_committee_that_does_not_allow_flexi() -> None:
    with pytest.raises(FlexiNotAllowedInJointCommitteeError) as refused:
        quote(aged(40, WorkerStatus.FLEXI), "140.03", Decimal("15.00"), [NINE_TO_FIVE])

    assert refused.value.code == "FLEXI_NOT_ALLOWED_IN_JOINT_COMMITTEE"
    assert refused.value.message == "flexi-jobs are not allowed in joint committee 140.03 on 2026-03-02"


def test_student_may_work_in_a_committee_that_does_not_allow_flexi() -> None:
    assert quote(aged(20), "140.03", Decimal("15.00"), [NINE_TO_FIVE]).gross_wage == Decimal("120.00")


def test_committee_nowjobs_does_not_support_is_refused() -> None:
    with pytest.raises(UnsupportedJointCommitteeError) as refused:
        quote(aged(40, WorkerStatus.REGULAR), "124", Decimal("20.00"), [NINE_TO_FIVE])

    assert refused.value.code == "UNSUPPORTED_JOINT_COMMITTEE"
    assert "joint committee 124" in refused.value.message


def test_shift_ending_before_it_starts_is_refused() -> None:
    backwards = Shift(NINE_TO_FIVE.end, NINE_TO_FIVE.start)

    with pytest.raises(ShiftEndsBeforeStartError) as refused:
        quote(aged(30), "302", Decimal("15.00"), [backwards])

    assert refused.value.code == "SHIFT_ENDS_BEFORE_START"


def test_empty_shift_is_refused_as_ending_before_it_starts() -> None:
    with pytest.raises(ShiftEndsBeforeStartError):
        quote(aged(30), "302", Decimal("15.00"), [Shift(NINE_TO_FIVE.start, NINE_TO_FIVE.start)])


@pytest.mark.parametrize("break_minutes", [-1, 480, 500])
def test_break_must_be_shorter_than_the_shift(break_minutes: int) -> None:
    with pytest.raises(InvalidBreakError):
        quote(aged(30), "302", Decimal("15.00"), [Shift(NINE_TO_FIVE.start, NINE_TO_FIVE.end, break_minutes)])


def test_shift_time_without_offset_is_refused() -> None:
    with pytest.raises(ShiftTimeWithoutOffsetError):
        quote(aged(30), "302", Decimal("15.00"), [Shift(datetime(2026, 3, 2, 9), NINE_TO_FIVE.end)])


def test_shift_time_with_seconds_is_refused() -> None:
    with pytest.raises(ShiftTimeNotOnWholeMinuteError):
        quote(aged(30), "302", Decimal("15.00"),
              [Shift(datetime(2026, 3, 2, 9, 0, 30, tzinfo=BRUSSELS), NINE_TO_FIVE.end)])


def test_overlapping_shifts_are_refused() -> None:
    overlapping = Shift(datetime(2026, 3, 2, 16, tzinfo=BRUSSELS), datetime(2026, 3, 2, 20, tzinfo=BRUSSELS))

    with pytest.raises(ShiftsOverlapError):
        quote(aged(30), "302", Decimal("15.00"), [overlapping, NINE_TO_FIVE])


def test_back_to_back_shifts_are_not_an_overlap() -> None:
    evening = Shift(NINE_TO_FIVE.end, datetime(2026, 3, 2, 20, tzinfo=BRUSSELS))

    assert quote(aged(30), "302", Decimal("15.00"), [NINE_TO_FIVE, evening]).hours == Decimal("11.00")


def test_quote_without_shifts_is_refused() -> None:
    with pytest.raises(NoShiftsError):
        quote(aged(30), "302", Decimal("15.00"), [])


@pytest.mark.parametrize("wage", ["0", "-12.00", "15.005", "NaN"])
def test_hourly_wage_must_be_positive_with_at_most_two_decimals(wage: str) -> None:
    with pytest.raises(InvalidHourlyWageError):
        quote(aged(30), "302", Decimal(wage), [NINE_TO_FIVE])


def test_negative_student_hours_used_is_refused() -> None:
    with pytest.raises(InvalidStudentHoursUsedError):
        quote(Worker(WorkerStatus.STUDENT, date(2005, 1, 1), student_hours_used_this_year=-1), "302",
              Decimal("15.00"), [NINE_TO_FIVE])


def test_birth_date_after_the_shift_is_refused() -> None:
    with pytest.raises(BirthDateAfterShiftError):
        quote(Worker(WorkerStatus.STUDENT, date(2026, 3, 3)), "302", Decimal("15.00"), [NINE_TO_FIVE])


def test_shift_before_the_first_known_minimum_wage_is_refused_not_guessed() -> None:
    old = Shift(datetime(2025, 1, 6, 9, tzinfo=BRUSSELS), datetime(2025, 1, 6, 17, tzinfo=BRUSSELS))

    with pytest.raises(RateUnknownForDateError) as refused:
        quote(aged(30), "302", Decimal("15.00"), [old])

    assert refused.value.code == "RATE_UNKNOWN_FOR_DATE"


def test_refusals_are_domain_validation_errors() -> None:
    with pytest.raises(InvalidInput) as refused:
        quote(aged(30), "302", Decimal("15.00"), [])

    assert isinstance(refused.value, DomainError)
    assert refused.value.details == [{"field": "shifts", "message": "a wage quote needs at least one shift"}]
