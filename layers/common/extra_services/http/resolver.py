"""A Powertools REST resolver configured the same way for every API function."""
from __future__ import annotations

from aws_lambda_powertools.event_handler import APIGatewayRestResolver

from extra_services.caller import Caller, caller_from_authorizer
from extra_services.http.content_type import require_json_bodies
from extra_services.http.errors import register_error_handlers


def create_resolver() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver(enable_validation=True)
    register_error_handlers(app)
    require_json_bodies(app)
    return app


def current_caller(app: APIGatewayRestResolver) -> Caller:
    request_context = app.current_event.raw_event.get("requestContext") or {}
    return caller_from_authorizer(request_context.get("authorizer"))
