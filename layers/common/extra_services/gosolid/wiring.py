"""Settings and collaborators of the Go Solid functions, built once per cold start (never at
import): workflow tasks, partner callbacks and the feed consumer need only the table and the bus.
The API function's (eligibility, idempotency, the state machine) are in api_wiring.py."""
from __future__ import annotations

import json
from functools import cache

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.base import SingleMetric
from pydantic import Field

from extra_services.clock import SystemClock
from extra_services.dead_letters import DeadLetters
from extra_services.domain_events import DomainEventPublisher
from extra_services.gosolid.case import CaseStatus
from extra_services.gosolid.case_service import CaseService
from extra_services.gosolid.repository import CaseRepository
from extra_services.observability import logger, metrics
from extra_services.settings import EnvSettings
from extra_services.workflows import StepFunctionsWorkflows


class GoSolidSettings(EnvSettings):
    table: str = Field(alias="GOSOLID_TABLE", min_length=3)
    event_bus_name: str = Field(alias="EVENT_BUS_NAME", min_length=1)


class FeedConsumerSettings(GoSolidSettings):
    dead_letter_queue_url: str = Field(alias="DEAD_LETTER_QUEUE_URL", min_length=8)


CASE_STATUS_ENTERED = "GoSolidCaseStatusEntered"


class PowertoolsCaseMetrics:
    """Late decisions, late summons and parked cases: each has a CloudWatch alarm in the template."""

    def record(self, metric: str, value: float, unit: str) -> None:
        metrics.add_metric(name=metric, unit=MetricUnit(unit), value=value)
        # the runbook's way from an alarm to its case: in the workflow function correlation_id is the case id
        logger.warning("Go Solid alert", extra={"metric": metric, "value": value, "unit": unit})

    def status_entered(self, status: CaseStatus) -> None:
        """`GoSolidCaseStatusEntered` (Count) with the dimension `status` only, printed at once as its own
        EMF document: a case changes status in the API, workflow and partner functions, and the dashboard
        counts per status whichever function moved it (so no `service` dimension: service="")."""
        metric = SingleMetric(namespace=metrics.namespace, service="")
        metric.add_metric(name=CASE_STATUS_ENTERED, unit=MetricUnit.Count, value=1)
        metric.add_dimension(name="status", value=status.value)
        print(json.dumps(metric.serialize_metric_set(), separators=(",", ":")))


@cache
def case_service() -> CaseService:
    """For the workflow tasks, the partner callbacks and the registry/credit feed consumer."""
    settings = GoSolidSettings.from_environ()
    return CaseService(CaseRepository(settings.table), SystemClock(),
                       DomainEventPublisher(settings.event_bus_name), StepFunctionsWorkflows(),
                       metrics=PowertoolsCaseMetrics(), statuses=PowertoolsCaseMetrics())


@cache
def feed_dead_letters() -> DeadLetters:
    return DeadLetters(FeedConsumerSettings.from_environ().dead_letter_queue_url)
