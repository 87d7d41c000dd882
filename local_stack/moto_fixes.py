"""Fixes and plug-ins for moto 5.2.5 (pinned: these patch its internals). All idempotent."""
from __future__ import annotations

import json
import threading
import uuid
from typing import Any

MOTO_CONFIG = {
    "stepfunctions": {"execute_state_machine": True},
    "lambda": {"use_docker": False},
}


def enable_jsonata() -> None:
    """moto ships JSONata disabled (LocalStack uses a JVM); plug in jsonata-python."""
    import jsonata as jsonata_py
    from moto.stepfunctions.parser.asl.jsonata import jsonata as moto_jsonata

    def _eval(expression: str) -> Any:
        try:
            value = jsonata_py.Jsonata(expression).evaluate(None)
            return json.loads(json.dumps(value))
        except Exception as ex:
            raise moto_jsonata.JSONataException("UNKNOWN", str(ex)) from ex

    moto_jsonata._eval_jsonata = _eval


def fix_send_task_failure_cause() -> None:
    """moto's SendTaskFailure response handler drops `cause` (stays None)."""
    from moto.core.responses import EmptyResult
    from moto.stepfunctions.responses import StepFunctionResponse

    def send_task_failure(self: Any) -> EmptyResult:
        self.stepfunction_backend.send_task_failure(
            self._get_param("taskToken"), error=self._get_param("error"), cause=self._get_param("cause"))
        return EmptyResult()

    StepFunctionResponse.send_task_failure = send_task_failure


def fix_execution_startup_race() -> None:
    """SendTask{Success,Failure,Heartbeat} iterate every execution and dereference
    ``exec_worker.env``, which is None until the execution's own thread has parsed the definition.
    Under concurrency that is an AttributeError -> HTTP 500 for an unrelated token. Skip executions
    not started yet (a token can only belong to an execution whose env exists)."""
    from moto.stepfunctions.parser.models import StepFunctionsParserBackend

    def _get_executions(self: Any, execution_status: Any = None) -> list[Any]:
        out = []
        for sm in list(self.state_machines):
            for ex in list(sm.executions):
                worker = ex.exec_worker
                if ex.exec_status is None or worker is None or worker.env is None:
                    continue
                if execution_status is None or execution_status == ex.status:
                    out.append(ex)
        return out

    StepFunctionsParserBackend._get_executions = _get_executions


def fix_start_execution_default_name() -> None:
    """With execute_state_machine=True, StartExecution without `name` names the execution None:
    the second unnamed start fails with ExecutionAlreadyExists (or silently returns the first one
    for the same input). AWS generates a UUID."""
    from moto.stepfunctions.parser.models import StepFunctionsParserBackend

    original = StepFunctionsParserBackend.start_execution
    if getattr(original, "_local_stack_fixed", False):
        return

    def start_execution(self: Any, state_machine_arn: str, name: str | None = None,
                        execution_input: Any = None, trace_header: Any = None) -> Any:
        return original(self, state_machine_arn, name or str(uuid.uuid4()), execution_input, trace_header)

    start_execution._local_stack_fixed = True  # type: ignore[attr-defined]
    StepFunctionsParserBackend.start_execution = start_execution


def fix_sfn_service_integration() -> None:
    """moto 5.2.5 stubs StateTaskService._normalise_parameters/_normalise_response (LocalStack maps
    them through the botocore shape), so every arn:aws:states:::states:startExecution[.sync[:2]] task
    dies with States.Runtime "'StateMachineArn'". Restore the mapping for that one service."""
    from botocore.session import get_session
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
        state_task_service_sfn as sfn_mod,
    )
    from moto.stepfunctions.parser.asl.utils.encoding import to_json_str
    from moto.stepfunctions.parser.utils import camel_to_snake_case

    cls = sfn_mod.StateTaskServiceSfn
    if getattr(cls, "_local_stack_fixed", False):
        return
    model = get_session().get_service_model("stepfunctions")
    ops = {camel_to_snake_case(op): op for op in model.operation_names}
    original = cls._normalise_parameters

    def _op(self: Any, service_action_name: str) -> Any:
        return model.operation_model(ops[self._get_boto_service_action(service_action_name)])

    def _normalise_parameters(self: Any, parameters: Any, boto_service_name: Any = None,
                              service_action_name: Any = None) -> None:
        original(self, parameters, boto_service_name, service_action_name)   # Input -> JSON text
        shape = _op(self, service_action_name).input_shape
        if shape is not None:
            self._to_boto_request(parameters, shape)

    def _normalise_response(self: Any, response: Any, boto_service_name: Any = None,
                            service_action_name: Any = None) -> None:
        shape = _op(self, service_action_name).output_shape
        if shape is not None:
            self._from_boto_response(response, shape)
        if isinstance(response, dict):      # datetimes would break DescribeExecution's json.dumps
            response.update(json.loads(to_json_str(response)))

    cls._normalise_parameters = _normalise_parameters
    cls._normalise_response = _normalise_response
    cls._local_stack_fixed = True


# One lock for every DynamoDB request moto serves in this process (its HTTP server and mock_aws alike).
DYNAMODB_LOCK = threading.RLock()


def serialise_dynamodb() -> None:
    """moto's DynamoDB is not thread-safe: TransactWriteItems deep-copies every table it touches first and,
    when a condition fails, puts those copies back, wiping whatever other threads wrote meanwhile (and a
    read may see a transaction half applied). Real DynamoDB isolates transactions; the emulator must not
    lose concurrent writes (concurrent requests, Distributed Map iterations, retries racing each other).
    One lock around moto's DynamoDB request handling: its requests run one at a time, as if isolated.
    Nothing inside a DynamoDB request calls back into the local stack (no streams), so it cannot wait
    for another DynamoDB request while holding the lock."""
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.call_action
    if getattr(original, "_local_stack_fixed", False):
        return

    def call_action(self: Any) -> Any:
        with DYNAMODB_LOCK:
            return original(self)

    call_action._local_stack_fixed = True  # type: ignore[attr-defined]
    DynamoHandler.call_action = call_action  # type: ignore[method-assign]


def fix_sqs_expired_messages() -> None:
    """moto's ReceiveMessage stops at the first message past its queue's retention period and leaves it
    there (in flight, then visible again): every newer message of the queue is unreachable for ever. AWS
    deletes a message once its retention period is over. Drop those first (the local stack's queues live
    through weeks of virtual time: a dead-letter queue's old letters would hide the new ones)."""
    from moto.sqs.models import SQSBackend

    original = SQSBackend.receive_message
    if getattr(original, "_local_stack_fixed", False):
        return

    def receive_message(self: Any, queue_name: str, *args: Any, **kwargs: Any) -> Any:
        queue = self.get_queue(queue_name)
        with queue._messages_lock:
            for message in [m for m in queue._messages
                            if not self.is_message_valid_based_on_retention_period(queue_name, m)]:
                queue._messages.remove(message)
                queue._pending_messages.discard(message)
        return original(self, queue_name, *args, **kwargs)

    receive_message._local_stack_fixed = True  # type: ignore[attr-defined]
    SQSBackend.receive_message = receive_message  # type: ignore[method-assign]


def apply_moto_fixes() -> None:
    serialise_dynamodb()
    fix_sqs_expired_messages()
    fix_send_task_failure_cause()
    fix_execution_startup_race()
    fix_start_execution_default_name()
    fix_sfn_service_integration()
    enable_jsonata()
