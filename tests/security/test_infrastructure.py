"""Issue 6, part 6: what template.yaml promises, read from the template itself (checkov and cfn-lint with
the serverless rules run in `make static`; these are the project's own rules, which they do not state
exactly): least privilege per function, a dead-letter queue or on-failure destination on every
asynchronous path, PITR + deletion protection + KMS on every table, API throttling and access logs,
retention + KMS on every log group, an alarm on every dead-letter queue."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.security.figures import FIGURES

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"

# Actions AWS only authorises on "*" (no resource-level permissions): the only ones allowed with it.
ACTIONS_WITHOUT_RESOURCES = frozenset({
    "xray:puttracesegments", "xray:puttelemetryrecords", "cloudwatch:putmetricdata",
    "states:sendtasksuccess", "states:sendtaskfailure", "states:sendtaskheartbeat",
    # CloudWatch Logs "vended" log delivery, which Step Functions execution logging needs (the Step
    # Functions guide, "IAM policies for logging to CloudWatch Logs": these take no resource ARN).
    "logs:createlogdelivery", "logs:getlogdelivery", "logs:updatelogdelivery", "logs:deletelogdelivery",
    "logs:listlogdeliveries", "logs:putresourcepolicy", "logs:describeresourcepolicies",
    "logs:describeloggroups",
})
# SAM policy templates that scope themselves to the resource named in their parameters.
SCOPED_SAM_TEMPLATES = frozenset({
    "DynamoDBCrudPolicy", "DynamoDBReadPolicy", "DynamoDBWritePolicy", "SQSSendMessagePolicy",
    "SQSPollerPolicy", "StepFunctionsExecutionPolicy", "StepFunctionsCallbackPolicy", "EventBridgePutEventsPolicy",
    "LambdaInvokePolicy", "KMSDecryptPolicy", "KMSEncryptPolicy", "SNSPublishMessagePolicy",
    "SSMParameterReadPolicy", "S3ReadPolicy", "S3WritePolicy", "S3CrudPolicy",
})
ASYNC_EVENT_TYPES = frozenset({"EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2", "SNS", "S3"})
POLL_EVENT_TYPES = frozenset({"SQS", "DynamoDB", "Kinesis"})


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    from cfnlint.decode import cfn_yaml
    return dict(cfn_yaml.load(str(TEMPLATE))["Resources"])


def of_type(resources: dict[str, Any], *types: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for lid, res in resources.items():
        if res.get("Type") in types:
            yield lid, res.get("Properties") or {}


def refers_to(value: Any, lid: str) -> bool:
    """Whether a property value (Ref, GetAtt, Sub...) points at resource `lid`."""
    if isinstance(value, list):
        return any(refers_to(v, lid) for v in value)
    if not isinstance(value, dict):
        return False
    get_att = value.get("Fn::GetAtt")
    get_att_target = get_att[0] if isinstance(get_att, list) and get_att else \
        get_att.split(".")[0] if isinstance(get_att, str) else None
    sub = value.get("Fn::Sub")
    sub_text = sub if isinstance(sub, str) else ""
    return (value.get("Ref") == lid or get_att_target == lid
            or "${" + lid + "}" in sub_text or "${" + lid + "." in sub_text
            or any(refers_to(v, lid) for v in value.values()))


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# ------------------------------------------------------------------ least privilege
def policy_problems(owner: str, policies: Any) -> tuple[int, list[str]]:
    """(statements checked, problems) of SAM `Policies` (a function's or a state machine's)."""
    problems, statements = [], 0
    for policy in as_list(policies or []):
        if isinstance(policy, str):
            problems.append(f"{owner}: managed policy {policy} (not scoped to this application's resources)")
        elif isinstance(policy, dict) and "Statement" in policy:
            for statement in as_list(policy["Statement"]):
                statements += 1
                problems += statement_problems(owner, statement)
        elif isinstance(policy, dict):
            for name, params in policy.items():
                statements += 1
                if name not in SCOPED_SAM_TEMPLATES:
                    problems.append(f"{owner}: SAM policy template {name} is not in the list of scoped templates")
                elif any(v == "*" for v in (params or {}).values()):
                    problems.append(f"{owner}: {name} with a '*' parameter")
    return statements, problems


def statement_problems(owner: str, statement: dict[str, Any]) -> list[str]:
    if statement.get("Effect") != "Allow":
        return []
    problems = []
    actions = [str(a).lower() for a in as_list(statement.get("Action", []))]
    problems += [f"{owner}: wildcard action {a}" for a in actions if a == "*" or a.endswith(":*")]
    if "NotAction" in statement or "NotResource" in statement:
        problems.append(f"{owner}: NotAction/NotResource grants everything else")
    resources = as_list(statement.get("Resource", []))
    if any(r == "*" for r in resources):
        broad = [a for a in actions if a not in ACTIONS_WITHOUT_RESOURCES]
        if broad:
            problems.append(f"{owner}: Resource '*' for {broad}")
    return problems


def test_every_function_and_state_machine_has_least_privilege_policies(resources):
    checked, problems = 0, []
    for lid, props in of_type(resources, "AWS::Serverless::Function", "AWS::Serverless::StateMachine"):
        if "Role" in props:
            continue            # its role is an AWS::IAM::Role of this template, checked below
        statements, found = policy_problems(lid, props.get("Policies"))
        checked, problems = checked + statements, problems + found
    for lid, props in of_type(resources, "AWS::IAM::Role"):
        for policy in props.get("Policies", []):
            for statement in as_list(policy.get("PolicyDocument", {}).get("Statement", [])):
                checked += 1
                problems += statement_problems(lid, statement)
        problems += [f"{lid}: managed policy {arn}" for arn in props.get("ManagedPolicyArns", [])]
    for lid, props in of_type(resources, "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        for statement in as_list(props.get("PolicyDocument", {}).get("Statement", [])):
            checked += 1
            problems += statement_problems(lid, statement)
    FIGURES.add("6", "policy statements checked", checked)
    FIGURES.add("6", "violations", len(problems))
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ asynchronous paths
def has_failure_destination(props: dict[str, Any]) -> bool:
    destination = ((props.get("EventInvokeConfig") or {}).get("DestinationConfig") or {}).get("OnFailure") or {}
    return bool(props.get("DeadLetterQueue") or destination.get("Destination"))


def queue_has_redrive(resources: dict[str, Any], queue_arn: Any) -> bool:
    for lid, props in of_type(resources, "AWS::SQS::Queue"):
        if refers_to(queue_arn, lid):
            return bool(props.get("RedrivePolicy"))
    return False


def test_every_asynchronous_path_has_a_dead_letter_queue_or_an_on_failure_destination(resources):
    paths, problems = 0, []
    for lid, props in of_type(resources, "AWS::Serverless::Function", "AWS::Serverless::StateMachine"):
        is_function = resources[lid]["Type"] == "AWS::Serverless::Function"
        for name, event in (props.get("Events") or {}).items():
            kind, event_props = event.get("Type"), event.get("Properties") or {}
            if kind in ASYNC_EVENT_TYPES:
                paths += 1
                if kind in ("EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2") and not (
                        event_props.get("DeadLetterConfig")):
                    problems.append(f"{lid}.{name} ({kind}): no DeadLetterConfig for undeliverable events")
                if is_function and not has_failure_destination(props):
                    problems.append(f"{lid}.{name} ({kind}): the function has no DeadLetterQueue or "
                                    "EventInvokeConfig OnFailure destination for failed invocations")
            elif kind in POLL_EVENT_TYPES:
                paths += 1
                if kind == "SQS" and not queue_has_redrive(resources, event_props.get("Queue")):
                    problems.append(f"{lid}.{name}: its queue has no RedrivePolicy (dead-letter queue)")
                if kind != "SQS" and not event_props.get("DestinationConfig"):
                    problems.append(f"{lid}.{name}: no OnFailure destination for the stream")
    for lid, props in of_type(resources, "AWS::Events::Rule"):
        for target in props.get("Targets", []):
            paths += 1
            if not target.get("DeadLetterConfig"):
                problems.append(f"{lid}: target {target.get('Id')} has no DeadLetterConfig")
    for lid, props in of_type(resources, "AWS::Scheduler::Schedule"):
        paths += 1
        if not (props.get("Target") or {}).get("DeadLetterConfig"):
            problems.append(f"{lid}: the schedule's target has no DeadLetterConfig")
    FIGURES.add("6", "asynchronous paths", paths)
    FIGURES.add("6", "violations", len(problems))
    assert not problems, "\n".join(problems)


FAILURE_KEYS = frozenset({"DeadLetterQueue", "DeadLetterConfig", "OnFailure", "RedrivePolicy"})


def failure_targets(value: Any) -> Iterator[Any]:
    """Every value under a key that routes failures somewhere (DLQs, on-failure destinations)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in FAILURE_KEYS:
                yield inner
            yield from failure_targets(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from failure_targets(inner)


def test_every_dead_letter_queue_has_an_alarm(resources):
    """A permanent failure must be seen: every queue that receives failures is watched by an alarm."""
    targets = list(failure_targets([r.get("Properties") for r in resources.values()]))
    queues = sorted(lid for lid, _ in of_type(resources, "AWS::SQS::Queue") if refers_to(targets, lid))
    alarms = [props for _, props in of_type(resources, "AWS::CloudWatch::Alarm")]
    unwatched = [q for q in queues if not any(refers_to(a.get("Dimensions"), q) for a in alarms)]
    FIGURES.add("6", "dead-letter queues", len(queues))
    FIGURES.add("6", "violations", len(unwatched))
    assert queues and not unwatched, f"dead-letter queues without an alarm: {unwatched}"


# ------------------------------------------------------------------ data
def test_every_table_has_point_in_time_recovery_deletion_protection_and_kms(resources):
    problems, tables = [], 0
    for lid, props in of_type(resources, "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"):
        tables += 1
        pitr = props.get("PointInTimeRecoverySpecification") or {}
        sse = props.get("SSESpecification") or {}
        if pitr.get("PointInTimeRecoveryEnabled") is not True:
            problems.append(f"{lid}: no point-in-time recovery")
        if props.get("DeletionProtectionEnabled") is not True:
            problems.append(f"{lid}: no deletion protection")
        if resources[lid].get("DeletionPolicy") != "Retain":
            problems.append(f"{lid}: DeletionPolicy is not Retain")
        if not (sse.get("SSEEnabled") is True and sse.get("SSEType") == "KMS" and sse.get("KMSMasterKeyId")):
            problems.append(f"{lid}: not encrypted with the application's KMS key")
    FIGURES.add("6", "tables", tables)
    FIGURES.add("6", "violations", len(problems))
    assert tables and not problems, "\n".join(problems)


def test_every_queue_and_topic_is_encrypted(resources):
    problems = [f"{lid}: no KMS key" for lid, props in of_type(resources, "AWS::SQS::Queue", "AWS::SNS::Topic")
                if not props.get("KmsMasterKeyId")]
    FIGURES.add("6", "violations", len(problems))
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ API and logs
def test_the_api_is_throttled_and_writes_access_logs(resources):
    problems, apis = [], 0
    for lid, props in of_type(resources, "AWS::Serverless::Api"):
        apis += 1
        settings = props.get("MethodSettings") or []
        if not any(s.get("ThrottlingBurstLimit") and s.get("ThrottlingRateLimit") for s in settings):
            problems.append(f"{lid}: no throttling (MethodSettings ThrottlingBurstLimit/RateLimit)")
        access = props.get("AccessLogSetting") or {}
        if not (access.get("DestinationArn") and access.get("Format")):
            problems.append(f"{lid}: no access logs")
        if any(s.get("DataTraceEnabled") for s in settings):
            problems.append(f"{lid}: DataTraceEnabled logs whole requests (personal data)")
    for lid, props in of_type(resources, "AWS::Serverless::HttpApi"):
        apis += 1
        route = props.get("DefaultRouteSettings") or {}
        if not (route.get("ThrottlingBurstLimit") and route.get("ThrottlingRateLimit")):
            problems.append(f"{lid}: no throttling")
        if not props.get("AccessLogSettings"):
            problems.append(f"{lid}: no access logs")
    FIGURES.add("6", "APIs", apis)
    FIGURES.add("6", "violations", len(problems))
    assert apis and not problems, "\n".join(problems)


def test_every_log_group_has_retention_and_kms_and_every_function_has_its_log_group(resources):
    problems, groups = [], list(of_type(resources, "AWS::Logs::LogGroup"))
    for lid, props in groups:
        if not props.get("RetentionInDays"):
            problems.append(f"{lid}: no retention")
        if not props.get("KmsKeyId"):
            problems.append(f"{lid}: not encrypted with KMS")
    for lid, props in of_type(resources, "AWS::Serverless::Function"):
        declared = (props.get("LoggingConfig") or {}).get("LogGroup")
        if not declared and not any(refers_to(g.get("LogGroupName"), lid) for _, g in groups):
            problems.append(f"{lid}: no log group of its own (Lambda would create one: no retention, no KMS)")
    for lid, props in of_type(resources, "AWS::Serverless::StateMachine"):
        if not (props.get("Logging") or {}).get("Destinations"):
            problems.append(f"{lid}: no execution logging")
    FIGURES.add("6", "log groups", len(groups))
    FIGURES.add("6", "violations", len(problems))
    assert groups and not problems, "\n".join(problems)


# ------------------------------------------------------------------ skips
def test_every_checkov_and_cfn_lint_skip_says_why(resources):
    problems, skips = [], 0
    for lid, res in resources.items():
        for skip in ((res.get("Metadata") or {}).get("checkov") or {}).get("skip", []):
            skips += 1
            if len(str(skip.get("comment", "")).strip()) < 15:
                problems.append(f"{lid}: checkov skip {skip.get('id')} without a reason")
    for number, line in enumerate(TEMPLATE.read_text().splitlines(), 1):
        if "ignore_checks" in line:
            skips += 1
            if "#" not in line:
                problems.append(f"template.yaml:{number}: cfn-lint ignore_checks without a '# reason'")
    config = (TEMPLATE.parent / ".checkov.yaml").read_text().splitlines()
    for number, line in enumerate(config):
        if line.strip().startswith("- CKV"):
            skips += 1
            above = config[number - 1].strip() if number else ""
            if not above.startswith("#"):
                problems.append(f".checkov.yaml:{number + 1}: {line.strip()} without a comment above it")
    FIGURES.add("6", "checkov / cfn-lint skips, each with its reason", skips - len(problems))
    FIGURES.add("6", "violations", len(problems))
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ the checks themselves
def test_the_checks_catch_what_they_are_for():
    """Each rule above flags a template that breaks it (so that a 0 means something)."""
    wildcard = {"Effect": "Allow", "Action": "dynamodb:*", "Resource": {"Fn::GetAtt": ["T", "Arn"]}}
    anywhere = {"Effect": "Allow", "Action": ["dynamodb:GetItem"], "Resource": "*"}
    callback = {"Effect": "Allow", "Action": ["states:SendTaskSuccess"], "Resource": "*"}
    assert statement_problems("F", wildcard) and statement_problems("F", anywhere)
    assert not statement_problems("F", callback)
    assert policy_problems("F", ["AmazonDynamoDBFullAccess"])[1]
    assert policy_problems("F", [{"DynamoDBCrudPolicy": {"TableName": "*"}}])[1]
    assert not has_failure_destination({"EventInvokeConfig": {"MaximumRetryAttempts": 2}})
    assert has_failure_destination({"DeadLetterQueue": {"Type": "SQS", "TargetArn": "x"}})
    assert refers_to({"Fn::Sub": "/aws/lambda/${Fn}"}, "Fn") and not refers_to({"Ref": "FnX"}, "Fn")
