"""The collaborators of the Go Solid workflow function (the collection state machine's tasks and
the plan watch), built once per cold start (never at import): the table and the bus."""
from __future__ import annotations

from functools import cache

from extra_services.clock import SystemClock
from extra_services.domain_events import DomainEventPublisher
from extra_services.gosolid.collection_service import CollectionService
from extra_services.gosolid.repository import CaseRepository
from extra_services.gosolid.wiring import GoSolidSettings, PowertoolsCaseMetrics
from extra_services.workflows import StepFunctionsWorkflows


@cache
def collection_service() -> CollectionService:
    settings = GoSolidSettings.from_environ()
    return CollectionService(CaseRepository(settings.table), SystemClock(),
                             DomainEventPublisher(settings.event_bus_name), StepFunctionsWorkflows(),
                             metrics=PowertoolsCaseMetrics(), statuses=PowertoolsCaseMetrics())
