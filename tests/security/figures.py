"""The figures of issue 6 ("Prove it safe"): what each part tried and what went wrong, in numbers.

Tests add to them (`FIGURES.add("1", "attempts", 40)`, `FIGURES.note("1", "GET /x: not yet covered")`);
every pytest process appends its records to one file of a directory shared by the xdist controller
and its workers (tests/security/plugin.py), and the controller prints the merged table at the end."""
from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PARTS = {
    "1": "authorisation matrix (HTTP, local stack)",
    "2": "idempotency and concurrency",
    "3": "fault injection",
    "4": "fuzzing (schemathesis, hypothesis)",
    "5": "personal data in the logs",
    "6": "infrastructure (template.yaml)",
}

# Figures that must stay 0: the table marks them, tests assert them.
MUST_BE_ZERO = frozenset({
    "leaks", "unexpected statuses", "5xx", "schema violations", "duplicates", "losses",
    "divergent projections", "lost updates", "PII hits", "violations", "silent failures",
})


class Figures:
    """Per process: counters and notes, appended to `path` as JSON lines as soon as they are made."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self._lock = threading.Lock()

    def bind(self, path: Path | None) -> None:
        self.path = path

    def add(self, part: str, name: str, value: int = 1) -> None:
        self._write({"part": part, "name": name, "value": int(value)})

    def note(self, part: str, text: str) -> None:
        """A line listed under the part (a gap, an uncovered route), shown once however often noted."""
        self._write({"part": part, "note": text})

    def _write(self, record: dict[str, object]) -> None:
        if self.path is None:          # the plugin is not loaded: nothing to report to
            return
        with self._lock, self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


FIGURES = Figures()


@dataclass
class Summary:
    values: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, part: str, name: str, value: int) -> None:
        self.values[part][name] = self.values[part].get(name, 0) + value

    def note(self, part: str, text: str) -> None:
        if text not in self.notes[part]:
            self.notes[part].append(text)

    def get(self, part: str, name: str) -> int:
        return self.values.get(part, {}).get(name, 0)


def read(directory: Path) -> Summary:
    summary = Summary()
    for path in sorted(directory.glob("figures-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "note" in record:
                summary.note(record["part"], record["note"])
            else:
                summary.add(record["part"], record["name"], record["value"])
    return summary


def render(summary: Summary) -> list[str]:
    """The table printed at the end of the run (one block per part)."""
    names = [name for values in summary.values.values() for name in values]
    width = max([len(n) for n in names] + [30])
    lines = [f"{'part':<44} {'figure':<{width}} {'value':>8}"]
    for part, title in PARTS.items():
        values = summary.values.get(part, {})
        label = f"{part}. {title}"
        if not values and not summary.notes.get(part):
            lines.append(f"{label:<44} (not run in this session)")
            continue
        for name, value in values.items():
            flag = "  <-- must be 0" if name in MUST_BE_ZERO and value else ""
            lines.append(f"{label:<44} {name:<{width}} {value:>8}{flag}")
            label = ""
        for text in summary.notes.get(part, []):
            lines.append(f"{label:<44} - {text}")
            label = ""
    return lines
