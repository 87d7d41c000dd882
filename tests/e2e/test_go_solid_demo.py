"""The Go Solid demo over HTTP with the partner simulators on (LOCAL_SIMULATORS=on): cases against
the demo debtors of local_stack/personas.py reach PAID, UNRECOVERABLE or REJECTED by moving the
virtual clock with POST /_local/clock, the bailiff and the debtors played by the simulators
(local_stack/simulators/gosolid.py). Submitted Monday 2 March 2026 09:00 Brussels."""
from datetime import UTC, datetime

import pytest

from local_stack.application import Application, Options
from local_stack.personas import (
    BAKERY,
    GO_SOLID_BANKRUPT_DEBTOR,
    GO_SOLID_EMPTY_DEBTOR,
    GO_SOLID_HEALTHY_DEBTOR,
    GO_SOLID_PLAN_DEBTOR,
    GO_SOLID_SILENT_DEBTOR,
)
from local_stack.testing import HttpClient

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
DEBTORS = {"healthy": GO_SOLID_HEALTHY_DEBTOR, "plan": GO_SOLID_PLAN_DEBTOR, "silent": GO_SOLID_SILENT_DEBTOR,
           "empty": GO_SOLID_EMPTY_DEBTOR, "bankrupt": GO_SOLID_BANKRUPT_DEBTOR}


@pytest.fixture(scope="module")
def demo():
    # a month of virtual time takes a while to run through: /_local/clock answers once idle
    with Application(Options(port=0, start=START, simulators=True)) as application, \
            HttpClient(application.url, timeout=600) as http:
        yield http


def bart(http: HttpClient) -> dict[str, str]:
    answer = http.post("/_local/tokens", {"customerId": "C-BART", "channel": "mobile"})
    return {"Authorization": f"Bearer {answer.body['token']}"}


def move_clock_to(http: HttpClient, instant: str) -> None:
    answer = http.post("/_local/clock", {"set": instant})
    assert answer.status == 200, answer.body
    assert answer.body["now"] == instant


def case(http: HttpClient, case_id: str) -> dict:
    answer = http.get(f"/v1/go-solid/cases/{case_id}", headers=bart(http))
    assert answer.status == 200, answer.body
    return answer.body


@pytest.fixture(scope="module")
def cases(demo):
    assert demo.get("/_local/health").body["simulators"] == "on"
    ids = {}
    for key, debtor in DEBTORS.items():
        answer = demo.post("/v1/go-solid/cases", {
            "creditorEnterpriseNumber": f"BE {BAKERY.number}", "declaration": {"accepted": True,
                                                                              "wordingVersion": "2025-01"},
            "debtor": {"enterpriseNumber": debtor.number, "name": debtor.name},
            "invoices": [{"number": f"B-{key}", "issueDate": "2026-01-02", "dueDate": "2026-02-01",
                          "amount": "1000.00"}],
            "evidence": [{"kind": "INVOICE", "documentId": f"scan-{key}"}]}, headers=bart(demo))
        assert answer.status == 202, answer.body
        ids[key] = answer.body["caseId"]
    assert demo.post("/_local/clock", {"advance": "PT0S"}).status == 200      # screening has run
    return ids


def test_screening_decides_at_once(demo, cases):
    assert case(demo, cases["bankrupt"])["rejectionReasons"] == ["DEBTOR_INACTIVE", "INSOLVENT_DEBTOR"]
    assert {case(demo, cases[k])["status"] for k in ("healthy", "plan", "silent", "empty")} == {"ACCEPTED"}


def test_the_bailiff_serves_the_next_working_day_and_the_healthy_debtor_pays_in_the_month(demo, cases):
    move_clock_to(demo, "2026-03-14T00:00:00Z")
    served = case(demo, cases["silent"])
    assert (served["status"], served["deadlines"]["responseDeadline"]) == ("SUMMONS_SERVED", "2026-04-03")
    assert next(e for e in served["timeline"] if e["type"] == "SUMMONS_SERVED")["on"] == "2026-03-03"
    paid = case(demo, cases["healthy"])
    assert paid["status"] == "PAID"                                    # paid on 13 March
    assert (paid["amounts"]["collected"], paid["amounts"]["forwardedToCreditor"]) == ("1048.34", "1000.00")
    assert case(demo, cases["plan"])["status"] == "PAYMENT_PLAN"


def test_the_silent_debtors_go_the_pv_route_to_paid_and_unrecoverable(demo, cases):
    move_clock_to(demo, "2026-04-14T00:00:00Z")
    for key in ("silent", "empty"):
        on_the_way = case(demo, cases[key])
        assert (on_the_way["status"], on_the_way["deadlines"]["pvEarliest"]) == ("PV_DRAWN", "2026-04-13")
    move_clock_to(demo, "2026-05-28T00:00:00Z")          # title 27 April, enforcement closed 27 May
    recovered, empty = case(demo, cases["silent"]), case(demo, cases["empty"])
    assert (recovered["status"], recovered["amounts"]["collected"]) == ("PAID", "1048.34")
    assert (empty["status"], empty["amounts"]["collected"]) == ("UNRECOVERABLE", "0.00")
    assert [e["type"] for e in empty["timeline"]][-5:] == [
        "PV_REQUESTED", "PV_DRAWN", "TITLE_ENFORCEABLE", "ENFORCEMENT_CLOSED", "CLOSED"]


def test_the_plan_debtor_pays_three_instalments(demo, cases):
    move_clock_to(demo, "2026-06-03T00:00:00Z")          # instalments due 2 April, 2 May, 1 June
    plan = case(demo, cases["plan"])
    assert plan["status"] == "PAID"
    assert [i["paidAmount"] for i in plan["paymentPlan"]["installments"]] == ["349.44", "349.44", "349.46"]


def test_the_creditor_sees_every_case_and_its_news(demo, cases):
    listed = demo.get("/v1/go-solid/cases", query={"creditorEnterpriseNumber": BAKERY.number, "limit": 10},
                      headers=bart(demo))
    assert listed.status == 200
    assert {c["caseId"]: c["status"] for c in listed.body["items"]} == {
        cases["healthy"]: "PAID", cases["plan"]: "PAID", cases["silent"]: "PAID",
        cases["empty"]: "UNRECOVERABLE", cases["bankrupt"]: "REJECTED"}
    inbox = demo.get("/v1/notifications", query={"limit": 100, "language": "en"}, headers=bart(demo)).body["items"]
    closed = [n for n in inbox if n["type"] == "GO_SOLID_CaseClosed"]
    assert len(closed) == 4
    outbox = demo.get("/_local/outbox").body["items"]
    assert {m["recipientCustomerId"] for m in outbox} == {"C-BART"}
    assert not any(GO_SOLID_EMPTY_DEBTOR.name in m["texts"]["en"]["body"] for m in outbox)   # no debtor names
