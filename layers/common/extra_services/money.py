"""Money is Decimal euro, rounded to the cent half-up once, at the end of a computation.

The API carries money as a string with two decimals ("1250.00")."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# A plain decimal as API.md writes amounts: ASCII digits, an optional minus, at most two decimals. No
# exponent, underscore, sign "+", thousands separator or non-ASCII digit (Decimal() takes them all).
# At most 15 digits before the point (10^15 euro, far above any amount a route accepts): every sum and
# product of such amounts stays exact within Decimal's 28 digits, and formats.
PLAIN_AMOUNT = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,2})?", re.ASCII)


def to_cents(amount: Decimal) -> Decimal:
    """Round to the cent, half-up (the only rounding rule of the project)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal) -> str:
    return f"{to_cents(amount):.2f}"


def parse_money(text: str | int | Decimal) -> Decimal:
    """Strict parse of an API amount: a plain decimal (PLAIN_AMOUNT, surrounding spaces ignored), e.g.
    "1250.00", "-3.5", "12". Anything else (exponents, "NaN", underscores, three decimals, other digits,
    more than 15 digits before the point) raises ValueError, whose message does not repeat the input:
    callers turn it into their own 422 message."""
    if isinstance(text, bool) or not isinstance(text, str | int | Decimal):
        raise ValueError("an amount is a plain decimal with at most two decimals, e.g. 1250.00")
    written = str(text).strip()
    if not PLAIN_AMOUNT.fullmatch(written):
        raise ValueError("an amount is a plain decimal with at most two decimals, e.g. 1250.00")
    return Decimal(written)


def to_cents_int(amount: Decimal) -> int:
    """Whole cents, for files that count in cents (pain.008 via sepaxml)."""
    return int(to_cents(amount) * 100)
