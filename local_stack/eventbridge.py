"""Asynchronous Lambda invocations and EventBridge rule delivery, as in-flight work for the clock.

* ``AsyncInvoker.submit``: Lambda's async invoke (EventBridge targets, schedules, InvocationType=Event).
  Each delivery is a tracked clock thread; a function error is retried after 1 then 2 virtual minutes
  (EventInvokeConfig.MaximumRetryAttempts, default 2). When the retries are exhausted, a failure record
  shaped like Lambda's on-failure destination record goes to the function's DeadLetterQueue and/or
  EventInvokeConfig.DestinationConfig.OnFailure (SQS or SNS), and to ``failures`` either way.
* ``deliver_rule_targets``: moto 5.2.5's Rule.send_to_targets raises NotImplementedError for Lambda
  targets (PutEvents answers 500) and ignores Step Functions targets. We deliver those ourselves with
  moto's own pattern matcher; every other target type stays with moto.
"""
from __future__ import annotations

import copy
import json
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .functions import FunctionRegistry, LocalFunction, function_name_of
from .virtual_time import VirtualClock, format_instant

__all__ = ["AsyncFailure", "AsyncInvoker", "deliver_rule_targets", "target_payload"]

log = logging.getLogger("local_stack")

RETRY_DELAYS = (60, 120)      # seconds before the 2nd and the 3rd attempt, as Lambda does


@dataclass
class AsyncFailure:
    function: str
    source: str                                   # "rule X", "schedule Y", "Invoke(Event)", ...
    payload: Any
    record: dict[str, Any]                        # what went to the on-failure destinations
    destinations: list[str] = field(default_factory=list)


class AsyncInvoker:
    def __init__(self, clock: VirtualClock, registry: FunctionRegistry,
                 functions: dict[str, LocalFunction], client: Callable[[str], Any]) -> None:
        self.clock = clock
        self.registry = registry
        self.functions = functions                # by function name
        self.client = client                      # service name -> boto3 client on the moto server
        self.failures: list[AsyncFailure] = []

    # ------------------------------------------------------------ Lambda async invoke
    def submit(self, function: str, payload: Any, source: str) -> None:
        name = function_name_of(function)
        self.clock.Thread(target=self._deliver, args=(name, payload, source),
                          name=f"async:{name}", daemon=True).start()

    def _deliver(self, name: str, payload: Any, source: str) -> None:
        fn = self.functions.get(name)
        retries = fn.max_retries if fn else 2
        body = json.dumps(payload)
        response: bytes = b""
        for attempt in range(retries + 1):
            if attempt:
                delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
                self.clock.sleep(delay, what=f"{source}: retry {attempt} of {name}")
            headers: dict[str, str] = {}
            with self.clock.handler_running(name):
                response = self.registry.invoke(name, body, headers)
            if "x-amz-function-error" not in headers:
                return
        self._failed(name, fn, payload=payload, source=source, response=response, attempts=retries + 1)

    def _failed(self, name: str, fn: LocalFunction | None, *, payload: Any, source: str, response: bytes,
                attempts: int) -> None:
        try:
            response_payload = json.loads(response)
        except ValueError:
            response_payload = response.decode("utf-8", "replace")
        arn = fn.arn if fn else name
        record = {
            "version": "1.0",
            "timestamp": self.clock.now().astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "requestContext": {"requestId": str(uuid.uuid4()), "functionArn": f"{arn}:$LATEST",
                               "condition": "RetriesExhausted", "approximateInvokeCount": attempts},
            "requestPayload": payload,
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "responsePayload": response_payload,
        }
        failure = AsyncFailure(name, source, payload, record)
        self.failures.append(failure)
        log.warning("%s: %s failed %d time(s), giving up", source, name, attempts)
        for kind, target in (fn.on_failure if fn else []):
            try:
                self._send(kind, target, record)
                failure.destinations.append(target)
            except Exception:
                log.error("%s: could not send the failure record of %s to %s", source, name, target,
                          exc_info=True)

    def _send(self, kind: str, target_arn: str, record: dict[str, Any]) -> None:
        message = json.dumps(record)
        if kind == "SQS":
            sqs = self.client("sqs")
            url = sqs.get_queue_url(QueueName=target_arn.rsplit(":", 1)[-1])["QueueUrl"]
            kwargs = {"MessageGroupId": "failures"} if target_arn.endswith(".fifo") else {}
            sqs.send_message(QueueUrl=url, MessageBody=message, **kwargs)
        elif kind == "SNS":
            self.client("sns").publish(TopicArn=target_arn, Message=message)
        else:
            raise NotImplementedError(f"on-failure destination type {kind} is not supported locally")

    # ------------------------------------------------------------ Step Functions targets
    def start_execution(self, state_machine_arn: str, payload: Any, source: str) -> None:
        """Start an execution from a rule or a schedule (a tracked thread: in-flight until started)."""
        self.clock.Thread(target=self._start_execution, args=(state_machine_arn, payload, source),
                          name=f"start:{state_machine_arn.rsplit(':', 1)[-1]}", daemon=True).start()

    def _start_execution(self, arn: str, payload: Any, source: str) -> None:
        try:
            self.client("stepfunctions").start_execution(stateMachineArn=arn, input=json.dumps(payload))
        except Exception:
            log.error("%s: could not start an execution of %s", source, arn, exc_info=True)


# ------------------------------------------------------------------ EventBridge rules
def _public_event(event: dict[str, Any]) -> dict[str, Any]:
    """moto's internal event -> the JSON EventBridge sends to targets."""
    out = {k: event.get(k) for k in ("version", "id", "detail-type", "source", "account", "time",
                                     "region", "resources", "detail")}
    if isinstance(out["time"], int | float) or re.fullmatch(r"[\d.]+", str(out["time"])):
        out["time"] = format_instant(datetime.fromtimestamp(float(out["time"]), UTC).replace(microsecond=0))
    return out


def target_payload(target: dict[str, Any], original_event: dict[str, Any]) -> Any:
    """What a rule target receives: Input, InputPath, InputTransformer or the event itself."""
    from jsonpath_ng.ext import parse as jsonpath
    from moto.events.utils import EventTemplateParser

    event = _public_event(original_event)
    if "Input" in target:
        return json.loads(target["Input"])
    if "InputPath" in target:
        found = jsonpath(target["InputPath"]).find(event)
        return found[0].value if found else None
    if "InputTransformer" in target:
        transformer = target["InputTransformer"]
        return EventTemplateParser.parse(transformer.get("InputTemplate"), transformer.get("InputPathsMap", {}),
                                         {**event, "ingestion-time": original_event.get("ingestion-time")})
    return event


@contextmanager
def deliver_rule_targets(invoker: AsyncInvoker) -> Iterator[None]:
    from moto.events.models import Rule

    original = Rule.send_to_targets

    def ours(target: dict[str, Any]) -> bool:
        return target["Arn"].split(":")[2:3] in (["lambda"], ["states"])

    def send_to_targets(self: Any, original_event: dict[str, Any], transform_input: bool = True) -> None:
        mine = [t for t in self.targets if ours(t)]
        others = [t for t in self.targets if not ours(t)]
        if others:
            clone = copy.copy(self)
            clone.targets = others
            original(clone, original_event, transform_input)
        if not mine or self.state != "ENABLED" or not self.event_pattern.matches_event(original_event):
            return
        for target in mine:
            payload = target_payload(target, original_event)
            if target["Arn"].split(":")[2] == "lambda":
                invoker.submit(target["Arn"], payload, f"rule {self.name}")
            else:
                invoker.start_execution(target["Arn"], payload, f"rule {self.name}")

    Rule.send_to_targets = send_to_targets
    try:
        yield
    finally:
        Rule.send_to_targets = original
