"""Enterprise numbers and IBANs: every usual spelling of a valid one is accepted and normalised, a
single wrong character is always refused, and no input makes the parser fail with anything but the
ValueError that becomes a readable 422 (anything else would be a 5xx)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from schwifty import IBAN
from stdnum.be import vat

from extra_services.identifiers import normalise_enterprise_number
from extra_services.nowjobs.fields import Iban
from tests.unit.properties.conftest import PROPERTY, example

IBAN_FIELD = TypeAdapter(Iban)     # the type of CompanyRegistrationIn.iban


@st.composite
def enterprise_numbers(draw: st.DrawFn) -> str:
    base = draw(st.integers(min_value=2_000_000, max_value=19_999_999))    # 0200... to 1999...: first digit 0 or 1
    return f"{base:08d}{97 - base % 97:02d}"


@st.composite
def spellings(draw: st.DrawFn, number: str) -> str:
    dotted = f"{number[:4]}.{number[4:7]}.{number[7:]}"
    spaced = f"{number[:4]} {number[4:7]} {number[7:]}"
    body = draw(st.sampled_from([number, dotted, spaced, number.removeprefix("0") if number[0] == "0" else number]))
    prefix = draw(st.sampled_from(["", "BE", "BE ", "be", "Be "]))
    return prefix + body


@PROPERTY
@given(st.data())
def test_every_usual_spelling_of_a_valid_enterprise_number_gives_its_ten_digits(data: st.DataObject) -> None:
    example()
    number = data.draw(enterprise_numbers())
    assert normalise_enterprise_number(data.draw(spellings(number))) == number


@PROPERTY
@given(enterprise_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_one_wrong_digit_in_an_enterprise_number_is_always_refused(number: str, position: int, shift: int) -> None:
    example()
    wrong = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1:]
    with pytest.raises(ValueError, match="not a valid Belgian enterprise number"):
        normalise_enterprise_number(wrong)


@PROPERTY
@given(st.text(max_size=40) | st.from_regex(r"(BE)?[0-9 .%]{0,16}", fullmatch=True))
def test_any_text_as_an_enterprise_number_is_a_valid_number_or_a_value_error(text: str) -> None:
    example()
    try:
        result = normalise_enterprise_number(text)
    except ValueError:
        return
    assert len(result) == 10 and result.isascii() and result.isdigit() and vat.is_valid(result)
    assert normalise_enterprise_number(result) == result


SEPA_ACCOUNTS = {   # country -> (bank code, account code length): countries NOWJOBS companies bank in
    "BE": ("539", 7), "NL": ("ABNA", 10), "DE": ("37040044", 10), "LU": ("001", 13),
}


@st.composite
def sepa_ibans(draw: st.DrawFn) -> IBAN:
    country = draw(st.sampled_from(sorted(SEPA_ACCOUNTS)))
    bank, length = SEPA_ACCOUNTS[country]
    account = draw(st.text("0123456789", min_size=length, max_size=length))
    try:
        iban = IBAN.generate(country, bank_code=bank, account_code=account)
        return IBAN(str(iban.compact), validate_bban=True)
    except ValueError:     # the random account fails the country's national check digits
        return IBAN.generate("BE", bank_code="539", account_code=account[:7].rjust(7, "0"))


@PROPERTY
@given(sepa_ibans(), st.booleans(), st.booleans())
def test_a_valid_sepa_iban_is_accepted_printed_or_compact_and_stored_compact(iban: IBAN, printed: bool,
                                                                              lower: bool) -> None:
    example()
    text = str(iban.formatted if printed else iban.compact)
    assert IBAN_FIELD.validate_python(text.lower() if lower else text) == str(iban.compact)


@PROPERTY
@given(sepa_ibans(), st.data())
def test_one_wrong_character_in_an_iban_is_always_refused(iban: IBAN, data: st.DataObject) -> None:
    example()
    compact = str(iban.compact)
    position = data.draw(st.integers(2, len(compact) - 1))
    alphabet = "0123456789" if compact[position].isdigit() else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != compact[position]]))
    with pytest.raises(ValidationError):
        IBAN_FIELD.validate_python(compact[:position] + replacement + compact[position + 1:])


@PROPERTY
@given(st.text(max_size=40) | st.from_regex(r"[A-Z]{2}[0-9]{2}[A-Z0-9 ]{8,30}", fullmatch=True))
def test_any_text_as_an_iban_is_a_compact_sepa_iban_or_a_validation_error(text: str) -> None:
    example()
    try:
        result = IBAN_FIELD.validate_python(text)
    except ValidationError:
        return
    assert result == str(IBAN(result).compact) and IBAN(result).in_sepa_zone
