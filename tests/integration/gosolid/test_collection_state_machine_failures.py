"""Failures on the real ASL: transient task errors are retried; any other failure parks the case
(needs attention, GoSolidCaseNeedsAttention) and ends the execution in NeedsAttention (the
ExecutionsFailed alarm); a parked case's workflow restarted from the top picks up where it stands."""
from __future__ import annotations

from typing import Any

import pytest

from extra_services.errors import Conflict
from tests.integration.gosolid.collection import Collection, metrics_named, timeline_types

ATTENTION = "GoSolidCaseNeedsAttention"


def test_a_failing_task_parks_the_case_and_fails_the_execution(
        collection: Collection, capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(event: dict[str, Any]) -> Any:
        raise RuntimeError("the bailiff's gateway refused the summons")

    collection.replace_task("WAIT", refuse)             # the summons wait's Lambda requests the summons
    case_id = collection.submit()

    case = collection.case(case_id)
    assert (case["status"], case["needsAttention"]) == ("ACCEPTED", True)
    assert "SUMMONS_REQUESTED" not in timeline_types(case)
    assert collection.path(case_id) == ["Screen", "Route", "AwaitSummons", "Park", "NeedsAttention"]
    execution = collection.execution(case_id)
    assert (execution["status"], execution["error"]) == ("FAILED", "CaseNeedsAttention")
    assert metrics_named(capsys.readouterr().out, ATTENTION) == [1.0]


def test_transient_task_errors_are_retried_with_backoff(collection: Collection) -> None:
    failures = 2

    def busy(event: dict[str, Any]) -> Any:
        nonlocal failures
        if failures:
            failures -= 1
            raise Conflict("changed meanwhile", code="CONCURRENT_UPDATE")
        collection.restore_tasks()
        return collection.stack.function("GoSolidWorkflowFunction")(event)

    attempts = collection.replace_task("WAIT", busy)
    case_id = collection.submit()
    assert len(attempts) == 1 and collection.status(case_id) == "ACCEPTED"
    collection.advance("PT2S")                             # first retry after 2 s
    assert len(attempts) == 2
    collection.advance("PT4S")                             # second after 4 more
    assert len(attempts) == 3
    case = collection.case(case_id)
    assert (timeline_types(case)[-1], case["needsAttention"]) == ("SUMMONS_REQUESTED", False)
    assert collection.path(case_id) == ["Screen", "Route", "AwaitSummons"]


def test_a_status_no_step_knows_is_parked_not_silently_dropped(collection: Collection) -> None:
    collection.replace_task("SCREEN", lambda event: {
        "caseId": event["caseId"], "status": "SUBMITTED", "terminal": False, "needsAttention": False, "timers": {}})
    case_id = collection.submit()
    assert collection.path(case_id) == ["Screen", "Route", "Unroutable", "Park", "NeedsAttention"]
    assert collection.case(case_id)["needsAttention"] is True


def test_a_parked_case_restarted_later_is_screened_late_and_goes_on(
        collection: Collection, capsys: pytest.CaptureFixture[str]) -> None:
    def down(event: dict[str, Any]) -> Any:
        raise RuntimeError("credit bureau unreachable")

    collection.replace_task("SCREEN", down)
    case_id = collection.submit()                          # Monday 2 March 09:00 Brussels
    assert collection.case(case_id)["status"] == "SUBMITTED"
    assert collection.execution_status(case_id) == "FAILED"

    collection.restore_tasks()
    collection.set("2026-03-02T13:00:00Z")                 # 14:00 Brussels: the 4 working hours ended at 13:00
    capsys.readouterr()
    collection.restart(case_id)

    case = collection.case(case_id)
    assert (case["status"], case["needsAttention"]) == ("ACCEPTED", True)
    assert metrics_named(capsys.readouterr().out, "GoSolidScreeningDecisionLate") == [3600.0]
    assert collection.path(case_id, f"{case_id}-r1") == ["Screen", "Route", "AwaitSummons"]
    collection.set("2026-03-03T09:00:00Z")
    collection.accept(case_id, "SUMMONS_SERVED", servedOn="2026-03-03")
    assert collection.path(case_id, f"{case_id}-r1")[-2:] == ["Route", "AwaitDebtor"]
