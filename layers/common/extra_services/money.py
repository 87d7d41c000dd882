"""Money is Decimal euro, rounded to the cent half-up once, at the end of a computation.

The API carries money as a string with two decimals ("1250.00")."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(amount: Decimal) -> Decimal:
    """Round to the cent, half-up (the only rounding rule of the project)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal) -> str:
    return f"{to_cents(amount):.2f}"


def parse_money(text: str | int | Decimal) -> Decimal:
    """Strict parse of an API amount: at most two decimals, finite. Raises ValueError."""
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation as exc:
        raise ValueError(f"{text!r} is not an amount") from exc
    if not value.is_finite():
        raise ValueError(f"{text!r} is not an amount")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValueError(f"{text!r} has more than two decimals")
    return value


def to_cents_int(amount: Decimal) -> int:
    """Whole cents, for files that count in cents (pain.008 via sepaxml)."""
    return int(to_cents(amount) * 100)
