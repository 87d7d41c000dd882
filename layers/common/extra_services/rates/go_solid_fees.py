"""What Go Solid charges the debtor on top of the principal (RULES.md §2, Amounts).

A flat fee per file, and a cap on the increase (late interest + contractual penalty) as a
percentage of the principal. Looked up on the calculation date of the amounts."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from extra_services.rates.dated import DatedTable, Row

# valid_from is the first date the project needs, not the date the value came into force.
_SINCE = date(2023, 1, 1)

FLAT_FEE_PER_FILE: DatedTable[Decimal] = DatedTable(
    "Go Solid flat fee per file (EUR)",
    [Row(_SINCE, Decimal("40.00"), "FAQ (seed-faq-fr.txt): forfait de 40 euros; go-solid.be")],
)

INCREASE_CAP_PERCENT_OF_PRINCIPAL: DatedTable[Decimal] = DatedTable(
    "Go Solid increase cap (% of principal)",
    [Row(_SINCE, Decimal("10"), "FAQ (seed-faq-fr.txt): augmentation de maximum 10%; go-solid.be")],
)
