"""The Lambda tasks of the Go Solid collection state machine (screen; the waits, which request the
summons and the PV and keep their task tokens; the expiries and the bailiff's lateness; park), and
the plan watch its hourly schedule runs (CHECK_PLANS). A failure is raised: the machine retries
transient errors and parks the case on the rest; the schedule's invocation is retried, then
dead-lettered."""
from __future__ import annotations

from typing import Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.gosolid.workflow_tasks import CheckPlansTask, parse_task, run_task
from extra_services.gosolid.workflow_wiring import collection_service
from extra_services.observability import logger, metrics

WATCH_RESERVE_MS = 3_000     # the plan watch stops taking cases with this much time left; the next run goes on


@logger.inject_lambda_context(correlation_id_path="caseId")
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    task = parse_task(event)
    answer = run_task(collection_service(), task,
                      keep_going=lambda: context.get_remaining_time_in_millis() > WATCH_RESERVE_MS)
    if isinstance(task, CheckPlansTask) and (answer["lookedAt"] or answer["stoppedEarly"]):
        logger.info("Go Solid plan watch ran", extra=answer)
    return answer
