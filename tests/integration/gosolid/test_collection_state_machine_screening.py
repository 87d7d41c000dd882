"""Screening, the machine's first task, on the real ASL: the registry and credit-bureau facts the
feeds delivered decide at once (well inside the 4 working hours); a rejected case ends the
execution, keeps only its acceptance deadline, and the creditor is told why."""
from __future__ import annotations

import pytest

from local_stack.personas import (
    GO_SOLID_BANKRUPT_DEBTOR,
    GO_SOLID_HEALTHY_DEBTOR,
    GO_SOLID_LOW_SCORE_DEBTOR,
    GO_SOLID_PUBLIC_DEBTOR,
)
from tests.integration.gosolid.collection import CREDITOR, Collection, case_body, timeline_types

UNKNOWN_TO_THE_REGISTRY = "0321098704"


@pytest.mark.parametrize(("debtor", "reasons"), [
    (GO_SOLID_BANKRUPT_DEBTOR.number, ["DEBTOR_INACTIVE", "INSOLVENT_DEBTOR"]),
    (GO_SOLID_PUBLIC_DEBTOR.number, ["PUBLIC_AUTHORITY"]),
    (GO_SOLID_LOW_SCORE_DEBTOR.number, ["INSOLVENT_DEBTOR"]),
    (UNKNOWN_TO_THE_REGISTRY, ["DEBTOR_NOT_REGISTERED"]),
])
def test_a_debtor_go_solid_cannot_pursue_is_rejected_at_screening(collection: Collection, debtor: str,
                                                                  reasons: list[str]) -> None:
    case_id = collection.submit(case_body(debtor=debtor))
    case = collection.case(case_id)
    assert (case["status"], case["rejectionReasons"]) == ("REJECTED", reasons)
    assert case["deadlines"] == {"acceptanceDecisionDue": "2026-03-02T12:00:00Z", "summonsServiceDue": None,
                                 "responseDeadline": None, "pvEarliest": None, "expected": []}
    assert timeline_types(case) == ["SUBMITTED", "REJECTED"]
    assert case["timeline"][-1]["at"] == "2026-03-02T08:00:00Z"
    assert collection.path(case_id) == ["Screen", "Route", "Closed"]
    assert collection.execution_status(case_id) == "SUCCEEDED"


def test_the_creditor_reads_why_in_its_notifications(collection: Collection) -> None:
    case_id = collection.submit(case_body(debtor=GO_SOLID_PUBLIC_DEBTOR.number))
    with collection.channel() as http:
        inbox = http.get("/v1/notifications", query={"language": "en"})
    assert inbox.status == 200
    [notice] = inbox.body["items"]
    assert (notice["type"], notice["enterpriseNumber"], notice["link"]) == (
        "GO_SOLID_CaseRejected", CREDITOR, f"/v1/go-solid/cases/{case_id}")
    assert "public authority" in notice["body"]


def test_the_newest_registry_fact_wins_so_a_recovered_debtor_is_accepted(collection: Collection) -> None:
    debtor = GO_SOLID_HEALTHY_DEBTOR
    collection.stack.put_event("enterprise-registry", "EnterpriseRegistryChanged", {
        "enterpriseNumber": debtor.number, "name": debtor.name, "status": "REORGANISATION", "kind": "COMPANY",
        "country": "BE", "occurredAt": "2026-02-01T00:00:00Z"})
    first = collection.submit()
    assert collection.case(first)["rejectionReasons"] == ["DEBTOR_INACTIVE"]

    collection.stack.put_event("enterprise-registry", "EnterpriseRegistryChanged", {   # an older fact: ignored
        "enterpriseNumber": debtor.number, "name": debtor.name, "status": "ACTIVE", "kind": "COMPANY",
        "country": "BE", "occurredAt": "2026-01-15T00:00:00Z"})
    assert collection.case(collection.submit())["status"] == "REJECTED"
    collection.stack.put_event("enterprise-registry", "EnterpriseRegistryChanged", {
        "enterpriseNumber": "BE " + debtor.number, "name": debtor.name, "status": "ACTIVE", "kind": "COMPANY",
        "country": "BE", "occurredAt": "2026-03-01T00:00:00Z"})
    assert collection.case(collection.submit())["status"] == "ACCEPTED"


def test_a_malformed_feed_event_goes_to_the_dead_letter_queue(collection: Collection) -> None:
    collection.stack.put_event("credit-bureau", "CreditRiskChanged", {"enterpriseNumber": "0432109858",
                                                                      "score": 140})
    sqs = collection.stack.client("sqs")
    url = sqs.get_queue_url(QueueName=collection.stack.template.name("EventsDeadLetterQueue"))["QueueUrl"]
    [message] = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert '"reason": "INVALID_EVENT"' in message["Body"]
    assert collection.case(collection.submit())["status"] == "ACCEPTED"       # the good fact still stands
