"""Local-only HTTP routes (/_local/..., /docs...): matched before the API Gateway routes.

A handler takes a LocalRequest and returns (status, headers, body): headers a list of pairs or a dict,
body bytes, str or a dict/list (sent as JSON). Raising LocalRouteError answers
{"error": {"code", "message"}} with its status.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from .virtual_time import SettleTimeout, VirtualClock, format_instant, parse_duration, parse_instant

__all__ = ["LocalRequest", "LocalRouteError", "LocalRoutes", "clock_routes"]

Response = tuple[int, list[tuple[str, str]], bytes]
Handler = Callable[["LocalRequest"], tuple[int, Any, Any]]

_CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 409: "CONFLICT",
          422: "VALIDATION_ERROR", 500: "INTERNAL_ERROR", 503: "UNAVAILABLE"}


class LocalRouteError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code or _CODES.get(status, "ERROR")

    def response(self) -> Response:
        return encode_response(self.status, {}, {"error": {"code": self.code, "message": self.message}})


def _headers(headers: Mapping[str, str] | Iterable[tuple[str, str]] | None) -> Message:
    message = Message()
    pairs = headers.items() if isinstance(headers, Mapping) else (headers or [])
    for key, value in pairs:
        message[key] = value
    return message


@dataclass
class LocalRequest:
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    headers: Message = field(default_factory=Message)       # case-insensitive .get()
    body: bytes = b""

    @classmethod
    def build(cls, method: str, path: str, *, query: dict[str, str] | None = None,
              headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
              body: bytes | str = b"") -> LocalRequest:
        return cls(method.upper(), path, dict(query or {}), _headers(headers),
                   body.encode() if isinstance(body, str) else body)

    def json(self, default: Any = None) -> Any:
        """The body parsed as JSON (`default` when empty); bad JSON -> 400."""
        if not self.body.strip():
            return default
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise LocalRouteError(400, f"the request body is not valid JSON: {exc}") from exc


def encode_response(status: int, headers: Any, body: Any) -> Response:
    pairs = list(headers.items()) if isinstance(headers, Mapping) else list(headers or [])
    has_type = any(k.lower() == "content-type" for k, _ in pairs)
    if isinstance(body, dict | list):
        data, content_type = json.dumps(body).encode(), "application/json"
    elif isinstance(body, str):
        data, content_type = body.encode(), "text/plain; charset=utf-8"
    elif body is None:
        data, content_type = b"", "application/json"
    else:
        data, content_type = bytes(body), "application/octet-stream"
    if not has_type:
        pairs.append(("Content-Type", content_type))
    return int(status), [(str(k), str(v)) for k, v in pairs], data


class LocalRoutes:
    """Exact paths first, then prefixes ("/docs*"), the longest first. A later add() of the same
    method and path replaces the earlier one (e.g. to override a built-in route)."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], Handler] = {}

    def add(self, method: str, path: str, handler: Handler) -> None:
        if not path.startswith("/"):
            raise ValueError(f"local route path must start with '/': {path!r}")
        method = method.upper()
        self._routes[("ANY" if method == "*" else method, path)] = handler

    def listing(self) -> list[dict[str, str]]:
        return [{"method": m, "path": p} for m, p in sorted(self._routes, key=lambda k: (k[1], k[0]))]

    def _paths(self, path: str) -> list[str]:
        exact = [p for _, p in self._routes if p == path]
        prefixes = sorted({p for _, p in self._routes if p.endswith("*") and path.startswith(p[:-1])},
                          key=len, reverse=True)
        return exact[:1] + prefixes

    def find(self, method: str, path: str) -> Handler | None:
        """The handler, None when no local route has this path; a 405 when only the method differs."""
        candidates = self._paths(path)
        for candidate in candidates:
            handler = self._routes.get((method, candidate)) or self._routes.get(("ANY", candidate))
            if handler is not None:
                return handler
        if candidates:
            raise LocalRouteError(405, f"{method} is not allowed on {path}")
        return None


def clock_routes(routes: LocalRoutes, clock: Callable[[], VirtualClock]) -> None:
    """GET/POST /_local/clock: {"advance": "P3DT4H"} | {"set": "<instant>"} | {} (forward only);
    answers {"now"} once everything due up to then has run and the system is idle."""

    def now_body() -> dict[str, Any]:
        c = clock()
        return {"now": format_instant(c.now()), "nextDue": c.stats()["next_due"]}

    def get(request: LocalRequest) -> tuple[int, Any, Any]:
        return 200, {}, now_body()

    def post(request: LocalRequest) -> tuple[int, Any, Any]:
        body = request.json(default={})
        if not isinstance(body, dict) or len(body.keys() & {"advance", "set"}) != len(body) or len(body) > 1:
            raise LocalRouteError(400, 'expected {"advance": "<ISO 8601 duration>"}, '
                                       '{"set": "<instant with offset>"} or {}')
        c = clock()
        try:
            if "advance" in body:
                if not isinstance(body["advance"], str):
                    raise ValueError(f"advance must be an ISO 8601 duration such as P3DT4H, got {body['advance']!r}")
                delta = parse_duration(body["advance"])
                c.advance(delta)
            elif "set" in body:
                target = parse_instant(body["set"])
                if target < c.now():
                    raise ValueError(f"the clock only moves forward: {format_instant(target)} is before "
                                     f"{format_instant(c.now())}")
                c.set(target)
            else:
                c.settle()
        except SettleTimeout as exc:
            raise LocalRouteError(409, str(exc), "NOT_IDLE") from exc
        except (ValueError, TypeError) as exc:
            raise LocalRouteError(400, str(exc)) from exc
        return 200, {}, now_body()

    routes.add("GET", "/_local/clock", get)
    routes.add("POST", "/_local/clock", post)
