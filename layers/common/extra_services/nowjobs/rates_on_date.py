"""Looking rates up for a work date: a date before a table's first row is a refusal the caller can
read (RATE_UNKNOWN_FOR_DATE), never a crash and never a guess."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from extra_services.nowjobs.errors import RateUnknownForDateError
from extra_services.rates.dated import NoRateForDate


@contextmanager
def rates_known_on(day: date) -> Iterator[None]:
    try:
        yield
    except NoRateForDate as exc:
        raise RateUnknownForDateError(str(exc), day) from exc
