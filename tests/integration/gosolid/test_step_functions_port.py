"""The Step Functions adapter: idempotent start by name, a token answered once, throttling a 503."""
from __future__ import annotations

import json

import boto3
import pytest
from botocore.stub import Stubber

from extra_services.aws_clients import client
from extra_services.errors import TemporarilyUnavailable
from extra_services.workflows import StepFunctionsWorkflows


def machine() -> str:
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    return boto3.client("stepfunctions").create_state_machine(
        name="go-solid-collection", definition=json.dumps(definition),
        roleArn="arn:aws:iam::123456789012:role/collection")["stateMachineArn"]


def test_an_execution_is_started_with_the_case_id_as_its_name(aws: None) -> None:
    arn = StepFunctionsWorkflows().start(machine(), "case-1", {"caseId": "case-1"})
    assert arn is not None
    assert arn.endswith(":case-1")
    execution = boto3.client("stepfunctions").describe_execution(executionArn=arn)
    assert json.loads(execution["input"]) == {"caseId": "case-1"}


@pytest.mark.parametrize("code", ["TaskTimedOut", "InvalidToken", "TaskDoesNotExist"])
def test_a_token_no_longer_waiting_is_reported_not_raised(aws: None, code: str) -> None:
    with Stubber(client("stepfunctions")) as stub:
        stub.add_client_error("send_task_success", service_error_code=code)
        assert StepFunctionsWorkflows().resume("t", {"status": "PAID"}) is False


def test_an_existing_execution_of_that_name_is_not_an_error(aws: None) -> None:
    with Stubber(client("stepfunctions")) as stub:
        stub.add_client_error("start_execution", service_error_code="ExecutionAlreadyExists")
        assert StepFunctionsWorkflows().start("arn:aws:states:eu-west-1:1:stateMachine:m", "case-1", {}) is None


def test_throttling_is_a_503_the_caller_may_retry(aws: None) -> None:
    with Stubber(client("stepfunctions")) as stub:
        stub.add_client_error("send_task_success", service_error_code="ThrottlingException")
        with pytest.raises(TemporarilyUnavailable):
            StepFunctionsWorkflows().resume("t", {})
