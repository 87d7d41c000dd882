"""Amounts as the API carries them ("1250.00"): extra_services.money.parse_money and format_money."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extra_services.money import format_money, parse_money, to_cents
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


@pytest.mark.xfail(strict=True, reason=(
    "known defect, reported: parse_money accepts exponents, underscores and non-ASCII digits "
    "('1e30', '1_3.50', '١٣'); a huge one then fails to format (decimal.InvalidOperation) and "
    "POST /v1/nowjobs/wage-quotes {\"hourlyWage\": \"1e30\"} answers 502. Remove this mark once fixed."))
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
