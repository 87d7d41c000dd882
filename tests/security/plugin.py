"""pytest plugin of issue 6 ("Prove it safe"): the figures table and the personal-data scan of the logs.

Load it for the whole run, so that the scan covers every test's logs (`make verify`):

    python -m pytest -p tests.security.plugin -n 2 --dist loadfile

tests/security/conftest.py loads it too when tests/security is named on the command line. With
pytest-xdist the controller makes a directory and hands it to the workers; each process writes its
figures (tests/security/figures.py) and its captured log lines (tests/security/log_capture.py) there,
and the controller merges the figures, scans every log file and prints one table at the end. A
personal-data hit fails the run."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.security import figures, log_capture, pii

_DIR_KEY = "issue6_directory"
_STATE: dict[str, Any] = {}


def pytest_configure(config: pytest.Config) -> None:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None and _DIR_KEY in workerinput:
        directory, owner = Path(workerinput[_DIR_KEY]), False
    else:     # the controller, a run without xdist, or a worker whose controller lacks the plugin
        directory, owner = Path(tempfile.mkdtemp(prefix="issue6-")), workerinput is None
    name = workerinput["workerid"] if workerinput is not None else "main"
    _STATE.update(directory=directory, owner=owner, made=workerinput is None or _DIR_KEY not in workerinput)
    figures.FIGURES.bind(directory / f"figures-{name}.jsonl")
    _STATE["capture"] = log_capture.activate(directory / f"logs-{name}.txt")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:       # xdist: on the controller, for each worker
    node.workerinput[_DIR_KEY] = str(_STATE["directory"])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _STATE.get("owner"):
        return
    directory: Path = _STATE["directory"]
    result = pii.scan_files(sorted(directory.glob("logs-*.txt")))
    figures.FIGURES.add("5", "log lines scanned", result.lines)
    figures.FIGURES.add("5", "PII hits", len(result.hits))
    for kind, count in sorted(result.by_kind().items()):
        figures.FIGURES.note("5", f"{count} hit(s) of kind {kind}")
    for hit in result.hits[:20]:
        figures.FIGURES.note("5", hit.shown())
    _STATE["scan"] = result
    if result.hits:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not _STATE.get("owner"):
        return
    summary = figures.read(_STATE["directory"])
    terminalreporter.section("issue 6 - prove it safe: figures (docs/security.md)")
    for line in figures.render(summary):
        terminalreporter.write_line(line)
    if summary.get("5", "PII hits"):
        terminalreporter.write_line("personal data found in the logs: the run fails", red=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    log_capture.deactivate()
    figures.FIGURES.bind(None)
    directory = _STATE.get("directory")
    if directory is not None and _STATE.get("made"):
        shutil.rmtree(directory, ignore_errors=True)
    _STATE.clear()
