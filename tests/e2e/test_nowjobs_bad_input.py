"""NOWJOBS over HTTP with the simulators off (the test plays NOWJOBS on the partner routes): bad input is a
readable 422, a step out of order a 409, a repeated partner event or request has no second effect."""
from __future__ import annotations

import itertools

import pytest

from tests.integration.nowjobs.journey import (
    FLEXI_WORKER,
    enterprise_number,
    job_offer,
    outbox,
    person_usable_for,
    registration,
)

_numbers = itertools.count(4_100_000)


class Nowjobs:
    """One fresh enterprise and its person per test, made usable through core-banking events."""

    def __init__(self, http, tokens) -> None:
        self.http, self.tokens = http, tokens
        self.enterprise = enterprise_number(next(_numbers))
        self.customer = f"C-NJ-{self.enterprise}"
        person_usable_for(lambda kind, detail: http.post(
            "/_local/events", {"source": "core-banking", "detailType": kind, "detail": detail}),
            self.customer, self.enterprise)

    def person(self, method: str, path: str, body=None, **headers: str):
        return self.http.request(method, path, body, headers=self.tokens.person(self.customer) | headers)

    def nowjobs(self, method: str, path: str, body=None, **headers: str):
        return self.http.request(method, path, body, headers=self.tokens.partner("nowjobs") | headers)

    def register(self) -> str:
        answer = self.person("POST", "/v1/nowjobs/companies", registration(self.enterprise))
        assert answer.status == 201, answer.body
        return str(answer.body["companyId"])

    def company_event(self, company_id: str, event: str, **fields):
        return self.nowjobs("POST", f"/v1/partners/nowjobs/companies/{company_id}/events", {"type": event, **fields})

    def active_company_with_offer(self) -> tuple[str, str]:
        company_id = self.register()
        for event in ("VERIFIED", "ACTIVATED"):
            assert self.company_event(company_id, event).status == 200
        answer = self.person("POST", f"/v1/nowjobs/companies/{company_id}/job-offers", job_offer())
        assert answer.status == 201, answer.body
        return company_id, str(answer.body["offerId"])


@pytest.fixture
def nj(http, tokens) -> Nowjobs:
    return Nowjobs(http, tokens)


def details(answer) -> dict[str, str]:
    return {d["field"]: d["message"] for d in answer.body["error"]["details"]}


def test_a_registration_with_bad_fields_lists_each_one_readably(nj: Nowjobs) -> None:
    answer = nj.person("POST", "/v1/nowjobs/companies", registration(
        nj.enterprise, enterpriseNumber="0123456789", iban="BE68 5390 0754 7035",
        contact={"name": "Bart", "email": "bart@", "phone": "0470 12 34 56"},
        directDebitMandate={"accepted": False}, acquisitionChannel="FAX"))

    assert answer.status == 422
    assert answer.body["error"]["code"] == "VALIDATION_ERROR"
    found = details(answer)
    assert set(found) == {"body.enterpriseNumber", "body.iban", "body.contact.email", "body.contact.phone",
                          "body.directDebitMandate.accepted", "body.acquisitionChannel"}
    assert found["body.contact.phone"] == "not a phone number in international format, e.g. +32470123456"
    assert "5390" not in str(answer.body)                  # the IBAN is never echoed


@pytest.mark.parametrize(("change", "code"), [
    ({"declaration": None}, "DECLARATION_REQUIRED"),
    ({"declaration": {"accepted": True, "wordingVersion": "1999-01"}}, "DECLARATION_OUTDATED"),
    ({"jointCommittees": ["999"]}, "UNSUPPORTED_JOINT_COMMITTEE"),
])
def test_a_registration_breaking_a_rule_is_a_422_naming_it(nj: Nowjobs, change, code) -> None:
    answer = nj.person("POST", "/v1/nowjobs/companies", registration(nj.enterprise, **change))
    assert (answer.status, answer.body["error"]["code"]) == (422, code)
    assert answer.body["error"]["message"]


def test_a_body_that_is_not_json_is_a_400(nj: Nowjobs) -> None:
    answer = nj.person("POST", "/v1/nowjobs/companies", "{not json")
    assert (answer.status, answer.body["error"]["code"]) == (400, "MALFORMED_JSON")


def test_bad_offers_quotes_and_hours_are_readable_422s(nj: Nowjobs) -> None:
    company_id, _ = nj.active_company_with_offer()

    below = nj.person("POST", f"/v1/nowjobs/companies/{company_id}/job-offers",
                      job_offer(hourlyWage="12.50", statuses=["FLEXI"]))
    overlapping = nj.person("POST", "/v1/nowjobs/wage-quotes", {
        "status": "STUDENT", "birthDate": "2006-01-01", "jointCommittee": "302", "hourlyWage": "14.00",
        "shifts": [{"start": "2026-03-05T09:00:00+01:00", "end": "2026-03-05T13:00:00+01:00"},
                   {"start": "2026-03-05T12:00:00+01:00", "end": "2026-03-05T15:00:00+01:00"}]})
    rating = nj.person("POST", "/v1/nowjobs/contracts/x/rating", {"score": 0})

    assert (below.status, below.body["error"]["message"]) == (422, (
        "hourly wage €12.50 is below the legal minimum of €12.53 for a flexi-jobber of any age in joint "
        "committee 302 on 2026-03-05"))
    assert details(below) == {"hourlyWage": below.body["error"]["message"]}
    assert overlapping.status == 422 and "overlaps" in details(overlapping)["body.shifts"]
    assert (rating.status, list(details(rating))) == (422, ["body.score"])


def test_steps_out_of_order_are_409s_and_change_nothing(nj: Nowjobs) -> None:
    company_id = nj.register()
    early_offer = nj.person("POST", f"/v1/nowjobs/companies/{company_id}/job-offers", job_offer())
    early_activation = nj.company_event(company_id, "ACTIVATED")
    again = nj.person("POST", "/v1/nowjobs/companies", registration(nj.enterprise))
    for event in ("VERIFIED", "ACTIVATED"):
        nj.company_event(company_id, event)
    refused_late = nj.company_event(company_id, "REFUSED", reason="too late")
    offer_id = nj.person("POST", f"/v1/nowjobs/companies/{company_id}/job-offers", job_offer()).body["offerId"]
    application = nj.nowjobs("POST", f"/v1/partners/nowjobs/job-offers/{offer_id}/applications",
                             {"worker": FLEXI_WORKER}).body["applicationId"]
    contract_id = nj.person("POST", f"/v1/nowjobs/applications/{application}/contract-proposal").body["contractId"]
    dimona_first = nj.nowjobs("POST", f"/v1/partners/nowjobs/contracts/{contract_id}/events",
                              {"type": "DIMONA_CONFIRMED"})
    hours_first = nj.person("POST", f"/v1/nowjobs/contracts/{contract_id}/timesheets", {
        "shiftStart": "2026-03-05T09:00:00+01:00", "noShow": True})

    assert [(a.status, a.body["error"]["code"]) for a in
            (early_offer, early_activation, again, refused_late, dimona_first, hours_first)] == [
        (409, "COMPANY_NOT_ACTIVE"), (409, "COMPANY_EVENT_OUT_OF_ORDER"), (409, "COMPANY_ALREADY_REGISTERED"),
        (409, "COMPANY_EVENT_OUT_OF_ORDER"), (409, "CONTRACT_EVENT_OUT_OF_ORDER"), (409, "DIMONA_NOT_CONFIRMED")]
    assert nj.person("GET", f"/v1/nowjobs/companies/{company_id}").body["status"] == "ACTIVE"
    assert nj.person("GET", f"/v1/nowjobs/contracts/{contract_id}").body["status"] == "PROPOSED"


def test_repeated_partner_events_and_requests_have_no_second_effect(app, nj: Nowjobs) -> None:
    company_id = nj.register()
    verified = [nj.company_event(company_id, "VERIFIED", eventId="v-1").body for _ in range(2)]
    activated = [nj.company_event(company_id, "ACTIVATED").body for _ in range(3)]
    offer_path = f"/v1/nowjobs/companies/{company_id}/job-offers"
    offers = [nj.person("POST", offer_path, job_offer(), **{"Idempotency-Key": "offer-1"}) for _ in range(2)]
    offer_id = offers[0].body["offerId"]
    applications = [nj.nowjobs("POST", f"/v1/partners/nowjobs/job-offers/{offer_id}/applications",
                               {"worker": FLEXI_WORKER}).body for _ in range(2)]
    contract_id = nj.person("POST", f"/v1/nowjobs/applications/{applications[0]['applicationId']}/"
                                    "contract-proposal").body["contractId"]
    events = f"/v1/partners/nowjobs/contracts/{contract_id}/events"
    accepted = [nj.nowjobs("POST", events, {"type": "ACCEPTED"}, **{"Idempotency-Key": "acc-1"}).body
                for _ in range(2)]
    confirmed = [nj.nowjobs("POST", events, {"type": "DIMONA_CONFIRMED", "dimonaReference": "D-1"}).body
                 for _ in range(2)]

    assert verified[0] == verified[1] and activated[0] == activated[1] == activated[2]
    assert offers[0].status == offers[1].status == 201 and offers[0].body == offers[1].body
    assert len(nj.person("GET", offer_path).body["items"]) == 1
    assert applications[0] == applications[1]
    assert len(nj.person("GET", f"/v1/nowjobs/job-offers/{offer_id}/applications").body["items"]) == 1
    assert accepted[0]["dimona"] == accepted[1]["dimona"]
    assert confirmed[0] == confirmed[1]
    assert len(nj.person("GET", f"/v1/nowjobs/contracts/{contract_id}/timesheets").body["items"]) == 2
    welcome = [m for m in outbox(app) if m["type"] == "NOWJOBS_WELCOME_DISCOUNT" and company_id in m["id"]]
    assert len(welcome) == 1


def test_each_route_takes_only_its_own_kind_of_credential(nj: Nowjobs, tokens, http) -> None:
    company_id = nj.register()
    events = f"/v1/partners/nowjobs/companies/{company_id}/events"

    assert http.post(events, {"type": "VERIFIED"}).status == 401
    assert http.post(events, {"type": "VERIFIED"}, headers=tokens.person(nj.customer)).status == 403
    assert http.post(events, {"type": "VERIFIED"}, headers=tokens.partner("go-solid")).status == 403
    assert http.get(f"/v1/nowjobs/companies/{company_id}", headers=tokens.partner("nowjobs")).status == 403
    assert http.get(f"/v1/nowjobs/companies/{company_id}", headers=tokens.person("C-ANNA")).status == 404
