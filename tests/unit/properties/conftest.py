"""Properties of the parsers and calculators (issue 6, part 4): each run is deterministic (derandomized,
no example database) and counted in the figures."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

from tests.security.figures import FIGURES

# Every property of this folder: the same examples on every run and every machine.
PROPERTY = settings(derandomize=True, database=None, deadline=None, max_examples=200)
EXAMPLES: dict[str, int] = {"count": 0}


def example() -> None:
    """Called by each property once per example, for the figures."""
    EXAMPLES["count"] += 1


@pytest.fixture(autouse=True)
def _count_examples() -> Iterator[None]:
    EXAMPLES["count"] = 0
    yield
    if EXAMPLES["count"]:           # a property (the folder's example-based tests generate nothing)
        FIGURES.add("4", "hypothesis properties", 1)
        FIGURES.add("4", "hypothesis examples", EXAMPLES["count"])
