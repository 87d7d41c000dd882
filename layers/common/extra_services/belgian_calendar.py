"""Belgian legal holidays, working days and working hours (RULES.md §2).

Working days are Monday to Friday, the ten legal holidays excluded. Working hours are
09:00-17:00 Europe/Brussels wall-clock time on working days, so a working hour is always a
real hour: DST changes happen at night, outside the window.
Instants go in aware and come out aware in UTC; naive datetimes are refused."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from dateutil.easter import easter  # no stubs installed

from extra_services.clock import BRUSSELS

OPENING = time(9, 0)
CLOSING = time(17, 0)


@lru_cache(maxsize=64)
def legal_holidays(year: int) -> frozenset[date]:
    """The ten legal holidays of the year: 1 Jan, Easter Monday, 1 May, Ascension, Whit Monday,
    21 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec."""
    # holidays is imported on the first question (the answer is then cached per year), not with this module:
    # it costs tens of milliseconds, which every function importing this module would pay at cold start.
    import holidays  # noqa: PLC0415

    listed = holidays.country_holidays("BE", years=year).keys()
    # The package also lists Easter Sunday and Whit Sunday; they are not legal holidays
    # (and are Sundays anyway), so "public holiday" here means exactly the ten.
    easter_sunday = easter(year)
    not_legal = {easter_sunday, easter_sunday + timedelta(days=49)}
    return frozenset(day for day in listed if day not in not_legal)


def is_public_holiday(day: date) -> bool:
    """True on one of the ten Belgian legal holidays."""
    return day in legal_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_public_holiday(day)


def next_working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def next_working_day_after(day: date) -> date:
    return next_working_day_on_or_after(day + timedelta(days=1))


def add_working_days(day: date, days: int) -> date:
    """The `days`-th working day after `day` (`day` itself is not counted; 0 returns `day`)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    for _ in range(days):
        day = next_working_day_after(day)
    return day


def brussels_date(at: datetime) -> date:
    return _to_brussels(at).date()


def opening_of(day: date) -> datetime:
    """09:00 Brussels on `day`, as a UTC instant."""
    return _brussels_instant(day, OPENING)


def closing_of(day: date) -> datetime:
    """17:00 Brussels on `day`, as a UTC instant."""
    return _brussels_instant(day, CLOSING)


def start_of_day(day: date) -> datetime:
    """00:00 Brussels on `day`, as a UTC instant."""
    return _brussels_instant(day, time(0, 0))


def is_within_working_hours(at: datetime) -> bool:
    local = _to_brussels(at)
    return is_working_day(local.date()) and OPENING <= local.time() < CLOSING


def next_opening_on_or_after(at: datetime) -> datetime:
    """`at` itself when within working hours, otherwise the next 09:00 of a working day (UTC)."""
    local = _to_brussels(at)
    if is_within_working_hours(at):
        return local.astimezone(UTC)
    if is_working_day(local.date()) and local.time() < OPENING:
        return opening_of(local.date())
    return opening_of(next_working_day_after(local.date()))


def add_working_time(at: datetime, duration: timedelta) -> datetime:
    """`at` plus `duration` counted in working hours only.

    An instant outside working hours starts counting at the next opening. A result that falls
    exactly on closing time stays on that day (17:00), it does not jump to the next opening."""
    if duration < timedelta(0):
        raise ValueError("duration must be >= 0")
    cursor = next_opening_on_or_after(at)
    remaining = duration
    while True:
        day = brussels_date(cursor)
        left_today = closing_of(day) - cursor
        if remaining <= left_today:
            return cursor + remaining
        remaining -= left_today
        cursor = opening_of(next_working_day_after(day))


def add_working_hours(at: datetime, hours: int) -> datetime:
    return add_working_time(at, timedelta(hours=hours))


def _to_brussels(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("an aware datetime is required")
    return at.astimezone(BRUSSELS)


def _brussels_instant(day: date, wall_time: time) -> datetime:
    return datetime.combine(day, wall_time, tzinfo=BRUSSELS).astimezone(UTC)
