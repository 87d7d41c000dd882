"""Schedules on the virtual clock: EventBridge rules (Schedule: rate/cron, UTC) and EventBridge
Scheduler (ScheduleV2: rate/cron/at with a time zone, StartDate/EndDate), AWS cron flavour
(6 fields, 1=SUN, ? L W #), daylight saving time handled (a skipped local time does not fire, an
ambiguous one fires once)."""
from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .virtual_time import VirtualClock, format_instant

__all__ = ["AwsCron", "Schedule", "localize", "start_schedules"]

_MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1)}
_DAYS = {d: i for i, d in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], 1)}


def _num(text: str, names: dict[str, int] | None) -> int:
    return names[text.upper()] if names and text.upper() in names else int(text)


def _values(spec: str, lo: int, hi: int, names: dict[str, int] | None = None) -> set[int]:
    out: set[int] = set()
    for item in spec.split(","):
        step = 1
        part = item
        if "/" in item:
            part, step_text = item.split("/")
            step = int(step_text)
        if part in ("*", "?"):
            a, b = lo, hi
        elif "-" in part:
            a, b = (_num(x, names) for x in part.split("-"))
        else:
            a = _num(part, names)
            b = hi if step != 1 else a
        if not (lo <= a <= hi and lo <= b <= hi and step > 0):
            raise ValueError(f"cron field {spec!r} out of range {lo}-{hi}")
        out.update(range(a, b + 1, step))
    return out


def _last_day(d: date) -> int:
    following = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def _aws_weekday(d: date) -> int:                   # AWS: 1=SUN .. 7=SAT
    return (d.weekday() + 1) % 7 + 1


def _nearest_weekday(d: date, n: int) -> date:
    t = date(d.year, d.month, min(n, _last_day(d)))
    if t.weekday() == 5:
        t = t - timedelta(days=1) if t.day > 1 else t + timedelta(days=2)
    elif t.weekday() == 6:
        t = t + timedelta(days=1) if t.day < _last_day(t) else t - timedelta(days=2)
    return t


def localize(naive: datetime, tz: ZoneInfo) -> datetime | None:
    """Local wall time -> aware; None inside a spring-forward gap; the first instant if ambiguous."""
    aware = naive.replace(tzinfo=tz)
    return aware if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive else None


class AwsCron:
    """cron(minutes hours day-of-month month day-of-week year), EventBridge flavour."""

    def __init__(self, expression: str) -> None:
        fields = expression.split()
        if len(fields) != 6:
            raise ValueError(f"cron({expression}): 6 fields expected")
        minutes, hours, dom, month, dow, year = fields
        if (dom == "?") == (dow == "?"):
            raise ValueError(f"cron({expression}): exactly one of day-of-month/day-of-week must be '?'")
        self.minutes, self.hours = sorted(_values(minutes, 0, 59)), sorted(_values(hours, 0, 23))
        self.months, self.years = _values(month, 1, 12, _MONTHS), _values(year, 1970, 2199)
        self.day_ok = self._day_of_month(dom.upper()) if dow == "?" else self._day_of_week(dow.upper())

    @staticmethod
    def _day_of_month(f: str) -> Callable[[date], bool]:
        if f == "L":
            return lambda d: d.day == _last_day(d)
        if f == "LW":
            return lambda d: d == _nearest_weekday(d, 31)
        if f.endswith("W"):
            n = int(f[:-1])
            return lambda d: d == _nearest_weekday(d, n)
        days = _values(f, 1, 31)
        return lambda d: d.day in days

    @staticmethod
    def _day_of_week(f: str) -> Callable[[date], bool]:
        if "#" in f:
            wd_text, nth_text = f.split("#")
            wd, nth = _num(wd_text, _DAYS), int(nth_text)
            return lambda d: _aws_weekday(d) == wd and (d.day - 1) // 7 + 1 == nth
        if f.endswith("L"):
            last_wd = _num(f[:-1], _DAYS) if len(f) > 1 else 7
            return lambda d: _aws_weekday(d) == last_wd and d.day + 7 > _last_day(d)
        days = _values(f, 1, 7, _DAYS)
        return lambda d: _aws_weekday(d) in days

    def next_after(self, after: datetime, tz: ZoneInfo) -> datetime | None:
        day = after.astimezone(tz).date()
        for _ in range(366 * 10):
            if day.year in self.years and day.month in self.months and self.day_ok(day):
                for h in self.hours:
                    for m in self.minutes:
                        at = localize(datetime(day.year, day.month, day.day, h, m), tz)
                        if at is not None and at > after:
                            return at.astimezone(UTC)
            day += timedelta(days=1)
        return None


@dataclass
class Schedule:
    name: str
    arn: str
    target_arn: str                   # a Lambda function or a state machine
    expression: str                   # rate(...), cron(...), at(...)
    tz: ZoneInfo
    v2: bool                          # EventBridge Scheduler (ScheduleV2) vs a rule (Schedule)
    input: str | None
    start: datetime | None = None
    end: datetime | None = None

    def __post_init__(self) -> None:
        match = re.fullmatch(r"\s*(rate|cron|at)\((.*)\)\s*", self.expression)
        if not match:
            raise ValueError(f"schedule {self.name}: unsupported expression {self.expression!r}")
        self.kind, arg = match.groups()
        if self.kind == "cron":
            self.cron = AwsCron(arg)
        elif self.kind == "rate":
            count, unit = arg.split()
            self.period = timedelta(**{unit.rstrip("s") + "s": int(count)})
        else:
            self.at = localize(datetime.fromisoformat(arg), self.tz)

    @property
    def targets_state_machine(self) -> bool:
        return self.target_arn.split(":")[2] == "states"

    def first(self, created: datetime) -> datetime | None:
        if self.kind == "rate":          # Scheduler: StartDate or at once; a rule: one period later
            anchor = self.start or created
            return anchor if self.v2 else anchor + self.period
        if self.kind == "at":
            return self.at if self.at and self.at >= created else None
        if self.start and self.start > created:
            return self.cron.next_after(self.start - timedelta(microseconds=1), self.tz)
        return self.cron.next_after(created, self.tz)    # strictly after creation

    def after(self, last: datetime) -> datetime | None:
        if self.kind == "rate":
            return last + self.period
        return self.cron.next_after(last, self.tz) if self.kind == "cron" else None

    def payload(self, when: datetime, account: str, region: str) -> Any:
        if self.v2:
            if self.input is None:
                return {}
            text = (self.input.replace("<aws.scheduler.scheduled-time>", format_instant(when))
                    .replace("<aws.scheduler.schedule-arn>", self.arn)
                    .replace("<aws.scheduler.execution-id>", uuid.uuid4().hex[:16])
                    .replace("<aws.scheduler.attempt-number>", "1"))
            return json.loads(text)
        if self.input is not None:
            return json.loads(self.input)
        return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event",
                "source": "aws.events", "account": account, "time": format_instant(when), "region": region,
                "resources": [self.arn], "detail": {}}


def start_schedules(clock: VirtualClock, schedules: list[Schedule],
                    fire: Callable[[Schedule, datetime], None]) -> None:
    """One tracked thread per schedule, parked on the clock until its next due time."""
    created = clock.now()

    def run(schedule: Schedule) -> None:
        when = schedule.first(created)
        while when is not None and (schedule.end is None or when <= schedule.end):
            clock.park_until(when, f"schedule {schedule.name}")
            fire(schedule, when)
            when = schedule.after(when)

    for schedule in schedules:
        clock.Thread(target=run, args=(schedule,), name=f"schedule:{schedule.name}", daemon=True).start()
