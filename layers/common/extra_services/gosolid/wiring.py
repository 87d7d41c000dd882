"""Settings and metrics every Go Solid function shares. Each function builds its own collaborators
once per cold start (never at import) in its wiring module: api_wiring.py (the channels' routes),
partner_wiring.py (the partner's callbacks), workflow_wiring.py (the collection workflow's tasks and
the plan watch), feed_wiring.py (the registry and credit-bureau feeds)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.base import SingleMetric
from pydantic import Field

from extra_services.observability import logger, metrics
from extra_services.settings import EnvSettings

if TYPE_CHECKING:
    from extra_services.gosolid.case import CaseStatus


class GoSolidSettings(EnvSettings):
    table: str = Field(alias="GOSOLID_TABLE", min_length=3)
    event_bus_name: str = Field(alias="EVENT_BUS_NAME", min_length=1)


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
