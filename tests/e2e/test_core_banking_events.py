"""The projection fed by core-banking events: idempotent, newest occurredAt wins, bad events
dead-lettered while the consumer keeps going. Events are posted over HTTP (/_local/events), which
returns once every consumer has run."""
import json
import random

import pytest

ENTERPRISE = "0456789133"


def post(http, detail_type, detail, source="core-banking"):
    answer = http.post("/_local/events", {"source": source, "detailType": detail_type, "detail": detail})
    assert answer.status == 200, answer.body
    return answer


def product(pid, holder, at, status="ACTIVE", kind="CURRENT_ACCOUNT"):
    return ("ProductChanged", {"productId": pid, "holderCustomerId": holder, "enterpriseNumber": ENTERPRISE,
                               "productType": kind, "segment": "PROFESSIONAL", "status": status, "occurredAt": at})


def mandate(mid, customer, pid, at, status="ACTIVE", powers="FULL"):
    return ("MandateChanged", {"mandateId": mid, "customerId": customer, "productId": pid, "powers": powers,
                               "status": status, "occurredAt": at})


def access(customer, at, channel="MOBILE", status="ACTIVE"):
    return ("DigitalAccessChanged", {"customerId": customer, "channel": channel, "status": status, "occurredAt": at})


def overview(http, tokens, customer):
    answer = http.get("/v1/extra-services", headers=tokens.person(customer))
    assert answer.status == 200
    return answer.body


def test_a_newer_closure_wins_over_an_older_event_arriving_late(http, tokens):
    for event in [access("C-E1", "2026-02-01T00:00:00Z"),
                  product("P-E1", "C-E1", "2026-02-10T10:00:00Z", status="CLOSED"),
                  product("P-E1", "C-E1", "2026-02-01T10:00:00Z", status="ACTIVE")]:   # older, arrives last
        post(http, *event)
    assert overview(http, tokens, "C-E1")["visible"] is False


def test_replayed_and_shuffled_events_give_the_same_projection(http, tokens):
    history = [access("C-E2", "2026-02-01T00:00:00Z"), product("P-E2", "C-OWNER-E2", "2026-02-01T09:00:00Z"),
               mandate("M-E2", "C-E2", "P-E2", "2026-02-02T09:00:00Z", powers="VIEW_ONLY"),
               mandate("M-E2", "C-E2", "P-E2", "2026-02-03T09:00:00Z", powers="CONTRACTING")]
    for event in history:
        post(http, *event)
    first = overview(http, tokens, "C-E2")
    replay = history * 2
    random.Random(7).shuffle(replay)
    for event in replay:
        post(http, *event)
    assert overview(http, tokens, "C-E2") == first
    assert first["enterprises"] == [{"enterpriseNumber": ENTERPRISE, "usable": True, "reasons": []}]


def test_revoking_a_mandate_ends_usability_and_a_newer_grant_restores_it(http, tokens):
    for event in [access("C-E3", "2026-02-01T00:00:00Z"), product("P-E3", "C-OWNER-E3", "2026-02-01T09:00:00Z"),
                  mandate("M-E3", "C-E3", "P-E3", "2026-02-02T09:00:00Z")]:
        post(http, *event)
    assert overview(http, tokens, "C-E3")["enterprises"][0]["usable"] is True
    post(http, *mandate("M-E3", "C-E3", "P-E3", "2026-02-05T09:00:00Z", status="REVOKED"))
    assert overview(http, tokens, "C-E3")["visible"] is False
    post(http, *mandate("M-E3", "C-E3", "P-E3", "2026-02-06T09:00:00Z"))
    assert overview(http, tokens, "C-E3")["enterprises"][0]["usable"] is True


def test_a_mandate_arriving_before_its_product_counts_once_the_product_arrives(http, tokens):
    post(http, *access("C-E4", "2026-02-01T00:00:00Z"))
    post(http, *mandate("M-E4", "C-E4", "P-E4", "2026-02-02T09:00:00Z"))
    assert overview(http, tokens, "C-E4")["visible"] is False
    post(http, *product("P-E4", "C-OWNER-E4", "2026-02-01T09:00:00Z"))
    assert overview(http, tokens, "C-E4")["enterprises"][0]["usable"] is True


def test_a_product_taken_over_by_another_holder_disappears_for_the_former_one(http, tokens):
    for customer in ("C-E5A", "C-E5B"):
        post(http, *access(customer, "2026-02-01T00:00:00Z"))
    post(http, *product("P-E5", "C-E5A", "2026-02-01T09:00:00Z"))
    assert overview(http, tokens, "C-E5A")["visible"] is True
    post(http, *product("P-E5", "C-E5B", "2026-02-04T09:00:00Z"))
    assert overview(http, tokens, "C-E5A")["visible"] is False
    assert overview(http, tokens, "C-E5B")["visible"] is True


def test_blocking_digital_access_makes_the_services_unusable_on_that_channel(http, tokens):
    for event in [access("C-E6", "2026-02-01T00:00:00Z"), access("C-E6", "2026-02-01T00:00:00Z", "TOUCH"),
                  product("P-E6", "C-E6", "2026-02-01T09:00:00Z"),
                  access("C-E6", "2026-02-07T00:00:00Z", status="BLOCKED")]:
        post(http, *event)
    assert overview(http, tokens, "C-E6")["enterprises"][0]["reasons"] == ["NO_DIGITAL_ACCESS"]


def dead_letters(app):
    sqs = app.stack.client("sqs")
    url = sqs.get_queue_url(QueueName=app.stack.template.name("EventsDeadLetterQueue"))["QueueUrl"]
    messages = []
    while True:
        batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if not batch:
            return messages
        for m in batch:
            messages.append(json.loads(m["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


@pytest.mark.parametrize(("detail_type", "detail", "reason"), [
    ("AccountMerged", {"productId": "P-X"}, "UNKNOWN_EVENT_TYPE"),
    ("ProductChanged", {"productId": "P-X", "holderCustomerId": "C-X"}, "INVALID_EVENT"),
    ("MandateChanged", {"mandateId": "M-X", "customerId": "C-X", "productId": "P-X", "powers": "ALL",
                        "status": "ACTIVE", "occurredAt": "2026-02-01T00:00:00Z"}, "INVALID_EVENT"),
    ("ProductChanged", {"productId": "P-X", "holderCustomerId": "C-X", "enterpriseNumber": "0403.170.702",
                        "productType": "CURRENT_ACCOUNT", "segment": "PROFESSIONAL", "status": "ACTIVE",
                        "occurredAt": "2026-02-01T00:00:00Z"}, "INVALID_EVENT"),
    ("DigitalAccessChanged", {"customerId": "C-X", "channel": "MOBILE", "status": "ACTIVE",
                              "occurredAt": "yesterday"}, "INVALID_EVENT"),
])
def test_a_bad_event_goes_to_the_dead_letter_queue_and_the_consumer_keeps_going(app, http, tokens,
                                                                                 detail_type, detail, reason):
    dead_letters(app)                                              # start from an empty queue
    post(http, detail_type, detail)
    letters = dead_letters(app)
    assert [(m["reason"], m["event"]["detail-type"]) for m in letters] == [(reason, detail_type)]
    assert app.stack.failures == []                                # handled, not crashed
    post(http, *access("C-E7", "2026-02-01T00:00:00Z"))
    post(http, *product("P-E7", "C-E7", "2026-02-01T09:00:00Z"))
    assert overview(http, tokens, "C-E7")["visible"] is True
