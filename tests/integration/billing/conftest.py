"""Billing on the local stack: every test gets a fresh one (make_app) and a World to seed and observe it.

By default the stack starts on Monday 2 March (the week is worked through the routes, then billed);
`@on_thursday` starts it on Thursday 12 March, an hour before the weekly run, for hours seeded directly."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from tests.conftest import DEFAULT_START
from tests.integration.billing.support import BEFORE_BILLING, World

on_thursday = pytest.mark.parametrize("world", [BEFORE_BILLING], indirect=True, ids=["from-thursday"])


@pytest.fixture
def world(request: pytest.FixtureRequest, make_app: Callable[..., Any],
          api_event: Callable[..., dict[str, Any]]) -> World:
    start: datetime = getattr(request, "param", DEFAULT_START)
    return World(make_app(start=start), api_event)
