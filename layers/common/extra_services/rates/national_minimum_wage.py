"""The national minimum wage (GGMMI/RMMMG) and the youth percentages applied to it.

They are the legal hourly floor where no sector scale applies (RULES.md §3)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from msgspec import Struct

from extra_services.rates.dated import DatedTable, Row


class NationalMinimumWage(Struct, frozen=True):
    monthly: Decimal
    weekly_hours: Decimal

    @property
    def hourly(self) -> Decimal:
        """Exact (unrounded) hourly amount: monthly x 3 / 13 / weekly hours.

        Belgian payroll converts a month to hours through the quarter: 3 months = 13 weeks, so a month
        is 13/3 weeks (= 52/12) of `weekly_hours`."""
        return self.monthly * 3 / (13 * self.weekly_hours)


NATIONAL_MINIMUM_WAGE = DatedTable[NationalMinimumWage](
    "national minimum wage (full time)",
    [
        Row(date(2025, 2, 1), NationalMinimumWage(Decimal("2111.89"), Decimal(38)),
            "RULES.md §3: €2,111.89/month, 38 h/week, Feb 2025 [src: propay.be; jobat.be] [verify 2026]"),
    ],
)


class YouthScale(Struct, frozen=True):
    """Percentage of the national minimum by age; `brackets` are (minimum age, percentage),
    the youngest bracket applying to every age below the next one."""

    brackets: tuple[tuple[int, Decimal], ...]

    def percentage_for(self, age: int) -> Decimal:
        applicable = [pct for min_age, pct in self.brackets if age >= min_age]
        return applicable[-1] if applicable else self.brackets[0][1]


YOUTH_MINIMUM_WAGE_PERCENTAGES = DatedTable[YouthScale](
    "youth minimum wage, % of the national minimum",
    [
        Row(date(2025, 2, 1), YouthScale((
            (0, Decimal("0.67")),   # 16 and younger
            (17, Decimal("0.73")),
            (18, Decimal("0.79")),
            (19, Decimal("0.85")),
            (20, Decimal("0.90")),
            (21, Decimal("1.00")),
        )), "RULES.md §3: 21+ 100%, 20 90%, 19 85%, 18 79%, 17 73%, ≤16 67% [src: propay.be; jobat.be]"),
    ],
)
