import pytest
from stdnum.eu import at_02

from extra_services.billing.creditor import Creditor, belgian_creditor_identifier, validate_creditor_identifier
from extra_services.billing.errors import InvalidCreditorError


def test_belgian_creditor_identifier_is_be_check_digits_zzz_and_enterprise_number() -> None:
    assert belgian_creditor_identifier("BE0403.170.701") == "BE11ZZZ0403170701"


def test_a_valid_creditor_identifier_is_accepted_in_compact_form() -> None:
    assert validate_creditor_identifier("be11 zzz 0403.170.701") == "BE11ZZZ0403170701"
    assert validate_creditor_identifier("ES23ZZZ47690558N") == "ES23ZZZ47690558N"


def test_a_creditor_identifier_with_wrong_check_digits_is_refused_with_a_clear_error() -> None:
    with pytest.raises(InvalidCreditorError) as refused:
        validate_creditor_identifier("BE12ZZZ0403170701")
    assert refused.value.code == "INVALID_CREDITOR"
    assert "check digits" in refused.value.message


def test_a_belgian_identifier_must_carry_a_valid_enterprise_number() -> None:
    bad_number = "0403170702"
    identifier = f"BE{at_02.calc_check_digits('BE00ZZZ' + bad_number)}ZZZ{bad_number}"
    with pytest.raises(InvalidCreditorError, match="enterprise number"):
        validate_creditor_identifier(identifier)


@pytest.mark.parametrize("value", ["", "BE", "12ZZZ0403170701", "BE11ZZZ0403170701" + "9" * 20])
def test_something_that_is_not_a_creditor_identifier_is_refused(value: str) -> None:
    with pytest.raises(InvalidCreditorError):
        validate_creditor_identifier(value)


def test_a_business_code_must_be_three_upper_case_characters() -> None:
    assert belgian_creditor_identifier("0403170701", "A1B").startswith("BE")
    with pytest.raises(InvalidCreditorError):
        belgian_creditor_identifier("0403170701", "zz")


def test_the_creditor_keeps_compact_account_details() -> None:
    creditor = Creditor(name="NOWJOBS  NV", iban="BE68 5390 0754 7034", bic="KREDBEBB",
                        identifier="BE11 ZZZ 0403.170.701")
    assert (creditor.name, creditor.iban, creditor.bic, creditor.identifier) == (
        "NOWJOBS NV", "BE68539007547034", "KREDBEBB", "BE11ZZZ0403170701")


@pytest.mark.parametrize(("field", "value"), [
    ("iban", "BE68539007547035"), ("bic", "KRED"), ("identifier", "BE12ZZZ0403170701"),
    ("name", ""), ("name", "Dupont & Fils"), ("address_lines", ("a", "b", "c")),
])
def test_a_creditor_with_an_invalid_field_is_refused(field: str, value: object) -> None:
    values: dict[str, object] = {"name": "NOWJOBS NV", "iban": "BE68539007547034", "bic": "KREDBEBB",
                                 "identifier": "BE11ZZZ0403170701", field: value}
    with pytest.raises(InvalidCreditorError):
        Creditor(**values)  # type: ignore[arg-type]
