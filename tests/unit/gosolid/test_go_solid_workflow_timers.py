"""What the collection state machine waits on: whole seconds for TimeoutSecondsPath, instants
ending in Z for TimestampPath, computed from the case's facts."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from extra_services.gosolid import lifecycle
from extra_services.gosolid.workflow_state import workflow_state
from tests.unit.gosolid.gosolid_builders import MONTH_EXPIRES_AT, accepted, awaiting_pv, served, submitted, with_plan

PLAN = (("2026-04-10", "652.26"), ("2026-05-11", "652.27"))


def test_a_submitted_case_has_no_timer_yet() -> None:
    state = workflow_state(submitted(), datetime(2026, 3, 16, 10, tzinfo=UTC))
    assert state.status.value == "SUBMITTED"
    assert state.timers.seconds_until_summons_service_due is None
    assert state.timers.debtor_month_expires_at is None


def test_the_summons_wait_ends_at_the_service_limit_and_escalates_five_working_days_later() -> None:
    now = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
    timers = workflow_state(accepted(), now).timers
    assert timers.summons_service_due_at == "2026-03-20T16:00:00Z"
    due = datetime(2026, 3, 20, 16, tzinfo=UTC)
    assert timers.seconds_until_summons_service_due == int((due - now).total_seconds())
    assert timers.summons_escalation_at == "2026-03-27T16:00:00Z"


def test_the_debtors_month_ends_at_midnight_brussels_after_the_response_deadline() -> None:
    now = datetime(2026, 3, 18, 15, tzinfo=UTC)
    timers = workflow_state(served(), now).timers
    assert timers.debtor_month_expires_at == "2026-04-20T22:00:00Z"
    assert timers.seconds_until_debtor_month_expiry == int((MONTH_EXPIRES_AT - now).total_seconds())
    assert timers.pv_earliest_at == "2026-04-27T22:00:00Z"


def test_seconds_are_rounded_up_and_never_zero() -> None:
    almost = MONTH_EXPIRES_AT - timedelta(milliseconds=300)
    assert workflow_state(served(), almost).timers.seconds_until_debtor_month_expiry == 1
    assert workflow_state(served(), MONTH_EXPIRES_AT + timedelta(days=3)).timers.seconds_until_debtor_month_expiry == 1


def test_the_next_instalment_is_missed_after_two_working_days_of_grace() -> None:
    timers = workflow_state(with_plan(*PLAN), datetime(2026, 3, 25, 10, tzinfo=UTC)).timers
    assert timers.instalment_due_at == "2026-04-14T22:00:00Z"      # due Fri 10 Apr, grace Mon 13 + Tue 14


def test_the_pv_request_escalates_ten_working_days_after_it_was_made() -> None:
    case = lifecycle.request_pv(awaiting_pv(), datetime(2026, 4, 27, 22, tzinfo=UTC)).case
    # requested Tue 28 April; 1 May is a legal holiday -> the 10th working day is Wed 13 May
    timers = workflow_state(case, datetime(2026, 4, 28, tzinfo=UTC)).timers
    assert timers.partner_escalation_at == "2026-05-13T15:00:00Z"


def test_the_output_is_camel_case_json_for_the_state_machine() -> None:
    output = workflow_state(served(), datetime(2026, 3, 18, 15, tzinfo=UTC)).model_dump(mode="json")
    assert set(output) == {"caseId", "status", "terminal", "needsAttention", "timers"}
    assert isinstance(output["timers"]["secondsUntilDebtorMonthExpiry"], int)
