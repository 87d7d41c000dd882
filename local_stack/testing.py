"""Helpers for tests: API Gateway events for handler tests, an HTTP client for the local stack, Step
Functions history helpers."""
from __future__ import annotations

import http.client
import json
from collections.abc import Mapping
from email.message import Message
from typing import Any, NamedTuple
from urllib.parse import urlencode, urlsplit

from .gateway import proxy_event

__all__ = ["HttpClient", "Response", "api_gateway_event", "execution_history", "state_path"]


def api_gateway_event(method: str, path: str, *, body: Any = None, headers: Mapping[str, str] | None = None,
                      path_parameters: dict[str, str] | None = None,
                      query: Mapping[str, str | list[str]] | None = None,
                      authorizer: dict[str, Any] | None = None, resource: str | None = None) -> dict[str, Any]:
    """A REST API proxy (v1) event built like the local gateway builds it. A dict/list body is sent
    as JSON (Content-Type added), bytes as base64 (isBase64Encoded); `authorizer` becomes
    requestContext.authorizer (e.g. {"principalId": "alice", "channel": "mobile"})."""
    header_pairs = list((headers or {}).items())
    if isinstance(body, dict | list):
        body = json.dumps(body)
        if not any(k.lower() == "content-type" for k, _ in header_pairs):
            header_pairs.append(("Content-Type", "application/json"))
    return proxy_event(method.upper(), path, resource=resource,
                       query_string=urlencode(query, doseq=True) if query else "",
                       header_pairs=header_pairs, body=body, binary=isinstance(body, bytes),
                       path_parameters=path_parameters, authorizer=authorizer)


class Response(NamedTuple):
    status: int
    body: Any                 # parsed JSON, else text, else bytes; None when empty
    headers: Message          # case-insensitive: response.headers["content-type"]


def _decode(data: bytes) -> Any:
    if not data:
        return None
    try:
        return json.loads(data)
    except ValueError:
        pass
    try:
        return data.decode()
    except UnicodeDecodeError:
        return data


CLOCK_TIMEOUT = 600.0    # /_local/clock answers once the system is idle: weeks of schedules can take minutes


class HttpClient:
    """A keep-alive HTTP client: JSON in, JSON out. `base` is a URL or anything with a .url."""

    def __init__(self, base: Any, *, headers: Mapping[str, str] | None = None, timeout: float = 30.0) -> None:
        url = urlsplit(base if isinstance(base, str) else base.url)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.headers = dict(headers or {})
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: Any = None, *, headers: Mapping[str, str] | None = None,
                query: Mapping[str, Any] | None = None) -> Response:
        all_headers = {**self.headers, **(headers or {})}
        if isinstance(body, dict | list):
            body = json.dumps(body).encode()
            if not any(k.lower() == "content-type" for k in all_headers):
                all_headers["Content-Type"] = "application/json"
        elif isinstance(body, str):
            body = body.encode()
        target = path + ("?" + urlencode(query, doseq=True) if query else "")
        timeout = max(self.timeout, CLOCK_TIMEOUT) if path.startswith("/_local/clock") else self.timeout
        for attempt in (1, 2):
            reused = self._conn is not None
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
            self._conn.timeout = timeout
            if self._conn.sock is not None:
                self._conn.sock.settimeout(timeout)
            try:
                self._conn.request(method.upper(), target, body=body, headers=all_headers)
                raw = self._conn.getresponse()
                data = raw.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if reused and attempt == 1:      # a stale keep-alive connection: once more, fresh
                    continue
                raise
            if raw.will_close:
                self.close()
            return Response(raw.status, _decode(data), raw.msg)
        raise AssertionError("unreachable")

    def get(self, path: str, **kw: Any) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Response:
        return self.request("POST", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> Response:
        return self.request("PUT", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Response:
        return self.request("PATCH", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> Response:
        return self.request("DELETE", path, **kw)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def execution_history(sfn: Any, execution_arn: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    kw: dict[str, Any] = {}
    while True:
        page = sfn.get_execution_history(executionArn=execution_arn, **kw)
        events += page["events"]
        if not page.get("nextToken"):
            return events
        kw["nextToken"] = page["nextToken"]


def state_path(events: list[dict[str, Any]]) -> list[str]:
    """The names of the states an execution entered, in order."""
    return [e["stateEnteredEventDetails"]["name"] for e in events if "stateEnteredEventDetails" in e]
