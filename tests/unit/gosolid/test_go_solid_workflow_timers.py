"""What the collection state machine routes on and waits for: the next step, whole seconds for
TimeoutSecondsPath, instants ending in Z for TimestampPath, computed from the case's facts."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import WaitStage
from extra_services.gosolid.workflow_state import PARTNER_PATIENCE, Step, watch_due_at, workflow_state
from tests.unit.gosolid.gosolid_builders import (
    MONTH_EXPIRES_AT,
    PV_EARLIEST_AT,
    accepted,
    awaiting_pv,
    event,
    served,
    submitted,
    waiting,
    with_plan,
)

PLAN = (("2026-04-10", "652.26"), ("2026-05-11", "652.27"))


def test_a_submitted_case_has_no_step_and_no_deadline_yet() -> None:
    state = workflow_state(submitted(), datetime(2026, 3, 16, 10, tzinfo=UTC))
    assert (state.status.value, state.next_step) == ("SUBMITTED", Step.NONE)
    assert state.timers.debtor_month_expires_at is None
    assert state.timers.seconds_until_debtor_month_expiry == PARTNER_PATIENCE.total_seconds()  # never waited on


def test_the_summons_wait_ends_at_the_service_limit_then_the_escalation_then_the_patience() -> None:
    now = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
    state = workflow_state(accepted(), now)
    assert state.next_step is Step.AWAIT_SUMMONS
    assert state.timers.summons_service_due_at == "2026-03-20T16:00:00Z"
    due = datetime(2026, 3, 20, 16, tzinfo=UTC)
    assert state.timers.seconds_until_partner_check == int((due - now).total_seconds())
    assert state.timers.partner_escalation_at == "2026-03-27T16:00:00Z"
    assert workflow_state(accepted(), due).timers.partner_check_at == "2026-03-27T16:00:00Z"
    escalation = datetime(2026, 3, 27, 16, tzinfo=UTC)
    assert workflow_state(accepted(), escalation).timers.partner_check_at == "2026-04-24T16:00:00Z"


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


def test_the_plan_is_checked_when_its_last_instalments_grace_ends() -> None:
    state = workflow_state(with_plan(*PLAN), datetime(2026, 3, 25, 10, tzinfo=UTC))
    assert state.next_step is Step.AWAIT_PLAN
    assert state.timers.plan_due_at == "2026-05-13T22:00:00Z"      # due Mon 11 May, grace Tue 12 + Wed 13


def test_a_plan_already_behind_is_checked_at_once() -> None:
    # the first instalment, due Fri 10 April, was missed from Wed 15 April 00:00 Brussels
    state = workflow_state(with_plan(*PLAN), datetime(2026, 4, 16, 10, tzinfo=UTC))
    assert (state.timers.plan_due_at, state.timers.seconds_until_plan_due) == ("2026-04-14T22:00:00Z", 1)
    payment = event("DEBTOR_PAYMENT", amount="652.26", paidOn="2026-04-09")
    paid = lifecycle.apply_partner_event(with_plan(*PLAN), payment, datetime(2026, 4, 9, 12, tzinfo=UTC)).case
    assert workflow_state(paid, datetime(2026, 4, 16, 10, tzinfo=UTC)).timers.plan_due_at == "2026-05-13T22:00:00Z"


def test_the_plan_watch_is_due_when_the_first_unpaid_instalments_grace_ends_and_not_once_the_plan_is_over() -> None:
    plan = waiting(with_plan(*PLAN), WaitStage.PLAN)
    assert watch_due_at(plan) == datetime(2026, 4, 14, 22, tzinfo=UTC)           # due Fri 10 April
    payment = event("DEBTOR_PAYMENT", amount="652.26", paidOn="2026-04-09")
    paid = lifecycle.apply_partner_event(plan, payment, datetime(2026, 4, 9, 12, tzinfo=UTC)).case
    assert watch_due_at(paid) == datetime(2026, 5, 13, 22, tzinfo=UTC)           # due Mon 11 May
    missed = lifecycle.instalment_due(plan, datetime(2026, 4, 15, tzinfo=UTC)).case
    assert watch_due_at(missed) is None
    assert watch_due_at(served()) is None                                         # no plan


def test_the_plan_watch_is_due_at_once_while_a_resume_is_undelivered() -> None:
    missed = lifecycle.check_plan(waiting(with_plan(*PLAN), WaitStage.PLAN), datetime(2026, 4, 15, tzinfo=UTC)).case
    assert missed.pending_resume is not None
    assert watch_due_at(missed) == datetime(2026, 4, 15, tzinfo=UTC)
    assert watch_due_at(missed.model_copy(update={"pending_resume": None})) is None


def test_before_the_pv_date_the_machine_waits_for_it_and_the_pv_wait_counts_from_it() -> None:
    state = workflow_state(awaiting_pv(), MONTH_EXPIRES_AT)
    assert state.next_step is Step.WAIT_FOR_PV_DATE
    assert state.timers.pv_request_at == "2026-04-27T22:00:00Z"
    # escalation: 10 working days after Tue 28 April (1 May is a legal holiday) -> Wed 13 May 17:00
    escalation = datetime(2026, 5, 13, 15, tzinfo=UTC)
    assert state.timers.seconds_until_partner_check == int((escalation - PV_EARLIEST_AT).total_seconds())
    assert workflow_state(awaiting_pv(), PV_EARLIEST_AT).next_step is Step.AWAIT_PV


def test_the_pv_request_escalates_ten_working_days_after_it_was_made() -> None:
    case = lifecycle.request_pv(awaiting_pv(), datetime(2026, 4, 27, 22, tzinfo=UTC)).case
    # requested Tue 28 April; 1 May is a legal holiday -> the 10th working day is Wed 13 May
    timers = workflow_state(case, datetime(2026, 4, 28, tzinfo=UTC)).timers
    assert timers.partner_escalation_at == "2026-05-13T15:00:00Z"


def test_the_output_is_camel_case_json_for_the_state_machine() -> None:
    output = workflow_state(served(), datetime(2026, 3, 18, 15, tzinfo=UTC)).model_dump(mode="json")
    assert set(output) == {"caseId", "status", "terminal", "needsAttention", "nextStep", "timers"}
    assert output["nextStep"] == "AWAIT_DEBTOR"
    assert isinstance(output["timers"]["secondsUntilDebtorMonthExpiry"], int)
