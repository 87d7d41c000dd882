"""Lambda TOKEN authorizer for the channel routes and (with another audience) the partner routes.

401 for a missing, expired or forged token; 403 for a valid token of the wrong kind."""
from __future__ import annotations

from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerResponse,
    APIGatewayAuthorizerTokenEvent,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.auth.tokens import TokenSettings, TokenVerifier, Verdict
from extra_services.observability import logger, metrics


@cache
def verifier() -> TokenVerifier:
    return TokenVerifier(TokenSettings.from_environ())


@logger.inject_lambda_context
@metrics.log_metrics
@event_source(data_class=APIGatewayAuthorizerTokenEvent)
def lambda_handler(event: APIGatewayAuthorizerTokenEvent, context: LambdaContext) -> dict[str, Any]:
    decision = verifier().decide(event.authorization_token)
    if decision.verdict is Verdict.INVALID:
        logger.info("token refused", extra={"why": decision.why})
        raise Exception("Unauthorized")  # API Gateway turns exactly this message into a 401
    arn = event.parsed_arn
    policy = APIGatewayAuthorizerResponse(
        principal_id=decision.principal or "refused", region=arn.region, aws_account_id=arn.aws_account_id,
        api_id=arn.api_id, stage=arn.stage, context=decision.context)
    if decision.verdict is Verdict.WRONG_KIND:
        logger.info("token of the wrong kind", extra={"why": decision.why})
        policy.deny_all_routes()
    else:
        policy.allow_all_routes()
    return policy.asdict()
