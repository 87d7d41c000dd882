"""What the collection state machine reads after each task: the case's status and its timers.

Step Functions waits natively: `TimeoutSecondsPath` of a `.waitForTaskToken` state needs whole
seconds from now, `TimestampPath` of a Wait needs an instant ending in Z. Both come from here,
computed from the case's stored facts and the Clock, so the workflow holds no date logic."""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from pydantic import Field

from extra_services.api_models import ApiModel
from extra_services.belgian_calendar import add_working_days, brussels_date, closing_of, start_of_day
from extra_services.clock import iso_instant
from extra_services.gosolid.case import PARTNER_WAIT, Case, CaseStatus, Instalment

SUMMONS_ESCALATION_WORKING_DAYS = 5      # after the 4-working-day service limit: a person looks
INSTALMENT_GRACE_WORKING_DAYS = 2        # a transfer made on the due date may take two days
PV_ESCALATION_WORKING_DAYS = 10          # the bailiff draws the PV within two weeks of the request
PARTNER_REVIEW_PERIOD = timedelta(days=7)  # a partner still silent after escalation: looked at weekly
PARTNER_ESCALATION: dict[CaseStatus, timedelta] = {
    CaseStatus.PV_DRAWN: timedelta(days=45),        # the magistrate declares the PV enforceable
    CaseStatus.ENFORCEMENT: timedelta(days=180),    # the bailiff executes the title
}


class Timers(ApiModel):
    summons_service_due_at: str | None = None
    seconds_until_summons_service_due: int | None = None
    summons_escalation_at: str | None = None
    seconds_until_summons_escalation: int | None = None
    debtor_month_expires_at: str | None = None
    seconds_until_debtor_month_expiry: int | None = None
    pv_earliest_at: str | None = None
    instalment_due_at: str | None = None
    seconds_until_instalment_due: int | None = None
    partner_escalation_at: str | None = None
    seconds_until_partner_escalation: int | None = None
    partner_review_at: str = Field(description="When a wait for the partner ends: its escalation, then weekly")
    seconds_until_partner_review: int


class WorkflowState(ApiModel):
    case_id: str
    status: CaseStatus
    terminal: bool
    needs_attention: bool
    timers: Timers = Field(description="Null when the timer does not apply to the case (yet)")


def instalment_deadline(instalment: Instalment) -> datetime:
    """End (midnight Brussels) of the grace period's last working day after the due date."""
    last_day = add_working_days(instalment.due_on, INSTALMENT_GRACE_WORKING_DAYS)
    return start_of_day(last_day + timedelta(days=1))


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


def partner_review_at(case: Case, now: datetime) -> datetime:
    """The end of the next wait for the partner, always after `now`: the escalation instant, then
    every review period after it. Defined for every case, so a wait state never lacks its timeout
    (a case that moved on meanwhile resumes its wait at once anyway)."""
    escalation = partner_escalation_at(case) if case.status in PARTNER_WAIT else None
    if escalation is None:
        return now + PARTNER_REVIEW_PERIOD
    if escalation > now:
        return escalation
    return escalation + PARTNER_REVIEW_PERIOD * ((now - escalation) // PARTNER_REVIEW_PERIOD + 1)


def workflow_state(case: Case, now: datetime) -> WorkflowState:
    plan = case.payment_plan
    unpaid = plan.first_unpaid() if plan else None
    instalment_due = instalment_deadline(plan.instalments[unpaid]) if plan and unpaid is not None else None
    answer_due = case.debtor_month_expires_at
    pv_day = case.pv_earliest
    review = partner_review_at(case, now)
    return WorkflowState(
        case_id=case.case_id, status=case.status, terminal=case.terminal,
        needs_attention=case.attention is not None,
        timers=Timers(
            summons_service_due_at=_at(case.summons_service_due),
            seconds_until_summons_service_due=_seconds(case.summons_service_due, now),
            summons_escalation_at=_at(summons_escalation_at(case)),
            seconds_until_summons_escalation=_seconds(summons_escalation_at(case), now),
            debtor_month_expires_at=_at(answer_due),
            seconds_until_debtor_month_expiry=_seconds(answer_due, now),
            pv_earliest_at=_at(start_of_day(pv_day)) if pv_day else None,
            instalment_due_at=_at(instalment_due),
            seconds_until_instalment_due=_seconds(instalment_due, now),
            partner_escalation_at=_at(partner_escalation_at(case)),
            seconds_until_partner_escalation=_seconds(partner_escalation_at(case), now),
            partner_review_at=iso_instant(review),
            seconds_until_partner_review=max(1, math.ceil((review - now).total_seconds())),
        ))


def workflow_output(case: Case, now: datetime) -> dict[str, object]:
    return workflow_state(case, now).model_dump(mode="json")


def _at(instant: datetime | None) -> str | None:
    return iso_instant(instant) if instant else None


def _seconds(instant: datetime | None, now: datetime) -> int | None:
    """Whole seconds, rounded up so a timeout never fires before the instant; at least 1
    (Step Functions refuses a zero timeout)."""
    if instant is None:
        return None
    return max(1, math.ceil((instant - now).total_seconds()))
