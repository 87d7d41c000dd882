"""What the NOWJOBS routes refuse before any use case runs: a readable 422 per bad field."""
from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from extra_services.nowjobs.partner_models import CompanyEventIn, WorkerIn
from extra_services.nowjobs.request_models import (
    CancellationIn,
    CompanyRegistrationIn,
    InvitationIn,
    JobOfferIn,
    RatingIn,
    TimesheetIn,
)


def problems(model: type[BaseModel], data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        model.model_validate(data)
    return {".".join(str(p) for p in e["loc"]): e["msg"].removeprefix("Value error, ")
            for e in refused.value.errors()}


REGISTRATION: dict[str, Any] = {
    "enterpriseNumber": "BE 0403.170.701", "declaration": {"accepted": True, "wordingVersion": "2025-01"},
    "name": "Brasserie du Parc SRL",
    "address": {"street": "Parkstraat 1", "postalCode": "9000", "city": "Gent"},
    "contact": {"name": "Anna Peeters", "email": "anna@brasserie.example", "phone": "+32 470 12 34 56"},
    "iban": "BE68 5390 0754 7034", "jointCommittees": ["302", "302.00", "118.03"],
    "directDebitMandate": {"accepted": True}, "acquisitionChannel": "MOBILE",
}
OFFER: dict[str, Any] = {
    "title": "Waiter", "function": "waiter", "jointCommittee": "302", "location": "Gent", "hourlyWage": "13.50",
    "statuses": ["FLEXI", "STUDENT"], "positions": 2,
    "shifts": [{"start": "2026-03-04T09:00:00+01:00", "end": "2026-03-04T17:00:00+01:00", "breakMinutes": 30}],
}


def test_registration_is_normalised_with_a_b2b_mandate_by_default() -> None:
    request = CompanyRegistrationIn.model_validate(REGISTRATION)
    assert request.enterprise_number == "0403170701"
    assert request.iban == "BE68539007547034"
    assert request.contact.phone == "+32470123456"
    assert request.joint_committees == ["302", "118.03"]
    assert request.direct_debit_mandate.scheme.value == "B2B"


def test_invalid_iban_is_a_readable_422() -> None:
    found = problems(CompanyRegistrationIn, REGISTRATION | {"iban": "BE68 5390 0754 7035"})
    assert found == {"iban": "not a valid IBAN (invalid checksum digits)"}


def test_iban_outside_the_sepa_zone_is_refused() -> None:
    found = problems(CompanyRegistrationIn, REGISTRATION | {"iban": "BR1800360305000010009795493C1"})
    assert "SEPA" in found["iban"]


def test_malformed_joint_committee_is_refused() -> None:
    found = problems(CompanyRegistrationIn, REGISTRATION | {"jointCommittees": ["horeca"]})
    assert "three digits" in found["jointCommittees.0"]


def test_mandate_must_be_accepted_and_contact_reachable() -> None:
    found = problems(CompanyRegistrationIn, REGISTRATION | {
        "directDebitMandate": {"accepted": False},
        "contact": {"name": "Anna", "email": "anna.example", "phone": "0470123456"}})
    assert set(found) == {"directDebitMandate.accepted", "contact.email", "contact.phone"}


def test_impossible_shifts_are_refused() -> None:
    backwards = {"start": "2026-03-04T17:00:00+01:00", "end": "2026-03-04T09:00:00+01:00"}
    too_long = {"start": "2026-03-04T06:00:00+01:00", "end": "2026-03-04T18:01:00+01:00"}
    too_short = {"start": "2026-03-04T06:00:00+01:00", "end": "2026-03-04T06:30:00+01:00"}
    no_offset = {"start": "2026-03-04T06:00:00", "end": "2026-03-04T10:00:00"}
    found = problems(JobOfferIn, OFFER | {"shifts": [backwards, too_long, too_short, no_offset]})
    assert found["shifts.0"] == "the end must be after the start"
    assert found["shifts.1"] == "a shift lasts at most 12 hours, breaks included"
    assert found["shifts.2"] == "a shift lasts at least 1 hour"
    assert "timezone" in found["shifts.3.start"]


def test_overlapping_shifts_are_refused() -> None:
    first = {"start": "2026-03-04T09:00:00+01:00", "end": "2026-03-04T13:00:00+01:00"}
    second = {"start": "2026-03-04T12:00:00+01:00", "end": "2026-03-04T16:00:00+01:00"}
    assert "overlaps" in problems(JobOfferIn, OFFER | {"shifts": [first, second]})["shifts"]


def test_wage_is_a_positive_amount_in_cents() -> None:
    assert "two decimals" in problems(JobOfferIn, OFFER | {"hourlyWage": "13.505"})["hourlyWage"]
    assert problems(JobOfferIn, OFFER | {"hourlyWage": "0"})["hourlyWage"] == "the amount must be positive"


def test_invitation_recipient_fits_the_channel() -> None:
    assert InvitationIn.model_validate({"via": "WHATSAPP", "recipient": "+32 470/12.34.56"}).recipient == "+32470123456"
    assert "international format" in problems(InvitationIn, {"via": "SMS", "recipient": "0470123456"})["recipient"]
    assert "e-mail" in problems(InvitationIn, {"via": "EMAIL", "recipient": "+32470123456"})["recipient"]
    assert "required" in problems(InvitationIn, {"via": "EMAIL"})["recipient"]
    assert "no recipient" in problems(InvitationIn, {"via": "QR", "recipient": "a@b.be"})["recipient"]


@pytest.mark.parametrize("score", [0, 6])
def test_rating_outside_1_to_5_is_a_readable_422(score: int) -> None:
    assert "score" in problems(RatingIn, {"score": score})


def test_refusal_event_gives_its_reason() -> None:
    assert problems(CompanyEventIn, {"type": "REFUSED"}) == {"": "a REFUSED event gives its reason"}
    assert CompanyEventIn.model_validate({"type": "ACTIVATED", "unknown": 1}).type.value == "ACTIVATED"


def test_cancellation_needs_a_reason() -> None:
    assert "reason" in problems(CancellationIn, {"reason": "  "})


def test_timesheet_gives_hours_or_a_no_show() -> None:
    start = "2026-03-04T09:00:00+01:00"
    assert problems(TimesheetIn, {"shiftStart": start}) == {"": "give workedFrom and workedUntil, or noShow: true"}
    assert TimesheetIn.model_validate({"shiftStart": start, "noShow": True}).worked() is None


def test_worker_birth_date_is_in_the_past() -> None:
    assert "birthDate" in problems(WorkerIn, {"workerId": "w-1", "status": "STUDENT", "birthDate": "2999-01-01"})
