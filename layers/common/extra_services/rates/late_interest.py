"""Late-payment interest rate for commercial transactions (law of 2 Aug 2002, art. 5).

Annual rate in percent, fixed per semester: ECB main refinancing rate + 8 points, rounded up to
the next half point, taken on 1 January (for Jan-Jun) and 1 July (for Jul-Dec). A semester past
`known_until` is not published yet: the last row is carried forward and flagged; an operator
adds the new row when the rate is published."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from extra_services.rates.dated import DatedTable, Row

_SOURCE = "published rate [src: etaamb.openjustice.be; embuild.be] (RULES.md §2)"

LATE_INTEREST_ANNUAL_PERCENT: DatedTable[Decimal] = DatedTable(
    "late interest, commercial transactions (annual %)",
    [
        Row(date(2023, 1, 1), Decimal("10.5"), f"2023 H1 {_SOURCE}"),
        Row(date(2023, 7, 1), Decimal("12"), f"2023 H2 {_SOURCE}"),
        Row(date(2024, 1, 1), Decimal("12.5"), f"2024 H1 {_SOURCE}"),
        Row(date(2024, 7, 1), Decimal("12.5"), f"2024 H2 {_SOURCE}"),
        Row(date(2025, 1, 1), Decimal("11.5"), f"2025 H1 {_SOURCE}"),
        Row(date(2025, 7, 1), Decimal("10.5"), f"2025 H2 {_SOURCE}"),
        Row(date(2026, 1, 1), Decimal("10.5"), f"2026 H1 {_SOURCE}"),
    ],
    known_until=date(2026, 7, 1),
)


def semester_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def semester_end(day: date) -> date:
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


def semester_label(day: date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"
