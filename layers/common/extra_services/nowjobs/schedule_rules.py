"""What makes a schedule of shifts sane: the checks on an offer's or a proposal's shifts, and on the
hours a company reports (RULES.md §3; the limits are product choices, docs/decisions/nowjobs-lifecycle.md).

Shape checks return a message (the request models turn it into a 422 detail); checks against the clock
raise InvalidInput, since they need `now`."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import pairwise

from extra_services.clock import iso_instant
from extra_services.errors import InvalidInput
from extra_services.nowjobs.shift_hours import Shift

MIN_SHIFT_LENGTH = timedelta(hours=1)
MAX_SHIFT_LENGTH = timedelta(hours=12)  # start to end, breaks included
MAX_BREAK_MINUTES = 240
MAX_SHIFTS = 50
PUBLISH_HORIZON = timedelta(days=365)  # how far ahead a shift may be planned


def shift_shape_problem(start: datetime, end: datetime, break_minutes: int, *,
                        minimum: timedelta = MIN_SHIFT_LENGTH) -> str | None:
    """Why these times cannot be a shift, or None."""
    for at in (start, end):
        if at.second or at.microsecond:
            return "shift times are whole minutes"
    if end <= start:
        return "the end must be after the start"
    length = end - start
    if length < minimum:
        return f"a shift lasts at least {_duration(minimum)}"
    if length > MAX_SHIFT_LENGTH:
        return f"a shift lasts at most {_duration(MAX_SHIFT_LENGTH)}, breaks included"
    if not 0 <= break_minutes <= MAX_BREAK_MINUTES or timedelta(minutes=break_minutes) >= length:
        return f"the break must be 0 to {MAX_BREAK_MINUTES} minutes and shorter than the shift"
    return None


def overlap_problem(shifts: Sequence[Shift]) -> str | None:
    ordered = sorted(shifts, key=lambda s: (s.start, s.end))
    for earlier, later in pairwise(ordered):
        if later.start < earlier.end:
            return (f"the shift starting {iso_instant(later.start)} overlaps the one ending "
                    f"{iso_instant(earlier.end)}")
    return None


def check_shifts_ahead(shifts: Sequence[Shift], now: datetime, *, field: str = "shifts") -> None:
    """Every shift starts in the future, at most PUBLISH_HORIZON ahead."""
    for index, shift in enumerate(shifts):
        if shift.start <= now:
            raise InvalidInput(f"The shift starting {iso_instant(shift.start)} is not in the future.",
                               code="SHIFT_NOT_IN_FUTURE",
                               details=[{"field": f"{field}[{index}].start", "message": "must be in the future"}])
        if shift.start > now + PUBLISH_HORIZON:
            raise InvalidInput(f"The shift starting {iso_instant(shift.start)} is more than "
                               f"{PUBLISH_HORIZON.days} days ahead.", code="SHIFT_TOO_FAR_AHEAD",
                               details=[{"field": f"{field}[{index}].start",
                                         "message": f"at most {PUBLISH_HORIZON.days} days ahead"}])


def _duration(span: timedelta) -> str:
    hours = span // timedelta(hours=1)
    return f"{hours} hour" + ("s" if hours != 1 else "")
