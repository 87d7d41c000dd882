"""Issue 6 ("Prove it safe"): the local stack with the security cast seeded, and the figures plugin.

The plugin (tests/security/plugin.py) is loaded here when tests/security is run on its own; `make verify`
loads it with -p for the whole run, so that the personal-data scan covers every test's logs."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from local_stack.application import Application, Options
from tests.security.world import World

PLUGIN = "tests.security.plugin"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)   # a Monday morning, Brussels winter time


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin(PLUGIN):
        config.pluginmanager.import_plugin(PLUGIN)


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
    clients' retry quota). moto's DynamoDB is serialised by the local stack itself
    (local_stack/moto_fixes.py, serialise_dynamodb), as for every test and `make run`."""
    cold_start_the_layer()
    with Application(Options(port=0, start=START, simulators=False)) as app:
        world = World(app).seed()
        try:
            yield world
        finally:
            world.close()
    cold_start_the_layer()
