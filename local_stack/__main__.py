"""`make run`: the whole system on 127.0.0.1 (PORT, default 3000), no AWS account, no Docker.

Environment: PORT, LOCAL_CLOCK_START (an instant with offset; default: now),
LOCAL_SIMULATORS (on | off; default on), LOCAL_LOG_LEVEL (default WARNING),
LOCAL_METRICS (on to print the handlers' EMF metric lines; default off)."""
from __future__ import annotations

import logging
import os
import signal
import sys
import threading

from local_stack.application import Application, Options
from local_stack.personas import PERSONAS


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    options = Options.from_environ()
    if os.environ.get("LOCAL_METRICS", "off").lower() != "on":
        os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"   # EMF lines would drown the console
    print("starting the local stack (moto, the real handlers and state machines, the virtual clock)...",
          flush=True)
    app = Application(options).start()
    url = app.url
    print(f"\nready on {url}  (virtual clock: {app.stack.clock.now().isoformat()}, "
          f"simulators {'on' if options.simulators else 'off'})\n")
    print("Routes from template.yaml:")
    for route in app.stack.api.routes:
        auth = route.authorizer.name if route.authorizer else "no auth"
        print(f"  {route.method:6} {url}{route.path}   [{auth}]")
    print(f"\nSwagger UI: {url}/docs      health: {url}/_local/health      clock: {url}/_local/clock")
    print("\nDemo personas (customer ids):")
    for p in PERSONAS:
        print(f"  {p.customer_id:8} {p.description} -> {p.expectation}")
    print("\nTry:")
    print(f"  TOKEN=$(curl -s -X POST {url}/_local/tokens -d '{{\"customerId\": \"C-ANNA\", \"channel\": \"mobile\"}}'"
          " | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"token\"])')")
    print(f"  curl -s -H \"Authorization: Bearer $TOKEN\" {url}/v1/extra-services")
    print(f"  curl -s -X POST {url}/_local/clock -d '{{\"advance\": \"P1D\"}}'\n", flush=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    while not done.wait(1):
        pass
    print("stopping...", flush=True)
    app.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
