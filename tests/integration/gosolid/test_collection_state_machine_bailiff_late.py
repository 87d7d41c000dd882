"""A late or silent bailiff on the real ASL: the summons service limit (4 working days) passing
emits GoSolidSummonsServiceLate and the execution keeps waiting; the escalation instant passing
parks the case (needs attention, GoSolidCaseNeedsAttention, once) while the execution still waits
for the bailiff; four weeks later the workflow gives up (NeedsAttention) and ops restart it.

Calendar: accepted Monday 2 March 2026 09:00 Brussels; service limit Friday 6 March 17:00
(16:00Z); escalation 5 working days later, Friday 13 March 17:00 (16:00Z)."""
from __future__ import annotations

import pytest

from tests.integration.gosolid.collection import MAX_TRANSITIONS, Collection, metrics_named

WAITING = ["Screen", "Route", "AwaitSummons"]
LATE = "GoSolidSummonsServiceLate"
ATTENTION = "GoSolidCaseNeedsAttention"


def test_a_summons_served_after_the_limit_raises_the_late_metric_and_the_case_goes_on(
        collection: Collection, capsys: pytest.CaptureFixture[str]) -> None:
    case_id = collection.submit()
    collection.set("2026-03-06T15:59:59Z")
    assert metrics_named(capsys.readouterr().out, LATE) == []
    collection.advance("PT1S")
    assert metrics_named(capsys.readouterr().out, LATE) == [0.0]          # late by 0 s, at the limit
    assert collection.path(case_id) == [*WAITING, "SummonsLate", "AwaitSummons"]
    case = collection.case(case_id)
    assert (case["status"], case["needsAttention"]) == ("ACCEPTED", False)

    collection.set("2026-03-10T09:00:00Z")
    collection.accept(case_id, "SUMMONS_SERVED", servedOn="2026-03-10")
    assert metrics_named(capsys.readouterr().out, LATE) == [4 * 86400.0]   # served 4 days after the limit
    case = collection.case(case_id)
    assert case["status"] == "SUMMONS_SERVED"
    # 10 April 2026 is Good Friday, a working day in Belgium; 18 April + 0 -> Monday 20 April
    assert (case["deadlines"]["responseDeadline"], case["deadlines"]["pvEarliest"]) == ("2026-04-10", "2026-04-20")

    collection.set("2026-03-12T10:00:00Z")
    collection.accept(case_id, "DEBTOR_PAYMENT", amount="1048.34", paidOn="2026-03-12")
    path = collection.path(case_id)
    assert path == [*WAITING, "SummonsLate", "AwaitSummons", "Route", "AwaitDebtor", "Route", "Closed"]
    assert len(path) <= MAX_TRANSITIONS


def test_a_bailiff_silent_past_the_escalation_parks_the_case_once_and_the_execution_keeps_waiting(
        collection: Collection, capsys: pytest.CaptureFixture[str]) -> None:
    case_id = collection.submit()
    collection.set("2026-03-13T15:59:59Z")
    assert collection.case(case_id)["needsAttention"] is False
    assert metrics_named(capsys.readouterr().out, ATTENTION) == []
    collection.advance("PT1S")
    assert collection.case(case_id)["needsAttention"] is True
    assert metrics_named(capsys.readouterr().out, ATTENTION) == [1.0]

    collection.set("2026-03-20T16:00:00Z")                 # a week later: still waiting, no second alarm
    assert metrics_named(capsys.readouterr().out, ATTENTION) == []
    assert collection.path(case_id) == [*WAITING, "SummonsLate", "AwaitSummons", "SummonsLate", "AwaitSummons"]
    assert collection.execution_status(case_id) == "RUNNING"

    collection.set("2026-03-23T09:00:00Z")
    collection.accept(case_id, "SUMMONS_SERVED", servedOn="2026-03-23")
    case = collection.case(case_id)
    assert (case["status"], case["needsAttention"]) == ("SUMMONS_SERVED", True)
    assert collection.path(case_id)[-2:] == ["Route", "AwaitDebtor"]
    collection.set("2026-03-24T09:00:00Z")
    collection.accept(case_id, "DEBTOR_PAYMENT", amount="1048.34", paidOn="2026-03-24")
    assert collection.case(case_id)["needsAttention"] is False            # closed: nothing left to look at


def test_a_bailiff_still_silent_four_weeks_after_the_escalation_ends_the_workflow_for_a_person(
        collection: Collection, capsys: pytest.CaptureFixture[str]) -> None:
    case_id = collection.submit()
    collection.set("2026-04-10T15:59:59Z")                 # escalation 13 March 16:00Z + 28 days
    assert collection.execution_status(case_id) == "RUNNING"
    collection.advance("PT1S")
    execution = collection.execution(case_id)
    assert (execution["status"], execution["error"]) == ("FAILED", "CaseNeedsAttention")
    assert collection.path(case_id) == [*WAITING, "SummonsLate", "AwaitSummons", "SummonsLate", "AwaitSummons",
                                        "SummonsLate", "Park", "NeedsAttention"]
    assert metrics_named(capsys.readouterr().out, ATTENTION) == [1.0]          # parked once, at the escalation
    case = collection.case(case_id)
    assert (case["status"], case["needsAttention"]) == ("ACCEPTED", True)

    collection.set("2026-04-13T09:00:00Z")                 # the bailiff answers at last; ops restart the workflow
    collection.accept(case_id, "SUMMONS_SERVED", servedOn="2026-04-13")
    collection.restart(case_id)
    assert collection.path(case_id, f"{case_id}-r1") == ["Screen", "Route", "AwaitDebtor"]


def test_silence_after_the_pv_request_and_after_the_pv_parks_the_case_and_keeps_waiting(
        collection: Collection, capsys: pytest.CaptureFixture[str]) -> None:
    case_id = collection.submit()
    collection.set("2026-03-03T09:00:00Z")
    collection.accept(case_id, "SUMMONS_SERVED", servedOn="2026-03-03")
    # PV requested Monday 13 April 00:00 Brussels; 10 working days later: Monday 27 April 17:00
    collection.set("2026-04-27T14:59:59Z")
    assert collection.case(case_id)["needsAttention"] is False
    collection.advance("PT1S")
    assert collection.case(case_id)["needsAttention"] is True
    assert metrics_named(capsys.readouterr().out, ATTENTION) == [1.0]
    assert collection.path(case_id)[-4:] == ["AwaitPv", "PartnerLate", "Route", "AwaitPv"]

    collection.set("2026-04-28T09:00:00Z")
    collection.accept(case_id, "PV_DRAWN", drawnOn="2026-04-28")
    collection.set("2026-06-12T08:59:59Z")                 # PV_DRAWN since 28 April 09:00Z + 45 days
    assert collection.path(case_id)[-1] == "AwaitTitle"
    collection.advance("PT1S")
    assert collection.path(case_id)[-4:] == ["AwaitTitle", "PartnerLate", "Route", "AwaitTitle"]
    assert metrics_named(capsys.readouterr().out, ATTENTION) == []          # already parked
    assert (collection.status(case_id), collection.execution_status(case_id)) == ("PV_DRAWN", "RUNNING")
