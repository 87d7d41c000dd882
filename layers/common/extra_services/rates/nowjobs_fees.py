"""NOWJOBS service fee charged on top of wage and contributions.

RULES.md gives no fee: this is a placeholder the bank chose so the quote has a fee line,
[to confirm with NOWJOBS]. Both parts are configurable per period; pass another table to the quote."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from msgspec import Struct

from extra_services.rates.dated import DatedTable, Row


class NowjobsServiceFee(Struct, frozen=True):
    per_worked_hour: Decimal  # euro per hour worked (not doubled on public holidays)
    share_of_gross_wage: Decimal  # coefficient on the line's gross wage


NOWJOBS_SERVICE_FEES = DatedTable[NowjobsServiceFee](
    "NOWJOBS service fee",
    [
        Row(date(2024, 1, 1), NowjobsServiceFee(Decimal("2.00"), Decimal(0)),
            "placeholder €2.00 per worked hour, no coefficient [to confirm with NOWJOBS]; "
            "RULES.md §3 gives no fee"),
    ],
)
