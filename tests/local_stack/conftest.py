"""Fixtures: a LocalStack over sample/template.yaml per test (port 0) and an HTTP client."""
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest

from local_stack import LocalStack
from local_stack.testing import HttpClient
from tests.local_stack.support import START, TEMPLATE


@pytest.fixture
def make_stack() -> Iterator[Callable[..., LocalStack]]:
    stacks: list[LocalStack] = []

    def make(start: datetime = START, **kw: Any) -> LocalStack:
        stack = LocalStack(TEMPLATE, port=0, start=start, **kw).start()
        stacks.append(stack)
        return stack

    yield make
    for stack in stacks:
        stack.stop()


@pytest.fixture
def stack(make_stack: Callable[..., LocalStack]) -> LocalStack:
    return make_stack()


@pytest.fixture
def http(stack: LocalStack) -> Iterator[HttpClient]:
    with HttpClient(stack) as client:
        yield client
