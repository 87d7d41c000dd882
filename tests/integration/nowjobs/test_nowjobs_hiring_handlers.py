"""NOWJOBS hiring routes through the handlers on the local stack: job offers, invitations, applications
from the platform, the candidates with their cost quotes, and the wage-quote calculator."""
from __future__ import annotations

import pytest

from tests.integration.nowjobs.journey import FLEXI_WORKER, STUDENT_WORKER, THURSDAY, Handlers, job_offer, outbox


@pytest.fixture
def api(make_app, api_event) -> Handlers:
    return Handlers(make_app(), api_event)


@pytest.fixture
def company(api: Handlers) -> str:
    company_id = api.register()
    api.activate(company_id)
    return company_id


def test_an_offer_before_activation_is_a_409(api: Handlers) -> None:
    company_id = api.register()
    status, body = api.channel("POST", f"/v1/nowjobs/companies/{company_id}/job-offers", job_offer())
    assert (status, body["error"]["code"]) == (409, "COMPANY_NOT_ACTIVE")


def test_an_active_company_publishes_at_once_and_finds_its_offers(api: Handlers, company: str) -> None:
    status, created = api.channel("POST", f"/v1/nowjobs/companies/{company}/job-offers", job_offer())
    assert (status, created["status"]) == (201, "PUBLISHED")

    _, offer = api.channel("GET", f"/v1/nowjobs/job-offers/{created['offerId']}")
    _, page = api.channel("GET", f"/v1/nowjobs/companies/{company}/job-offers", query={"limit": "1"})
    assert (offer["hourlyWage"], offer["filledPositions"], len(offer["shifts"])) == ("14.00", 0, 2)
    assert [o["offerId"] for o in page["items"]] == [created["offerId"]]
    assert api.channel("GET", f"/v1/nowjobs/job-offers/{created['offerId']}", customer="C-EMMA")[0] == 404


def test_bad_offers_are_readable_422s(api: Handlers, company: str) -> None:
    path = f"/v1/nowjobs/companies/{company}/job-offers"
    backwards = [{"start": "2026-03-05T17:00:00+01:00", "end": "2026-03-05T09:00:00+01:00"}]

    shape = api.channel("POST", path, job_offer(shifts=backwards, positions=0, hourlyWage="12.345"))
    floor = api.channel("POST", path, job_offer(hourlyWage="12.00", statuses=["FLEXI"]))
    past = api.channel("POST", path, job_offer(shifts=[{"start": "2026-03-01T09:00:00+01:00",
                                                        "end": "2026-03-01T12:00:00+01:00"}]))

    assert shape[0] == 422
    assert {d["field"] for d in shape[1]["error"]["details"]} == {"body.shifts[0]", "body.positions",
                                                                  "body.hourlyWage"}
    assert (floor[0], floor[1]["error"]["code"]) == (422, "WAGE_BELOW_LEGAL_FLOOR")
    assert "below the legal minimum of €12.53" in floor[1]["error"]["message"]
    assert past[0] == 422


def test_invitations_give_a_link_and_qr_code_and_go_out_through_the_outbox(api: Handlers, company: str) -> None:
    path = f"/v1/nowjobs/companies/{company}/invitations"

    qr = api.channel("POST", path, {"via": "QR"})
    sms = api.channel("POST", path, {"via": "SMS", "recipient": "+32 470 98 76 54"})
    missing = api.channel("POST", path, {"via": "EMAIL"})

    assert qr[0] == sms[0] == 200
    assert qr[1]["link"].endswith(qr[1]["invitationId"]) and qr[1]["qrCodeSvg"].startswith("<svg")
    assert (missing[0], missing[1]["error"]["details"][0]["field"]) == (422, "body.recipient")
    sent = [m for m in outbox(api.app) if m["type"] == "NOWJOBS_INVITATION"]
    assert [(m["channel"], m["recipient"], m["reference"]) for m in sent] == [
        ("SMS", "+32470987654", sms[1]["invitationId"])]
    assert sms[1]["link"] in sent[0]["body"]
    opened = api.partner("GET", f"/v1/partners/nowjobs/invitations/{sms[1]['invitationId']}")
    assert (opened[0], opened[1]["companyId"]) == (200, company)
    api.app.stack.clock.advance("P8D")                     # links sent to one person live 7 days
    assert api.partner("GET", f"/v1/partners/nowjobs/invitations/{sms[1]['invitationId']}")[1]["error"][
        "code"] == "INVITATION_EXPIRED"


def test_candidates_are_listed_with_what_each_costs(api: Handlers, company: str) -> None:
    offer_id = api.publish(company, shifts=THURSDAY)      # 7.5 h worked at 14.00: gross 105.00

    flexi = api.apply(offer_id, FLEXI_WORKER)
    api.app.stack.clock.advance("PT5M")
    student = api.apply(offer_id, STUDENT_WORKER)
    again = api.apply(offer_id, FLEXI_WORKER)             # a repeat of the platform's call
    status, page = api.channel("GET", f"/v1/nowjobs/job-offers/{offer_id}/applications")

    assert again == flexi
    assert status == 200
    quotes = {c["worker"]["status"]: c["costQuote"] for c in page["items"]}
    assert [c["applicationId"] for c in page["items"]] == [student, flexi]          # newest first
    # flexi 28 %: 105.00 x 0.28 = 29.40; student within the 650 h quota 5.42 %: 5.691 -> 5.69; fee 2.00/h
    assert (quotes["FLEXI"]["employerContributions"], quotes["FLEXI"]["total"]) == ("29.40", "149.40")
    assert (quotes["STUDENT"]["employerContributions"], quotes["STUDENT"]["total"]) == ("5.69", "125.69")


def test_applications_the_offer_cannot_take_are_refused(api: Handlers, company: str) -> None:
    offer_id = api.publish(company, statuses=["STUDENT"])
    path = f"/v1/partners/nowjobs/job-offers/{offer_id}/applications"

    flexi = api.partner("POST", path, {"worker": FLEXI_WORKER})
    no_birth_date = api.partner("POST", path, {"worker": {"workerId": "W-9", "status": "STUDENT"}})
    api.app.stack.clock.advance("P3DT1H")                     # Thursday 10:00: the first shift started
    late = api.partner("POST", path, {"worker": STUDENT_WORKER})

    assert flexi[0] == 422
    assert (no_birth_date[0], no_birth_date[1]["error"]["details"][0]["field"]) == (422, "body.worker.birthDate")
    assert late[0] == 409


def test_the_wage_quote_calculator_prices_a_shift_and_refuses_an_illegal_wage(api: Handlers) -> None:
    request = {"status": "REGULAR", "birthDate": "1999-11-23", "jointCommittee": "302", "hourlyWage": "14.00",
               "shifts": THURSDAY}

    status, quote = api.channel("POST", "/v1/nowjobs/wage-quotes", request)
    below = api.channel("POST", "/v1/nowjobs/wage-quotes", request | {"hourlyWage": "10.00"})

    # regular worker 25 %: 105.00 x 0.25 = 26.25; fee 7.5 h x 2.00 = 15.00
    assert status == 200
    assert (quote["hours"], quote["grossWage"], quote["employerContributions"], quote["contributionRate"],
            quote["fees"], quote["total"]) == ("7.50", "105.00", "26.25", "0.25", "15.00", "146.25")
    assert (below[0], below[1]["error"]["code"]) == (422, "WAGE_BELOW_LEGAL_FLOOR")


def test_a_wage_that_is_not_a_plain_sane_amount_is_a_422_not_a_crash(api: Handlers) -> None:
    for wage in ("1e30", "1_3.50", "١٣", "13.505", "1000.01", "-14.00", True):
        status, body = api.channel("POST", "/v1/nowjobs/wage-quotes", {
            "status": "FLEXI", "birthDate": "1984-04-02", "jointCommittee": "302", "hourlyWage": wage,
            "shifts": THURSDAY})
        assert (status, [d["field"] for d in body["error"]["details"]]) == (422, ["body.hourlyWage"]), wage
