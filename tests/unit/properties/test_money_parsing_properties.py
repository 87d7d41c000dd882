"""Amounts as the API carries them ("1250.00"): extra_services.money.parse_money and format_money."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from extra_services.gosolid.request_fields import InvoiceAmount
from extra_services.money import format_money, parse_money, to_cents
from extra_services.nowjobs.fields import PositiveAmount
from tests.unit.properties.conftest import PROPERTY, example

API_AMOUNT = re.compile(r"^-?[0-9]+(\.[0-9]{1,2})?$")
cents = st.integers(min_value=-10**11, max_value=10**11)


@PROPERTY
@given(cents, st.sampled_from(["{:.2f}", "{}", " {} "]))
def test_an_amount_in_cents_survives_formatting_and_parsing(amount_in_cents: int, shape: str) -> None:
    example()
    amount = Decimal(amount_in_cents) / 100
    text = shape.format(amount)
    assert parse_money(text) == amount
    assert format_money(parse_money(text)) == f"{amount:.2f}"


@PROPERTY
@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**9, max_value=10**9))
def test_rounding_to_the_cent_is_half_up_and_never_moves_more_than_half_a_cent(amount: Decimal) -> None:
    example()
    rounded = to_cents(amount)
    assert abs(rounded - amount) <= Decimal("0.005")
    assert rounded == to_cents(rounded)
    if abs(amount - rounded) == Decimal("0.005"):
        assert abs(rounded) > abs(amount)     # half-up: away from zero


@PROPERTY
@given(st.text(max_size=30) | st.from_regex(r"-?[0-9_]{0,32}(\.[0-9]{0,3})?(e[+-]?[0-9]{1,3})?", fullmatch=True))
def test_any_text_is_a_plain_amount_that_formats_or_a_value_error(text: str) -> None:
    example()
    try:
        amount = parse_money(text)
    except ValueError:
        return
    assert API_AMOUNT.match(text.strip()), f"{text!r} accepted as {amount}"
    assert parse_money(format_money(amount)) == amount


# What the fuzzer and the properties found: Decimal() takes all of these, the API takes none of them.
NOT_AMOUNTS = ["1e30", "1E+2", "1_3.50", "١٣", "１２", "+13.50", "13.505", "NaN", "-Infinity", "sNaN", "0x10",
               "1,50", "1 000.00", ".5", "5.", "", "  ", "--1", "1" * 16, "12\n3"]


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_what_decimal_reads_but_the_api_does_not_write_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="at most two decimals") as refused:
        parse_money(text)
    assert text.strip() == "" or text.strip() not in str(refused.value)      # the input is not repeated


@pytest.mark.parametrize(("written", "amount"), [("1250.00", "1250.00"), (" 13.5 ", "13.5"), ("-0.01", "-0.01"),
                                                 ("007", "7"), (12, "12"), (Decimal("3.10"), "3.10"),
                                                 ("9" * 15 + ".99", "9" * 15 + ".99")])
def test_plain_decimals_are_read_as_written(written: object, amount: str) -> None:
    assert parse_money(written) == Decimal(amount)  # type: ignore[arg-type]


def _refusal(annotated: object, value: object) -> str:
    with pytest.raises(ValidationError) as refused:
        TypeAdapter(annotated).validate_python(value)
    [error] = refused.value.errors()
    return str(error["msg"]).removeprefix("Value error, ")


@PROPERTY
@given(st.sampled_from(NOT_AMOUNTS) | st.from_regex(r"[0-9]{1,3}(e[+-]?[0-9]{1,3}|_[0-9]{1,3}|\.[0-9]{3,5})",
                                                     fullmatch=True))
def test_the_callers_answer_what_parse_money_refuses_with_their_own_readable_message(text: str) -> None:
    """Go Solid amounts and NOWJOBS wages are validated by pydantic types that call parse_money: a refusal
    is a validation error (422 at the routes) with the caller's message, never the input, never a 5xx."""
    example()
    go_solid = _refusal(InvoiceAmount, text)
    nowjobs = _refusal(PositiveAmount, text)
    assert go_solid == 'an amount is a number with at most two decimals, e.g. "1250.00"'
    assert nowjobs == 'an amount is a string with at most two decimals, e.g. "13.50"'
