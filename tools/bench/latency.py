"""Figure 7 (informational): latency of GET /v1/extra-services over HTTP on the local stack.

A channel token of a seeded persona, one keep-alive connection, REQUESTS requests after a few warm-up
ones; median and p95 of the wall time seen by the client (HTTP, the gateway, the authorizer with its
cache, the handler, moto's DynamoDB over HTTP)."""
from __future__ import annotations

import statistics
import time

from tools.bench.support import Figure, local_application, module_main, routes

REQUESTS = 200
WARM_UP = 10
ROUTE = ("get", "/v1/extra-services")
CUSTOMER = "C-ANNA"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def run() -> Figure:
    figure = Figure(7, "GET /v1/extra-services latency")
    if ROUTE not in routes():
        figure.pending("GET /v1/extra-services", "the route is not in template.yaml")
        return figure
    from datetime import timedelta

    from local_stack.testing import HttpClient
    with local_application() as app, HttpClient(app.url) as http:
        token = app.token_for(CUSTOMER, "mobile", lifetime=timedelta(hours=2))
        headers = {"Authorization": f"Bearer {token}"}
        for _ in range(WARM_UP):
            answer = http.request("GET", ROUTE[1], headers=headers)
            if answer.status != 200:
                figure.add("GET /v1/extra-services", f"HTTP {answer.status}", "200", "FAIL", str(answer.body)[:200])
                return figure
        times = []
        for _ in range(REQUESTS):
            t0 = time.perf_counter()
            answer = http.request("GET", ROUTE[1], headers=headers)
            times.append(time.perf_counter() - t0)
            if answer.status != 200:
                figure.add("GET /v1/extra-services", f"HTTP {answer.status}", "200", "FAIL", str(answer.body)[:200])
                return figure
    ms = [t * 1000 for t in times]
    figure.add(f"median over {REQUESTS} requests", f"{statistics.median(ms):.1f} ms", "informational", "INFO")
    figure.add(f"p95 over {REQUESTS} requests", f"{percentile(ms, 95):.1f} ms", "informational", "INFO")
    figure.details = (f"{REQUESTS} authorized requests (persona {CUSTOMER}, CBC Mobile token) on one keep-alive "
                      f"connection after {WARM_UP} warm-up requests: median {statistics.median(ms):.1f} ms, p95 "
                      f"{percentile(ms, 95):.1f} ms, max {max(ms):.1f} ms. Local stack start: "
                      f"{app.stack.start_seconds:.1f} s. The local stack is not Lambda: these numbers compare runs "
                      "of this benchmark, not production latency.")
    return figure


if __name__ == "__main__":
    module_main(run)
