"""The invoicing week and the TARGET2 (SEPA settlement) calendar.

NOWJOBS bills by direct debit, "invoice on the Thursday of the week after the work" (RULES.md §3):
a week runs Monday-Sunday in Europe/Brussels dates. SEPA collections settle only on TARGET days
(RULES.md §4), whose closing days the `holidays` package knows as the ECB financial calendar
(weekends, 1 Jan, Good Friday, Easter Monday, 1 May, 25 and 26 Dec, and the one-off 31 Dec 2001)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

from msgspec import Struct

from extra_services.clock import BRUSSELS

_DAYS_FROM_MONDAY_TO_NEXT_THURSDAY = 10


def brussels_date(at: datetime) -> date:
    """The Brussels calendar date of an instant (a shift starting Sunday 23:30 belongs to that Sunday)."""
    if at.tzinfo is None:
        raise ValueError("brussels_date needs an aware datetime")
    return at.astimezone(BRUSSELS).date()


class InvoicingWeek(Struct, frozen=True):
    """Monday to Sunday, both included."""

    monday: date

    def __post_init__(self) -> None:
        if self.monday.weekday() != 0:
            raise ValueError(f"an invoicing week starts on a Monday, not on {self.monday.isoformat()}")

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def invoice_date(self) -> date:
        """The Thursday of the following week (kept even when that Thursday is a holiday:
        issuing an invoice needs no bank)."""
        return self.monday + timedelta(days=_DAYS_FROM_MONDAY_TO_NEXT_THURSDAY)

    def contains(self, day: date) -> bool:
        return self.monday <= day <= self.sunday


def invoicing_week_of(work_day: date) -> InvoicingWeek:
    return InvoicingWeek(work_day - timedelta(days=work_day.weekday()))


@lru_cache(maxsize=64)
def _target_closing_days(year: int) -> frozenset[date]:
    import holidays  # noqa: PLC0415 -- on the first question, as in belgian_calendar (a costly import)

    return frozenset(holidays.financial_holidays("XECB", years=year).keys())


def is_target_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _target_closing_days(day.year)


def target_business_day_on_or_after(day: date) -> date:
    while not is_target_business_day(day):
        day += timedelta(days=1)
    return day


def target_business_day_after(day: date) -> date:
    return target_business_day_on_or_after(day + timedelta(days=1))


def target_business_day_before(day: date) -> date:
    day -= timedelta(days=1)
    while not is_target_business_day(day):
        day -= timedelta(days=1)
    return day
