"""docs/diagrams/ is what tools/asl_diagram.py draws from statemachines/*.asl.json: a diagram that
lags behind its ASL fails here (regenerate with `make docs`), and every state and every transition of
the ASL is on the diagram that is committed."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tools import asl_diagram

MACHINES = asl_diagram.machine_files()


def _committed(asl_file: Path) -> str:
    path = asl_diagram.diagram_path(asl_file)
    assert path.exists(), f"{path.name} is missing: run `make docs` (python -m tools.asl_diagram)"
    return path.read_text(encoding="utf-8")


def _block(page: str) -> str:
    [block] = re.findall(r"```mermaid\n(.*?)```", page, flags=re.DOTALL)
    return str(block)


def _ids(block: str) -> dict[str, str]:
    """ASL state name -> Mermaid id, from the diagram's `state "name" as id` lines (else the name); a nested
    machine's state is labelled `state "name · what it is" as id {`."""
    return dict(re.findall(r'^\s*state "(.+?)(?: · [^"]*)?" as (\w+)(?: \{)?\s*$', block, flags=re.MULTILINE))


def _edges(block: str) -> set[tuple[str, str]]:
    return set(re.findall(r"^\s*(\S+) --> (\S+?)(?::.*)?$", block, flags=re.MULTILINE))


def _transitions(machine: dict[str, Any]) -> set[tuple[str, str | None]]:
    """(state, next state or None for [*]) for every transition of the ASL, nested machines included."""
    found: set[tuple[str, str | None]] = set()
    for name, state in machine.get("States", {}).items():
        targets = [state.get("Next"), state.get("Default"),
                   *(c.get("Next") for c in state.get("Choices", [])),
                   *(c.get("Next") for c in state.get("Catch", []))]
        found |= {(name, t) for t in targets if t}
        if state.get("End") or state.get("Type") in {"Succeed", "Fail"}:
            found.add((name, None))
        if state.get("Retry"):
            found.add((name, name))
        inner = state.get("Branches") or [state.get("ItemProcessor") or state.get("Iterator") or {}]
        for branch in inner:
            found |= _transitions(branch)
    return found


def test_there_is_a_state_machine_to_draw() -> None:
    assert MACHINES, "no statemachines/*.asl.json"


@pytest.mark.parametrize("asl_file", MACHINES, ids=asl_diagram.diagram_name)
def test_the_diagram_is_what_the_asl_gives(asl_file: Path) -> None:
    assert _committed(asl_file) == asl_diagram.document(asl_file), (
        f"docs/diagrams/{asl_file.name.removesuffix('.asl.json')}.md is out of date with {asl_file.name}: "
        "run `make docs` (python -m tools.asl_diagram)")


@pytest.mark.parametrize("asl_file", MACHINES, ids=asl_diagram.diagram_name)
def test_every_state_and_transition_is_on_the_diagram(asl_file: Path) -> None:
    definition = json.loads(asl_file.read_text(encoding="utf-8"))
    block = _block(_committed(asl_file))
    ids = _ids(block)
    described = set(re.findall(r"^\s*(\w+) : ", block, flags=re.MULTILINE)) | set(
        re.findall(r'^\s*state "[^"]*" as (\w+) \{$', block, flags=re.MULTILINE))

    names = asl_diagram.state_names(definition)
    assert len(names) == len(set(names)), "ASL state names are unique in the whole machine"
    missing = [n for n in names if ids.get(n, n) not in described]
    assert not missing, f"states not on the diagram: {missing}"

    edges = _edges(block)
    assert ("[*]", ids.get(definition["StartAt"], definition["StartAt"])) in edges
    absent = [(a, b) for a, b in _transitions(definition)
              if (ids.get(a, a), "[*]" if b is None else ids.get(b, b)) not in edges]
    assert not absent, f"transitions not on the diagram: {absent}"


def test_no_diagram_without_its_state_machine_and_check_passes() -> None:
    assert asl_diagram.drift() == []
    assert asl_diagram.main(["--check"]) == 0


# ------------------------------------------------------------- the generator on any ASL, not only ours
SAMPLE: dict[str, Any] = {
    "StartAt": "first step",
    "States": {
        "first step": {"Type": "Pass", "Next": "Decide"},
        "Decide": {"Type": "Choice", "Choices": [
            {"And": [{"Variable": "$.amount", "NumericGreaterThanEquals": 100},
                     {"Not": {"Variable": "$.vip", "IsPresent": True}}], "Next": "Fan out"},
            {"Variable": "$.when", "TimestampLessThanPath": "$.deadline", "Next": "end"}],
            "Default": "end"},
        "Fan out": {"Type": "Parallel", "Branches": [
            {"StartAt": "Left", "States": {"Left": {"Type": "Wait", "Seconds": 60, "End": True}}},
            {"StartAt": "Right", "States": {"Right": {
                "Type": "Map", "ItemsPath": "$.items",
                "Iterator": {"StartAt": "Each", "States": {"Each": {"Type": "Succeed"}}}, "End": True}}}],
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Broken"}],
            "Next": "end"},
        "end": {"Type": "Succeed"},
        "Broken": {"Type": "Fail", "Error": "Oops"},
    },
}


def test_any_machine_is_drawn_nested_labelled_and_with_safe_ids() -> None:
    block = asl_diagram.mermaid(SAMPLE)
    lines = [line.strip() for line in block.splitlines()]
    assert lines[0] == "stateDiagram-v2"
    assert 'state "first step" as first_step' in lines and 'state "end" as s_end' in lines
    assert "[*] --> first_step" in lines
    assert "Decide --> Fan_out: ($.amount ≥ 100) and (not ($.vip present))" in lines
    assert "Decide --> s_end: $.when < $.deadline" in lines and "Decide --> s_end: otherwise" in lines
    assert 'state "Fan out · Parallel" as Fan_out {' in lines and "--" in lines   # concurrent branches
    assert 'state "Right · Map · inline map over $.items" as Right {' in lines   # a Map's iterator, nested
    assert "Each --> [*]" in lines and "Right --> [*]" in lines
    assert "Left : Wait · 60 s" in lines and "Left --> [*]" in lines
    assert "Fan_out --> Fan_out: retry ≤2× (1 s, ×2) on States.TaskFailed" in lines
    assert "Fan_out --> Broken: catch any error" in lines
    assert "Broken --> [*]: fails: Oops" in lines and "class Broken failure" in lines
    assert asl_diagram.state_names(SAMPLE) == ["first step", "Decide", "Fan out", "Left", "Right", "Each", "end",
                                               "Broken"]
