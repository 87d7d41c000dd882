"""The notifier: consumes the outbound domain events and writes the inbox and the e-mail outbox."""
from __future__ import annotations

from typing import Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.notifications.consumer import consume
from extra_services.notifications.notifier_wiring import notifier, notifier_dead_letters
from extra_services.observability import logger, metrics


@logger.inject_lambda_context(correlation_id_path=correlation_paths.EVENT_BRIDGE)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return consume(event, notifier(), notifier_dead_letters())
