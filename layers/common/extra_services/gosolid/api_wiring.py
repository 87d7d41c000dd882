"""Settings and collaborators of the Go Solid API function (the channels' routes), built once per
cold start (never at import): wiring.py's table and bus, plus eligibility, idempotency and the
collection state machine."""
from __future__ import annotations

from functools import cache

from pydantic import Field

from extra_services.clock import SystemClock
from extra_services.domain_events import DomainEventPublisher
from extra_services.eligibility.service import EligibilityService
from extra_services.eligibility.views import EligibilityViews
from extra_services.gosolid.idempotency import PowertoolsIdempotency
from extra_services.gosolid.repository import CaseRepository
from extra_services.gosolid.service import GoSolidService
from extra_services.gosolid.wiring import GoSolidSettings, PowertoolsCaseMetrics
from extra_services.workflows import StepFunctionsWorkflows


class GoSolidApiSettings(GoSolidSettings):
    idempotency_table: str = Field(alias="IDEMPOTENCY_TABLE", min_length=3)
    eligibility_table: str = Field(alias="ELIGIBILITY_TABLE", min_length=3)
    state_machine_arn: str = Field(alias="COLLECTION_STATE_MACHINE_ARN", pattern=r"^arn:aws[a-z-]*:states:")


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
        StepFunctionsWorkflows(), eligibility=EligibilityService(EligibilityViews(settings.eligibility_table),
                                                                 clock),
        state_machine_arn=settings.state_machine_arn, idempotency=api_idempotency(),
        metrics=PowertoolsCaseMetrics(), statuses=PowertoolsCaseMetrics())
