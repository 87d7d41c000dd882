"""The one place that maps domain errors and validation failures to HTTP responses."""
from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from extra_services.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    TemporarilyUnavailable,
)
from extra_services.http.error_models import ErrorBody, ErrorDetail, ErrorResponse

STATUS_OF: dict[type[DomainError], int] = {
    InvalidInput: 422,
    NotFound: 404,
    Forbidden: 403,
    Conflict: 409,
    TemporarilyUnavailable: 503,
}


def error_response(status: int, code: str, message: str,
                   details: list[ErrorDetail] | None = None) -> Response[str]:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, details=details or []))
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON,
                    body=body.model_dump_json())


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _readable(error: dict[str, Any]) -> str:
    # pydantic's own messages are readable; ValueErrors raised by our validators carry a prefix
    message = str(error.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")


def validation_details(errors: list[dict[str, Any]]) -> list[ErrorDetail]:
    """Field + message only: the offending input is never echoed (it may be personal data)."""
    return [ErrorDetail(field=_location(e.get("loc", ())) or "body", message=_readable(e)) for e in errors]


def _is_malformed_body(errors: list[dict[str, Any]]) -> bool:
    return any(e.get("type") == "json_invalid" for e in errors)


def register_error_handlers(app: APIGatewayRestResolver) -> None:
    @app.exception_handler(RequestValidationError)  # type: ignore[untyped-decorator]
    def _invalid_request(ex: RequestValidationError) -> Response[str]:
        errors = list(ex.errors())
        if _is_malformed_body(errors):
            return error_response(400, "MALFORMED_JSON", "The request body is not valid JSON.")
        details = validation_details(errors)
        summary = "; ".join(f"{d.field}: {d.message}" for d in details[:3])
        return error_response(422, "VALIDATION_ERROR", f"The request is invalid: {summary}", details)

    @app.exception_handler(DomainError)  # type: ignore[untyped-decorator]
    def _domain_error(ex: DomainError) -> Response[str]:
        status = next((s for cls, s in STATUS_OF.items() if isinstance(ex, cls)), 422)
        details = [ErrorDetail.model_validate(d) for d in ex.details]
        return error_response(status, ex.code, ex.message, details)

    @app.not_found
    def _not_found(_: NotFoundError) -> Response[str]:
        return error_response(404, "NOT_FOUND", "No such resource.")
