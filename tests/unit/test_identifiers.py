"""RULES.md §5: enterprise numbers in every usual spelling, validated with python-stdnum."""
import pytest

from extra_services.identifiers import normalise_enterprise_number


@pytest.mark.parametrize("spelling", ["BE 0403.170.701", "0403.170.701", "0403170701", "BE0403170701",
                                      "403170701", " be 0403 170 701 "])
def test_enterprise_number_is_accepted_in_every_usual_spelling(spelling):
    assert normalise_enterprise_number(spelling) == "0403170701"


@pytest.mark.parametrize("bad", ["0403.170.702", "12", "BE", "abcdefghij", "2403170701", ""])
def test_an_invalid_enterprise_number_is_refused_with_a_readable_message(bad):
    with pytest.raises(ValueError, match="enterprise number"):
        normalise_enterprise_number(bad)
