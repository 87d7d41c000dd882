"""A company from registration to confirmed, rated hours, over HTTP on the local stack with the NOWJOBS
simulator playing the Digital Business Partner, the workers and the Dimona (local_stack/simulators/nowjobs.py).
The candidates' cost quotes are checked against RULES.md §3 figures computed here by hand."""
from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from local_stack.testing import HttpClient
from tests.integration.nowjobs.journey import BAKERY, BART, job_offer, registration

CENT = Decimal("0.01")
WAGE = Decimal("14.00")
THURSDAY_HOURS, FRIDAY_HOURS = Decimal("7.5"), Decimal(4)   # 09:00-17:00 less 30 min; 09:00-13:00
# RULES.md §3 employer contributions: student 5.42 % within the 650-hour quota, flexi 28 %, regular ~25 %.
RATES = {"STUDENT": Decimal("0.0542"), "FLEXI": Decimal("0.28"), "REGULAR": Decimal("0.25")}
FEE_PER_HOUR = Decimal("2.00")        # NOWJOBS service fee (rates/nowjobs_fees.py, to confirm with NOWJOBS)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def by_hand(status: str, hours: Decimal) -> dict[str, str]:
    """One shift line: gross, contributions on the rounded gross, fee per hour worked, total."""
    gross = cents(hours * WAGE)
    contributions = cents(gross * RATES[status])
    fees = cents(hours * FEE_PER_HOUR)
    return {"grossWage": f"{gross}", "employerContributions": f"{contributions}", "fees": f"{fees}",
            "total": f"{gross + contributions + fees}"}


@pytest.fixture
def app(make_app):
    return make_app(simulators=True)


@pytest.fixture
def bart(app):
    token = app.token_for(BART, lifetime=timedelta(days=14))     # the journey spans a week of virtual time
    with HttpClient(app.url, headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


@pytest.fixture
def local(app):
    with HttpClient(app.url) as client:
        def advance(duration: str) -> str:
            answer = client.post("/_local/clock", {"advance": duration})
            assert answer.status == 200, answer.body
            return str(answer.body["now"])
        client.advance = advance  # type: ignore[attr-defined]
        yield client


def ok(answer, status: int = 200):
    assert answer.status == status, answer.body
    return answer.body


def test_a_company_goes_from_registration_to_confirmed_rated_hours(app, bart, local) -> None:
    # Monday 2 March 2026, 09:00 Brussels: Bart registers the bakery through CBC Mobile.
    registered = ok(bart.post("/v1/nowjobs/companies", registration(), headers={"Idempotency-Key": "demo-1"}), 201)
    company_path = f"/v1/nowjobs/companies/{registered['companyId']}"
    assert (registered["status"], registered["activationDue"]) == ("PENDING_VERIFICATION", "2026-03-04T08:00:00Z")

    local.advance("PT2H")
    assert ok(bart.get(company_path))["status"] == "VERIFIED"
    local.advance("PT24H")                      # Tuesday 11:00: the Digital Business Partner activates it
    company = ok(bart.get(company_path))
    assert (company["status"], company["activatedAt"], company["activationTargetMet"]) == (
        "ACTIVE", "2026-03-03T10:00:00Z", True)
    welcome = [m for m in ok(local.get("/_local/outbox"))["items"] if m["type"] == "NOWJOBS_WELCOME_DISCOUNT"]
    assert [m["recipient"] for m in welcome] == ["bart@bakkerij-janssens.example"]
    assert "NJ50-" in welcome[0]["body"] and "€50.00" in welcome[0]["subject"]

    offer = ok(bart.post(f"{company_path}/job-offers", job_offer()), 201)
    local.advance("PT1H")                       # the platform's student, flexi-jobber and regular worker apply
    candidates = ok(bart.get(f"/v1/nowjobs/job-offers/{offer['offerId']}/applications"))["items"]
    assert sorted(c["worker"]["status"] for c in candidates) == ["FLEXI", "REGULAR", "STUDENT"]
    for candidate in candidates:
        status, quote = candidate["worker"]["status"], candidate["costQuote"]
        lines = [by_hand(status, THURSDAY_HOURS), by_hand(status, FRIDAY_HOURS)]
        assert [{k: line[k] for k in lines[0]} for line in quote["lines"]] == lines, status
        assert quote["total"] == f"{sum(Decimal(line['total']) for line in lines)}"
    assert {c["worker"]["status"]: c["costQuote"]["total"] for c in candidates} == {
        "STUDENT": "192.73", "FLEXI": "229.08", "REGULAR": "224.25"}

    karim = next(c for c in candidates if c["worker"]["status"] == "FLEXI")
    contract = ok(bart.post(f"/v1/nowjobs/applications/{karim['applicationId']}/contract-proposal"))
    contract_path = f"/v1/nowjobs/contracts/{contract['contractId']}"
    local.advance("PT1H")                       # the worker accepts after 30 min, the Dimona 5 min later
    contract = ok(bart.get(contract_path))
    dimona = contract["dimona"]
    assert (contract["status"], dimona["type"], dimona["reference"][:8]) == ("DIMONA_CONFIRMED", "FLX", "DIM-FLX-")
    assert (dimona["requestedAt"], dimona["confirmedAt"]) == ("2026-03-03T11:30:00Z", "2026-03-03T11:35:00Z")

    local.advance("P2DT5H30M")                  # Thursday 17:30 Brussels: the first shift is over
    thursday = ok(bart.post(f"{contract_path}/timesheets", {
        "shiftStart": "2026-03-05T09:00:00+01:00", "workedFrom": "2026-03-05T09:00:00+01:00",
        "workedUntil": "2026-03-05T17:00:00+01:00", "breakMinutes": 30}))
    assert (thursday["status"], thursday["line"]["total"]) == ("CONFIRMED", by_hand("FLEXI", THURSDAY_HOURS)["total"])
    rating = ok(bart.post(f"{contract_path}/rating", {"score": 5, "comment": "Great with the customers"}))
    assert rating["score"] == 5

    local.advance("P3DT15H30M")                 # Monday 9 March, 09:00: Friday's hours are due at 13:00
    reminders = [m for m in ok(local.get("/_local/outbox"))["items"] if m["type"] == "NOWJOBS_HOURS_REMINDER"]
    assert len(reminders) == 1 and "06/03/2026 09:00" in reminders[0]["body"]
    friday = ok(bart.post(f"{contract_path}/timesheets", {
        "shiftStart": "2026-03-06T09:00:00+01:00", "workedFrom": "2026-03-06T09:00:00+01:00",
        "workedUntil": "2026-03-06T12:00:00+01:00"}))    # the worker left an hour early: 3 hours are paid
    assert {k: friday["line"][k] for k in ("grossWage", "employerContributions", "fees", "total")} == by_hand(
        "FLEXI", Decimal(3)) == {"grossWage": "42.00", "employerContributions": "11.76", "fees": "6.00",
                                 "total": "59.76"}

    sheets = ok(bart.get(f"{contract_path}/timesheets"))["items"]
    assert [(t["status"], t["line"]["total"]) for t in sheets] == [("CONFIRMED", "149.40"), ("CONFIRMED", "59.76")]
    assert all(call.status == 200 for call in app.simulators.calls), app.simulators.calls
    assert [(call.at.isoformat(), call.body.get("type") or call.body["worker"]["status"])
            for call in app.simulators.calls] == [
        ("2026-03-02T10:00:00+00:00", "VERIFIED"), ("2026-03-03T10:00:00+00:00", "ACTIVATED"),
        ("2026-03-03T10:20:00+00:00", "STUDENT"), ("2026-03-03T10:40:00+00:00", "FLEXI"),
        ("2026-03-03T11:00:00+00:00", "REGULAR"), ("2026-03-03T11:30:00+00:00", "ACCEPTED"),
        ("2026-03-03T11:35:00+00:00", "DIMONA_CONFIRMED")]


def test_the_registered_enterprise_is_the_bakery_of_the_demo_persona(bart) -> None:
    assert ok(bart.get("/v1/extra-services"))["enterprises"] == [
        {"enterpriseNumber": BAKERY, "usable": True, "reasons": []}]
