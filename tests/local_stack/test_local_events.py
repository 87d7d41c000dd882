"""EventBridge rules delivered to Lambda targets, async invocations with retries on the virtual clock,
failure records to the dead-letter queue / on-failure destination, put_event()."""
import json
import threading

import boto3
import pytest

from local_stack import SettleTimeout
from tests.local_stack.support import bearer, items


def receive_all(stack, queue_name):
    sqs = stack.client("sqs")
    url = sqs.get_queue_url(QueueName=queue_name)["QueueUrl"]
    return [json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
            .get("Messages", [])]


def test_moto_alone_cannot_deliver_to_lambda_targets():
    """Why local_stack patches Rule.send_to_targets: moto 5.2.5 raises for Lambda targets."""
    from moto import mock_aws
    with mock_aws():
        events = boto3.client("events", region_name="us-east-1")
        events.put_rule(Name="r", EventPattern=json.dumps({"source": ["s"]}))
        events.put_targets(Rule="r", Targets=[{"Id": "1", "Arn": "arn:aws:lambda:us-east-1:123456789012:function:f"}])
        with pytest.raises(NotImplementedError):
            events.put_events(Entries=[{"Source": "s", "DetailType": "d", "Detail": "{}"}])


def test_api_to_eventbridge_to_lambda(stack, http):
    status, body, _ = http.post("/v1/cases", {"title": "urgent", "priority": 4}, headers={"Authorization": bearer()})
    assert status == 201
    stack.clock.settle()                     # the delivery is in-flight work until the handler returns
    [item] = items(stack, f"NOTIFY#{body['caseId']}")
    assert (item["detailType"], item["eventTime"], item["account"]) == \
        ("CaseCreated", "2030-03-29T00:00:00Z", "123456789012")
    _, low, _ = http.post("/v1/cases", {"title": "meh", "priority": 2}, headers={"Authorization": bearer()})
    stack.clock.settle()
    assert items(stack, f"NOTIFY#{low['caseId']}") == []             # numeric pattern: >= 3
    assert len(items(stack, f"AUDIT#{low['caseId']}")) == 1          # another rule, another consumer
    events = stack.client("events")
    for bus in ("local-bus", "default"):
        events.put_events(Entries=[{"EventBusName": bus, "Source": "cases.api", "DetailType": "CaseCreated",
                                    "Detail": json.dumps({"caseId": f"direct-{bus}", "priority": 5, "title": "t"})}])
    stack.clock.settle()
    assert len(items(stack, "NOTIFY#direct-local-bus")) == 1
    assert items(stack, "NOTIFY#direct-default") == []


def test_put_event_returns_once_every_consumer_has_run(stack):
    entry = stack.put_event("cases.api", "CaseCreated", {"caseId": "pe-1", "priority": 3, "title": "t"})
    assert "EventId" in entry
    assert len(items(stack, "NOTIFY#pe-1")) == 1                     # no settle() needed
    assert len(items(stack, "AUDIT#pe-1")) == 1
    assert stack.bus_name("CasesBus") == stack.bus_name() == "local-bus"
    entry = stack.put_event("cases.api", "CaseCreated", {"caseId": "pe-2", "priority": 3, "title": "t"},
                            bus="default")
    assert items(stack, "NOTIFY#pe-2") == []


def test_a_delivery_counts_as_in_flight(stack):
    entered, release = threading.Event(), threading.Event()
    stack.registry.register("NotifyFunction", lambda e, c: entered.set() or (release.wait(10) and {}))
    stack.client("events").put_events(Entries=[{"EventBusName": "local-bus", "Source": "cases.api",
                                                "DetailType": "CaseCreated",
                                                "Detail": json.dumps({"caseId": "x", "priority": 3, "title": "t"})}])
    with pytest.raises(SettleTimeout) as err:          # put_events returned; the delivery has not
        stack.clock.settle(timeout=0.3)
    assert "'NotifyFunction': 1" in str(err.value)
    assert "RUNNING async:NotifyFunction" in str(err.value)
    assert entered.is_set()
    release.set()
    stack.clock.settle()
    assert stack.clock.stats()["handlers_in_flight"] == 0


def test_retries_on_the_virtual_clock_then_a_record_in_the_dead_letter_queue(stack, http):
    _, body, _ = http.post("/v1/cases", {"title": "fail", "priority": 5}, headers={"Authorization": bearer()})
    stack.clock.settle()
    assert len(items(stack, f"NOTIFY#{body['caseId']}")) == 1
    assert stack.failures == []
    stack.clock.advance("PT10M")
    attempts = [i["sk"] for i in items(stack, f"NOTIFY#{body['caseId']}")]
    assert attempts == ["2030-03-29T00:00:00+00:00", "2030-03-29T00:01:00+00:00",
                        "2030-03-29T00:03:00+00:00"]                    # +1 min, then +2 min
    [failure] = stack.failures
    assert (failure.function, failure.source) == ("NotifyFunction", "rule NotifyFunctionCaseCreated")
    assert failure.destinations == ["arn:aws:sqs:us-east-1:123456789012:local-notify-dlq"]
    [record] = receive_all(stack, "local-notify-dlq")
    assert record == failure.record
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["requestContext"]["functionArn"] == \
        "arn:aws:lambda:us-east-1:123456789012:function:NotifyFunction:$LATEST"
    assert record["timestamp"] == "2030-03-29T00:03:00.000Z"
    assert record["requestPayload"]["detail"]["caseId"] == body["caseId"]
    assert record["requestPayload"]["detail-type"] == "CaseCreated"
    assert record["responsePayload"]["errorType"] == "DownstreamUnavailableError"
    assert record["responsePayload"]["errorMessage"] == "downstream unavailable"


def test_on_failure_destination_without_retries(stack):
    stack.put_event("cases.api", "CaseCreated", {"caseId": "a-1", "priority": 1, "title": "audit-fail"})
    [failure] = stack.failures                         # MaximumRetryAttempts: 0 -> failed at once
    assert failure.function == "AuditFunction"
    [record] = receive_all(stack, "AuditFailureQueue")
    assert record["requestContext"]["approximateInvokeCount"] == 1
    assert record["responsePayload"]["errorType"] == "ValueError"
    assert receive_all(stack, "local-notify-dlq") == []


def test_sdk_async_invoke_goes_through_retries(stack):
    lam = boto3.client("lambda", endpoint_url=stack.moto_url, region_name="us-east-1")
    payload = {"detail-type": "Manual", "detail": {"caseId": "inv-1", "title": "fail"}}
    response = lam.invoke(FunctionName="NotifyFunction", InvocationType="Event", Payload=json.dumps(payload))
    assert response["StatusCode"] == 202
    stack.clock.advance("PT5M")
    assert len(items(stack, "NOTIFY#inv-1")) == 3
    assert [f.source for f in stack.failures] == ["Invoke(Event)"]
    sync = lam.invoke(FunctionName="NotifyFunction",
                      Payload=json.dumps({"detail-type": "Manual", "detail": {"caseId": "inv-2", "title": "ok"}}))
    assert json.loads(sync["Payload"].read()) == {"ok": True}
