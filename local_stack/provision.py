"""Create the template's resources in moto: tables, buses, queues, topics, state machines, rules,
and collect its schedules (they run on the virtual clock, not in moto)."""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from .functions import LocalFunction
from .schedules import Schedule
from .template import Template, TemplateError

__all__ = ["Provisioned", "provision"]

log = logging.getLogger("local_stack")

STATE_MACHINE_TYPES = ("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine")
_TABLE_INDEX_KEYS = ("IndexName", "KeySchema", "Projection", "ProvisionedThroughput")
_QUEUE_ATTRIBUTES = ("DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod",
                     "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "FifoQueue",
                     "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit")


@dataclass
class EventSource:
    """One entry of a function's or a state machine's Events."""
    owner: str                 # logical id of the function / state machine
    target_arn: str
    name: str                  # the event's key in Events
    type: str
    props: dict[str, Any]


@dataclass
class Provisioned:
    state_machines: dict[str, str] = field(default_factory=dict)     # logical id -> ARN
    schedules: list[Schedule] = field(default_factory=list)
    rules: list[tuple[str, str]] = field(default_factory=list)       # (bus, rule name)


def provision(t: Template, client: Callable[[str], Any], functions: dict[str, LocalFunction]) -> Provisioned:
    out = Provisioned()
    create_tables(t, client("dynamodb"))
    create_buses(t, client("events"))
    create_queues(t, client("sqs"))
    create_topics(t, client("sns"))
    out.state_machines = create_state_machines(t, client("stepfunctions"))
    sources = [EventSource(lid, fn.arn, name, ev["Type"], ev.get("Properties") or {})
               for lid, fn in functions.items() for name, ev in (fn.props.get("Events") or {}).items()]
    for lid, _ in t.of_type("AWS::Serverless::StateMachine"):
        for name, ev in (t.properties(lid).get("Events") or {}).items():
            sources.append(EventSource(lid, out.state_machines[lid], name, ev["Type"], ev.get("Properties") or {}))
    events = client("events")
    for src in sources:
        if src.type in ("EventBridgeRule", "CloudWatchEvent"):
            out.rules.append(_put_sam_rule(t, events, src))
        elif src.type in ("Schedule", "ScheduleV2"):
            schedule = _sam_schedule(t, src)
            if schedule is not None:
                out.schedules.append(schedule)
        elif src.type != "Api":          # Api events belong to the gateway
            log.warning("%s: event %s of type %s is not emulated locally", src.owner, src.name, src.type)
    for lid, _ in t.of_type("AWS::Events::Rule"):
        rule, schedules = _put_rule_resource(t, events, lid)
        out.rules += rule
        out.schedules += schedules
    for lid, _ in t.of_type("AWS::Scheduler::Schedule"):
        schedule = _scheduler_resource(t, lid)
        if schedule is not None:
            out.schedules.append(schedule)
    return out


# ------------------------------------------------------------------ DynamoDB
def create_tables(t: Template, ddb: Any) -> None:
    for lid, _ in t.of_type("AWS::DynamoDB::Table"):
        p = t.properties(lid)
        kw: dict[str, Any] = {"TableName": t.name(lid), "KeySchema": p["KeySchema"],
                              "AttributeDefinitions": p["AttributeDefinitions"],
                              "BillingMode": p.get("BillingMode", "PROVISIONED")}
        if "ProvisionedThroughput" in p:
            kw["ProvisionedThroughput"] = p["ProvisionedThroughput"]
        elif kw["BillingMode"] == "PROVISIONED":
            kw["ProvisionedThroughput"] = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
        for key in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
            if p.get(key):
                kw[key] = [{k: index[k] for k in _TABLE_INDEX_KEYS if k in index} for index in p[key]]
        stream = p.get("StreamSpecification")
        if stream and stream.get("StreamViewType"):
            kw["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream["StreamViewType"]}
        ddb.create_table(**kw)
        ttl = p.get("TimeToLiveSpecification")
        if ttl and ttl.get("Enabled") in (True, "true", "True"):
            ddb.update_time_to_live(TableName=kw["TableName"], TimeToLiveSpecification={
                "AttributeName": ttl["AttributeName"], "Enabled": True})
    for lid, _ in t.of_type("AWS::Serverless::SimpleTable"):
        key = t.properties(lid).get("PrimaryKey", {"Name": "id", "Type": "String"})
        ddb.create_table(TableName=t.name(lid), BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": key["Name"], "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": key["Name"],
                                                "AttributeType": key["Type"][0].upper()}])


# ------------------------------------------------------------------ EventBridge buses, SQS, SNS
def create_buses(t: Template, events: Any) -> None:
    for lid, _ in t.of_type("AWS::Events::EventBus"):
        if t.name(lid) != "default":
            events.create_event_bus(Name=t.name(lid))


def _attribute(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, dict | list) else str(value)


def create_queues(t: Template, sqs: Any) -> None:
    redrive: list[tuple[str, dict[str, str]]] = []
    for lid, _ in t.of_type("AWS::SQS::Queue"):
        p = t.properties(lid)
        attributes = {k: _attribute(p[k]) for k in _QUEUE_ATTRIBUTES if k in p}
        url = sqs.create_queue(QueueName=t.name(lid), Attributes=attributes)["QueueUrl"]
        later = {k: _attribute(p[k]) for k in ("RedrivePolicy", "RedriveAllowPolicy") if k in p}
        if later:                          # the dead-letter queue may come later in the template
            redrive.append((url, later))
    for url, attributes in redrive:
        sqs.set_queue_attributes(QueueUrl=url, Attributes=attributes)


def create_topics(t: Template, sns: Any) -> None:
    def subscribe(topic_arn: str, protocol: str, endpoint: str, attributes: dict[str, str]) -> None:
        if protocol == "lambda":
            log.warning("SNS -> Lambda subscriptions are not emulated locally (%s)", topic_arn)
            return
        sns.subscribe(TopicArn=topic_arn, Protocol=protocol, Endpoint=endpoint, Attributes=attributes)

    for lid, _ in t.of_type("AWS::SNS::Topic"):
        p = t.properties(lid)
        attributes = {k: _attribute(p[k]) for k in ("FifoTopic", "ContentBasedDeduplication") if k in p}
        arn = sns.create_topic(Name=t.name(lid), Attributes=attributes)["TopicArn"]
        for sub in p.get("Subscription") or []:
            subscribe(arn, sub["Protocol"], sub["Endpoint"], {})
    for lid, _ in t.of_type("AWS::SNS::Subscription"):
        p = t.properties(lid)
        attributes = {"RawMessageDelivery": _attribute(p["RawMessageDelivery"])} if "RawMessageDelivery" in p else {}
        subscribe(p["TopicArn"], p["Protocol"], p["Endpoint"], attributes)


# ------------------------------------------------------------------ Step Functions
def state_machine_definition(t: Template, lid: str) -> str:
    """The ASL text with DefinitionSubstitutions applied (DefinitionUri, Definition or DefinitionString)."""
    p = t.properties(lid)
    if isinstance(p.get("DefinitionUri"), str):
        text = (t.dir / p["DefinitionUri"]).read_text(encoding="utf-8")
    elif "Definition" in p:
        text = json.dumps(p["Definition"])
    elif isinstance(p.get("DefinitionString"), str):
        text = p["DefinitionString"]
    else:
        raise TemplateError(f"{lid}: needs a local DefinitionUri file, Definition or DefinitionString")
    substitutions = {k: _attribute(v) for k, v in (p.get("DefinitionSubstitutions") or {}).items()}
    return re.sub(r"\$\{([A-Za-z0-9_]+)\}", lambda m: substitutions.get(m.group(1), m.group(0)), text)


def create_state_machines(t: Template, sfn: Any) -> dict[str, str]:
    role = f"arn:aws:iam::{t.account}:role/local-stepfunctions"
    out = {}
    for lid, _ in t.of_type(*STATE_MACHINE_TYPES):
        out[lid] = sfn.create_state_machine(name=t.name(lid), definition=state_machine_definition(t, lid),
                                            roleArn=role)["stateMachineArn"]
    return out


# ------------------------------------------------------------------ rules and schedules
def _target(arn: str, target_id: str, account: str, extra: dict[str, Any]) -> dict[str, Any]:
    target = {"Id": target_id, "Arn": arn, **{k: extra[k] for k in ("Input", "InputPath", "InputTransformer")
                                              if k in extra}}
    if isinstance(target.get("Input"), dict | list):
        target["Input"] = json.dumps(target["Input"])
    if arn.split(":")[2] == "states":
        target["RoleArn"] = f"arn:aws:iam::{account}:role/local-events"
    return target


def _put_sam_rule(t: Template, events: Any, src: EventSource) -> tuple[str, str]:
    p = src.props
    bus = p.get("EventBusName", "default")
    rule = p.get("RuleName", f"{src.owner}{src.name}")
    events.put_rule(Name=rule, EventBusName=bus, EventPattern=json.dumps(p["Pattern"]),
                    State=p.get("State", "ENABLED"))
    target_id = (p.get("Target") or {}).get("Id", f"{src.owner}{src.name}Target")
    events.put_targets(Rule=rule, EventBusName=bus, Targets=[_target(src.target_arn, target_id, t.account, p)])
    return bus, rule


def _instant(value: Any) -> datetime | None:
    if value is None:
        return None
    dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _enabled(p: dict[str, Any]) -> bool:
    return p.get("State", "ENABLED") == "ENABLED" and p.get("Enabled", True) not in (False, "false")


def _sam_schedule(t: Template, src: EventSource) -> Schedule | None:
    p = src.props
    if not _enabled(p):
        return None
    name = p.get("Name", f"{src.owner}{src.name}")
    v2 = src.type == "ScheduleV2"
    arn = (f"arn:aws:scheduler:{t.region}:{t.account}:schedule/{p.get('GroupName', 'default')}/{name}" if v2
           else f"arn:aws:events:{t.region}:{t.account}:rule/{name}")
    tz = ZoneInfo(p.get("ScheduleExpressionTimezone", "UTC") if v2 else "UTC")
    return Schedule(name, arn, src.target_arn, p["ScheduleExpression" if v2 else "Schedule"], tz, v2,
                    _input_text(p.get("Input")), _instant(p.get("StartDate")), _instant(p.get("EndDate")))


def _input_text(value: Any) -> str | None:
    return None if value is None else value if isinstance(value, str) else json.dumps(value)


def _put_rule_resource(t: Template, events: Any, lid: str) -> tuple[list[tuple[str, str]], list[Schedule]]:
    """A plain AWS::Events::Rule: an event pattern (delivered by moto + us) or a schedule (by us)."""
    p = t.properties(lid)
    name, bus = t.name(lid), p.get("EventBusName", "default")
    if not _enabled(p):
        return [], []
    targets = p.get("Targets") or []
    if "ScheduleExpression" in p:
        arn = t.arn(lid)
        return [], [Schedule(f"{name}:{target['Id']}", arn, target["Arn"], p["ScheduleExpression"],
                             ZoneInfo("UTC"), False, _input_text(target.get("Input")))
                    for target in targets if target["Arn"].split(":")[2] in ("lambda", "states")]
    pattern = p["EventPattern"]
    events.put_rule(Name=name, EventBusName=bus, State="ENABLED",
                    EventPattern=pattern if isinstance(pattern, str) else json.dumps(pattern))
    if targets:
        events.put_targets(Rule=name, EventBusName=bus,
                           Targets=[_target(x["Arn"], x["Id"], t.account, x) for x in targets])
    return [(bus, name)], []


def _scheduler_resource(t: Template, lid: str) -> Schedule | None:
    p = t.properties(lid)
    if not _enabled(p):
        return None
    target = p["Target"]
    return Schedule(t.name(lid), t.arn(lid), target["Arn"], p["ScheduleExpression"],
                    ZoneInfo(p.get("ScheduleExpressionTimezone", "UTC")), True, _input_text(target.get("Input")),
                    _instant(p.get("StartDate")), _instant(p.get("EndDate")))
