"""The one source of time for domain code (never datetime.now() elsewhere).

In AWS it reads the system clock; locally and in tests the system clock itself follows the
virtual clock (time-machine), so the same SystemClock serves everywhere. Tests of pure rules
pass a FixedClock."""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)  # noqa: TID251 - the one allowed call


class FixedClock:
    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.at = at

    def now(self) -> datetime:
        return self.at


def brussels_today(clock: Clock) -> date:
    """Legal dates are Europe/Brussels calendar dates."""
    return clock.now().astimezone(BRUSSELS).date()


def iso_instant(at: datetime) -> str:
    """ISO 8601 with offset, UTC, second precision: 2026-03-15T09:00:00Z."""
    return at.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
