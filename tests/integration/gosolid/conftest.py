"""moto in-process, the tables as documented, and hand-written fakes for the ports."""
from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import boto3
import pytest
import yaml
from moto import mock_aws

from extra_services import aws_clients
from extra_services.caller import Channel
from extra_services.domain_events import DomainEvent
from extra_services.errors import Forbidden
from extra_services.gosolid import repository as gosolid_repository
from extra_services.gosolid.collection_service import CollectionService
from extra_services.gosolid.facts import FactRepository
from extra_services.gosolid.idempotency import PowertoolsIdempotency
from extra_services.gosolid.partner_service import PartnerService
from extra_services.gosolid.repository import CaseRepository
from extra_services.gosolid.service import GoSolidService
from extra_services.notifications.repository import NotificationsRepository
from tests.integration.gosolid.collection import Collection
from tests.unit.gosolid.gosolid_builders import CREDITOR, SUBMITTED_AT

GOSOLID_TABLE = "GoSolidTable"
IDEMPOTENCY_TABLE = "IdempotencyTable"
NOTIFICATIONS_TABLE = "NotificationsTable"
STATE_MACHINE_ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:go-solid-collection"


class _CloudFormationLoader(yaml.SafeLoader):
    pass


_CloudFormationLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def documented_table(module: Any, logical_id: str) -> dict[str, Any]:
    """The table definition written in the module's docstring, as CreateTable arguments."""
    doc = inspect.getdoc(module) or ""
    snippet = textwrap.dedent(doc.split("Template definition (for template.yaml)::", 1)[1])
    properties = yaml.load(snippet, Loader=_CloudFormationLoader)[logical_id]["Properties"]
    args = {k: properties[k] for k in ("AttributeDefinitions", "KeySchema", "BillingMode")}
    if "GlobalSecondaryIndexes" in properties:
        args["GlobalSecondaryIndexes"] = properties["GlobalSecondaryIndexes"]
    return args


def forget_clients() -> None:
    # aws_clients is being reworked for the local stack: forget_clients() where it exists,
    # the original client.cache_clear() otherwise.
    forget = getattr(aws_clients, "forget_clients", None) or aws_clients.client.cache_clear  # type: ignore[attr-defined]
    forget()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    forget_clients()
    with mock_aws():
        yield
    forget_clients()


@pytest.fixture
def tables(aws: None) -> None:
    ddb = boto3.client("dynamodb")
    ddb.create_table(TableName=GOSOLID_TABLE, **documented_table(gosolid_repository, "GoSolidTable"))
    ddb.create_table(TableName=IDEMPOTENCY_TABLE, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    ddb.create_table(TableName=NOTIFICATIONS_TABLE, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "sk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                {"AttributeName": "sk", "KeyType": "RANGE"}])


class MovableClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


class RecordingEvents:
    def __init__(self) -> None:
        self.published: list[DomainEvent] = []
        self.failures_to_come = 0

    def publish(self, *events: DomainEvent) -> None:
        if self.failures_to_come:
            self.failures_to_come -= 1
            raise RuntimeError("EventBridge is down")
        self.published.extend(events)

    def types(self) -> list[str]:
        return [e.detail_type for e in self.published]


class FakeWorkflows:
    """Step Functions' contract: a token is answered at most once."""

    def __init__(self) -> None:
        self.started: list[tuple[str, str, dict[str, Any]]] = []
        self.resumed: list[tuple[str, dict[str, Any]]] = []
        self.refused: list[str] = []
        self.failures_to_come = 0

    def start(self, state_machine_arn: str, name: str, payload: Mapping[str, Any]) -> str | None:
        if self.failures_to_come:
            self.failures_to_come -= 1
            raise RuntimeError("Step Functions is down")
        if any(started[1] == name for started in self.started):
            return None
        self.started.append((state_machine_arn, name, dict(payload)))
        return f"{state_machine_arn}:{name}"

    def resume(self, task_token: str, output: Mapping[str, Any]) -> bool:
        if any(token == task_token for token, _ in self.resumed):
            self.refused.append(task_token)
            return False
        self.resumed.append((task_token, dict(output)))
        return True

    def fail(self, task_token: str, error: str, cause: str) -> bool:
        return self.resume(task_token, {"error": error})

    def tokens(self) -> list[str]:
        return [token for token, _ in self.resumed]


class FakeEligibility:
    """Who may act for which enterprise; the joined read fetches the other item from moto."""

    def __init__(self, *allowed: tuple[str, str]) -> None:
        self.allowed = set(allowed)
        self.reads = 0
        self.before_other_writes = False      # the joined read happened before a racing request's write

    def require_usable(self, customer_id: str, channel: Channel, enterprise_number: str) -> None:
        self.reads += 1
        self._check(customer_id, enterprise_number)

    def usability_with(self, customer_id: str, channel: Channel,
                       other: tuple[str, dict[str, Any]]) -> tuple[Any, dict[str, Any] | None]:
        self.reads += 1
        table, key = other
        item = None if self.before_other_writes else boto3.client("dynamodb").get_item(
            TableName=table, Key=key, ConsistentRead=True).get("Item")
        return SimpleNamespace(require_usable=lambda number: self._check(customer_id, number)), item

    def _check(self, customer_id: str, enterprise_number: str) -> None:
        if (customer_id, enterprise_number) not in self.allowed:
            raise Forbidden("not usable", code="NOT_USABLE_FOR_ENTERPRISE")


class RecordingMetrics:
    def __init__(self) -> None:
        self.records: list[tuple[str, float, str]] = []

    def record(self, metric: str, value: float, unit: str) -> None:
        self.records.append((metric, value, unit))


class World:
    def __init__(self) -> None:
        self.clock = MovableClock(SUBMITTED_AT)
        self.events = RecordingEvents()
        self.workflows = FakeWorkflows()
        self.eligibility = FakeEligibility(("C-1", CREDITOR), ("C-2", CREDITOR))
        self.metrics = RecordingMetrics()
        self.repository = CaseRepository(GOSOLID_TABLE)
        self.notifications = NotificationsRepository(NOTIFICATIONS_TABLE)
        self.idempotency = PowertoolsIdempotency(IDEMPOTENCY_TABLE)
        self.idempotency.register_lambda_context(
            SimpleNamespace(get_remaining_time_in_millis=lambda: 30_000))  # type: ignore[arg-type]
        self.facts = FactRepository(GOSOLID_TABLE)
        # each function's use cases on the same table, bus and workflows: channels, partner callbacks, workflow tasks
        self.service = GoSolidService(
            self.repository, self.clock, self.events, self.workflows, eligibility=self.eligibility,
            state_machine_arn=STATE_MACHINE_ARN, idempotency=self.idempotency, metrics=self.metrics)
        self.partner = PartnerService(self.repository, self.clock, self.events, self.workflows, metrics=self.metrics)
        self.collection = CollectionService(self.repository, self.clock, self.events, self.workflows,
                                            facts=self.facts, metrics=self.metrics)


@pytest.fixture
def world(tables: None) -> World:
    return World()


@pytest.fixture
def collection_from(make_app: Callable[..., Any]) -> Callable[[datetime | None], Collection]:
    """The application without simulators (the test plays the bailiff), registry facts fed,
    started at `start` (None: the default start of make_app)."""
    def make(start: datetime | None = None) -> Collection:
        world = Collection(make_app(simulators=False) if start is None else make_app(start=start, simulators=False))
        world.quiet_other_schedules()
        world.feed_registry()
        return world
    return make


@pytest.fixture
def collection(collection_from: Callable[[datetime | None], Collection]) -> Collection:
    return collection_from(None)
