"""The decision log's index lists every decision file, so a newcomer finds each choice from one page."""
from __future__ import annotations

import re
from pathlib import Path

DECISIONS = Path(__file__).resolve().parents[2] / "docs" / "decisions"


def test_every_decision_file_is_listed_in_the_index_and_every_link_exists() -> None:
    index = (DECISIONS / "README.md").read_text()
    linked = set(re.findall(r"\]\(([a-z0-9-]+\.md)\)", index))
    files = {p.name for p in DECISIONS.glob("*.md")} - {"README.md"}
    assert files - linked == set(), "decision files missing from docs/decisions/README.md"
    assert linked - files == set(), "the index links to decision files that do not exist"
