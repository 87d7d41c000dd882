"""Fixes and plug-ins for moto 5.2.5 (pinned: these patch its internals). All idempotent."""
from __future__ import annotations

import bisect
import itertools
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


# Key conditions on a sort key: each selects one contiguous run of a partition in key order.
_KEY_RANGE_OPERATORS = frozenset({"EQ", "=", "LE", "<=", "LT", "<", "GE", ">=", "GT", ">", "BETWEEN", "BEGINS_WITH"})
_KEY_TYPES = frozenset({"S", "N", "B"})


def query_reads_only_the_key_range() -> None:
    """moto's Query reads the whole table for every request: Table.query starts from Table.all_items()
    (every item of the table, sorted by primary key in Python), keeps the partition's items, sorts them by
    the index key again, walks past ExclusiveStartKey item by item and, under a sort-key condition, keeps
    going to the partition's end, computing the byte size of every item it passes (its 1 MB check runs
    before the condition). A page costs O(table + partition) DynamoType operations, so reading a week's
    sparse UnbilledByWeek partition page by page, or one company's invoices from a growing table, costs
    O(n²) in the emulator. DynamoDB reads the key range only, from where the page starts.

    Here moto's own query gets, instead of the whole table, the items the page can consist of: the
    partition (the table's own dict for a table query; for an index, one pass over the table with plain
    comparisons), in moto's key order (plain values, sorted once), from after ExclusiveStartKey (bisect),
    the sort-key condition applied (a contiguous run: the walk stops where it ends), up to Limit of them
    and the item after (moto answers a LastEvaluatedKey when any item follows a full page). moto then does
    the rest as before: ordering, Limit, the 1 MB page, LastEvaluatedKey, ScannedCount, FilterExpression,
    index projection, ProjectionExpression, its validation errors. The one difference: its 1 MB check no
    longer counts items outside the key condition (DynamoDB does not read them). Anything unusual (legacy
    QueryFilter/non-key KeyConditions, multi-attribute keys, key values not of their defined type, an
    unknown index) goes to moto's query unchanged."""
    from moto.dynamodb.models.table import Table

    original_query, original_all_items = Table.query, Table.all_items
    if getattr(original_query, "_local_stack_fixed", False):
        return
    narrowed = threading.local()

    def all_items(self: Any) -> Any:
        if getattr(narrowed, "table", None) is self:
            return list(narrowed.items)
        return original_all_items(self)

    def query(self: Any, *args: Any, **kwargs: Any) -> Any:
        items = _key_range(self, **_query_arguments(*args, **kwargs))
        if items is None:
            return original_query(self, *args, **kwargs)
        narrowed.table, narrowed.items = self, items
        try:
            return original_query(self, *args, **kwargs)
        finally:
            narrowed.table = narrowed.items = None

    query._local_stack_fixed = True  # type: ignore[attr-defined]
    Table.query = query  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]


def _query_arguments(hash_key: Any, range_comparison: str | None, range_objs: list[Any],  # noqa: PLR0917
                     limit: int | None, exclusive_start_key: dict[str, Any] | None, scan_index_forward: bool,
                     projection_expressions: Any, index_name: str | None = None, consistent_read: bool = False,
                     filter_expression: Any = None, hash_key_conditions: list[tuple[str, Any]] | None = None,
                     range_key_conditions: list[tuple[str, str, list[Any]]] | None = None,
                     **filter_kwargs: Any) -> dict[str, Any]:
    """moto 5.2.5's Table.query parameters, by name, as _key_range takes them."""
    return {"hash_key": hash_key, "range_comparison": range_comparison, "range_objs": range_objs, "limit": limit,
            "start": exclusive_start_key, "forward": scan_index_forward, "index_name": index_name,
            "hash_conditions": hash_key_conditions or [], "range_conditions": range_key_conditions or [],
            "legacy_filters": bool(filter_kwargs)}


def _key_range(table: Any, *, hash_key: Any, range_comparison: str | None, range_objs: list[Any],
               limit: int | None, start: dict[str, Any] | None, forward: bool, index_name: str | None,
               hash_conditions: list[tuple[str, Any]], range_conditions: list[tuple[str, str, list[Any]]],
               legacy_filters: bool) -> list[Any] | None:
    """The items moto's Table.query would read for this page, in its order; None: let moto do it all."""
    from decimal import Decimal, InvalidOperation

    if legacy_filters or (limit is not None and (type(limit) is not int or limit < 1)) or type(forward) is not bool:
        return None
    if (range_comparison is not None and range_comparison not in _KEY_RANGE_OPERATORS) or len(range_conditions) > 1:
        return None
    types = {d["AttributeName"]: d["AttributeType"] for d in table.attr}

    def cast(value: Any, name: str) -> Any:      # moto's DynamoType.cast_value for a key of its defined type
        if value.type != types.get(name) or value.type not in _KEY_TYPES:
            raise _NotPlain
        return Decimal(value.value) if value.type == "N" else value.value

    try:
        if index_name:
            index = {i.name: i for i in table.all_indexes()}.get(index_name)
            if index is None or len(hash_conditions) != 1:
                return None
            hash_names = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"]
            range_names = [k["AttributeName"] for k in index.schema if k["KeyType"] == "RANGE"]
            if hash_names != [hash_conditions[0][0]] or len(range_names) > 1 or (range_comparison and not range_names):
                return None
            if range_conditions and range_conditions[0][0] != range_names[0]:
                return None
            range_attrs: list[str | None]
            if range_names:
                range_attrs = [range_names[0], table.range_key_attr]
            else:    # as moto sorts an index without a sort key
                from moto.dynamodb.models.table import GlobalSecondaryIndex
                implied = (table.range_key_attr if isinstance(index, GlobalSecondaryIndex) and table.range_key_attr
                           else table.hash_key_attr)
                range_attrs = [implied, table.range_key_attr]
            sort_attrs = table._generate_attr_to_sort_by([hash_names[0], table.hash_key_attr], range_attrs)
            hash_name, wanted = hash_names[0], hash_conditions[0][1]
            wanted_type, wanted_value = wanted.type, cast(wanted, hash_name)
            # the partition: one pass over the table, a comprehension (no DynamoType operations on the way)
            everything = (itertools.chain.from_iterable(map(dict.values, table.items.values()))
                          if table.range_key_attr else table.items.values())
            if wanted_type == "N":
                partition = [i for i in everything if (v := i.attrs.get(hash_name)) is not None
                             and v.type == wanted_type and Decimal(v.value) == wanted_value]
            else:
                partition = [i for i in everything if (v := i.attrs.get(hash_name)) is not None
                             and v.value == wanted_value and v.type == wanted_type]
            if range_names:     # an index holds the items that have all its key attributes
                partition = [i for i in partition if range_names[0] in i.attrs]

            def condition_value(item: Any) -> Any:
                return item.attrs.get(range_names[0])
        else:
            if hash_key is None or (range_comparison and not table.range_key_attr):
                return None
            cast(hash_key, table.hash_key_attr)
            part = table.items.get(hash_key)
            partition = [] if part is None else list(part.values()) if table.range_key_attr else [part]
            sort_attrs = table._generate_attr_to_sort_by([table.hash_key_attr], [table.range_key_attr])

            def condition_value(item: Any) -> Any:
                return item.range_key

        kinds = [(name, types.get(name)) for name in sort_attrs]

        def key_of(item: Any) -> tuple[Any, ...]:     # cast() inlined: it runs for every item of the partition
            key = []
            for name, kind in kinds:
                value = item.attrs[name]
                if value.type != kind or kind not in _KEY_TYPES:
                    raise _NotPlain
                key.append(Decimal(value.value) if kind == "N" else value.value)
            return tuple(key)

        partition.sort(key=key_of)
        run = partition
        if start is not None:
            from moto.dynamodb.models.dynamo_type import DynamoType
            if not all(isinstance(start.get(a), dict) and len(start[a]) == 1 for a in sort_attrs):
                return None
            start_key = tuple(cast(DynamoType(start[a]), a) for a in sort_attrs)
            # moto skips the items that come before the start key or are it: <= going up, >= going down
            run = (partition[bisect.bisect_right(partition, start_key, key=key_of):] if forward
                   else partition[:bisect.bisect_left(partition, start_key, key=key_of)])
        bounds = [v.cast_value for v in range_objs]
        picked: list[Any] = []
        matched = False
        for item in run if forward else reversed(run):
            if limit is not None and len(picked) == limit:
                picked.append(item)  # any item after a full page: moto ends the page there, with LastEvaluatedKey
                break
            if range_comparison is not None:
                value = condition_value(item)
                if value is None or not value.compare(range_comparison, range_objs):
                    if matched or (value is not None and _beyond(range_comparison, forward, value.cast_value, bounds)):
                        break       # past the condition's run: nothing further down the partition matches
                    continue
                matched = True
            picked.append(item)
        return picked
    except (_NotPlain, KeyError, TypeError, AttributeError, ValueError, InvalidOperation):
        return None


def _beyond(operator: str, forward: bool, value: Any, bounds: list[Any]) -> bool:
    """Whether a sort key `value` that does not satisfy the key condition lies past the run of those that
    do, walking the partition up (forward) or down (values and bounds as moto compares them)."""
    if forward:
        if operator in {"EQ", "=", "LE", "<="}:
            return bool(value > bounds[0])
        if operator in {"LT", "<"}:
            return bool(value >= bounds[0])
        if operator == "BETWEEN":
            return bool(value > bounds[1])
        if operator == "BEGINS_WITH":   # past every value with the prefix: greater than it, without it
            return bool(value > bounds[0] and not value.startswith(bounds[0]))
        return False                    # GT, GE: the run goes on to the partition's end
    if operator in {"EQ", "=", "GE", ">=", "BETWEEN", "BEGINS_WITH"}:
        return bool(value < bounds[0])
    if operator in {"GT", ">"}:
        return bool(value <= bounds[0])
    return False                        # LT, LE: the run goes on to the partition's start


class _NotPlain(Exception):
    """A key value moto compares differently from a plain value of its defined type."""


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
    query_reads_only_the_key_range()
    fix_sqs_expired_messages()
    fix_send_task_failure_cause()
    fix_execution_startup_race()
    fix_start_execution_default_name()
    fix_sfn_service_integration()
    enable_jsonata()
