"""Field types of the NOWJOBS API: validated on the way in (each ValueError becomes a readable 422
detail), shaped on the way out (money "12.53", instants ISO 8601 with offset).

Messages never repeat the value: it may be personal data (an IBAN, a phone number)."""
from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, StringConstraints

from extra_services.clock import iso_instant
from extra_services.money import format_money, parse_money
from extra_services.rates.joint_committees import normalise_joint_committee

_E164 = re.compile(r"^\+[1-9]\d{7,14}$")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^[^@\s]{{1,64}}@{_LABEL}(?:\.{_LABEL})+$")
_JOINT_COMMITTEE = re.compile(r"^\d{3}(?:\.\d{2})?$")
_EMAIL_MAX_LENGTH = 254
_PLAIN_AMOUNT = re.compile(r"^[+-]?[0-9]{1,9}(?:\.[0-9]{1,2})?$", re.ASCII)
MAX_HOURLY_WAGE = Decimal("1000.00")  # euro per hour: far above any student or flexi wage, keeps sums finite
MAX_REASON = 500  # characters of a reason: a cancellation's, a partner's refusal or Dimona rejection


def validate_iban(value: str) -> str:
    """A valid IBAN (national check digits too) in the SEPA zone, returned compact."""
    from schwifty import IBAN  # noqa: PLC0415 -- schwifty loads pycountry: only the routes taking an IBAN pay it

    try:
        iban = IBAN(value, validate_bban=True)
    except ValueError as exc:
        raise ValueError(f"not a valid IBAN ({str(exc).lower().rstrip('.')})") from exc
    if not iban.in_sepa_zone:
        raise ValueError("the IBAN is not in the SEPA zone: it cannot be debited by SEPA direct debit")
    return str(iban.compact)


def validate_email(value: str) -> str:
    value = value.strip()
    if len(value) > _EMAIL_MAX_LENGTH or not _EMAIL.match(value):
        raise ValueError("not a valid e-mail address, e.g. anna@example.be")
    return value


def validate_phone(value: str) -> str:
    """E.164: + and country code, 8 to 15 digits; spaces, dots, dashes and slashes are dropped."""
    compact = re.sub(r"[\s./()-]", "", value)
    if not _E164.match(compact):
        raise ValueError("not a phone number in international format, e.g. +32470123456")
    return compact


def validate_joint_committee(value: str) -> str:
    code = normalise_joint_committee(value)
    if not _JOINT_COMMITTEE.match(code):
        raise ValueError("a joint committee is written as three digits, optionally with a sub-committee: "
                         "302, 118.03")
    return code


def _amount(value: object) -> Decimal:
    """A plain amount ("13.50", 13.5): no exponent, underscore or non-ASCII digit, at most MAX_HOURLY_WAGE."""
    text = str(value).strip() if isinstance(value, str | int | float | Decimal) else ""
    readable = "an amount is a string with at most two decimals, e.g. \"13.50\""
    if isinstance(value, bool) or not _PLAIN_AMOUNT.match(text):
        raise ValueError(readable)
    try:
        amount = parse_money(text)      # also refuses a "+" sign
    except ValueError:
        raise ValueError(readable) from None
    if amount <= 0:
        raise ValueError("the amount must be positive")
    if amount > MAX_HOURLY_WAGE:
        raise ValueError(f"the amount must not exceed {format_money(MAX_HOURLY_WAGE)}")
    return amount


Iban = Annotated[str, AfterValidator(validate_iban)]
Email = Annotated[str, AfterValidator(validate_email)]
Phone = Annotated[str, AfterValidator(validate_phone)]
JointCommittee = Annotated[str, AfterValidator(validate_joint_committee)]
PositiveAmount = Annotated[Decimal, BeforeValidator(_amount)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]

Money = Annotated[Decimal, PlainSerializer(format_money, return_type=str)]
Instant = Annotated[datetime, PlainSerializer(iso_instant, return_type=str)]
