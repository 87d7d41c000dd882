"""What the collection state machine reads after each task: the next step, and the timers of its wait.

Python decides the route: `nextStep` names the state the machine's one Choice goes to. Step
Functions waits natively: `TimeoutSecondsPath` of a `.waitForTaskToken` state needs whole seconds
from when the wait starts, `TimestampPath` of a Wait an instant ending in Z. Both come from here,
computed from the case's stored facts and the Clock, so the workflow holds no date logic."""
import math
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import Field

from extra_services.api_models import ApiModel
from extra_services.belgian_calendar import add_working_days, brussels_date, closing_of, start_of_day
from extra_services.clock import iso_instant
from extra_services.gosolid.case import PARTNER_WAIT, Case, CaseStatus, Instalment, PlanStatus

SUMMONS_ESCALATION_WORKING_DAYS = 5      # after the 4-working-day service limit: a person looks
INSTALMENT_GRACE_WORKING_DAYS = 2        # a transfer made on the due date may take two days
PV_ESCALATION_WORKING_DAYS = 10          # the bailiff draws the PV within two weeks of the request
PARTNER_PATIENCE = timedelta(days=28)    # after the escalation the workflow still waits this long, then gives up
PARTNER_ESCALATION: dict[CaseStatus, timedelta] = {
    CaseStatus.PV_DRAWN: timedelta(days=45),        # the magistrate declares the PV enforceable
    CaseStatus.ENFORCEMENT: timedelta(days=180),    # the bailiff executes the title
}


class Step(StrEnum):
    """The state the machine's `Route` Choice goes to next."""

    CLOSED = "CLOSED"
    AWAIT_SUMMONS = "AWAIT_SUMMONS"
    AWAIT_DEBTOR = "AWAIT_DEBTOR"
    AWAIT_PLAN = "AWAIT_PLAN"
    WAIT_FOR_PV_DATE = "WAIT_FOR_PV_DATE"
    AWAIT_PV = "AWAIT_PV"
    AWAIT_TITLE = "AWAIT_TITLE"
    AWAIT_ENFORCEMENT = "AWAIT_ENFORCEMENT"
    NONE = "NONE"            # no step for this status (a case not screened): the machine parks it


_STEP_OF: dict[CaseStatus, Step] = {
    CaseStatus.ACCEPTED: Step.AWAIT_SUMMONS,
    CaseStatus.SUMMONS_SERVED: Step.AWAIT_DEBTOR,
    CaseStatus.PAYMENT_PLAN: Step.AWAIT_PLAN,
    CaseStatus.PV_DRAWN: Step.AWAIT_TITLE,
    CaseStatus.ENFORCEMENT: Step.AWAIT_ENFORCEMENT,
}


class Timers(ApiModel):
    """Every field a wait state reads is always set: a path resolving to nothing is a
    States.Runtime error no Catch takes. A wait entered for a case that does not need it resumes
    at once, so its timeout then only has to exist."""

    summons_service_due_at: str | None = None
    debtor_month_expires_at: str | None = None
    seconds_until_debtor_month_expiry: int
    pv_earliest_at: str | None = None
    pv_request_at: str = Field(description="WaitForPvEarliest's end: the PV-earliest instant, else now")
    plan_due_at: str | None = None
    seconds_until_plan_due: int
    partner_escalation_at: str | None = None
    partner_check_at: str = Field(description="When a wait for the bailiff times out next")
    seconds_until_partner_check: int = Field(description="Counted from when that wait starts (after "
                                                         "WaitForPvEarliest: from pvRequestAt)")


class WorkflowState(ApiModel):
    case_id: str
    status: CaseStatus
    terminal: bool
    needs_attention: bool
    next_step: Step
    timers: Timers


def instalment_deadline(instalment: Instalment) -> datetime:
    """End (midnight Brussels) of the grace period's last working day after the due date."""
    last_day = add_working_days(instalment.due_on, INSTALMENT_GRACE_WORKING_DAYS)
    return start_of_day(last_day + timedelta(days=1))


def plan_is_running(case: Case) -> bool:
    plan = case.payment_plan
    return case.status is CaseStatus.PAYMENT_PLAN and plan is not None and plan.status is PlanStatus.ACTIVE


def plan_check_at(case: Case) -> datetime | None:
    """When the running plan's next instalment is missed unless paid: the end of the grace of the
    first instalment not fully paid. None once the plan is over or the case left PAYMENT_PLAN."""
    plan = case.payment_plan
    unpaid = plan.first_unpaid() if plan and plan_is_running(case) else None
    return None if plan is None or unpaid is None else instalment_deadline(plan.instalments[unpaid])


def watch_due_at(case: Case) -> datetime | None:
    """When the plan watch (an hourly schedule outside the execution) must look at the case: at
    once while a resume is still owed to the waiting workflow (a crash between the write and
    SendTaskSuccess), else at `plan_check_at`. None: the watch has nothing to do with it."""
    if case.pending_resume is not None:
        return case.status_since
    return plan_check_at(case)


def plan_due_at(case: Case, now: datetime) -> datetime | None:
    """When the plan's wait times out: at once when an instalment is unpaid past its grace (a
    restarted execution), else when the last instalment's grace ends. Instalments paid on time
    in between do not wake the workflow; one missed mid-plan is noticed by the plan watch within
    the hour, or sooner by a partner callback or creditor report on the case."""
    plan = case.payment_plan
    first_deadline = plan_check_at(case)
    if plan is None or first_deadline is None:
        return None
    return first_deadline if first_deadline <= now else instalment_deadline(plan.instalments[-1])


def summons_escalation_at(case: Case) -> datetime | None:
    due = case.summons_service_due
    if due is None:
        return None
    return closing_of(add_working_days(brussels_date(due), SUMMONS_ESCALATION_WORKING_DAYS))


def partner_escalation_at(case: Case) -> datetime | None:
    """When the partner's silence needs a person: the summons 5 working days after its service
    limit, the PV 10 working days after it was requested (or could be), the title and the
    enforcement after their periods."""
    if case.status is CaseStatus.ACCEPTED:
        return summons_escalation_at(case)
    if case.status is CaseStatus.AWAITING_PV:
        requested = brussels_date(case.pv_requested_at) if case.pv_requested_at else case.pv_earliest
        return closing_of(add_working_days(requested, PV_ESCALATION_WORKING_DAYS)) if requested else None
    period = PARTNER_ESCALATION.get(case.status)
    return case.status_since + period if period else None


def partner_check_at(case: Case, now: datetime) -> datetime:
    """When a wait for the bailiff times out next, always after `now`: the summons service limit
    (an alarm), the escalation (the case needs a person), the end of the patience after it (the
    workflow gives up); past that (an execution restarted by ops), one more patience period."""
    escalation = partner_escalation_at(case) if case.status in PARTNER_WAIT else None
    if escalation is not None:
        due = case.summons_service_due if case.status is CaseStatus.ACCEPTED else None
        for instant in (due, escalation, escalation + PARTNER_PATIENCE):
            if instant is not None and instant > now:
                return instant
    return now + PARTNER_PATIENCE


def next_step(case: Case, now: datetime) -> Step:
    if case.terminal:
        return Step.CLOSED
    if case.status is CaseStatus.AWAITING_PV:
        pv_day = case.pv_earliest
        due = case.pv_requested_at is not None or pv_day is None or brussels_date(now) >= pv_day
        return Step.AWAIT_PV if due else Step.WAIT_FOR_PV_DATE
    return _STEP_OF.get(case.status, Step.NONE)


def workflow_state(case: Case, now: datetime) -> WorkflowState:
    step = next_step(case, now)
    pv_day = case.pv_earliest
    # after WaitForPvEarliest the PV wait starts at that instant, not now
    wait_starts = start_of_day(pv_day) if step is Step.WAIT_FOR_PV_DATE and pv_day else now
    answer_due = case.debtor_month_expires_at
    plan_due = plan_due_at(case, now)
    return WorkflowState(
        case_id=case.case_id, status=case.status, terminal=case.terminal,
        needs_attention=case.attention is not None, next_step=step,
        timers=Timers(
            summons_service_due_at=_at(case.summons_service_due),
            debtor_month_expires_at=_at(answer_due),
            seconds_until_debtor_month_expiry=_seconds(answer_due or now + PARTNER_PATIENCE, now),
            pv_earliest_at=_at(start_of_day(pv_day)) if pv_day else None,
            pv_request_at=iso_instant(wait_starts),
            plan_due_at=_at(plan_due),
            seconds_until_plan_due=_seconds(plan_due or now + PARTNER_PATIENCE, now),
            partner_escalation_at=_at(partner_escalation_at(case)),
            partner_check_at=iso_instant(partner_check_at(case, wait_starts)),
            seconds_until_partner_check=_seconds(partner_check_at(case, wait_starts), wait_starts),
        ))


def workflow_output(case: Case, now: datetime) -> dict[str, object]:
    return workflow_state(case, now).model_dump(mode="json")


def _at(instant: datetime | None) -> str | None:
    return iso_instant(instant) if instant else None


def _seconds(instant: datetime, now: datetime) -> int:
    """Whole seconds, rounded up so a timeout never fires before the instant; at least 1
    (Step Functions refuses a zero timeout)."""
    return max(1, math.ceil((instant - now).total_seconds()))
