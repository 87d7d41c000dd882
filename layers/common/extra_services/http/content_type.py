"""Bodies are JSON (API.md): a request whose body is sent as anything else is refused before validation.

Powertools' request validation parses a body by its Content-Type: JSON, but also form-urlencoded and
multipart/form-data (which a pydantic body model may then accept), and for any other type it answers
415 with its own body; a multipart/form-data without a boundary even crashes it (ValueError -> 502).
On a route that takes a body, this check runs first: a Content-Type other than application/json (or
none, which Powertools reads as JSON) gets a 400 in the API.md error shape, UNSUPPORTED_CONTENT_TYPE.
Routes without a body ignore the header, as before."""
from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares.openapi_validation import OpenAPIRequestValidationMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestUnsupportedContentType

from extra_services.http.errors import error_response

JSON = "application/json"
CODE = "UNSUPPORTED_CONTENT_TYPE"
MESSAGE = "The request body must be JSON, sent with Content-Type: application/json."


def is_json(content_type: str | None) -> bool:
    """application/json with or without parameters (charset), in any case; no header at all counts as JSON."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type in ("", JSON)


def unsupported_content_type() -> Response[str]:
    return error_response(400, CODE, MESSAGE)


class JsonBodyThenValidation(OpenAPIRequestValidationMiddleware):
    """Powertools' request validation, preceded by the check of the body's Content-Type."""

    def __init__(self) -> None:     # the parent's (untyped) constructor sets nothing
        pass

    def handler(self, app: Any, next_middleware: Any) -> Any:
        route = app.context.get("_route")
        takes_body = route is not None and bool(route.dependant.body_params)
        if takes_body and not is_json(app.current_event.headers.get("content-type")):
            return unsupported_content_type()
        return super().handler(app, next_middleware)


def require_json_bodies(app: APIGatewayRestResolver) -> None:
    """Put the check in front of the resolver's request validation (the first middleware of every route).
    Powertools 3.37 keeps that middleware in `_request_validation_middleware` (the version is pinned; a
    test proves the check runs before validation). Should Powertools still raise its own 415 (a spelling
    of JSON its parser does not take, e.g. "Application/JSON"), the same 400 answers it."""
    if not getattr(app, "_enable_validation", False) or not hasattr(app, "_request_validation_middleware"):
        raise RuntimeError("require_json_bodies needs a resolver with enable_validation=True")
    app._request_validation_middleware = JsonBodyThenValidation()

    @app.exception_handler(RequestUnsupportedContentType)  # type: ignore[untyped-decorator]
    def _unsupported(_: RequestUnsupportedContentType) -> Response[str]:
        return unsupported_content_type()
