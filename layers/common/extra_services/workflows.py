"""Step Functions behind a small port: start a workflow, resume or fail a waiting task.

Services take a `Workflows`; tests pass a fake. Only this adapter talks to Step Functions."""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol

from botocore.exceptions import ClientError

from extra_services.aws_clients import client
from extra_services.dynamo import error_code, throttling_is_503

# The token's task already ended (answered, timed out, execution stopped): nothing to resume.
STALE_TOKEN_ERRORS = frozenset({"TaskTimedOut", "InvalidToken", "TaskDoesNotExist"})


class Workflows(Protocol):
    def start(self, state_machine_arn: str, name: str, payload: Mapping[str, Any]) -> str | None:
        """Start an execution named `name`; None when one with that name already exists."""
        ...

    def resume(self, task_token: str, output: Mapping[str, Any]) -> bool:
        """SendTaskSuccess; False when the token is no longer waiting (Step Functions accepts
        a token once, so a second resume is refused there, never applied twice)."""
        ...

    def fail(self, task_token: str, error: str, cause: str) -> bool:
        """SendTaskFailure; False when the token is no longer waiting."""
        ...


class StepFunctionsWorkflows:
    def start(self, state_machine_arn: str, name: str, payload: Mapping[str, Any]) -> str | None:
        try:
            with throttling_is_503():
                answer = client("stepfunctions").start_execution(
                    stateMachineArn=state_machine_arn, name=name, input=json.dumps(payload, default=str))
        except ClientError as exc:
            if error_code(exc) == "ExecutionAlreadyExists":
                return None
            raise
        return str(answer["executionArn"])

    def resume(self, task_token: str, output: Mapping[str, Any]) -> bool:
        return self._answer(lambda: client("stepfunctions").send_task_success(
            taskToken=task_token, output=json.dumps(output, default=str)))

    def fail(self, task_token: str, error: str, cause: str) -> bool:
        return self._answer(lambda: client("stepfunctions").send_task_failure(
            taskToken=task_token, error=error[:256], cause=cause[:32768]))

    @staticmethod
    def _answer(call: Any) -> bool:
        try:
            with throttling_is_503():
                call()
        except ClientError as exc:
            if error_code(exc) in STALE_TOKEN_ERRORS:
                return False
            raise
        return True
