"""NOWJOBS rule violations: each class has one stable code and builds a readable message.

All are InvalidInput (the request is well-formed but breaks a rule), so the HTTP layer answers 422."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from extra_services.errors import InvalidInput
from extra_services.money import format_money


class NowjobsRuleError(InvalidInput):
    code = "NOWJOBS_RULE_VIOLATED"

    def __init__(self, message: str, **detail: str) -> None:
        # the HTTP error body lists {field, message}; the other keys (value, minimum) are for callers in code
        super().__init__(message, details=[{"message": message, **detail}] if detail else None)


class NoShiftsError(NowjobsRuleError):
    code = "NO_SHIFTS"

    def __init__(self) -> None:
        super().__init__("a wage quote needs at least one shift", field="shifts")


class ShiftTimeWithoutOffsetError(NowjobsRuleError):
    code = "SHIFT_TIME_WITHOUT_OFFSET"

    def __init__(self, at: datetime) -> None:
        super().__init__(f"shift time {at.isoformat()} has no UTC offset", field="shifts",
                         value=at.isoformat())


class ShiftTimeNotOnWholeMinuteError(NowjobsRuleError):
    code = "SHIFT_TIME_NOT_ON_WHOLE_MINUTE"

    def __init__(self, at: datetime) -> None:
        super().__init__(f"shift time {at.isoformat()} is not on a whole minute", field="shifts",
                         value=at.isoformat())


class ShiftEndsBeforeStartError(NowjobsRuleError):
    code = "SHIFT_ENDS_BEFORE_START"

    def __init__(self, start: datetime, end: datetime) -> None:
        super().__init__(f"the shift ending {end.isoformat()} does not end after its start "
                         f"{start.isoformat()}", field="shifts", start=start.isoformat(), end=end.isoformat())


class InvalidBreakError(NowjobsRuleError):
    code = "INVALID_BREAK"

    def __init__(self, break_minutes: int, shift_minutes: int) -> None:
        super().__init__(f"a break of {break_minutes} minutes is not possible in a shift of {shift_minutes} "
                         "minutes: it must be at least 0 and shorter than the shift",
                         field="breakMinutes", value=str(break_minutes))


class ShiftsOverlapError(NowjobsRuleError):
    code = "SHIFTS_OVERLAP"

    def __init__(self, earlier_end: datetime, later_start: datetime) -> None:
        super().__init__(f"a shift starting {later_start.isoformat()} overlaps the previous shift, "
                         f"which ends {earlier_end.isoformat()}", field="shifts")


class InvalidHourlyWageError(NowjobsRuleError):
    code = "INVALID_HOURLY_WAGE"

    def __init__(self, hourly_wage: Decimal) -> None:
        super().__init__(f"hourly wage {hourly_wage} must be a positive amount with at most two decimals",
                         field="hourlyWage")


class InvalidStudentHoursUsedError(NowjobsRuleError):
    code = "INVALID_STUDENT_HOURS_USED"

    def __init__(self, hours: int) -> None:
        super().__init__(f"student hours already used this year cannot be negative (got {hours})",
                         field="studentHoursUsedThisYear")


class BirthDateAfterShiftError(NowjobsRuleError):
    code = "BIRTH_DATE_AFTER_SHIFT"

    def __init__(self, birth_date: date, day: date) -> None:
        super().__init__(f"birth date {birth_date.isoformat()} is after the shift on {day.isoformat()}",
                         field="birthDate")


class UnsupportedJointCommitteeError(NowjobsRuleError):
    code = "UNSUPPORTED_JOINT_COMMITTEE"

    def __init__(self, joint_committee: str, day: date) -> None:
        super().__init__(f"NOWJOBS does not support joint committee {joint_committee} on {day.isoformat()}; "
                         "contact NOWJOBS (now@nowjobs.com) to hire under another committee",
                         field="jointCommittee", value=joint_committee)


class FlexiNotAllowedInJointCommitteeError(NowjobsRuleError):
    code = "FLEXI_NOT_ALLOWED_IN_JOINT_COMMITTEE"

    def __init__(self, joint_committee: str, day: date) -> None:
        super().__init__(f"flexi-jobs are not allowed in joint committee {joint_committee} "
                         f"on {day.isoformat()}", field="jointCommittee", value=joint_committee)


class WageBelowLegalFloorError(NowjobsRuleError):
    code = "WAGE_BELOW_LEGAL_FLOOR"

    def __init__(self, hourly_wage: Decimal, floor: Decimal, whom: str, joint_committee: str,
                 day: date) -> None:
        super().__init__(f"hourly wage €{format_money(hourly_wage)} is below the legal minimum of "
                         f"€{format_money(floor)} for {whom} in joint committee {joint_committee} "
                         f"on {day.isoformat()}",
                         field="hourlyWage", value=format_money(hourly_wage), minimum=format_money(floor))


class RateUnknownForDateError(NowjobsRuleError):
    code = "RATE_UNKNOWN_FOR_DATE"

    def __init__(self, reason: str, day: date) -> None:
        super().__init__(f"no legal rate is known for a shift on {day.isoformat()}: {reason}", field="shifts")
