"""RULES.md §1 declaration: required, the wording in force, recorded as evidence."""
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from extra_services.caller import Channel
from extra_services.eligibility.declaration import DeclarationInput, record_declaration, wording_in_force
from extra_services.errors import InvalidInput

AT = datetime(2026, 11, 26, 10, tzinfo=UTC)


def test_the_wording_in_force_exists_in_french_dutch_and_english():
    wording = wording_in_force(date(2026, 11, 26))
    assert "engager contractuellement" in wording.fr
    assert "contractueel te verbinden" in wording.nl
    assert "commit the selected enterprise contractually" in wording.en


def test_an_accepted_declaration_is_recorded_with_who_what_which_wording_when_and_channel():
    version = wording_in_force(AT.date()).version
    record = record_declaration(DeclarationInput.model_validate({"accepted": True, "wordingVersion": version}),
                                customer_id="C1", channel=Channel.TOUCH, enterprise_number="0403170701",
                                service="go-solid", at=AT, today=AT.date())
    assert record.as_item() == {"customerId": "C1", "enterpriseNumber": "0403170701", "service": "go-solid",
                                "wordingVersion": version, "channel": "touch",
                                "acceptedAt": "2026-11-26T10:00:00Z"}


def test_a_submission_without_declaration_is_refused():
    with pytest.raises(InvalidInput) as err:
        record_declaration(None, customer_id="C1", channel=Channel.MOBILE, enterprise_number="0403170701",
                           service="nowjobs", at=AT, today=AT.date())
    assert err.value.code == "DECLARATION_REQUIRED"


def test_a_declaration_not_ticked_is_invalid():
    with pytest.raises(ValidationError):
        DeclarationInput.model_validate({"accepted": False, "wordingVersion": "2025-01"})


def test_a_declaration_of_an_outdated_wording_is_refused():
    with pytest.raises(InvalidInput) as err:
        record_declaration(DeclarationInput.model_validate({"accepted": True, "wordingVersion": "1999-01"}),
                           customer_id="C1", channel=Channel.MOBILE, enterprise_number="0403170701",
                           service="nowjobs", at=AT, today=AT.date())
    assert err.value.code == "DECLARATION_OUTDATED"
