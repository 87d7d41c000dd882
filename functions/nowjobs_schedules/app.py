"""NOWJOBS schedules: the 48-hour activation target (metrics the alarm watches) and the timesheets
(reminders at 09:00, planned hours standing at 13:00 on the next working day)."""
from __future__ import annotations

from typing import Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.nowjobs.schedule_tasks import ScheduledTask, run_task
from extra_services.nowjobs.service_wiring import schedule_services
from extra_services.observability import logger, metrics


@logger.inject_lambda_context(correlation_id_path=correlation_paths.EVENT_BRIDGE)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    counts = run_task(ScheduledTask.model_validate(event), schedule_services())
    for name, value in counts.items():
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
    logger.info("nowjobs schedule ran", extra=counts)
    return counts
