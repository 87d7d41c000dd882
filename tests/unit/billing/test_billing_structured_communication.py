import pytest
from hypothesis import given
from hypothesis import strategies as st

from extra_services.billing.errors import InvalidStructuredCommunicationError
from extra_services.billing.structured_communication import (
    format_structured_communication,
    structured_communication_digits,
    structured_communication_for,
    validate_structured_communication,
)


def test_structured_communication_is_the_base_and_its_mod_97_check() -> None:
    assert structured_communication_for("0108068171") == "+++010/8068/17183+++"
    assert structured_communication_for(108068171) == "+++010/8068/17183+++"


def test_a_base_divisible_by_97_gets_check_digits_97() -> None:
    assert structured_communication_digits(97 * 1_000_000) == "009700000097"


@pytest.mark.parametrize("text", ["+++010/8068/17183+++", "010/8068/17183", "010806817183"])
def test_a_communication_is_accepted_in_its_printed_or_compact_form(text: str) -> None:
    assert validate_structured_communication(text) == "010806817183"
    assert format_structured_communication(text) == "+++010/8068/17183+++"


@pytest.mark.parametrize("text", ["+++010/8068/17180+++", "12345", "abc/defg/hijkl", "000000000000"])
def test_an_invalid_communication_is_refused(text: str) -> None:
    with pytest.raises(InvalidStructuredCommunicationError) as refused:
        validate_structured_communication(text)
    assert refused.value.code == "INVALID_STRUCTURED_COMMUNICATION"


@pytest.mark.parametrize("base", ["123", "01080681711", "01080-6817", -1, 10**10])
def test_the_base_must_be_exactly_ten_digits(base: int | str) -> None:
    with pytest.raises(InvalidStructuredCommunicationError):
        structured_communication_digits(base)


@given(st.integers(min_value=0, max_value=10**10 - 1))
def test_a_structured_communication_round_trips(base: int) -> None:
    printed = structured_communication_for(base)
    digits = validate_structured_communication(printed)
    assert digits[:10] == f"{base:010d}"
    assert int(digits[10:]) == (base % 97 or 97)
    assert format_structured_communication(digits) == printed
