"""Fixtures every test layer may use (unit tests need none of them).

- `make_app(...)`: the whole application on a fresh local stack (tables from template.yaml, the
  real handlers, the real ASL files with their DefinitionSubstitutions, rules and schedules, all
  on the virtual clock); stopped after the test. One stack per process at a time.
- `api_event(...)`: an API Gateway REST proxy event, built like the local gateway builds it.
Helpers to import: tests/support.py."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import settings

# Property tests are deterministic (the same examples every run) and have no per-example deadline:
# CI machines are shared and noisy, and a flaky test proves nothing.
settings.register_profile("project", derandomize=True, deadline=None, database=None)
settings.load_profile("project")

DEFAULT_START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)   # Monday 09:00 in Brussels


@pytest.fixture
def make_app() -> Iterator[Callable[..., Any]]:
    from local_stack.application import Application, Options

    started: list[Application] = []

    def make(*, start: datetime = DEFAULT_START, simulators: bool = False, seed: bool = True) -> Application:
        app = Application(Options(port=0, start=start, simulators=simulators, seed=seed)).start()
        started.append(app)
        return app

    yield make
    for app in reversed(started):
        app.stop()


@pytest.fixture
def api_event() -> Callable[..., dict[str, Any]]:
    from local_stack.testing import api_gateway_event
    return api_gateway_event
