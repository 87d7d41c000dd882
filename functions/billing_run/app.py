"""The tasks of the weekly billing state machine (statemachines/nowjobs_billing.asl.json): plan the weeks,
bill one page of a week's unbilled hours, report. A failure is raised: the machine retries the page (every
step is idempotent)."""
from __future__ import annotations

from typing import Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.billing.run_tasks import parse_task, run_task
from extra_services.billing.run_wiring import billing_run
from extra_services.observability import logger, metrics


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return run_task(billing_run(), parse_task(event))
