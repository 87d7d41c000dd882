"""NOWJOBS billing over HTTP on the local stack, with the simulators: two companies work the week of
2 March 2026; on Thursday 12 March the weekly run invoices it; on Tuesday 24 the daily submission sends the
direct debits in a pain.008 file; the simulated bank (local_stack/simulators/bank.py) settles them on their
due date, Thursday 26, and returns the garage's first one (its account is local_stack.personas
BANK_DEBTOR_SHORT_OF_FUNDS) two TARGET days later; the garage's one new attempt is collected on 16 April.
Moving the clock on bills and collects nothing twice."""
from __future__ import annotations

from typing import Any

import pytest

from local_stack.personas import BANK_DEBTOR_SHORT_OF_FUNDS, GARAGE
from local_stack.testing import HttpClient
from tests.integration.nowjobs.journey import job_offer, registration

THURSDAY = {"shiftStart": "2026-03-05T09:00:00+01:00", "workedFrom": "2026-03-05T09:00:00+01:00",
            "workedUntil": "2026-03-05T17:00:00+01:00", "breakMinutes": 30}
FRIDAY = {"shiftStart": "2026-03-06T09:00:00+01:00", "workedFrom": "2026-03-06T09:00:00+01:00",
          "workedUntil": "2026-03-06T13:00:00+01:00", "breakMinutes": 0}


class Local:
    def __init__(self, http: HttpClient) -> None:
        self.http = http

    def set(self, instant: str) -> None:
        answer = self.http.post("/_local/clock", {"set": instant})
        assert answer.status == 200, answer.body

    def advance(self, duration: str) -> None:
        answer = self.http.post("/_local/clock", {"advance": duration})
        assert answer.status == 200, answer.body

    def headers(self, **who: str) -> dict[str, str]:
        answer = self.http.post("/_local/tokens", who)
        assert answer.status == 200, answer.body
        return {"Authorization": f"Bearer {answer.body['token']}"}

    def call(self, method: str, path: str, body: Any = None, *, status: int = 200, **who: str) -> Any:
        answer = self.http.request(method, path, body, headers=self.headers(**who))
        assert answer.status == status, (method, path, answer.body)
        return answer.body

    def outbox(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.http.get("/_local/outbox").body["items"] if m["type"] == kind]


@pytest.fixture
def app(make_app):
    return make_app(simulators=True)


@pytest.fixture
def local(app):
    with HttpClient(app.url) as http:
        yield Local(http)


def hire(local: Local, customer: str, channel: str, company_id: str, status: str) -> str:
    """Publish the Thursday-Friday offer; the platform's worker of `status` applies; propose the contract."""
    offer = local.call("POST", f"/v1/nowjobs/companies/{company_id}/job-offers", job_offer(statuses=[status]),
                       status=201, customerId=customer, channel=channel)
    local.advance("PT1H")
    [candidate] = local.call("GET", f"/v1/nowjobs/job-offers/{offer['offerId']}/applications",
                             customerId=customer, channel=channel)["items"]
    contract = local.call("POST", f"/v1/nowjobs/applications/{candidate['applicationId']}/contract-proposal",
                          customerId=customer, channel=channel)
    return str(contract["contractId"])


def test_a_week_of_hours_is_invoiced_collected_settled_and_returned_once(app, local: Local) -> None:
    bart, ilse = {"customerId": "C-BART", "channel": "mobile"}, {"customerId": "C-ILSE", "channel": "touch"}
    bakery = local.call("POST", "/v1/nowjobs/companies", registration(), status=201, **bart)["companyId"]
    local.advance("PT1H")  # the NOWJOBS simulator's answers for two companies at one instant collide (reported)
    garage = local.call("POST", "/v1/nowjobs/companies", registration(
        GARAGE.number, name=GARAGE.name, iban=BANK_DEBTOR_SHORT_OF_FUNDS.iban, acquisitionChannel="TOUCH",
        contact={"name": "Ilse Dubois", "email": "ilse@garage-dubois.example", "phone": "+32470654321"}),
        status=201, **ilse)["companyId"]
    local.advance("PT26H")                                       # Tuesday 12:00: both activated
    contracts = [(bart, hire(local, "C-BART", "mobile", bakery, "FLEXI")),
                 (ilse, hire(local, "C-ILSE", "touch", garage, "REGULAR"))]
    local.advance("PT1H")                                        # accepted, Dimona confirmed
    local.set("2026-03-05T16:30:00Z")                            # Thursday 17:30: the first shift is over
    for who, contract_id in contracts:
        local.call("POST", f"/v1/nowjobs/contracts/{contract_id}/timesheets", THURSDAY, **who)
    local.set("2026-03-06T13:00:00Z")                            # Friday 14:00
    for who, contract_id in contracts:
        local.call("POST", f"/v1/nowjobs/contracts/{contract_id}/timesheets", FRIDAY, **who)

    local.set("2026-03-12T05:00:00Z")                            # Thursday 12 March, 06:00 Brussels
    [bakery_invoice] = local.call("GET", f"/v1/nowjobs/companies/{bakery}/invoices", **bart)["items"]
    [garage_invoice] = local.call("GET", f"/v1/nowjobs/companies/{garage}/invoices", **ilse)["items"]
    assert (bakery_invoice["subtotal"], bakery_invoice["discount"], bakery_invoice["total"]) == (
        "229.08", "50.00", "179.08")                             # the flexi quote, less the welcome discount
    assert (garage_invoice["subtotal"], garage_invoice["discount"]) == ("224.25", "0.00")
    for invoice in (bakery_invoice, garage_invoice):
        assert (invoice["status"], invoice["issuedOn"], len(invoice["lines"])) == ("UNPAID", "2026-03-12", 2)
        assert (invoice["collection"]["status"], invoice["collection"]["dueOn"]) == ("PRENOTIFIED", "2026-03-26")
    assert len(local.outbox("NOWJOBS_INVOICE")) == 2
    local.call("GET", f"/v1/nowjobs/invoices/{garage_invoice['invoiceId']}", status=404, **bart)  # not his

    local.set("2026-03-24T06:00:00Z")                            # Tuesday 24, 07:00: the daily submission
    sent = local.call("GET", f"/v1/nowjobs/invoices/{garage_invoice['invoiceId']}", **ilse)["collection"]
    assert (sent["status"], sent["sequenceType"], sent["batchId"]) == (
        "SUBMITTED", "FRST", "NJDD-20260324-B2B-20260326-01")
    pain008 = local.call("GET", f"/v1/ops/direct-debit-batches/{sent['batchId']}/pain008", partner="bank")
    assert sent["endToEndId"] in pain008 and "<SeqTp>FRST</SeqTp>" in pain008

    local.set("2026-03-26T09:00:00Z")                            # due date, 10:00: the bank settles both
    assert local.call("GET", f"/v1/nowjobs/invoices/{bakery_invoice['invoiceId']}", **bart)["status"] == "PAID"
    assert local.call("GET", f"/v1/nowjobs/invoices/{garage_invoice['invoiceId']}", **ilse)["status"] == "PAID"

    local.set("2026-03-30T08:00:00Z")                            # two TARGET days on: the garage's is returned
    returned = local.call("GET", f"/v1/nowjobs/invoices/{garage_invoice['invoiceId']}", **ilse)
    assert (returned["status"], returned["statusReason"]) == ("UNPAID", "AM04")
    retry = returned["collection"]
    assert (retry["attempt"], retry["status"], retry["sequenceType"], retry["dueOn"]) == (
        2, "PRENOTIFIED", "RCUR", "2026-04-16")
    assert len(local.outbox("NOWJOBS_DIRECT_DEBIT_RETURNED")) == 1

    local.set("2026-04-16T08:00:00Z")                            # the new attempt: sent on 14, settled on 16
    paid = local.call("GET", f"/v1/nowjobs/invoices/{garage_invoice['invoiceId']}", **ilse)
    assert (paid["status"], paid["collection"]["status"], paid["collection"]["attempt"]) == ("PAID", "SETTLED", 2)

    local.advance("P14D")                                        # two more Thursdays and daily runs
    assert len(local.call("GET", f"/v1/nowjobs/companies/{bakery}/invoices", **bart)["items"]) == 1
    assert len(local.call("GET", f"/v1/nowjobs/companies/{garage}/invoices", **ilse)["items"]) == 1
    results = [c for c in app.simulators.calls if c.path == "/v1/partners/bank/direct-debit-results"]
    assert [(c.at.isoformat(), [r["status"] for r in c.body["results"]], c.status) for c in results] == [
        ("2026-03-26T09:00:00+00:00", ["SETTLED", "SETTLED"], 200),
        ("2026-03-30T08:00:00+00:00", ["RETURNED"], 200),
        ("2026-04-16T08:00:00+00:00", ["SETTLED"], 200)]


def test_bad_bank_messages_over_http(app, local: Local) -> None:
    missing = local.call("POST", "/v1/partners/bank/direct-debit-results", {
        "batchId": "NJDD-20260324-B2B-20260326-01", "results": [{"endToEndId": "NJ-X", "status": "SETTLED"}]},
        status=404, partner="bank")
    malformed = local.call("POST", "/v1/partners/bank/direct-debit-results", {
        "batchId": "NJDD-20260324-B2B-20260326-01", "results": [{"endToEndId": "NJ-X", "status": "RETURNED"}]},
        status=422, partner="bank")
    local.call("POST", "/v1/partners/bank/direct-debit-results", {"batchId": "x", "results": []}, status=403,
               customerId="C-BART", channel="mobile")
    local.call("GET", "/v1/ops/direct-debit-batches/NJDD-20260324-B2B-20260326-01/pain008", status=403,
               partner="nowjobs")

    assert missing["error"]["code"] == "BATCH_NOT_FOUND"
    assert malformed["error"]["details"][0]["field"].startswith("body.results")
