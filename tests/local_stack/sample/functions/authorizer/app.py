"""Lambda authorizers: REQUEST (JWT in Authorization) and TOKEN (X-Admin-Token)."""
import os

import jwt
from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerRequestEvent,
    APIGatewayAuthorizerResponse,
    APIGatewayAuthorizerTokenEvent,
    HttpVerb,
)

SECRET = os.environ.get("JWT_SECRET")          # read at import time: the per-function env matters


class UnauthorizedError(Exception):
    def __init__(self) -> None:
        super().__init__("Unauthorized")      # API Gateway turns exactly this message into a 401


def _policy(arn, principal, context):
    return APIGatewayAuthorizerResponse(
        principal_id=principal, region=arn.region, aws_account_id=arn.aws_account_id,
        api_id=arn.api_id, stage=arn.stage, context=context)


@event_source(data_class=APIGatewayAuthorizerRequestEvent)
def request_handler(event: APIGatewayAuthorizerRequestEvent, context):
    header = event.headers.get("Authorization", "")          # case-insensitive
    if not header.startswith("Bearer "):
        raise UnauthorizedError
    try:
        claims = jwt.decode(header[7:], SECRET, algorithms=["HS256"])
    except jwt.PyJWTError as exc:
        raise UnauthorizedError from exc
    policy = _policy(event.parsed_arn, claims["sub"],
                     {"tenant": claims.get("tenant", ""), "level": 3, "admin": False})
    if claims.get("blocked"):
        policy.deny_all_routes()
    else:
        policy.allow_all_routes()
    return policy.asdict()


@event_source(data_class=APIGatewayAuthorizerTokenEvent)
def token_handler(event: APIGatewayAuthorizerTokenEvent, context):
    policy = _policy(event.parsed_arn, "admin", {"role": "admin", "jwtSecretVisible": SECRET is not None})
    if event.authorization_token == "adm-deny":
        policy.deny_all_routes()
    else:
        policy.allow_route(HttpVerb.GET.value, "/v1/admin/*")
    return policy.asdict()
