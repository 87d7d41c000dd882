"""A shift and the minutes it counts: worked time, the Brussels work date, hours on legal holidays."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from msgspec import Struct

from extra_services.belgian_calendar import is_public_holiday
from extra_services.clock import BRUSSELS
from extra_services.nowjobs.errors import (
    InvalidBreakError,
    ShiftEndsBeforeStartError,
    ShiftTimeNotOnWholeMinuteError,
    ShiftTimeWithoutOffsetError,
)

HOURS_PRECISION = Decimal("0.01")
MINUTE = timedelta(minutes=1)


class Shift(Struct, frozen=True):
    start: datetime
    end: datetime
    break_minutes: int = 0


def span_minutes(shift: Shift) -> int:
    """Minutes from start to end (real elapsed time), after checking the shift is possible."""
    for at in (shift.start, shift.end):
        if at.utcoffset() is None:
            raise ShiftTimeWithoutOffsetError(at)
        if at.second or at.microsecond:
            raise ShiftTimeNotOnWholeMinuteError(at)
    if shift.end <= shift.start:
        raise ShiftEndsBeforeStartError(shift.start, shift.end)
    span = (shift.end.astimezone(UTC) - shift.start.astimezone(UTC)) // MINUTE
    if not 0 <= shift.break_minutes < span:
        raise InvalidBreakError(shift.break_minutes, span)
    return span


def work_date(start: datetime) -> date:
    """The Europe/Brussels date of a shift's start: the date rates, age and committee rules use."""
    return start.astimezone(BRUSSELS).date()


def minutes_on_public_holidays(start: datetime, end: datetime) -> int:
    """Minutes of [start, end) on a Belgian legal holiday, by Europe/Brussels calendar date."""
    minutes = 0
    cursor, end = start.astimezone(UTC), end.astimezone(UTC)
    while cursor < end:
        local_day = cursor.astimezone(BRUSSELS).date()
        next_midnight = datetime.combine(local_day + timedelta(days=1), time(), BRUSSELS).astimezone(UTC)
        segment_end = min(end, next_midnight)
        if is_public_holiday(local_day):
            minutes += (segment_end - cursor) // MINUTE
        cursor = segment_end
    return minutes


def hours(minutes: int | Decimal) -> Decimal:
    """Hours shown on a quote, to the hundredth; money is always computed from exact minutes."""
    return (Decimal(minutes) / 60).quantize(HOURS_PRECISION, ROUND_HALF_UP)
