"""NOWJOBS company routes through the handlers on the local stack: registration, the partner's verdicts,
the welcome discount in the outbox, and the 48-hour activation schedule."""
from __future__ import annotations

import re

import pytest

from tests.integration.nowjobs.journey import BAKERY, Handlers, outbox, registration
from tests.support import channel_authorizer, partner_authorizer


@pytest.fixture
def api(make_app, api_event) -> Handlers:
    return Handlers(make_app(), api_event)


def test_registration_answers_201_pending_verification_with_the_48_hour_target(api: Handlers) -> None:
    status, body = api.channel("POST", "/v1/nowjobs/companies", registration())

    assert status == 201
    assert body["status"] == "PENDING_VERIFICATION"
    assert body["activationDue"] == "2026-03-04T08:00:00Z"      # registered Monday 08:00 UTC + 48 h
    status, company = api.channel("GET", f"/v1/nowjobs/companies/{body['companyId']}")
    assert status == 200
    assert (company["enterpriseNumber"], company["directDebitMandate"]["iban"]) == (BAKERY, "BE68…7034")
    status, listed = api.channel("GET", "/v1/nowjobs/companies", query={"enterpriseNumber": "BE 1234.567.401"})
    assert (status, [c["companyId"] for c in listed["items"]]) == (200, [body["companyId"]])


def test_the_same_idempotency_key_and_body_returns_the_first_registration(api: Handlers) -> None:
    key = {"Idempotency-Key": "register-bakery-1"}
    first = api.channel("POST", "/v1/nowjobs/companies", registration(), headers=key)
    again = api.channel("POST", "/v1/nowjobs/companies", registration(), headers=key)
    other_body = api.channel("POST", "/v1/nowjobs/companies", registration(name="Other BV"), headers=key)

    assert first[0] == again[0] == 201
    assert again[1] == first[1]
    assert (other_body[0], other_body[1]["error"]["code"]) == (422, "IDEMPOTENCY_KEY_REUSED")


def test_bad_registrations_are_readable_422s_and_a_second_one_a_409(api: Handlers) -> None:
    status, body = api.channel("POST", "/v1/nowjobs/companies",
                               registration(iban="BE00 0000 0000 0000", jointCommittees=["3020"]))
    assert status == 422
    fields = {d["field"]: d["message"] for d in body["error"]["details"]}
    assert set(fields) == {"body.iban", "body.jointCommittees[0]"}
    assert "not a valid IBAN" in fields["body.iban"]

    status, body = api.channel("POST", "/v1/nowjobs/companies", registration(declaration=None))
    assert (status, body["error"]["code"]) == (422, "DECLARATION_REQUIRED")

    status, body = api.channel("POST", "/v1/nowjobs/companies", registration(), customer="C-DINA")
    assert (status, body["error"]["code"]) == (403, "NOT_USABLE_FOR_ENTERPRISE")

    api.register()
    status, body = api.channel("POST", "/v1/nowjobs/companies", registration())
    assert (status, body["error"]["code"]) == (409, "COMPANY_ALREADY_REGISTERED")


def test_the_partner_verifies_then_activates_and_the_discount_code_is_emailed_once(api: Handlers) -> None:
    company_id = api.register()
    path = f"/v1/partners/nowjobs/companies/{company_id}/events"

    early = api.partner("POST", path, {"type": "ACTIVATED"})
    verified = api.partner("POST", path, {"type": "VERIFIED", "eventId": "dbp-1"})
    activated = api.partner("POST", path, {"type": "ACTIVATED"}, headers={"Idempotency-Key": "dbp-2"})
    repeated = api.partner("POST", path, {"type": "ACTIVATED"}, headers={"Idempotency-Key": "dbp-2"})
    late_verified = api.partner("POST", path, {"type": "VERIFIED", "eventId": "dbp-1"})

    assert (early[0], early[1]["error"]["code"]) == (409, "COMPANY_EVENT_OUT_OF_ORDER")
    assert (verified[0], verified[1]["status"]) == (200, "VERIFIED")
    assert (activated[0], activated[1]["status"], activated[1]["activationTargetMet"]) == (200, "ACTIVE", True)
    assert repeated == activated and late_verified[1]["status"] == "ACTIVE"
    emails = [m for m in outbox(api.app) if m["type"] == "NOWJOBS_WELCOME_DISCOUNT"]
    assert len(emails) == 1
    assert emails[0]["recipient"] == "bart@bakkerij-janssens.example"
    assert re.search(r"NJ50-[A-HJ-KM-NP-Z2-9]{4}-[A-HJ-KM-NP-Z2-9]{4}", emails[0]["body"])


def test_a_refusal_needs_a_reason_and_is_final(api: Handlers) -> None:
    company_id = api.register()
    path = f"/v1/partners/nowjobs/companies/{company_id}/events"

    no_reason = api.partner("POST", path, {"type": "REFUSED"})
    refused = api.partner("POST", path, {"type": "REFUSED", "reason": "Not a NOWJOBS sector"})
    activated = api.partner("POST", path, {"type": "ACTIVATED"})

    assert (no_reason[0], no_reason[1]["error"]["details"][0]["message"]) == (422, "a REFUSED event gives its reason")
    assert (refused[1]["status"], refused[1]["refusalReason"]) == ("REFUSED", "Not a NOWJOBS sector")
    assert activated[0] == 409


def test_partner_routes_need_the_nowjobs_partner_and_channel_routes_a_person(api: Handlers) -> None:
    company_id = api.register()
    events = f"/v1/partners/nowjobs/companies/{company_id}/events"

    other_partner = api.partner("POST", events, {"type": "VERIFIED"}, partner="go-solid")
    person = api.app.stack.invoke("NowjobsPartnerFunction", api.api_event(
        "POST", events, body={"type": "VERIFIED"}, authorizer=channel_authorizer("C-BART")))
    partner_on_channel_route = api.app.stack.invoke("NowjobsApiFunction", api.api_event(
        "GET", f"/v1/nowjobs/companies/{company_id}", authorizer=partner_authorizer("nowjobs")))

    assert (other_partner[0], other_partner[1]["error"]["code"]) == (403, "WRONG_CREDENTIAL")
    assert person["statusCode"] == partner_on_channel_route["statusCode"] == 403
    assert api.partner("POST", "/v1/partners/nowjobs/companies/unknown/events", {"type": "VERIFIED"})[0] == 404
    # another enterprise's company does not exist for a person who cannot act for it
    assert api.channel("GET", f"/v1/nowjobs/companies/{company_id}", customer="C-EMMA")[0] == 404


def test_the_schedule_measures_and_announces_a_missed_48_hour_target_once(api: Handlers) -> None:
    company_id = api.register()
    api.app.stack.clock.advance("PT47H")
    assert api.schedule("activation-targets") == {"NowjobsActivationsOverdue": 0, "NowjobsActivationTargetsMissed": 0}

    api.app.stack.clock.advance("PT1H15M")            # the 15-minute schedule ran past 48 h on its own

    assert api.schedule("activation-targets") == {"NowjobsActivationsOverdue": 1, "NowjobsActivationTargetsMissed": 0}
    overdue = [m for m in outbox(api.app) if m["type"] == "NOWJOBS_ACTIVATION_OVERDUE"]
    assert [m["recipient"] for m in overdue] == ["bart@bakkerij-janssens.example"]
    _, company = api.channel("GET", f"/v1/nowjobs/companies/{company_id}")
    assert company["status"] == "PENDING_VERIFICATION"
    api.activate(company_id)
    _, company = api.channel("GET", f"/v1/nowjobs/companies/{company_id}")
    assert company["activationTargetMet"] is False
    assert api.schedule("activation-targets")["NowjobsActivationsOverdue"] == 0


def test_an_unknown_schedule_task_fails_loudly(api: Handlers) -> None:
    with pytest.raises(Exception, match="task"):
        api.schedule("something-else")
