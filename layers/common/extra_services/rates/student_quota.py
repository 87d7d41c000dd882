"""Hours per calendar year a student may work at solidarity contributions.

Looked up on 1 January of the year: the quota is a yearly allowance."""
from __future__ import annotations

from datetime import date

from extra_services.rates.dated import DatedTable, Row

STUDENT_YEARLY_QUOTA_HOURS = DatedTable[int](
    "student yearly quota (hours at solidarity contributions)",
    [
        Row(date(2017, 1, 1), 475, "[src: studentatwork.be: 475 hours until 2022]"),
        Row(date(2023, 1, 1), 600, "[src: belgium.be 2023; studentatwork.be: 600 hours from 2023-01-01]"),
        Row(date(2025, 1, 1), 650,
            "RULES.md §3: 650 hours [src: propay.be student work 2025; beci.be: since 2025-01-01]"),
    ],
)


def student_quota_hours(year: int) -> int:
    return STUDENT_YEARLY_QUOTA_HOURS.at(date(year, 1, 1))
