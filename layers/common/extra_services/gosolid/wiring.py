"""Settings and collaborators of the Go Solid functions, built once per cold start (never at
import). The API function needs everything; workflow tasks, partner callbacks and the feed
consumer only the table and the bus."""
from __future__ import annotations

import json
from functools import cache

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.base import SingleMetric
from pydantic import Field

from extra_services.clock import SystemClock
from extra_services.dead_letters import DeadLetters
from extra_services.domain_events import DomainEventPublisher
from extra_services.eligibility.repository import EligibilityRepository
from extra_services.eligibility.service import EligibilityService
from extra_services.gosolid.case import CaseStatus
from extra_services.gosolid.idempotency import PowertoolsIdempotency
from extra_services.gosolid.repository import CaseRepository
from extra_services.gosolid.service import GoSolidService
from extra_services.observability import logger, metrics
from extra_services.settings import EnvSettings
from extra_services.workflows import StepFunctionsWorkflows


class GoSolidSettings(EnvSettings):
    table: str = Field(alias="GOSOLID_TABLE", min_length=3)
    event_bus_name: str = Field(alias="EVENT_BUS_NAME", min_length=1)


class GoSolidApiSettings(GoSolidSettings):
    idempotency_table: str = Field(alias="IDEMPOTENCY_TABLE", min_length=3)
    eligibility_table: str = Field(alias="ELIGIBILITY_TABLE", min_length=3)
    state_machine_arn: str = Field(alias="COLLECTION_STATE_MACHINE_ARN", pattern=r"^arn:aws[a-z-]*:states:")


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
def api_idempotency() -> PowertoolsIdempotency:
    return PowertoolsIdempotency(GoSolidApiSettings.from_environ().idempotency_table)


@cache
def api_service() -> GoSolidService:
    """For the channel routes (the handler registers the Lambda context on api_idempotency())."""
    settings = GoSolidApiSettings.from_environ()
    clock = SystemClock()
    return GoSolidService(
        CaseRepository(settings.table), clock, DomainEventPublisher(settings.event_bus_name),
        StepFunctionsWorkflows(), eligibility=EligibilityService(EligibilityRepository(settings.eligibility_table),
                                                                 clock),
        state_machine_arn=settings.state_machine_arn, idempotency=api_idempotency(),
        metrics=PowertoolsCaseMetrics(), statuses=PowertoolsCaseMetrics())


@cache
def case_service() -> GoSolidService:
    """For the workflow tasks, the partner callbacks and the registry/credit feed consumer."""
    settings = GoSolidSettings.from_environ()
    return GoSolidService(CaseRepository(settings.table), SystemClock(),
                          DomainEventPublisher(settings.event_bus_name), StepFunctionsWorkflows(),
                          metrics=PowertoolsCaseMetrics(), statuses=PowertoolsCaseMetrics())


@cache
def feed_dead_letters() -> DeadLetters:
    return DeadLetters(FeedConsumerSettings.from_environ().dead_letter_queue_url)
