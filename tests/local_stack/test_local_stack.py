"""The stack itself: lifecycle, provisioning from the template, layers, parameters, local routes."""
import json
import os
import shutil
import socket
import sys
import time
from pathlib import Path

import pytest

from local_stack import LocalRequest, LocalRouteError, LocalStack, shutdown_moto_server
from local_stack.testing import HttpClient
from tests.local_stack.support import SAMPLE, START, TEMPLATE, items


# ------------------------------------------------------------------ lifecycle
def test_a_later_start_is_fast_and_stop_releases_everything(make_stack):
    first = make_stack()
    url = first.url
    first.stop()
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", first.port)) != 0           # the HTTP socket is closed
    assert "AWS_ENDPOINT_URL" not in os.environ                        # the process env is restored
    assert first.clock.stats()["active_threads"] == 0
    t0 = time.perf_counter()
    second = make_stack()
    elapsed = time.perf_counter() - t0
    assert second.url != url or second.port == first.port
    assert elapsed < 1.5, f"a later start took {elapsed:.2f}s"
    with HttpClient(second) as client:
        assert client.get("/v1/health").status == 200
    assert second.client("sqs").list_queues()["QueueUrls"]            # the moto state was reset ...
    assert len(second.client("sqs").list_queues()["QueueUrls"]) == 4  # ... not doubled


def test_one_live_stack_per_process(stack):
    with pytest.raises(RuntimeError, match="another LocalStack is running"):
        LocalStack(TEMPLATE, port=0).start()


def test_context_manager_and_default_start_time():
    before = time.time()
    with LocalStack(TEMPLATE, port=0, freeze_time=False) as stack:
        assert before - 1 <= stack.clock.now().timestamp() <= time.time() + 1
    assert stack.start_seconds is not None


def test_a_failed_start_leaves_nothing_behind(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "sample", ignore=shutil.ignore_patterns("__pycache__"))
    broken = tmp_path / "sample" / "template.yaml"
    broken.write_text(broken.read_text().replace("functions/steps/", "functions/missing/"))
    with pytest.raises(ValueError, match="StepsFunction: CodeUri functions/missing/ is not a folder"):
        LocalStack(broken, port=0, start=START).start()
    assert "AWS_ENDPOINT_URL" not in os.environ
    with LocalStack(TEMPLATE, port=0, start=START) as stack:        # the next one starts fine
        assert stack.functions


def test_the_moto_server_restarts_after_a_shutdown():
    shutdown_moto_server()
    with LocalStack(TEMPLATE, port=0, start=START) as stack, HttpClient(stack) as client:
        assert client.get("/v1/health").status == 200


# ------------------------------------------------------------------ parameters and layers
def test_local_url_placeholder_in_parameters(make_stack):
    stack = make_stack(parameters={"PublicBaseUrl": "{LOCAL_URL}/v1"})
    assert stack.function("PublicFunction").env["PUBLIC_BASE_URL"] == f"{stack.url}/v1"
    with HttpClient(stack) as client:
        assert client.get("/v1/health").body["publicBaseUrl"] == f"{stack.url}/v1"


def test_parameters_are_checked(make_stack):
    with pytest.raises(ValueError, match="not in AllowedValues"):
        make_stack(parameters={"Stage": "qa"})
    with pytest.raises(ValueError, match="not declared"):
        make_stack(parameters={"Nope": "x"})


def test_layers_from_globals_and_properties_are_importable(stack, http):
    body = http.get("/v1/health").body
    shared = (SAMPLE / "layers" / "shared").resolve()
    extra = (SAMPLE / "layers" / "extra" / "python").resolve()            # a pre-built layer: python/
    assert body["sharedLayer"] == str(shared / "sample_shared" / "__init__.py")
    assert body["extraLayer"] == "hello from the extra layer"
    assert sys.path.count(str(shared)) == 1
    assert stack.function("PublicFunction").layer_dirs == [shared, extra]   # Globals first
    assert stack.function("NotifyFunction").layer_dirs == [shared]
    # the layer package is shared by every function of the process
    assert sys.modules["_local_fn.CasesFunction.app"].store is sys.modules["_local_fn.StepsFunction.app"].store


# ------------------------------------------------------------------ provisioning
def test_table_with_indexes_and_ttl(stack):
    ddb = stack.client("dynamodb")
    table = ddb.describe_table(TableName="local-cases")["Table"]
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["byOwner"]
    assert [i["IndexName"] for i in table["LocalSecondaryIndexes"]] == ["byPriority"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    ttl = ddb.describe_time_to_live(TableName="local-cases")["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expiresAt"}


def test_queues_topics_buses_and_conditions(stack):
    sqs, sns = stack.client("sqs"), stack.client("sns")
    names = sorted(url.rsplit("/", 1)[1] for url in sqs.list_queues()["QueueUrls"])
    assert names == ["AlertsQueue", "AuditFailureQueue", "WorkQueue", "local-notify-dlq"]    # no ProdOnlyQueue
    work = sqs.get_queue_url(QueueName="WorkQueue")["QueueUrl"]
    assert stack.function("PublicFunction").env["WORK_QUEUE_URL"] == work          # !Ref = the URL
    attributes = sqs.get_queue_attributes(QueueUrl=work, AttributeNames=["All"])["Attributes"]
    assert json.loads(attributes["RedrivePolicy"]) == {
        "deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:local-notify-dlq", "maxReceiveCount": 3}
    assert attributes["VisibilityTimeout"] == "60"
    topic = "arn:aws:sns:us-east-1:123456789012:local-alerts"
    assert [t["TopicArn"] for t in sns.list_topics()["Topics"]] == [topic]
    sns.publish(TopicArn=topic, Message="disk full")                                 # SNS -> SQS subscription
    alerts = sqs.get_queue_url(QueueName="AlertsQueue")["QueueUrl"]
    [message] = sqs.receive_message(QueueUrl=alerts)["Messages"]
    assert json.loads(message["Body"])["Message"] == "disk full"
    buses = [b["Name"] for b in stack.client("events").list_event_buses()["EventBuses"]]
    assert sorted(buses) == ["default", "local-bus"]


# ------------------------------------------------------------------ local routes
def test_clock_route(stack, http):
    assert http.get("/_local/clock").body == {"now": "2030-03-29T00:00:00Z", "nextDue": "2030-03-29T01:00:00Z"}
    assert http.post("/_local/clock", {"advance": "PT2H"}).body["now"] == "2030-03-29T02:00:00Z"
    assert http.post("/_local/clock", {"set": "2030-03-30T00:00:00+01:00"}).body["now"] == "2030-03-29T23:00:00Z"
    assert http.post("/_local/clock", {}).body["now"] == "2030-03-29T23:00:00Z"   # just waits for idle
    assert http.post("/_local/clock").body["now"] == "2030-03-29T23:00:00Z"       # an empty body too
    for bad, words in [({"advance": "P1M"}, "unsupported ISO 8601 duration"),
                       ({"advance": 3600}, "ISO 8601 duration"),
                       ({"set": "2030-03-01T00:00:00Z"}, "only moves forward"),
                       ({"set": "2030-04-01T00:00:00"}, "naive"),
                       ({"set": "tomorrow"}, "Invalid isoformat"),
                       ({"advance": "PT1H", "set": "2031-01-01T00:00:00Z"}, "expected"),
                       ({"jump": "P1D"}, "expected"),
                       (["P1D"], "expected")]:
        status, body, headers = http.post("/_local/clock", bad)
        assert status == 400, bad
        assert body["error"]["code"] == "BAD_REQUEST"
        assert words in body["error"]["message"], (bad, body)
        assert headers["Content-Type"] == "application/json"
    status, body, _ = http.post("/_local/clock", "{not json", headers={"Content-Type": "application/json"})
    assert status == 400
    assert "not valid JSON" in body["error"]["message"]
    assert stack.clock.now().isoformat() == "2030-03-29T23:00:00+00:00"


def test_added_local_routes_exact_prefix_and_precedence(stack, http):
    seen = []

    def health(request: LocalRequest):
        return 200, {"X-Ready": "yes"}, {"ready": True, "q": request.query}

    def docs(request: LocalRequest):
        seen.append(request.path)
        return 200, [("Content-Type", "text/html")], "<html>docs</html>"

    def tokens(request: LocalRequest):
        body = request.json()
        if "customerId" not in body:
            raise LocalRouteError(422, "customerId is required", "VALIDATION_ERROR")
        return 201, {}, {"token": f"t-{body['customerId']}", "ua": request.headers.get("user-agent")}

    stack.add_local_route("GET", "/_local/health", health)
    stack.add_local_route("GET", "/docs*", docs)
    stack.add_local_route("POST", "/_local/tokens", tokens)
    stack.add_local_route("*", "/v1/health", lambda r: (299, {}, b"\xfflocal"))        # before the API

    status, body, headers = http.get("/_local/health", query={"a": "1"})
    assert (status, body, headers["x-ready"]) == (200, {"ready": True, "q": {"a": "1"}}, "yes")
    assert http.get("/docs").body == "<html>docs</html>"
    response = http.get("/docs/swagger.json")
    assert response.headers["Content-Type"] == "text/html"
    assert seen == ["/docs", "/docs/swagger.json"]
    assert http.post("/_local/tokens", {"customerId": "c1"}, headers={"User-Agent": "t"}).body == \
        {"token": "t-c1", "ua": "t"}
    assert http.post("/_local/tokens", {}).body == \
        {"error": {"code": "VALIDATION_ERROR", "message": "customerId is required"}}
    assert http.post("/_local/tokens", b"[1,").status == 400
    assert http.get("/_local/tokens")[:2] == \
        (405, {"error": {"code": "METHOD_NOT_ALLOWED", "message": "GET is not allowed on /_local/tokens"}})
    assert http.get("/_local/nope")[:2] == \
        (404, {"error": {"code": "NOT_FOUND", "message": "no local route GET /_local/nope"}})
    assert http.delete("/v1/health")[:2] == (299, b"\xfflocal")
    routes = http.get("/_local/routes").body
    assert {"method": "GET", "path": "/docs*"} in routes["local"]
    assert {"method": "GET", "path": "/v1/whoami", "function": "PublicFunction",
            "authorizer": "JwtAuthorizer"} in routes["items"]


def test_a_crashing_local_route_is_a_500_without_details(stack, http, caplog):
    def crash(request):
        raise RuntimeError("secret-local-detail")

    stack.add_local_route("GET", "/_local/crash", crash)
    status, body, _ = http.get("/_local/crash")
    assert status == 500
    assert "secret-local-detail" not in json.dumps(body)
    assert "secret-local-detail" in caplog.text


def test_local_request_json():
    request = LocalRequest.build("post", "/x", headers={"Content-Type": "application/json"}, body='{"a": 1}')
    assert request.json() == {"a": 1}
    assert request.headers["content-type"] == "application/json"
    assert LocalRequest.build("POST", "/x").json(default={}) == {}
    with pytest.raises(LocalRouteError, match="not valid JSON") as err:
        LocalRequest.build("POST", "/x", body="{").json()
    assert err.value.status == 400


def test_sample_is_where_the_tests_expect_it():
    assert Path(TEMPLATE).is_file()


PLAIN_RESOURCES = """
Globals:
  Function:
    Layers: [!Ref SharedLayer]
    Environment: {Variables: {CASES_TABLE: !Ref CasesTable}}
Resources:
  SharedLayer: {Type: AWS::Serverless::LayerVersion, Properties: {ContentUri: SAMPLE/layers/shared/}}
  CasesTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: local-cases
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}, {AttributeName: sk, AttributeType: S}]
      KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: sk, KeyType: RANGE}]
  Cleanup:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: SAMPLE/functions/jobs/, Handler: cleanup.lambda_handler}
  Weekly:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: SAMPLE/functions/jobs/, Handler: weekly.lambda_handler}
  Notify:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: SAMPLE/functions/notify/, Handler: app.lambda_handler}
  Copies: {Type: AWS::SQS::Queue}
  Hourly:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 hour)
      Targets: [{Id: cleanup, Arn: !GetAtt Cleanup.Arn}]
  OnCase:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: {source: [cases.api]}
      Targets: [{Id: notify, Arn: !GetAtt Notify.Arn}, {Id: copy, Arn: !GetAtt Copies.Arn}]
  Morning:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpression: cron(30 8 * * ? *)
      ScheduleExpressionTimezone: Europe/Brussels
      FlexibleTimeWindow: {Mode: "OFF"}
      Target:
        Arn: !GetAtt Weekly.Arn
        RoleArn: arn:aws:iam::123456789012:role/scheduler
        Input: '{"scheduledTime": "<aws.scheduler.scheduled-time>"}'
"""


def test_plain_cloudformation_rules_and_schedules(tmp_path):
    path = tmp_path / "template.yaml"
    path.write_text(PLAIN_RESOURCES.replace("SAMPLE/", f"{SAMPLE}/"))
    with LocalStack(path, port=0, start=START) as stack:
        stack.put_event("cases.api", "CaseCreated", {"caseId": "plain-1", "title": "t"})
        assert len(items(stack, "NOTIFY#plain-1")) == 1                     # a Lambda target: ours
        sqs = stack.client("sqs")
        url = sqs.get_queue_url(QueueName="Copies")["QueueUrl"]
        [copy] = sqs.receive_message(QueueUrl=url)["Messages"]                # an SQS target: moto's
        assert json.loads(copy["Body"])["detail"]["caseId"] == "plain-1"
        stack.clock.advance("PT9H")
        assert [i["sk"][11:16] for i in items(stack, "JOB#cleanup")] == [f"{h:02d}:00" for h in range(1, 10)]
        [weekly] = items(stack, "JOB#weekly")
        assert weekly["scheduledTime"] == "2030-03-29T07:30:00Z"          # 08:30 CET
