"""Domain errors: each carries a stable code and a message a person can act on.

The HTTP layer (extra_services.http.errors) maps each class to one status, in one place."""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    code: str = "DOMAIN_ERROR"

    def __init__(self, message: str, *, code: str | None = None,
                 details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details or []


class InvalidInput(DomainError):
    """The request is well-formed but breaks a rule (422)."""

    code = "VALIDATION_ERROR"


class NotFound(DomainError):
    code = "NOT_FOUND"


class Forbidden(DomainError):
    """The caller may not act for this enterprise or resource (403)."""

    code = "FORBIDDEN"


class Conflict(DomainError):
    """The resource is not in a state that allows this (409)."""

    code = "CONFLICT"


class ChangedConcurrently(Conflict):
    """A conditional write lost to a concurrent change (409): nothing was applied; read again and retry."""

    code = "CHANGED_CONCURRENTLY"

    def __init__(self, what: str) -> None:
        super().__init__(f"The {what} changed while this request was handled; read it again and retry.")


class TemporarilyUnavailable(DomainError):
    """A dependency throttled or failed transiently; the caller may retry (503)."""

    code = "TEMPORARILY_UNAVAILABLE"
