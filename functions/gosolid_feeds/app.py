"""Consumes the enterprise registry's and the credit bureau's facts Go Solid screens on."""
from __future__ import annotations

from typing import Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.gosolid.feed_consumer import consume
from extra_services.gosolid.feed_wiring import fact_repository, feed_dead_letters
from extra_services.observability import logger, metrics


@logger.inject_lambda_context(correlation_id_path=correlation_paths.EVENT_BRIDGE)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    return consume(event, fact_repository(), feed_dead_letters())
