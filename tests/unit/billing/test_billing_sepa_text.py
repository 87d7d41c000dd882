import pytest

from extra_services.billing.errors import InvalidSepaIdentifierError
from extra_services.billing.sepa_text import is_sepa_text, to_sepa_text, validate_sepa_identifier


def test_names_are_written_with_sepa_characters_only() -> None:
    assert to_sepa_text("Café Dupont & Fils — Brüssel", 70) == "Cafe Dupont + Fils Brussel"
    assert to_sepa_text("Bakkerij Ørsted", 70) == "Bakkerij Orsted"
    assert is_sepa_text(to_sepa_text("Straße 12 «Büro»", 70))


def test_long_names_are_cut_like_banks_do() -> None:
    assert to_sepa_text("A" * 80, 70) == "A" * 70


@pytest.mark.parametrize("value", ["NJ-1", "a/b", "REF 1", "X" * 35, "(1).,'+?:"])
def test_identifiers_within_the_sepa_rules_are_accepted(value: str) -> None:
    assert validate_sepa_identifier(value, what="reference") == value


@pytest.mark.parametrize("value", ["", " NJ", "NJ ", "/NJ", "NJ/", "N//J", "X" * 36, "NJ_1", "NJ&1", "NJé"])
def test_identifiers_outside_the_sepa_rules_are_refused(value: str) -> None:
    with pytest.raises(InvalidSepaIdentifierError) as refused:
        validate_sepa_identifier(value, what="end-to-end id")
    assert "end-to-end id" in refused.value.message
