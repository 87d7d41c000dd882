"""Employer social-security contribution rates for NOWJOBS workers, one dated table per kind.

Rates are fractions of the gross wage (Decimal("0.28") = 28%). Tags as in RULES.md §3."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from extra_services.rates.dated import DatedTable, Row

FLEXI_SPECIAL_CONTRIBUTION = DatedTable[Decimal](
    "flexi-job employer special contribution",
    [
        Row(date(2015, 12, 1), Decimal("0.25"),
            "RULES.md §3: 25% before 2024 [src: groups.be flexi-jobs; vandelanotte.be] "
            "(start = introduction of flexi-jobs in horeca [verify])"),
        Row(date(2024, 1, 1), Decimal("0.28"),
            "RULES.md §3: 28% from 2024 [src: groups.be flexi-jobs; vandelanotte.be]"),
    ],
)

STUDENT_SOLIDARITY_EMPLOYER_RATE = DatedTable[Decimal](
    "student solidarity contribution, employer share (hours within the yearly quota)",
    [
        Row(date(2017, 1, 1), Decimal("0.0542"),
            "RULES.md §3: employer 5.42%, student 2.71% [src: propay.be student work 2025; "
            "socialsecurity.be] (start = hour-based quota, 2017 [verify])"),
    ],
)

NORMAL_EMPLOYER_RATE = DatedTable[Decimal](
    "normal employer contribution (regular workers; student hours beyond the quota)",
    [
        Row(date(2018, 1, 1), Decimal("0.25"),
            "RULES.md §3: normal employer contributions ~25% [verify] "
            "(start = 2018 tax-shift base rate [verify])"),
    ],
)
