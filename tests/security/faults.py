"""Fault injection at every AWS call site of the application's functions (issue 6, part 3).

`FaultInjector(plan)` is a context manager. While it is active, every AWS API call made *inside one of
the template's functions* (the local stack runs each handler with its own environment: the call site is
function x service x operation) goes through the plan, which may answer it with a throttling or a
transient error instead of sending it. botocore sees a real error response, so its own retries (standard
mode, max_attempts 3: 4 attempts in all, within a retry quota per client that retries spend) and
everything above them — the handler's error mapping (503), Lambda's asynchronous
retries, Step Functions' Retry/Catch, the callers' retries — run exactly as they would in AWS. Only
botocore's backoff delay is made zero (a real sleep would slow the run and prove nothing).

Plans are deterministic per call site: the n-th attempt at a site fails if the plan says so, whatever the
thread that makes it. The injector counts the sites it saw and the faults it injected.
"""
from __future__ import annotations

import json
import os
import re
import threading
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

SERVICES = ("dynamodb", "states", "events", "sqs")      # the AWS services the functions call

ERRORS = {      # kind -> (HTTP status, error code): what botocore classifies as retryable
    "throttling": (400, "ThrottlingException"),
    "dynamodb-throttling": (400, "ProvisionedThroughputExceededException"),
    "transient": (500, "InternalServerError"),
    "unavailable": (503, "ServiceUnavailable"),
}

_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([a-z0-9-]+)/aws4_request")
_PAUSED = threading.Event()


@contextmanager
def paused() -> Iterator[None]:
    """No fault while inside, whatever injector is active: for a lifecycle's preconditions that are not its
    subject (the billing lifecycle's core-banking events). Process-wide: the calls are made in the local
    stack's threads, not the caller's."""
    _PAUSED.set()
    try:
        yield
    finally:
        _PAUSED.clear()


def _header(request: Any, name: str) -> str:
    value = request.headers.get(name, "")
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


@dataclass(frozen=True)
class Site:
    function: str
    service: str
    operation: str

    def __str__(self) -> str:
        return f"{self.function} -> {self.service}:{self.operation}"


@dataclass
class FaultPlan:
    """At every call site, a burst of `burst` failing attempts (a call's SDK retries are attempts too)
    starts on the site's first attempt and then on a `rate` share of its attempts, chosen by a hash of
    (seed, site, attempt number): the same faults on every run, and no rhythm a request could fall into.

    burst 1-3: absorbed by botocore's 4 attempts while the client's retry quota lasts (the clients are cached
    per process, so earlier faults spend it too; once spent, the errors reach the handlers); burst >= 4:
    the call fails in the handler whatever the quota. Either way the layers above must recover (503 and
    the caller's retry, Lambda's retries, Step Functions' Retry).
    `permanent` sites fail on every attempt, for ever."""
    kinds: tuple[str, ...] = ("throttling", "transient")
    rate: float = 0.2
    burst: int = 2
    seed: int = 6
    services: tuple[str, ...] = SERVICES
    functions: tuple[str, ...] | None = None        # only these functions (logical ids or names)
    permanent: tuple[tuple[str, str], ...] = ()     # (function, "service:operation") failing for ever

    def starts_burst(self, site: Site, attempt: int) -> bool:
        if self.burst <= 0:
            return False
        return attempt == 0 or zlib.crc32(f"{self.seed}|{site}|{attempt}".encode()) % 10_000 < self.rate * 10_000

    def error_kind(self, site: Site, attempt: int) -> str:
        kind = self.kinds[attempt % len(self.kinds)]
        if site.service == "dynamodb" and kind == "throttling":
            return "dynamodb-throttling"
        return kind


@dataclass
class FaultInjector:
    plan: FaultPlan
    calls: Counter[Site] = field(default_factory=Counter)       # attempts seen per site
    faults: Counter[Site] = field(default_factory=Counter)      # attempts answered with an error
    _burst_left: dict[Site, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # ------------------------------------------------------------ deciding
    def _site(self, request: Any) -> Site | None:
        function = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")      # the local stack's per-function environment
        if not function:
            return None
        if self.plan.functions is not None and function not in self.plan.functions:
            return None
        scope = _SCOPE.search(_header(request, "Authorization"))
        if scope is None or scope.group(1) not in self.plan.services:
            return None
        return Site(function, scope.group(1), _header(request, "X-Amz-Target").rsplit(".", 1)[-1] or "?")

    def decide(self, request: Any) -> tuple[Site, str] | None:
        site = None if _PAUSED.is_set() else self._site(request)
        if site is None:
            return None
        with self._lock:
            attempt = self.calls[site]
            self.calls[site] += 1
            if (site.function, f"{site.service}:{site.operation}") in self.plan.permanent:
                self.faults[site] += 1
                return site, "unavailable"
            left = self._burst_left.get(site, 0)
            if left == 0 and self.plan.starts_burst(site, attempt):
                left = self.plan.burst
            if left == 0:
                return None
            self._burst_left[site] = left - 1
            self.faults[site] += 1
            return site, self.plan.error_kind(site, attempt)

    # ------------------------------------------------------------ answering
    @staticmethod
    def error_response(request: Any, site: Site, kind: str) -> Any:
        from botocore.awsrequest import AWSResponse

        status, code = ERRORS[kind]
        body = json.dumps({"__type": code, "message": f"injected {kind} fault ({site})"}).encode()

        class Raw:
            def stream(self, **_: Any) -> Iterator[bytes]:
                yield body

        headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "injected-fault",
                   "Content-Length": str(len(body))}
        return AWSResponse(request.url, status, headers, Raw())

    @contextmanager
    def active(self) -> Iterator[FaultInjector]:
        from botocore.endpoint import Endpoint
        from botocore.retries.standard import ExponentialBackoff

        original_send, original_delay = Endpoint._send, ExponentialBackoff.delay_amount
        injector = self

        def send(self: Any, request: Any) -> Any:
            decision = injector.decide(request)
            if decision is None:
                return original_send(self, request)
            return injector.error_response(request, *decision)

        Endpoint._send = send                                     # type: ignore[method-assign]
        ExponentialBackoff.delay_amount = lambda self, context: 0  # type: ignore[method-assign]
        try:
            yield self
        finally:
            Endpoint._send = original_send                         # type: ignore[method-assign]
            ExponentialBackoff.delay_amount = original_delay       # type: ignore[method-assign]

    # ------------------------------------------------------------ figures
    @property
    def sites(self) -> set[Site]:
        return set(self.calls)

    @property
    def faulted_sites(self) -> set[Site]:
        return {s for s, n in self.faults.items() if n}
