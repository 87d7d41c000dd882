"""The collection workflow's tasks (workflow_tasks.py) on moto's DynamoDB with fake Step Functions:
the payloads the ASL sends, the bailiff's lateness (alarm, escalation, giving up), waits that ask
the bailiff for what their stage needs, parking, and the plan watch's schedule input."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import CaseStatus, WaitStage
from extra_services.gosolid.workflow_state import PARTNER_PATIENCE, partner_check_at
from extra_services.gosolid.workflow_tasks import parse_task, run_task
from tests.integration.gosolid.conftest import World
from tests.integration.gosolid.test_go_solid_plan_watch import WATCH_RUN, case_with_plan
from tests.integration.gosolid.test_go_solid_service import accepted_case, served_case
from tests.unit.gosolid.gosolid_builders import accepted

# accepted Monday 16 March 2026 11:30 Brussels: service limit Friday 20 March 17:00 (16:00Z),
# escalation five working days later, Friday 27 March 17:00 (16:00Z)
ESCALATION = datetime(2026, 3, 27, 16, tzinfo=UTC)


def run(world: World, payload: dict[str, object]) -> dict[str, object]:
    return run_task(world.collection, parse_task(payload))


def test_a_payload_the_asl_never_sends_is_refused() -> None:
    for payload in ({"action": "DANCE", "caseId": "c"}, {"action": "SCREEN"}, {"action": "REQUEST_PV", "caseId": "c"},
                    {"action": "WAIT", "caseId": "c", "stage": "PARTNER", "token": "t"}):
        with pytest.raises(ValidationError):
            parse_task(payload)


def test_the_plan_watchs_schedule_input_runs_the_watch_and_answers_counts_only(world: World) -> None:
    case_with_plan(world, "t-plan")
    world.clock.at = WATCH_RUN
    assert run_task(world.collection, parse_task({"action": "CHECK_PLANS"}), keep_going=lambda: False) == {
        "lookedAt": 0, "plansMissed": 0, "stoppedEarly": True}
    assert run(world, {"action": "CHECK_PLANS"}) == {"lookedAt": 1, "plansMissed": 1, "stoppedEarly": False}
    assert world.workflows.tokens()[-1] == "t-plan"


def test_an_action_answers_the_next_step_and_the_timers_the_machine_reads(world: World) -> None:
    case_id = accepted_case(world)
    state = run(world, {"action": "PARTNER_LATE", "caseId": case_id, "ignored": "extra"})
    assert (state["status"], state["terminal"], state["nextStep"]) == ("ACCEPTED", False, "AWAIT_SUMMONS")
    timers = state["timers"]
    assert isinstance(timers, dict)
    assert timers["summonsServiceDueAt"] == "2026-03-20T16:00:00Z"
    assert timers["partnerCheckAt"] == "2026-03-20T16:00:00Z"


def test_the_summons_wait_requests_the_summons_once_and_keeps_its_token(world: World) -> None:
    case_id = accepted_case(world)                         # its wait requested the summons
    run(world, {"action": "WAIT", "caseId": case_id, "stage": "SUMMONS_SERVICE", "token": "t-again"})
    assert world.events.types().count("SummonsRequested") == 1
    task = world.repository.load(case_id).task
    assert task is not None and (task.stage, task.token) == (WaitStage.SUMMONS_SERVICE, "t-again")


def test_the_bailiffs_silence_parks_the_case_once_at_the_escalation_then_gives_up(world: World) -> None:
    case_id = accepted_case(world)
    world.clock.at = datetime(2026, 3, 27, 15, 59, 59, tzinfo=UTC)
    assert run(world, {"action": "PARTNER_LATE", "caseId": case_id})["needsAttention"] is False
    world.clock.at = ESCALATION
    state = run(world, {"action": "PARTNER_LATE", "caseId": case_id})
    assert state["needsAttention"] is True
    assert world.events.types()[-1] == "CaseNeedsAttention"
    world.clock.at = datetime(2026, 4, 3, 16, tzinfo=UTC)
    run(world, {"action": "PARTNER_LATE", "caseId": case_id})
    world.clock.at = ESCALATION + PARTNER_PATIENCE
    with pytest.raises(lifecycle.PartnerSilent):
        run(world, {"action": "PARTNER_LATE", "caseId": case_id})
    assert [m[0] for m in world.metrics.records] == [lifecycle.SUMMONS_SERVICE_LATE, lifecycle.NEEDS_ATTENTION]
    assert world.repository.load(case_id).status is CaseStatus.ACCEPTED


def test_the_bailiff_is_checked_at_the_limit_the_escalation_and_the_end_of_the_patience() -> None:
    case = accepted()
    assert partner_check_at(case, datetime(2026, 3, 20, tzinfo=UTC)) == datetime(2026, 3, 20, 16, tzinfo=UTC)
    assert partner_check_at(case, datetime(2026, 3, 20, 16, tzinfo=UTC)) == ESCALATION
    assert partner_check_at(case, ESCALATION) == ESCALATION + PARTNER_PATIENCE
    later = ESCALATION + PARTNER_PATIENCE + timedelta(days=3)         # an execution restarted by ops
    assert partner_check_at(case, later) == later + PARTNER_PATIENCE


def test_a_wait_registered_for_a_case_that_moved_on_resumes_at_once_with_its_next_step(world: World) -> None:
    served = served_case(world)
    run(world, {"action": "WAIT", "caseId": served, "stage": "SUMMONS_SERVICE", "token": "t-2"})
    [output] = [answer for token, answer in world.workflows.resumed if token == "t-2"]
    assert (output["status"], output["nextStep"]) == (CaseStatus.SUMMONS_SERVED.value, "AWAIT_DEBTOR")


def test_park_records_the_failure_against_the_status_the_step_started_from(world: World) -> None:
    case_id = accepted_case(world)
    state = run(world, {"action": "PARK", "caseId": case_id,
                        "failure": {"Error": "States.TaskFailed", "Cause": "boom"},
                        "lastState": {"caseId": case_id, "failure": {}}})
    assert state["needsAttention"] is True
    attention = world.repository.load(case_id).attention
    assert attention is not None
    assert (attention.stage, attention.error, attention.cause) == ("SUBMITTED", "States.TaskFailed", "boom")
