"""A table of values each valid from a date until the next row's date."""
from __future__ import annotations

import bisect
from datetime import date
from typing import Generic, TypeVar

from msgspec import Struct

T = TypeVar("T")


class NoRateForDate(LookupError):
    """The table has no row in force on that date (before its first row)."""


class Row(Struct, Generic[T], frozen=True):
    valid_from: date
    value: T
    source: str = ""


class Lookup(Struct, Generic[T], frozen=True):
    value: T
    row: Row[T]
    carried_forward: bool  # True when the date lies past the table's known horizon


class DatedTable(Generic[T]):
    """Rows sorted by valid_from. `known_until` (exclusive) marks where published data ends:
    a date at or past it still gets the last row, flagged as carried forward."""

    def __init__(self, name: str, rows: list[Row[T]], known_until: date | None = None) -> None:
        if not rows:
            raise ValueError(f"{name}: empty table")
        self.name = name
        self.rows = sorted(rows, key=lambda r: r.valid_from)
        starts = [r.valid_from for r in self.rows]
        if len(set(starts)) != len(starts):
            raise ValueError(f"{name}: two rows start on the same date")
        self._starts = starts
        self.known_until = known_until

    def lookup(self, day: date) -> Lookup[T]:
        i = bisect.bisect_right(self._starts, day) - 1
        if i < 0:
            raise NoRateForDate(f"{self.name}: no value before {self.rows[0].valid_from.isoformat()}")
        row = self.rows[i]
        carried = self.known_until is not None and day >= self.known_until
        return Lookup(row.value, row, carried)

    def at(self, day: date) -> T:
        return self.lookup(day).value
