"""Mermaid diagrams of the state machines, generated from their ASL files.

    python -m tools.asl_diagram            # writes docs/diagrams/<name>.md for each statemachines/*.asl.json
    python -m tools.asl_diagram --check    # exits 1 when a diagram differs from what its ASL gives

Each diagram is a `stateDiagram-v2`: every state (its type and, for a Task, the resource and the wait on
a task token or a timer as its description), Next and Default edges, a Choice's rules with their
conditions summarised, Catch edges labelled with the errors they catch, Retry as a labelled self-edge,
Map and Parallel states as nested states (a Parallel's branches as concurrent regions), [*] into StartAt
and out of every End, Succeed and Fail state. Nothing here knows a particular machine: whatever a
machine says, its diagram says, so the test (tests/contract/test_state_machine_diagrams.py) keeps them
together."""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools import generated_docs

ROOT = Path(__file__).resolve().parent.parent
MACHINES = ROOT / "statemachines"
DIAGRAMS = ROOT / "docs" / "diagrams"
SUFFIX = ".asl.json"

# Words the stateDiagram grammar reads as keywords: a state with such a name gets another id.
_RESERVED = {"state", "note", "end", "class", "classdef", "direction", "as", "click", "style", "hide",
             "scale", "default", "fork", "join", "choice"}
_OPERATORS = {"Equals": "=", "LessThan": "<", "GreaterThan": ">", "LessThanEquals": "≤",
              "GreaterThanEquals": "≥", "Matches": "matches"}
_KINDS = ("String", "Numeric", "Boolean", "Timestamp")
_MAX_ERRORS = 4          # errors listed on a Catch or Retry edge before "+n more"
_MAX_CONDITION = 90      # characters of a condition on a Choice edge


# ----------------------------------------------------------------------------------- the machine
def machine_files(directory: Path = MACHINES) -> list[Path]:
    return sorted(directory.glob(f"*{SUFFIX}"))


def diagram_name(asl_file: Path) -> str:
    return asl_file.name.removesuffix(SUFFIX)


def diagram_path(asl_file: Path, out: Path = DIAGRAMS) -> Path:
    return out / f"{diagram_name(asl_file)}.md"


def state_names(definition: Mapping[str, Any]) -> list[str]:
    """Every state of the machine, nested ones (Map, Parallel) included, in document order."""
    names: list[str] = []
    for name, state in definition.get("States", {}).items():
        names.append(name)
        for inner in _inner_machines(state):
            names += state_names(inner)
    return names


def _inner_machines(state: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    if state.get("Type") == "Parallel":
        return list(state.get("Branches", []))
    if state.get("Type") == "Map":
        inner = state.get("ItemProcessor") or state.get("Iterator")
        return [inner] if inner else []
    return []


# ------------------------------------------------------------------------------------ the labels
def _text(value: object) -> str:
    """A value as a label shows it: characters the Mermaid grammar would read differently replaced."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = re.sub(r"\s+", " ", text).strip()
    return text.replace('"', "'").replace(";", ",").replace("%%", "%").replace("#", "no. ")


def _value(value: object) -> str:
    if isinstance(value, str):
        return value if re.fullmatch(r"[A-Za-z0-9_.:+-]+", value) else f"'{value}'"
    return json.dumps(value)


def condition(rule: Mapping[str, Any]) -> str:
    """A Choice rule in a few words: `$.status = ACCEPTED`, `$.failed > 0`, `not ($.x present)`..."""
    if "Condition" in rule:                                   # JSONata
        return str(rule["Condition"]).removeprefix("{%").removesuffix("%}").strip()
    for combinator in ("And", "Or"):
        if combinator in rule:
            parts = [condition(r) for r in rule[combinator]]
            return f" {combinator.lower()} ".join(p if " " not in p else f"({p})" for p in parts)
    if "Not" in rule:
        return f"not ({condition(rule['Not'])})"
    variable = str(rule.get("Variable", "$"))
    tests = [(k, v) for k, v in rule.items() if k not in {"Variable", "Next", "Comment", "Assign", "Output"}]
    return " and ".join(_comparison(variable, k, v) for k, v in tests) or variable


def _comparison(variable: str, key: str, value: object) -> str:
    if key == "IsPresent":
        return f"{variable} {'present' if value else 'absent'}"
    if key.startswith("Is"):                                  # IsNull, IsString, IsNumeric...
        return f"{variable} {'is' if value else 'is not'} {key[2:].lower()}"
    path = key.endswith("Path")
    operator = key.removesuffix("Path")
    kind = next((k for k in _KINDS if operator.startswith(k) and operator[len(k):] in _OPERATORS), None)
    if kind is None:
        return f"{variable} {key} {_value(value)}"
    if kind == "Boolean" and not path:
        return f"{variable} is {str(value).lower()}"
    return f"{variable} {_OPERATORS[operator[len(kind):]]} {value if path else _value(value)}"


def _shorten(text: str, limit: int = _MAX_CONDITION) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def errors(names: Iterable[str]) -> str:
    """ErrorEquals in a few words: States.ALL is "any error"; a long list ends with "+n more"."""
    names = list(names)
    if names == ["States.ALL"]:
        return "any error"
    families: dict[str, list[str]] = {}
    for name in names:                           # Lambda.ServiceException, Lambda.SdkClientException...
        family = name.split(".", 1)[0] if "." in name and not name.startswith("States.") else name
        families.setdefault(family, []).append(name)
    shown = [group[0] if len(group) == 1 else f"{family}.* ({len(group)})" for family, group in families.items()]
    listed = ", ".join(shown[:_MAX_ERRORS])
    return listed if len(shown) <= _MAX_ERRORS else f"{listed} +{len(shown) - _MAX_ERRORS} more"


def retry_label(retrier: Mapping[str, Any]) -> str:
    attempts = retrier.get("MaxAttempts", 3)
    interval = retrier.get("IntervalSeconds", 1)
    backoff = retrier.get("BackoffRate", 2.0)
    return f"retry ≤{attempts}× ({interval} s, ×{backoff:g}) on {errors(retrier.get('ErrorEquals', []))}"


def catch_label(catcher: Mapping[str, Any]) -> str:
    return f"catch {errors(catcher.get('ErrorEquals', []))}"


def description(state: Mapping[str, Any]) -> str:
    """What a state is, for its box: its type and what it runs or waits for."""
    kind = str(state.get("Type", "?"))
    parts = [kind]
    if kind == "Task":
        resource = str(state.get("Resource", ""))
        service = resource.removeprefix("arn:aws:states:::") if resource.startswith("arn:aws:states:::") else (
            "lambda" if ":lambda:" in resource or resource.startswith("${") else resource)
        if service.endswith(".waitForTaskToken"):
            parts += [service.removesuffix(".waitForTaskToken"), "waits for its task token"]
        else:
            parts.append(service)
        for key, label in (("TimeoutSeconds", "timeout {} s"), ("TimeoutSecondsPath", "timeout {}"),
                           ("HeartbeatSeconds", "heartbeat {} s"), ("HeartbeatSecondsPath", "heartbeat {}")):
            if key in state:
                parts.append(label.format(state[key]))
    elif kind == "Wait":
        for key, label in (("Seconds", "{} s"), ("SecondsPath", "{}"), ("Timestamp", "until {}"),
                           ("TimestampPath", "until {}")):
            if key in state:
                parts.append(label.format(state[key]))
    elif kind == "Fail":
        parts += [str(state[k]) for k in ("Error", "ErrorPath") if k in state]
    elif kind == "Map":
        mode = (state.get("ItemProcessor") or {}).get("ProcessorConfig", {}).get("Mode", "INLINE")
        parts.append(f"{mode.lower()} map over {state.get('ItemsPath') or state.get('Items') or '$'}")
        if "MaxConcurrency" in state:
            parts.append(f"≤{state['MaxConcurrency']} at once")
    return _text(" · ".join(p for p in parts if p))


# ----------------------------------------------------------------------------------- the diagram
@dataclass
class _Ids:
    """Mermaid ids for ASL names: unique, made of letters, digits and _, never a keyword."""

    by_name: dict[tuple[int, str], str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def of(self, scope: int, name: str) -> str:
        key = (scope, name)
        if key not in self.by_name:
            base = re.sub(r"\W", "_", name, flags=re.ASCII) or "state"
            if base[0].isdigit() or base.lower() in _RESERVED:
                base = f"s_{base}"
            candidate, n = base, 1
            while candidate in self.used:
                n += 1
                candidate = f"{base}_{n}"
            self.used.add(candidate)
            self.by_name[key] = candidate
        return self.by_name[key]


@dataclass
class _Writer:
    ids: _Ids = field(default_factory=_Ids)
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    scopes: int = 0

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def machine(self, definition: Mapping[str, Any], depth: int) -> None:
        self.scopes += 1
        scope = self.scopes
        states: Mapping[str, Mapping[str, Any]] = definition.get("States", {})

        def ref(name: str) -> str:
            return self.ids.of(scope, name)

        if "StartAt" in definition:
            self.emit(depth, f"[*] --> {ref(str(definition['StartAt']))}")
        for name, state in states.items():
            me = ref(name)
            inner = _inner_machines(state)
            if inner:                     # a composite state takes a label, not a description
                self.emit(depth, f'state "{_text(name)} · {description(state)}" as {me} {{')
                for n, machine in enumerate(inner):
                    if n:
                        self.emit(depth + 1, "--")
                    self.machine(machine, depth + 1)
                self.emit(depth, "}")
            else:
                if me != name:
                    self.emit(depth, f'state "{_text(name)}" as {me}')
                self.emit(depth, f"{me} : {description(state)}")
            for edge in _edges(name, state):
                target = "[*]" if edge.target is None else ref(edge.target)
                label = f": {_text(edge.label)}" if edge.label else ""
                self.emit(depth, f"{me} --> {target}{label}")
            if state.get("Type") == "Fail":
                self.failures.append(me)


@dataclass(frozen=True)
class _Edge:
    target: str | None            # None: [*]
    label: str = ""


def _edges(name: str, state: Mapping[str, Any]) -> Iterator[_Edge]:
    kind = state.get("Type")
    for retrier in state.get("Retry", []):
        yield _Edge(name, retry_label(retrier))
    for choice in state.get("Choices", []):
        yield _Edge(str(choice["Next"]), _shorten(condition(choice)))
    if "Default" in state:
        yield _Edge(str(state["Default"]), "otherwise")
    if "Next" in state:
        yield _Edge(str(state["Next"]))
    for catcher in state.get("Catch", []):
        yield _Edge(str(catcher["Next"]), catch_label(catcher))
    if state.get("End") or kind == "Succeed":
        yield _Edge(None)
    if kind == "Fail":
        yield _Edge(None, f"fails: {state.get('Error') or state.get('ErrorPath') or 'error'}")


def mermaid(definition: Mapping[str, Any]) -> str:
    """The stateDiagram-v2 text of a machine (without the ``` fence)."""
    writer = _Writer()
    writer.machine(definition, 1)
    lines = ["stateDiagram-v2", *writer.lines]
    if writer.failures:
        lines += ["    classDef failure fill:#fde2e1,stroke:#b42318,color:#b42318",
                  f"    class {','.join(writer.failures)} failure"]
    return "\n".join(lines) + "\n"


def document(asl_file: Path) -> str:
    """The Markdown page of one machine: a heading, one sentence, the diagram."""
    definition = json.loads(asl_file.read_text(encoding="utf-8"))
    name = diagram_name(asl_file)
    title = name.replace("_", " ").capitalize()
    source = asl_file.relative_to(ROOT).as_posix() if asl_file.is_relative_to(ROOT) else asl_file.name
    sentence = (f"The `{name}` state machine as its ASL file `{source}` defines it, drawn by "
                "`python -m tools.asl_diagram` (`make docs`); do not edit: "
                "tests/contract/test_state_machine_diagrams.py fails when this page and the ASL disagree.")
    return f"# State machine: {title}\n\n{sentence}\n\n```mermaid\n{mermaid(definition)}```\n"


# ------------------------------------------------------------------------------------------ CLI
def generated(directory: Path = MACHINES, out: Path = DIAGRAMS) -> dict[Path, str]:
    return {diagram_path(f, out): document(f) for f in machine_files(directory)}


def drift(directory: Path = MACHINES, out: Path = DIAGRAMS) -> list[str]:
    """What --check reports: diagrams missing or out of date, and diagrams of no machine."""
    wanted = generated(directory, out)
    problems = [f"{p.relative_to(ROOT) if p.is_relative_to(ROOT) else p}: "
                f"{'missing' if not p.exists() else 'out of date'}"
                for p, text in wanted.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    problems += [f"{p.relative_to(ROOT) if p.is_relative_to(ROOT) else p}: no such state machine"
                 for p in sorted(out.glob("*.md")) if p not in wanted and p.name != "README.md"]
    return problems


def main(argv: list[str] | None = None) -> int:
    def generate() -> None:
        DIAGRAMS.mkdir(parents=True, exist_ok=True)
        generated_docs.write_changed(generated())
        for problem in drift():
            print(problem, file=sys.stderr)
    return generated_docs.main("tools.asl_diagram", __doc__.split("\n")[0], "the diagrams", drift=drift,
                               generate=generate, argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
