"""Job offers, invitations, applications and each candidate's cost."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extra_services.errors import Conflict, InvalidInput, NotFound
from extra_services.nowjobs.channel_responses import ApplicationOut, InvitationOut, JobOfferOut
from extra_services.nowjobs.partner_models import ApplicationIn
from extra_services.nowjobs.ports import OutboxChannel
from extra_services.nowjobs.request_models import InvitationIn, WageQuoteIn
from tests.integration.nowjobs.support import (
    ANNA,
    BASE_URL,
    STRANGER,
    World,
    active_company,
    event,
    offer_request,
    registration,
)


def apply(w: World, offer_id: str, worker_id: str = "worker-1", status: str = "FLEXI", **worker: object) -> str:
    request = ApplicationIn.model_validate(
        {"worker": {"workerId": worker_id, "status": status, "birthDate": "1990-05-17", **worker}})
    return w.hiring.record_application(offer_id, request).application_id


def test_offer_before_activation_is_a_409(w: World) -> None:
    company_id = w.companies.register(ANNA, registration()).company_id
    w.companies.apply_partner_event(company_id, event("VERIFIED"))
    with pytest.raises(Conflict) as refused:
        w.hiring.create_offer(ANNA, company_id, offer_request())
    assert refused.value.code == "COMPANY_NOT_ACTIVE"


def test_offer_is_published_at_once_listed_and_read(w: World) -> None:
    company_id = active_company(w)
    created = w.hiring.create_offer(ANNA, company_id, offer_request())

    assert created.status.value == "PUBLISHED"
    listed = w.hiring.list_offers(ANNA, company_id)
    assert [o.offer_id for o in listed.items] == [created.offer_id]
    read = JobOfferOut.of(w.hiring.get_offer(ANNA, created.offer_id)).model_dump(mode="json")
    assert (read["hourlyWage"], read["positions"], len(read["shifts"])) == ("14.00", 1, 2)
    [published] = w.publisher.of_type("JobOfferPublished")
    assert published["offerId"] == created.offer_id


def test_offer_paying_less_than_the_legal_floor_is_a_readable_422(w: World) -> None:
    company_id = active_company(w)
    with pytest.raises(InvalidInput) as refused:
        w.hiring.create_offer(ANNA, company_id, offer_request(hourlyWage="12.00"))
    assert refused.value.code == "WAGE_BELOW_LEGAL_FLOOR"
    assert refused.value.details == [{"field": "hourlyWage", "message": refused.value.message, "value": "12.00",
                                      "minimum": "12.53"}]


def test_offer_with_a_shift_in_the_past_is_a_422(w: World) -> None:
    company_id = active_company(w)
    past = {"start": "2026-03-01T09:00:00+01:00", "end": "2026-03-01T17:00:00+01:00"}
    with pytest.raises(InvalidInput) as refused:
        w.hiring.create_offer(ANNA, company_id, offer_request(shifts=[past]))
    assert refused.value.code == "SHIFT_NOT_IN_FUTURE"


def test_offers_of_another_enterprise_are_not_found(w: World) -> None:
    company_id = active_company(w)
    offer_id = w.hiring.create_offer(ANNA, company_id, offer_request()).offer_id
    with pytest.raises(NotFound):
        w.hiring.get_offer(STRANGER, offer_id)
    with pytest.raises(NotFound):
        w.hiring.list_offers(STRANGER, company_id)


def test_invitation_by_sms_is_sent_through_the_outbox_with_its_link(w: World) -> None:
    company_id = active_company(w)
    w.outbox.sent.clear()
    invitation = w.hiring.create_invitation(ANNA, company_id,
                                            InvitationIn.model_validate({"via": "SMS", "recipient": "+32470999888"}))

    assert invitation.link == f"{BASE_URL}/{invitation.invitation_id}"
    assert InvitationOut.of(invitation).qr_code_svg.startswith("<svg")
    [sms] = w.outbox.sent
    assert (sms["channel"], sms["recipient"], sms["reference"]) == (
        OutboxChannel.SMS, "+32470999888", invitation.invitation_id)
    assert invitation.link in sms["body"]
    assert w.repository.get_invitation(invitation.invitation_id) is not None


def test_qr_invitations_are_unique_and_send_nothing(w: World) -> None:
    company_id = active_company(w)
    w.outbox.sent.clear()
    qr = InvitationIn.model_validate({"via": "QR"})
    first, second = (w.hiring.create_invitation(ANNA, company_id, qr) for _ in range(2))
    assert first.invitation_id != second.invitation_id and first.link != second.link
    assert w.outbox.sent == []


def test_invitation_expires(w: World) -> None:
    company_id = active_company(w)
    invitation = w.hiring.create_invitation(ANNA, company_id, InvitationIn.model_validate({"via": "QR"}))
    _, company = w.hiring.open_invitation(invitation.invitation_id)
    assert company.name == "Brasserie du Parc SRL"
    w.at(invitation.expires_at)
    with pytest.raises(Conflict) as refused:
        w.hiring.open_invitation(invitation.invitation_id)
    assert refused.value.code == "INVITATION_EXPIRED"
    with pytest.raises(NotFound):
        w.hiring.open_invitation("inv_unknown")


def test_applications_are_listed_with_their_cost_quote(w: World) -> None:
    company_id = active_company(w)
    offer_id = w.hiring.create_offer(ANNA, company_id, offer_request()).offer_id
    flexi = apply(w, offer_id, "worker-1", "FLEXI")
    student = apply(w, offer_id, "worker-2", "STUDENT", studentHoursUsedThisYear=100)

    page = [ApplicationOut.of(c).model_dump(mode="json") for c in w.hiring.list_applications(ANNA, offer_id).items]
    quotes = {a["applicationId"]: a["costQuote"] for a in page}

    assert quotes[flexi]["grossWage"] == "161.00"  # 11.5 h x €14.00
    assert quotes[flexi]["employerContributions"] == "45.08"  # 28%
    assert quotes[student]["employerContributions"] == "8.73"  # 5.42% within the quota
    assert quotes[flexi]["total"] == str(Decimal(quotes[flexi]["grossWage"])
                                         + Decimal(quotes[flexi]["employerContributions"])
                                         + Decimal(quotes[flexi]["fees"]))


def test_duplicate_application_has_no_second_effect(w: World) -> None:
    company_id = active_company(w)
    offer_id = w.hiring.create_offer(ANNA, company_id, offer_request()).offer_id
    assert apply(w, offer_id) == apply(w, offer_id)
    assert len(w.hiring.list_applications(ANNA, offer_id).items) == 1


def test_application_for_a_status_the_offer_refuses_is_a_422(w: World) -> None:
    company_id = active_company(w)
    offer_id = w.hiring.create_offer(ANNA, company_id, offer_request(statuses=["FLEXI"])).offer_id
    with pytest.raises(InvalidInput):
        apply(w, offer_id, status="STUDENT")


def test_wage_quote_breaks_the_cost_down(w: World) -> None:
    request = WageQuoteIn.model_validate({
        "status": "FLEXI", "birthDate": "1990-05-17", "jointCommittee": "302", "hourlyWage": "9.00",
        "shifts": [{"start": "2026-03-04T09:00:00+01:00", "end": "2026-03-04T17:00:00+01:00"}]})
    with pytest.raises(InvalidInput) as refused:
        w.hiring.quote_wage(request)
    assert "below the legal minimum of €12.53" in refused.value.message
    fair = w.hiring.quote_wage(request.model_copy(update={"hourly_wage": Decimal("15.00")}))
    assert (fair.gross_wage, fair.employer_contributions) == (Decimal("120.00"), Decimal("33.60"))
