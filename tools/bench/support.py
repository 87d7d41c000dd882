"""What every figure shares: the result rows, the template, the local stack, the AWS call recorder.

Each figure is a module with `run() -> Figure`; `python -m tools.bench.<module> --json PATH` runs it in a
fresh process (one local stack per process) and writes the figure as JSON for tools.bench.__main__."""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
LAYER_DIR = ROOT / "layers" / "common"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
STATUSES = ("PASS", "FAIL", "PENDING", "INFO")


# ------------------------------------------------------------------ results
@dataclass
class Row:
    figure: str                 # "1 cold import", ...
    name: str                   # what is measured
    value: str
    target: str
    status: str                 # PASS | FAIL | PENDING | INFO
    note: str = ""              # why PENDING / what failed, one line

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status {self.status!r} not in {STATUSES}")


@dataclass
class Figure:
    number: int
    title: str
    rows: list[Row] = field(default_factory=list)
    details: str = ""           # markdown for docs/performance.md (tables, chains, per-route counts)
    seconds: float = 0.0

    def add(self, name: str, value: str, target: str, status: str, note: str = "") -> Row:
        row = Row(f"{self.number} {self.title}", name, value, target, status, note)
        self.rows.append(row)
        return row

    def pending(self, name: str, why: str, target: str = "") -> Row:
        return self.add(name, "-", target, "PENDING", why)

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title, "rows": [asdict(r) for r in self.rows],
                "details": self.details, "seconds": self.seconds}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        return cls(data["number"], data["title"], [Row(**r) for r in data["rows"]], data.get("details", ""),
                   data.get("seconds", 0.0))


_T0 = time.perf_counter()


def log(message: str) -> None:
    """Progress on stderr (make bench keeps it in the figure's log, shown when the figure crashes)."""
    print(f"[{time.perf_counter() - _T0:6.1f}s] {message}", file=sys.stderr, flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def module_main(run: Callable[[], Figure]) -> None:
    """`python -m tools.bench.<figure> [--json PATH]`: run one figure, print or write it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", help="write the figure here (as JSON) instead of printing it")
    args = parser.parse_args()
    t0 = time.perf_counter()
    import faulthandler
    faulthandler.register(signal.SIGUSR1, all_threads=True)      # kill -USR1 <pid>: where is it stuck?
    figure = run()
    figure.seconds = round(time.perf_counter() - t0, 1)
    if args.json:
        Path(args.json).write_text(json.dumps(figure.to_json(), indent=1))
    else:
        from tools.bench.report import render_console
        print(render_console([figure]))
        if figure.details:
            print(figure.details)
    sys.stdout.flush()
    os._exit(0)         # do not wait for the local stack's daemon threads (moto, werkzeug)


def crash_note(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {Path(last.filename).name}:{last.lineno}" if last else ""
    return f"{type(exc).__name__}: {exc}{where}"[:300]


# ------------------------------------------------------------------ template
def template_doc() -> dict[str, Any]:
    from local_stack.template import load_template
    return load_template(TEMPLATE)


def resources_of_type(*types: str) -> dict[str, dict[str, Any]]:
    return {lid: r for lid, r in (template_doc().get("Resources") or {}).items() if r.get("Type") in types}


def functions() -> dict[str, dict[str, Any]]:
    """Logical id -> resource of every AWS::Serverless::Function."""
    return resources_of_type("AWS::Serverless::Function")


def state_machines() -> dict[str, dict[str, Any]]:
    return resources_of_type("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine")


def state_machine_with_definition(fragment: str) -> str | None:
    """Logical id of the state machine whose DefinitionUri contains `fragment`, if the template has it."""
    for lid, res in state_machines().items():
        uri = (res.get("Properties") or {}).get("DefinitionUri")
        if isinstance(uri, str) and fragment in uri:
            return lid
    return None


def routes() -> dict[tuple[str, str], dict[str, str]]:
    """(method, path) -> {"function": code folder, "authorizer": name}: tools.openapi_document's view."""
    sys.path.insert(0, str(ROOT))
    from tools.openapi_document import template_routes
    return template_routes(TEMPLATE)


# ------------------------------------------------------------------ the local stack
BENCH_START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)      # Monday 09:00 in Brussels, as the tests


def serialize_moto_dynamodb() -> None:
    """One DynamoDB request at a time in moto's server. moto's tables are plain dicts: a Query iterating
    a table while another thread writes to it fails ("dictionary changed size during iteration", a
    KeyError on an index attribute) and the handler retries, which a volume run would count as reads.
    DynamoDB itself is linearisable per item; this makes moto behave, at the price of concurrency."""
    from moto.dynamodb.responses import DynamoHandler
    if getattr(DynamoHandler, "_bench_serialized", False):
        return
    lock = threading.RLock()
    original = DynamoHandler.call_action

    def call_action(self: Any, *args: Any, **kwargs: Any) -> Any:
        with lock:
            return original(self, *args, **kwargs)

    DynamoHandler.call_action = call_action  # type: ignore[method-assign]
    DynamoHandler._bench_serialized = True  # type: ignore[attr-defined]


def unsorted_moto_queries() -> None:
    """moto's Query starts from Table.all_items(), which sorts the *whole table* by key (DynamoType
    comparisons in Python) on every call, then sorts the matches again: with 100,000 items a Query costs
    seconds, not the partition it reads. Inside Query the first sort is dropped (the second one stays, so
    the answers and their pages are unchanged); Scan keeps the sorted order its pagination needs."""
    from moto.dynamodb.models.table import Table
    if getattr(Table, "_bench_unsorted", False):
        return
    original_query, original_all_items = Table.query, Table.all_items
    state = threading.local()

    def all_items(self: Any) -> Any:
        if not getattr(state, "in_query", False):
            return original_all_items(self)
        if self.range_key_attr:
            return [item for partition in self.items.values() for item in partition.values()]
        return list(self.items.values())

    def query(self: Any, *args: Any, **kwargs: Any) -> Any:
        state.in_query = True
        try:
            return original_query(self, *args, **kwargs)
        finally:
            state.in_query = False

    Table.all_items = all_items  # type: ignore[method-assign]
    Table.query = query  # type: ignore[method-assign]
    Table._bench_unsorted = True  # type: ignore[attr-defined]


def cheap_moto_transactions() -> None:
    """moto's TransactWriteItems deep-copies every table it touches to be able to roll back: with
    100,000 items each transaction costs seconds. Instead, the items the transaction names are saved
    (deep copies) and put back if it fails; the table copy becomes the table itself. Needs
    serialize_moto_dynamodb (no other request may run meanwhile)."""
    import copy as real_copy
    import types

    from moto.dynamodb import models
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table
    if getattr(models.DynamoDBBackend, "_bench_cheap_transactions", False):
        return
    original = models.DynamoDBBackend.transact_write_items
    shim = types.SimpleNamespace(**{name: getattr(real_copy, name) for name in ("copy", "deepcopy")})
    shim.deepcopy = lambda value, memo=None: value if isinstance(value, Table) else real_copy.deepcopy(value, memo)

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> Any:
        saved = []
        for entry in transact_items:
            op = next(iter(entry.values()))
            table = self.tables.get(op.get("TableName"))
            key = op.get("Key") or op.get("Item") if table is not None else None
            if table is None or not key or table.hash_key_attr not in key:
                continue
            hash_value = DynamoType(key[table.hash_key_attr])
            range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr in key else None
            saved.append((table, hash_value, range_value, real_copy.deepcopy(table.get_item(hash_value, range_value))))
        models.copy = shim  # type: ignore[attr-defined]
        try:
            return original(self, transact_items)
        except Exception:
            for table, hash_value, range_value, item in reversed(saved):
                partition = table.items[hash_value] if range_value is not None else table.items
                slot = range_value if range_value is not None else hash_value
                if item is None:
                    partition.pop(slot, None)
                else:
                    partition[slot] = item
            raise
        finally:
            models.copy = real_copy  # type: ignore[attr-defined]

    models.DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    models.DynamoDBBackend._bench_cheap_transactions = True  # type: ignore[attr-defined]


@contextmanager
def local_application(*, start: datetime = BENCH_START, simulators: bool = False, seed: bool = True,
                      settle_timeout: float = 600.0) -> Iterator[Any]:
    """The application on a fresh local stack (port 0), quiet: no EMF lines, handlers log errors only.
    `settle_timeout`: wall seconds the system may stay busy at one instant (a volume run takes minutes)."""
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"
    import logging
    logging.basicConfig(level=logging.ERROR)
    from local_stack.application import Application, Options
    serialize_moto_dynamodb()
    unsorted_moto_queries()
    cheap_moto_transactions()
    app = Application(Options(port=0, start=start, simulators=simulators, seed=seed, log_level="ERROR"))
    app.start()
    app.stack.clock.settle_timeout = settle_timeout
    try:
        yield app
    finally:
        app.stop()


def patient_aws_clients(read_timeout: int = 300) -> None:
    """Raise the read timeout of the handlers' boto3 clients (extra_services.aws_clients, 5 s) for a volume
    run: moto serialises a 1 MB DynamoDB page in seconds where DynamoDB answers in ~0.1 s, so the
    production timeout would measure the emulator, not the design. Clients already made are dropped."""
    from botocore.config import Config

    from extra_services import aws_clients
    aws_clients._CONFIG = aws_clients._CONFIG.merge(Config(read_timeout=read_timeout))  # type: ignore[attr-defined]
    aws_clients.forget_clients()


def quiet_schedules(app: Any) -> None:
    """Every schedule whose target is a function: a no-op in the stack's registry (the clock still ticks
    through them, cheaply). A state machine target is left alone. stack.invoke() still runs the real one."""
    from local_stack.functions import function_name_of
    for schedule in app.stack.schedules:
        if not schedule.targets_state_machine:
            app.stack.registry.register(function_name_of(schedule.target_arn), lambda event, context: {})


def schedule_payload(app: Any, schedule: Any) -> Any:
    return schedule.payload(app.stack.clock.now(), app.stack.account, app.stack.region)


def find_schedule(app: Any, predicate: Callable[[Any, Any], bool]) -> Any:
    """The first schedule for which predicate(schedule, payload) holds, or None."""
    for schedule in app.stack.schedules:
        if predicate(schedule, schedule_payload(app, schedule)):
            return schedule
    return None


def fire_now(app: Any, schedule: Any) -> Any:
    """One run of the schedule's target at the virtual now, with the schedule's payload: a function is
    invoked synchronously (the real one, even if quieted); a state machine is started and the system
    waits until idle. -> the function's answer, or the execution ARN."""
    from local_stack.functions import function_name_of
    payload = schedule_payload(app, schedule)
    if schedule.targets_state_machine:
        arn = app.stack.client("stepfunctions").start_execution(
            stateMachineArn=schedule.target_arn, input=json.dumps(payload))["executionArn"]
        app.stack.clock.settle()
        return arn
    return app.stack.invoke(function_name_of(schedule.target_arn), payload)


# ------------------------------------------------------------------ AWS calls, counted with botocore events
@dataclass(frozen=True)
class AwsCall:
    function: str | None        # AWS_LAMBDA_FUNCTION_NAME of the handler making it; None = harness or moto
    service: str                # botocore service id, e.g. "dynamodb"
    operation: str              # e.g. "Query"
    items_read: int             # items DynamoDB read for it (ScannedCount, or the items a Get returned)
    target: str = ""            # DynamoDB: "table[/index] KEYPREFIX", e.g. "NowjobsTable CONTRACT"


class AwsCallRecorder:
    """Every botocore API call made in this process, with the Lambda function that made it.

    A `before-call`/`after-call` handler on boto3's default session: every client created afterwards
    (extra_services.aws_clients, Powertools' idempotency layer, moto's own Step Functions integrations,
    the harness) carries a copy of it. Install it before anything creates a client. The function is
    read from AWS_LAMBDA_FUNCTION_NAME, which the local stack's environment overlay gives each handler
    (and Lambda gives each function): the harness and moto's server threads have none."""

    def __init__(self) -> None:
        self.calls: list[AwsCall] = []
        self._lock = threading.Lock()

    def install(self) -> AwsCallRecorder:
        import boto3
        if boto3.DEFAULT_SESSION is None:
            boto3.setup_default_session()
        events = boto3.DEFAULT_SESSION.events  # type: ignore[union-attr]
        events.register("before-parameter-build", self._before, unique_id="tools.bench.aws-call-recorder.before")
        events.register("after-call", self._after, unique_id="tools.bench.aws-call-recorder")
        return self

    @staticmethod
    def _before(params: Any = None, context: Any = None, model: Any = None, **_: Any) -> None:
        if isinstance(context, dict) and isinstance(params, dict) and model is not None:
            context["tools.bench.target"] = _target(model.name, params)

    def _after(self, http_response: Any = None, parsed: Any = None, model: Any = None, context: Any = None,
               **_: Any) -> None:
        if model is None:
            return
        service = model.service_model.service_name
        target = context.get("tools.bench.target", "") if isinstance(context, dict) else ""
        call = AwsCall(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"), service, model.name,
                       _items_read(service, model.name, parsed or {}), target)
        with self._lock:
            self.calls.append(call)

    def mark(self) -> int:
        with self._lock:
            return len(self.calls)

    def since(self, mark: int) -> list[AwsCall]:
        """Every call after `mark`, whoever made it."""
        with self._lock:
            return self.calls[mark:]

    def by(self, mark: int, function: str | None) -> list[AwsCall]:
        """The calls after `mark` made by the handler of `function` (a function name)."""
        return [c for c in self.since(mark) if function is not None and c.function == function]


def _target(operation: str, params: dict[str, Any]) -> str:
    """What a DynamoDB call addresses: its table (and index) and the kind of item (the key's prefix)."""
    table = str(params.get("TableName", "")).rsplit("-", 1)[-1]
    if "IndexName" in params:
        table += f"/{params['IndexName']}"
    key = params.get("Key") or params.get("Item") or {}
    value = next(iter(key.values()), None) if isinstance(key, dict) else None
    if value is None and operation == "Query":
        value = next(iter((params.get("ExpressionAttributeValues") or {}).values()), None)
    text = str(next(iter(value.values()), "")) if isinstance(value, dict) else ""
    prefix = text.split("#", 1)[0] if "#" in text or text.isupper() else "*"
    return f"{table} {prefix}".strip() if table else ""


def _items_read(service: str, operation: str, parsed: dict[str, Any]) -> int:
    if service != "dynamodb":
        return 0
    if operation in ("Query", "Scan"):
        return int(parsed.get("ScannedCount", parsed.get("Count", 0)) or 0)
    if operation == "GetItem":
        return 1 if parsed.get("Item") else 0
    if operation == "BatchGetItem":
        return sum(len(v) for v in (parsed.get("Responses") or {}).values())
    if operation == "TransactGetItems":
        return sum(1 for r in parsed.get("Responses") or [] if r.get("Item"))
    return 0


def describe_calls(calls: list[AwsCall]) -> str:
    """'2: dynamodb.Query, dynamodb.PutItem' -> the operations in order, repeated ones counted."""
    counts = Counter(f"{c.service}.{c.operation}" for c in calls)
    return ", ".join(f"{n}x {op}" if n > 1 else op for op, n in counts.items()) or "none"

