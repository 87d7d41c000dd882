"""Issue 6 ("Prove it safe"): the local stack with the security cast seeded, and the figures plugin.

The plugin (tests/security/plugin.py) is loaded here when tests/security is run on its own; `make verify`
loads it with -p for the whole run, so that the personal-data scan covers every test's logs."""
from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest

from local_stack.application import Application, Options
from tests.security.world import World

PLUGIN = "tests.security.plugin"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)   # a Monday morning, Brussels winter time


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin(PLUGIN):
        config.pluginmanager.import_plugin(PLUGIN)


@contextmanager
def serialised_dynamodb() -> Iterator[None]:
    """moto's DynamoDB is not thread-safe: TransactWriteItems deep-copies whole tables first and, when a
    condition fails, puts that copy back, wiping what other threads wrote meanwhile. Real DynamoDB does
    not; concurrent tests on the emulator must not see it. One lock around moto's DynamoDB requests.
    (To move into local_stack/moto_fixes.py, where it would serve every test: see docs/security.md.)"""
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.call_action
    lock = threading.RLock()

    def call_action(self: Any) -> Any:
        with lock:
            return original(self)

    DynamoHandler.call_action = call_action  # type: ignore[method-assign]
    try:
        yield
    finally:
        DynamoHandler.call_action = original  # type: ignore[method-assign]


def cold_start_the_layer() -> None:
    """Forget what the layer cached in this process: boto3 clients (and the retry quota earlier tests
    spent) and the functools caches of its wiring (settings, repositories, the idempotency store and its
    client), which an earlier test may have built against another backend. In AWS a new function
    instance starts with none of them; the local stack reloads the functions, not the layer."""
    for name, module in list(sys.modules.items()):
        if name == "extra_services" or name.startswith("extra_services."):
            for value in list(vars(module).values()):
                if getattr(value, "__module__", None) == name and callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


@pytest.fixture(scope="module")
def security_app() -> Iterator[World]:
    """A local stack (one per test module, partner simulators off) with the cast of tests/security/world.py,
    on a layer in its cold-start state (and left so for the next module: fault injection spends the
    clients' retry quota)."""
    cold_start_the_layer()
    with serialised_dynamodb(), Application(Options(port=0, start=START, simulators=False)) as app:
        world = World(app).seed()
        try:
            yield world
        finally:
            world.close()
    cold_start_the_layer()
