"""The field types of the Go Solid bodies, the channels' (requests.py) and the partner's
(partner_events.py): amounts, texts, references, and the strict base of a body."""
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ConfigDict, StringConstraints, WithJsonSchema

from extra_services.api_models import ApiModel
from extra_services.money import parse_money

# Product limit, not law: Go Solid is for SME invoices; anything above is a typo or abuse.
MAX_INVOICE_AMOUNT = Decimal("1000000.00")
MAX_PAYMENT_AMOUNT = Decimal("6000000.00")  # a whole file: 5 invoices + increase + fee

_MONEY_SCHEMA = WithJsonSchema({"type": "string", "pattern": r"^[0-9]{1,7}(\.[0-9]{1,2})?$",
                                "examples": ["1250.00"], "description": "Euro, at most two decimals"})


def _amount(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError('an amount is a string with at most two decimals, e.g. "1250.00"')
    try:
        return parse_money(value if isinstance(value, str | int | Decimal) else repr(value))
    except ValueError:
        raise ValueError('an amount is a number with at most two decimals, e.g. "1250.00"') from None


def _limited(maximum: Decimal) -> AfterValidator:
    def check(value: Decimal) -> Decimal:
        if value <= 0:
            raise ValueError("the amount must be positive")
        if value > maximum:
            raise ValueError(f"the amount may not exceed {maximum:.2f} EUR")
        return value
    return AfterValidator(check)


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError("the amount cannot be negative")
    if value > MAX_PAYMENT_AMOUNT:
        raise ValueError(f"the amount may not exceed {MAX_PAYMENT_AMOUNT:.2f} EUR")
    return value


InvoiceAmount = Annotated[Decimal, BeforeValidator(_amount), _limited(MAX_INVOICE_AMOUNT), _MONEY_SCHEMA]
PaymentAmount = Annotated[Decimal, BeforeValidator(_amount), _limited(MAX_PAYMENT_AMOUNT), _MONEY_SCHEMA]
AmountOrZero = Annotated[Decimal, BeforeValidator(_amount), AfterValidator(_not_negative), _MONEY_SCHEMA]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Reference = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128,
                                             pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._:/#-]*$")]
CallbackId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:-]+$")]


class Body(ApiModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
