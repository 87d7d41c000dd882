"""GET /v1/notifications: the caller's inbox and the inboxes of the enterprises they may act for."""
from __future__ import annotations

from typing import Annotated, Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.caller import require_channel_caller
from extra_services.http.error_models import error_responses
from extra_services.http.resolver import create_resolver, current_caller
from extra_services.notifications.models import DEFAULT_LANGUAGE, Language, NotificationListOut
from extra_services.notifications.wiring import notifications_service
from extra_services.observability import logger, metrics

app = create_resolver()


@app.get("/v1/notifications", tags=["Notifications"], summary="The caller's notifications, newest first",
         responses={200: {"description": "One page of notifications"}, **error_responses(401, 403, 422)})
def get_notifications(
    language: Annotated[Language, Query()] = DEFAULT_LANGUAGE,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    nextToken: Annotated[str | None, Query(max_length=2048)] = None,  # noqa: N803
) -> NotificationListOut:
    customer_id, channel = require_channel_caller(current_caller(app))
    return notifications_service().inbox(customer_id, channel, language=language, limit=limit, next_token=nextToken)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
