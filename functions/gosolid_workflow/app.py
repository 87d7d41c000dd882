"""The Lambda tasks of the Go Solid collection state machine (screen, request the summons and the
PV, the expiries, the waits' task tokens, park). A failure is raised: the machine retries
transient errors and parks the case on the rest."""
from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.gosolid.wiring import case_service
from extra_services.gosolid.workflow_tasks import parse_task, run_task
from extra_services.observability import logger, metrics


@logger.inject_lambda_context(correlation_id_path="caseId")
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return run_task(case_service(), parse_task(event))
