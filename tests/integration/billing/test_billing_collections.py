"""From the invoice to the bank and back, on one local stack (the clock only moves forward, so the tests
run in file order): the daily submission sends each collection two TARGET days before its due date in
one pain.008 per due date and scheme, valid against the XSD; the bank's results settle or return it; a
return is tried once more as RCUR on the next cycle, then escalated. Duplicates change nothing; unknown
ids are 404, malformed messages 422, results that do not fit 409."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sepaxml
import xmlschema

from extra_services.billing.pain008 import PAIN008_SCHEMA
from local_stack.application import Application, Options
from local_stack.testing import api_gateway_event
from tests.conftest import DEFAULT_START
from tests.integration.billing.support import BILLING_RUN, DUE_ON, FLEXI, STUDENT, SUBMISSION, Company, World

NS = {"p": f"urn:iso:std:iso:20022:tech:xsd:{PAIN008_SCHEMA}"}
XSD = xmlschema.XMLSchema(str(Path(sepaxml.__file__).parent / "schemas" / f"{PAIN008_SCHEMA}.xsd"))


class Scenario:
    """Three companies worked the week of 2 March: two B2B (one pays, one's debit is returned twice), one CORE."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.paying, self.returning, self.core = (world.company(), world.company(), world.company(scheme="CORE"))
        hires = [(self.paying, world.hire(self.paying, FLEXI)), (self.returning, world.hire(self.returning, FLEXI)),
                 (self.core, world.hire(self.core, STUDENT))]
        world.work_the_week(hires)
        world.stack.clock.set(BILLING_RUN)

    def invoice(self, company: Company) -> dict[str, Any]:
        [invoice] = self.world.invoices(company)
        return invoice

    def collection(self, company: Company) -> dict[str, Any]:
        collection: dict[str, Any] = self.invoice(company)["collection"]
        return collection


@pytest.fixture(scope="module")
def scenario() -> Iterator[Scenario]:
    with Application(Options(port=0, start=DEFAULT_START, simulators=False)) as app:
        yield Scenario(World(app, api_gateway_event))


def test_nothing_goes_to_the_bank_before_its_submission_day(scenario: Scenario) -> None:
    scenario.world.stack.clock.set("2026-03-23T06:00:00Z")      # Monday 07:00: the daily run, D-3

    assert {scenario.collection(c)["status"] for c in (scenario.paying, scenario.core)} == {"PRENOTIFIED"}
    assert len(scenario.world.to_submit()) == 3


def test_collections_go_to_the_bank_two_target_days_before_their_due_date_one_file_per_scheme(
        scenario: Scenario) -> None:
    scenario.world.stack.clock.set(SUBMISSION)                    # Tuesday 24 March 07:00 Brussels

    paying, returning, core = (scenario.collection(c) for c in (scenario.paying, scenario.returning, scenario.core))
    assert {c["status"] for c in (paying, returning, core)} == {"SUBMITTED"}
    assert paying["batchId"] == returning["batchId"] == f"NJDD-20260324-B2B-{DUE_ON.replace('-', '')}-01"
    assert core["batchId"] == f"NJDD-20260324-CORE-{DUE_ON.replace('-', '')}-01"
    assert scenario.world.to_submit() == []


def test_the_pain008_file_validates_against_its_xsd_and_carries_each_collection(scenario: Scenario) -> None:
    paying, returning = scenario.collection(scenario.paying), scenario.collection(scenario.returning)

    status, xml = scenario.world.pain008(paying["batchId"])

    assert status == 200
    XSD.validate(xml)
    root = ET.fromstring(xml)
    assert root.findtext(".//p:GrpHdr/p:MsgId", namespaces=NS) == paying["batchId"]
    assert root.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == "2"
    assert root.findtext(".//p:PmtTpInf/p:LclInstrm/p:Cd", namespaces=NS) == "B2B"
    assert root.findtext(".//p:PmtTpInf/p:SeqTp", namespaces=NS) == "FRST"
    assert root.findtext(".//p:ReqdColltnDt", namespaces=NS) == DUE_ON
    assert root.findtext(".//p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id", namespaces=NS) == "BE03ZZZ0830123426"
    end_to_end = sorted(e.text or "" for e in root.iterfind(".//p:EndToEndId", NS))
    assert end_to_end == sorted([paying["endToEndId"], returning["endToEndId"]])
    assert scenario.world.pain008(paying["batchId"]) == (status, xml)       # the same bytes every time


def test_rerunning_the_submission_sends_nothing_twice(scenario: Scenario) -> None:
    again = scenario.world.stack.invoke("BillingSubmissionFunction", {"scheduledAt": "2026-03-24T06:00:00Z"})

    assert again["batches"] == []
    assert again["NowjobsDirectDebitCollectionsSubmitted"] == 0


def test_settled_makes_the_invoice_paid_and_the_same_result_again_has_no_effect(scenario: Scenario) -> None:
    collection = scenario.collection(scenario.paying)
    settled = [{"endToEndId": collection["endToEndId"], "status": "SETTLED"}]

    first = scenario.world.results(collection["batchId"], settled)
    second = scenario.world.results(collection["batchId"], settled)

    assert first[0] == second[0] == 200
    assert [(r["outcome"], r["invoiceStatus"]) for r in first[1]["results"]] == [("APPLIED", "PAID")]
    assert [(r["outcome"], r["invoiceStatus"]) for r in second[1]["results"]] == [("DUPLICATE", "PAID")]
    assert scenario.collection(scenario.paying)["status"] == "SETTLED"


def test_unknown_batch_or_end_to_end_id_is_404_and_changes_nothing(scenario: Scenario) -> None:
    returning = scenario.collection(scenario.returning)
    results = [{"endToEndId": returning["endToEndId"], "status": "RETURNED", "reasonCode": "AM04"}]

    unknown_batch = scenario.world.results("NJDD-20260324-B2B-20260326-07", results)
    unknown_id = scenario.world.results(returning["batchId"], [
        *results, {"endToEndId": "NJ-00000000000000000000000000000000", "status": "SETTLED"}])

    assert (unknown_batch[0], unknown_batch[1]["error"]["code"]) == (404, "BATCH_NOT_FOUND")
    assert (unknown_id[0], unknown_id[1]["error"]["code"]) == (404, "END_TO_END_ID_NOT_FOUND")
    assert scenario.collection(scenario.returning)["status"] == "SUBMITTED"


@pytest.mark.parametrize("body", [
    {"batchId": "NJDD-20260324-B2B-20260326-01", "results": [{"endToEndId": "NJ-X", "status": "RETURNED"}]},
    {"batchId": "NJDD-20260324-B2B-20260326-01", "results": [{"endToEndId": "NJ-X", "status": "RETURNED",
                                                              "reasonCode": "ZZ99"}]},
    {"batchId": "NJDD-20260324-B2B-20260326-01", "results": [{"endToEndId": "NJ-X", "status": "SETTLED",
                                                              "reasonCode": "AM04"}]},
    {"batchId": "NJDD-20260324-B2B-20260326-01", "results": [{"endToEndId": "NJ-X", "status": "PAID"}]},
    {"batchId": "NJDD-20260324-B2B-20260326-01", "results": []},
    {"batchId": "batch 1", "results": [{"endToEndId": "NJ-X", "status": "SETTLED"}]},
    {"batchId": "NJDD-20260324-B2B-20260326-01", "results": [{"endToEndId": "NJ-X", "status": "SETTLED"},
                                                             {"endToEndId": "NJ-X", "status": "SETTLED"}]},
    {"results": [{"endToEndId": "NJ-X", "status": "SETTLED"}]},
], ids=["returned-without-code", "unknown-code", "settled-with-code", "unknown-status", "no-results",
        "bad-batch-id", "twice-the-same-id", "no-batch"])
def test_malformed_partner_messages_are_422(scenario: Scenario, body: dict[str, Any]) -> None:
    status, answer = scenario.world.partner("BillingPartnerFunction", "POST",
                                            "/v1/partners/bank/direct-debit-results", body)

    assert (status, answer["error"]["code"]) == (422, "VALIDATION_ERROR")
    assert answer["error"]["details"]


def test_a_channel_token_on_the_bank_route_is_refused(scenario: Scenario) -> None:
    status, _ = scenario.world.channel("BillingPartnerFunction", "POST", "/v1/partners/bank/direct-debit-results",
                                            {"batchId": "NJDD-20260324-B2B-20260326-01", "results": [
                                                {"endToEndId": "NJ-X", "status": "SETTLED"}]},
                                            customer=scenario.paying.customer)

    assert status == 403


def test_a_return_puts_the_invoice_back_to_unpaid_and_announces_one_new_attempt(scenario: Scenario) -> None:
    first = scenario.collection(scenario.returning)
    scenario.world.stack.clock.set("2026-03-27T09:00:00Z")       # Friday: the bank reports the return

    status, body = scenario.world.results(first["batchId"], [
        {"endToEndId": first["endToEndId"], "status": "RETURNED", "reasonCode": "AM04"}])

    assert status == 200
    assert [(r["outcome"], r["invoiceStatus"]) for r in body["results"]] == [("APPLIED", "UNPAID")]
    invoice = scenario.invoice(scenario.returning)
    retry = invoice["collection"]
    assert (invoice["status"], invoice["statusReason"]) == ("UNPAID", "AM04")
    assert (retry["attempt"], retry["status"], retry["sequenceType"]) == (2, "PRENOTIFIED", "RCUR")
    assert (retry["prenotifiedOn"], retry["dueOn"]) == ("2026-04-02", "2026-04-16")   # the next Thursday's cycle
    assert retry["endToEndId"] != first["endToEndId"]
    [email] = scenario.world.outbox("NOWJOBS_DIRECT_DEBIT_RETURNED")
    assert "Insufficient funds" in email["body"] and "16/04/2026" in email["body"]


def test_a_settlement_for_the_returned_attempt_does_not_fit_and_changes_nothing(scenario: Scenario) -> None:
    retry = scenario.collection(scenario.returning)
    [first] = [c for c in scenario.world.collections_of(retry["mandateReference"]) if c["attempt"] == 1]

    status, body = scenario.world.results(first["batchId"], [{"endToEndId": first["endToEndId"], "status": "SETTLED"}])
    again = scenario.world.results(first["batchId"], [
        {"endToEndId": first["endToEndId"], "status": "RETURNED", "reasonCode": "AM04"}])

    assert (status, body["error"]["code"]) == (409, "RESULT_DOES_NOT_FIT")
    assert [r["outcome"] for r in again[1]["results"]] == ["DUPLICATE"]
    assert scenario.collection(scenario.returning) == retry            # still the one new attempt, unchanged


def test_the_new_attempt_is_collected_as_rcur_and_a_second_return_needs_attention(scenario: Scenario) -> None:
    scenario.world.stack.clock.set("2026-04-14T05:00:00Z")       # Tuesday 14 April 07:00 Brussels: D-2
    retry = scenario.collection(scenario.returning)
    assert (retry["status"], retry["batchId"]) == ("SUBMITTED", "NJDD-20260414-B2B-20260416-01")
    status, xml = scenario.world.pain008(retry["batchId"])
    assert status == 200
    XSD.validate(xml)
    assert ET.fromstring(xml).findtext(".//p:SeqTp", namespaces=NS) == "RCUR"

    _, body = scenario.world.results(retry["batchId"], [
        {"endToEndId": retry["endToEndId"], "status": "RETURNED", "reasonCode": "AM04"}])

    assert [(r["outcome"], r["invoiceStatus"]) for r in body["results"]] == [("APPLIED", "NEEDS_ATTENTION")]
    invoice = scenario.invoice(scenario.returning)
    assert (invoice["status"], invoice["collection"]["status"], invoice["collection"]["attempt"]) == (
        "NEEDS_ATTENTION", "RETURNED", 2)
    assert scenario.world.to_submit() == []                       # no third attempt
    assert len(scenario.world.outbox("NOWJOBS_DIRECT_DEBIT_RETURNED")) == 2


def test_billing_the_week_again_after_all_this_bills_and_collects_nothing(scenario: Scenario) -> None:
    arn = scenario.world.start_run("once-more")
    scenario.world.stack.clock.settle()

    assert '"invoicesIssued": 0' in scenario.world.execution(arn)["output"]
    for company in (scenario.paying, scenario.returning, scenario.core):
        assert len(scenario.world.billed_invoices(company)) == 1
    assert scenario.world.to_submit() == []
