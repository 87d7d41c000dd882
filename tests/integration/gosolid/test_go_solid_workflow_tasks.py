"""The collection workflow's tasks (workflow_tasks.py) on moto's DynamoDB with fake Step Functions:
the payloads the ASL sends, the bailiff's escalation and review instants, waits for whatever the
bailiff owes, and parking."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import CaseStatus, WaitStage
from extra_services.gosolid.workflow_state import partner_review_at
from extra_services.gosolid.workflow_tasks import parse_task, run_task
from tests.integration.gosolid.conftest import World
from tests.integration.gosolid.test_go_solid_service import accepted_case, served_case
from tests.unit.gosolid.gosolid_builders import accepted

# accepted Monday 16 March 2026 11:30 Brussels: service limit Friday 20 March 17:00 (16:00Z),
# escalation five working days later, Friday 27 March 17:00 (16:00Z)
ESCALATION = datetime(2026, 3, 27, 16, tzinfo=UTC)


def run(world: World, payload: dict[str, object]) -> dict[str, object]:
    return run_task(world.service, parse_task(payload))


def test_a_payload_the_asl_never_sends_is_refused() -> None:
    for payload in ({"action": "DANCE", "caseId": "c"}, {"action": "SCREEN"},
                    {"action": "WAIT", "caseId": "c", "stage": "SOMETHING", "token": "t"}):
        with pytest.raises(ValidationError):
            parse_task(payload)


def test_an_action_answers_the_workflow_state_the_choice_routes_on(world: World) -> None:
    case_id = accepted_case(world)
    state = run(world, {"action": "REQUEST_SUMMONS", "caseId": case_id, "ignored": "extra"})
    assert (state["status"], state["terminal"]) == ("ACCEPTED", False)
    timers = state["timers"]
    assert isinstance(timers, dict)
    assert timers["summonsServiceDueAt"] == "2026-03-20T16:00:00Z"
    assert timers["partnerReviewAt"] == "2026-03-27T16:00:00Z"


def test_the_bailiffs_silence_parks_the_case_once_at_the_escalation(world: World) -> None:
    case_id = accepted_case(world)
    world.clock.at = datetime(2026, 3, 27, 15, 59, 59, tzinfo=UTC)
    assert run(world, {"action": "PARTNER_SILENT", "caseId": case_id})["needsAttention"] is False
    world.clock.at = ESCALATION
    state = run(world, {"action": "PARTNER_SILENT", "caseId": case_id})
    assert state["needsAttention"] is True
    assert world.events.types()[-1] == "CaseNeedsAttention"
    world.clock.at = datetime(2026, 4, 3, 16, tzinfo=UTC)
    run(world, {"action": "PARTNER_SILENT", "caseId": case_id})
    assert [m[0] for m in world.metrics.records] == [lifecycle.NEEDS_ATTENTION]


def test_after_the_escalation_the_bailiff_is_reviewed_weekly() -> None:
    case = accepted()
    assert partner_review_at(case, datetime(2026, 3, 20, tzinfo=UTC)) == ESCALATION
    assert partner_review_at(case, ESCALATION) == datetime(2026, 4, 3, 16, tzinfo=UTC)
    assert partner_review_at(case, datetime(2026, 4, 5, tzinfo=UTC)) == datetime(2026, 4, 10, 16, tzinfo=UTC)


def test_a_wait_for_the_partner_takes_the_stage_of_the_case_or_resumes_at_once(world: World) -> None:
    case_id = accepted_case(world)
    run(world, {"action": "WAIT", "caseId": case_id, "stage": "PARTNER", "token": "t-1"})
    task = world.repository.load(case_id).task
    assert task is not None and task.stage is WaitStage.SUMMONS_SERVICE
    assert world.workflows.tokens() == []

    served = served_case(world)
    run(world, {"action": "WAIT", "caseId": served, "stage": "PARTNER", "token": "t-2"})
    [output] = [answer for token, answer in world.workflows.resumed if token == "t-2"]
    assert output["status"] == CaseStatus.SUMMONS_SERVED.value


def test_park_records_the_failure_against_the_status_the_step_started_from(world: World) -> None:
    case_id = accepted_case(world)
    state = run(world, {"action": "PARK", "caseId": case_id,
                        "failure": {"Error": "States.TaskFailed", "Cause": "boom"},
                        "lastState": {"caseId": case_id, "failure": {}}})
    assert state["needsAttention"] is True
    attention = world.repository.load(case_id).attention
    assert attention is not None
    assert (attention.stage, attention.error, attention.cause) == ("SUBMITTED", "States.TaskFailed", "boom")
