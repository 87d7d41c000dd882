"""The daily direct-debit submission (a schedule): due collections into pain.008 batches, sent to the bank."""
from __future__ import annotations

from typing import Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.billing.submission_task import SubmissionTask
from extra_services.billing.submission_wiring import submission
from extra_services.observability import logger, metrics


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    run = submission().submit_due(owner=SubmissionTask.model_validate(event).scheduled_at)
    return {"skipped": run.skipped, "batches": list(run.batches), **run.metrics()}
