"""The error body of every 4xx: {"error": {"code", "message", "details": [...]}} (API.md)."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _ErrorModel(BaseModel):
    # defer_build: built on a function's first error answer (or for the OpenAPI document), not at cold start.
    model_config = ConfigDict(defer_build=True)


class ErrorDetail(_ErrorModel):
    field: str = Field(description="Where the problem is, e.g. body.invoices[0].amount")
    message: str = Field(description="What is wrong, in words a person can act on")


class ErrorBody(_ErrorModel):
    code: str
    message: str
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorResponse(_ErrorModel):
    error: ErrorBody


def error_responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses` entries for the error statuses a route documents."""
    descriptions = {
        400: "Malformed request (not JSON, wrong header)",
        401: "Missing, expired or forged token",
        403: "The caller may not act for this enterprise, or the wrong kind of credential",
        404: "No such resource (or not visible to the caller)",
        409: "The resource is not in a state that allows this",
        422: "The request breaks a rule; each bad field is listed",
        503: "A dependency is throttled; retry with the same Idempotency-Key",
    }
    return {s: {"description": descriptions[s],
                "content": {"application/json": {"model": ErrorResponse}}} for s in statuses}
