"""The pure transition rules of a Go Solid case (RULES.md §2, API.md statuses).

Each function takes the case and `now` and returns a Transition: the new case (timeline entry,
pending domain events and, when a waiting workflow state must move on, the task token to resume
all written into it, so the repository stores them atomically with the change), the events and
the alerts (metrics). An event that does not fit the case raises Conflict (409, case unchanged);
a value that cannot be true (a date in the future, an amount above what is owed) raises
InvalidInput (422). Workflow tasks that come too early or too late are no-ops, never errors:
the state machine may retry them. Notifications are derived from the events by the notifier."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from extra_services.belgian_calendar import brussels_date
from extra_services.caller import Channel
from extra_services.clock import iso_instant
from extra_services.errors import Conflict, InvalidInput
from extra_services.gosolid import case_events as ev
from extra_services.gosolid.case import (
    PARTNER_WAIT,
    WAITING_STATUS,
    Actor,
    Attention,
    Case,
    CaseStatus,
    Claim,
    Debtor,
    Evidence,
    EvidenceKind,
    Instalment,
    Invoice,
    PaymentPlan,
    PendingEvent,
    PendingResume,
    PlanStatus,
    TimelineEntry,
    TimelineType,
    WaitingTask,
    WaitStage,
)
from extra_services.gosolid.case import CreditorReportType as Report
from extra_services.gosolid.case import EnforcementOutcome as Outcome
from extra_services.gosolid.deadlines import acceptance_decision_due
from extra_services.gosolid.workflow_state import (
    PARTNER_PATIENCE,
    instalment_deadline,
    partner_escalation_at,
    plan_is_running,
    workflow_output,
)
from extra_services.money import ZERO, format_money

if TYPE_CHECKING:
    from extra_services.eligibility.declaration import DeclarationRecord
    from extra_services.gosolid.partner_events import (
        DebtorContestedIn,
        DebtorPaymentIn,
        EnforcementClosedIn,
        PartnerEventIn,
        PaymentPlanAgreedIn,
        PvDrawnIn,
        SummonsServedIn,
        TitleEnforceableIn,
    )
    from extra_services.gosolid.requests import CaseRequest, CreditorReportIn
    from extra_services.gosolid.screening import ScreeningDecision

SCREENING_LATE = "GoSolidScreeningDecisionLate"
SUMMONS_SERVICE_LATE = "GoSolidSummonsServiceLate"
NEEDS_ATTENTION = "GoSolidCaseNeedsAttention"

PAYABLE = frozenset({CaseStatus.ACCEPTED, CaseStatus.SUMMONS_SERVED, CaseStatus.PAYMENT_PLAN,
                     CaseStatus.AWAITING_PV, CaseStatus.PV_DRAWN, CaseStatus.ENFORCEMENT})
CONTESTABLE = frozenset({CaseStatus.SUMMONS_SERVED, CaseStatus.PAYMENT_PLAN, CaseStatus.AWAITING_PV})


class PartnerSilent(Exception):
    """The bailiff stayed silent past the escalation and the patience after it: the workflow
    gives up (the execution parks the case and fails; ops restart it once the bailiff answers)."""


class Alert(Struct, frozen=True):
    """A metric the service emits after the change is stored (an alarm watches it)."""

    metric: str
    value: float = 1.0
    unit: str = "Count"


class Transition(Struct, frozen=True):
    before: Case | None
    case: Case
    events: tuple[PendingEvent, ...] = ()
    alerts: tuple[Alert, ...] = ()

    @property
    def changed(self) -> bool:
        return self.before != self.case


class _Change:
    def __init__(self, case: Case, now: datetime, before: Case | None = None) -> None:
        self.before = case if before is None else before
        self.case = case
        self.now = now
        self.today = brussels_date(now)
        self.entries: list[TimelineEntry] = []
        self.events: list[PendingEvent] = []
        self.alerts: list[Alert] = []

    def set(self, **fields: Any) -> None:
        self.case = self.case.model_copy(update=fields)

    def status(self, status: CaseStatus) -> None:
        if status is not self.case.status:
            self.set(status=status, status_since=self.now)

    def log(self, type_: TimelineType, by: Actor, **fields: Any) -> None:
        self.entries.append(TimelineEntry(at=self.now, type=type_, by=by, **fields))

    def emit(self, detail_type: str, **detail: Any) -> None:
        case = self.case
        sequence = case.events_emitted + len(self.events) + 1
        self.events.append(PendingEvent(detail_type=detail_type, detail={
            "eventId": f"{case.case_id}-{sequence}", "occurredAt": iso_instant(self.now), "caseId": case.case_id,
            "creditorEnterpriseNumber": case.creditor_enterprise_number, "submittedBy": case.submitted_by,
            **detail}))

    def alert(self, metric: str, late_by: timedelta | None = None) -> None:
        self.alerts.append(Alert(metric) if late_by is None else Alert(metric, late_by.total_seconds(), "Seconds"))

    def done(self) -> Transition:
        case = self.case
        updates: dict[str, Any] = {}
        if self.entries:
            updates["timeline"] = case.timeline + tuple(self.entries)
        if self.events:
            updates["pending_events"] = case.pending_events + tuple(self.events)
            updates["events_emitted"] = case.events_emitted + len(self.events)
        if case.terminal:
            updates["attention"] = None
        case = case.model_copy(update=updates)
        if case.task is not None and case.task.marker != case.progress_marker():
            case = case.model_copy(update={
                "task": None, "pending_resume": PendingResume(token=case.task.token,
                                                              output=workflow_output(case, self.now))})
        return Transition(self.before, case, tuple(self.events), tuple(self.alerts))


# ---------------------------------------------------------------- opening and screening
def open_case(request: CaseRequest, *, case_id: str, declaration: DeclarationRecord, claim: Claim,
              now: datetime) -> Transition:
    """A new case in SUBMITTED, with its claim (submission.claim_for, on today's Brussels date)."""
    case = Case(
        case_id=case_id, status=CaseStatus.SUBMITTED, status_since=now, submitted_at=now,
        submitted_by=declaration.customer_id, submitted_via=Channel(declaration.channel),
        declaration=declaration.as_item(), creditor_enterprise_number=request.creditor_enterprise_number,
        debtor=Debtor(enterprise_number=request.debtor.enterprise_number, name=request.debtor.name,
                      email=request.debtor.email, phone=request.debtor.phone),
        invoices=tuple(Invoice(number=i.number, issue_date=i.issue_date, due_date=i.due_date, amount=i.amount,
                               currency=i.currency) for i in request.invoices),
        evidence=tuple(Evidence(kind=e.kind, document_id=e.document_id) for e in request.evidence),
        claim=claim)
    change = _Change(case, now)
    change.log(TimelineType.SUBMITTED, Actor.CREDITOR, amount=claim.total_claimed)
    change.emit(ev.CASE_SUBMITTED, debtorEnterpriseNumber=case.debtor.enterprise_number,
                totalClaimed=format_money(claim.total_claimed),
                acceptanceDecisionDue=iso_instant(acceptance_decision_due(now)))
    transition = change.done()
    return Transition(None, transition.case, transition.events, transition.alerts)


def decide(case: Case, decision: ScreeningDecision, now: datetime) -> Transition:
    """Record the screening decision once; a case no longer SUBMITTED (withdrawn) is left alone."""
    change = _action(case, now)
    if case.status is not CaseStatus.SUBMITTED:
        return change.done()
    due = acceptance_decision_due(case.submitted_at)
    if now > due:
        change.alert(SCREENING_LATE, now - due)
    change.set(decided_at=now)
    if decision.accepted:
        change.set(accepted_at=now)
        change.status(CaseStatus.ACCEPTED)
        change.log(TimelineType.ACCEPTED, Actor.SYSTEM)
        change.emit(ev.CASE_ACCEPTED, debtorEnterpriseNumber=case.debtor.enterprise_number,
                    debtorName=case.debtor.name, acceptedAt=iso_instant(now),
                    summonsServiceDue=_instant(change.case.summons_service_due), decidedLate=now > due)
    else:
        change.set(rejection_reasons=decision.reasons, closed_at=now)
        change.status(CaseStatus.REJECTED)
        change.log(TimelineType.REJECTED, Actor.SYSTEM, reasons=decision.reasons)
        change.emit(ev.CASE_REJECTED, debtorEnterpriseNumber=case.debtor.enterprise_number,
                    debtorName=case.debtor.name, reasons=[r.value for r in decision.reasons])
    return change.done()


# ------------------------------------------------------------------- workflow actions
def request_summons(case: Case, now: datetime) -> Transition:
    change = _action(case, now)
    _request_summons(change)
    return change.done()


def summons_pieces_missing(case: Case) -> list[str]:
    """What art. 1394/21 requires that the case lacks (the bailiff adds the order to pay, the
    debtor's options and the response form)."""
    missing = []
    if not case.invoices:
        missing.append("the invoices the debt comes from")
    if case.claim.total_claimed <= 0 or len(case.claim.invoice_interest) != len(case.invoices):
        missing.append("the amounts claimed with their justification")
    if not case.creditor_enterprise_number or not case.debtor.enterprise_number:
        missing.append("the enterprise numbers of both parties")
    if not any(e.kind is EvidenceKind.INVOICE for e in case.evidence):
        missing.append("the creditor's invoice as evidence")
    return missing


def _request_summons(change: _Change) -> None:
    """SummonsRequested to the bailiff, once, for an accepted case with every piece of the summons."""
    case = change.case
    if case.status is not CaseStatus.ACCEPTED or case.summons_requested_at is not None:
        return
    missing = summons_pieces_missing(case)
    if missing:
        raise Conflict("The summons cannot be requested; missing: " + ", ".join(missing) + ".",
                       code="SUMMONS_INCOMPLETE")
    change.set(summons_requested_at=change.now)
    change.log(TimelineType.SUMMONS_REQUESTED, Actor.SYSTEM)
    change.emit(ev.SUMMONS_REQUESTED, **ev.summons_content(change.case))


def summons_overdue(case: Case, now: datetime) -> Transition:
    """The service limit passed without SUMMONS_SERVED: an alarm, no change to the debtor's rights."""
    change = _action(case, now)
    due = case.summons_service_due
    if case.status is CaseStatus.ACCEPTED and due is not None and now >= due:
        change.alert(SUMMONS_SERVICE_LATE, now - due)
    return change.done()


def expire_debtor_month(case: Case, now: datetime) -> Transition:
    """End of the debtor's month without an answer: AWAITING_PV (the PV is requested on pvEarliest)."""
    change = _action(case, now)
    expires = case.debtor_month_expires_at
    if case.status is CaseStatus.SUMMONS_SERVED and expires is not None and now >= expires:
        change.status(CaseStatus.AWAITING_PV)
        change.log(TimelineType.DEBTOR_MONTH_EXPIRED, Actor.SYSTEM, on=case.response_deadline)
    return change.done()


def instalment_due(case: Case, now: datetime) -> Transition:
    """The plan's check (its last instalment's grace ended, or one already had): the first
    instalment unpaid after its grace is missed and the route to the PV resumes."""
    change = _action(case, now)
    _miss_overdue_instalment(change)
    return change.done()


def check_plan(case: Case, now: datetime) -> Transition:
    """The plan watch (an hourly schedule outside the execution): the same check while the
    workflow still waits on the plan. Unlike a workflow action it keeps the stored token: a miss
    moves the status, so the token is resumed with the write and the execution goes on at once."""
    change = _Change(case, now)
    _miss_overdue_instalment(change)
    return change.done()


def _miss_overdue_instalment(change: _Change) -> None:
    """An instalment not fully paid by the end of its grace period: the plan is missed and the
    route to the PV resumes. Run by the plan's check, the plan watch and before every partner
    callback and creditor report, so an event always meets the case as the missed plan left it."""
    case = change.case
    plan = case.payment_plan
    index = plan.first_unpaid() if plan and plan_is_running(case) else None
    if plan is None or index is None:
        return
    instalment = plan.instalments[index]
    if change.now < instalment_deadline(instalment):
        return
    change.set(payment_plan=plan.model_copy(update={"status": PlanStatus.MISSED}))
    change.log(TimelineType.INSTALMENT_MISSED, Actor.SYSTEM, instalment=index + 1, on=instalment.due_on,
               amount=instalment.left)
    _back_on_route_to_pv(change)
    change.emit(ev.INSTALMENT_MISSED, debtorName=case.debtor.name, instalment=index + 1,
                dueOn=instalment.due_on.isoformat(), amount=format_money(instalment.amount),
                paidAmount=format_money(instalment.paid_amount), status=change.case.status.value)


def request_pv(case: Case, now: datetime) -> Transition:
    change = _action(case, now)
    _request_pv(change)
    return change.done()


def _request_pv(change: _Change) -> None:
    """PvRequested to the bailiff, once, from the PV-earliest date on."""
    case = change.case
    pv_day = case.pv_earliest
    if (case.status is not CaseStatus.AWAITING_PV or case.pv_requested_at is not None
            or pv_day is None or change.today < pv_day):
        return
    change.set(pv_requested_at=change.now)
    change.log(TimelineType.PV_REQUESTED, Actor.SYSTEM)
    change.emit(ev.PV_REQUESTED, debtor={"enterpriseNumber": case.debtor.enterprise_number,
                                         "name": case.debtor.name},
                servedOn=_day(case.served_on), responseDeadline=_day(case.response_deadline),
                pvEarliest=pv_day.isoformat(), outstanding=format_money(case.outstanding))


def no_action(case: Case, now: datetime) -> Transition:
    """A workflow task with nothing to do (the case moved on): only a stale token is dropped."""
    return _action(case, now).done()


def register_wait(case: Case, stage: WaitStage, token: str, now: datetime) -> Transition:
    """The Lambda of a `.waitForTaskToken` state: first what the stage asks of the bailiff (the
    summons; the PV from its earliest date), once, then store the token, in one write. When what
    it waits for already happened (a fast partner, a withdrawal), the token is resumed at once."""
    change = _Change(case, now)
    if stage is WaitStage.SUMMONS_SERVICE:
        _request_summons(change)
    elif stage is WaitStage.PV:
        _request_pv(change)
    case = change.case
    moved_on = case.status is not WAITING_STATUS[stage] or (stage is WaitStage.PLAN and not plan_is_running(case))
    if moved_on:
        change.set(task=None, pending_resume=PendingResume(token=token, output=workflow_output(case, now)))
    else:
        change.set(task=WaitingTask(token=token, stage=stage, marker=case.progress_marker(), since=now))
    return change.done()


def partner_late(case: Case, now: datetime) -> Transition:
    """A wait for the bailiff timed out. Past the summons service limit: an alarm, the debtor's
    rights unchanged. Past the escalation: the case needs a person (flag and alarm, once) and the
    workflow keeps waiting. Past the patience after it: PartnerSilent is raised (the workflow
    gives up). The case moved on meanwhile: nothing (its wait resumes at once)."""
    stage = PARTNER_WAIT.get(case.status)
    escalation = partner_escalation_at(case)
    if stage is None or escalation is None:
        return no_action(case, now)
    if now >= escalation + PARTNER_PATIENCE:
        raise PartnerSilent(f"no {stage.value} event from the bailiff by "
                            f"{iso_instant(escalation + PARTNER_PATIENCE)}")
    if now >= escalation:
        return park(case, stage.value, "PartnerSilent",
                    f"no {stage.value} event from the bailiff by {iso_instant(escalation)}", now)
    return summons_overdue(case, now)


def park(case: Case, stage: str, error: str, cause: str, now: datetime) -> Transition:
    """An unexpected failure of the workflow: the case waits for a person (needs attention)."""
    change = _action(case, now)
    if case.terminal or case.attention is not None:
        return change.done()
    change.set(attention=Attention(stage=stage[:64], error=error[:128], cause=cause[:512], since=now))
    change.alert(NEEDS_ATTENTION)
    change.emit(ev.CASE_NEEDS_ATTENTION, status=case.status.value, stage=stage[:64], error=error[:128])
    return change.done()


# ------------------------------------------------------------------- partner callbacks
def apply_partner_event(case: Case, event: PartnerEventIn, now: datetime) -> Transition:
    if case.terminal:
        raise Conflict(f"Case {case.case_id} is closed ({case.status.value}); {event.type} no longer applies.",
                       code="CASE_CLOSED")
    handler: Callable[[_Change, Any], None] = _PARTNER_HANDLERS[event.type]
    change = _Change(case, now)
    _miss_overdue_instalment(change)
    handler(change, event)
    return change.done()


def _summons_served(change: _Change, event: SummonsServedIn) -> None:
    case = change.case
    _expect(case, event.type, {CaseStatus.ACCEPTED})
    _not_in_future(event.served_on, change.today, "servedOn")
    if case.accepted_at is not None and event.served_on < brussels_date(case.accepted_at):
        raise Conflict("The summons cannot have been served before the case was accepted.", code="OUT_OF_ORDER")
    change.set(served_on=event.served_on)
    change.status(CaseStatus.SUMMONS_SERVED)
    change.log(TimelineType.SUMMONS_SERVED, Actor.PARTNER, on=event.served_on)
    due = case.summons_service_due
    if due is not None and event.served_on > brussels_date(due):
        change.alert(SUMMONS_SERVICE_LATE, event.served_on - brussels_date(due))
    served = change.case
    change.emit(ev.SUMMONS_SERVED, debtorName=case.debtor.name, servedOn=event.served_on.isoformat(),
                responseDeadline=_day(served.response_deadline), pvEarliest=_day(served.pv_earliest))


def _debtor_payment(change: _Change, event: DebtorPaymentIn) -> None:
    case = change.case
    _expect(case, event.type, PAYABLE)
    _not_in_future(event.paid_on, change.today, "paidOn")
    if event.paid_on < brussels_date(case.submitted_at):
        raise Conflict("A payment made before the case was submitted is not part of it; the creditor reports "
                       "it as PAID_DIRECTLY.", code="OUT_OF_ORDER")
    change.log(TimelineType.DEBTOR_PAYMENT, Actor.PARTNER, amount=event.amount, on=event.paid_on)
    _collect(change, event.amount, event.paid_on)
    _settle(change, Actor.PARTNER)


def _debtor_contested(change: _Change, event: DebtorContestedIn) -> None:
    case = change.case
    _expect(case, event.type, CONTESTABLE)
    _not_in_future(event.on, change.today, "on")
    if case.served_on is not None and event.on < case.served_on:
        raise Conflict("A contestation cannot come before the summons was served.", code="OUT_OF_ORDER")
    deadline = case.response_deadline
    if deadline is not None and event.on > deadline:
        raise Conflict(f"The debtor's month ended on {deadline.isoformat()}; a later contestation does not stop "
                       "the procedure.", code="CONTESTATION_TOO_LATE")
    change.set(creditor_owes_fees=True)
    change.log(TimelineType.DEBTOR_CONTESTED, Actor.PARTNER, on=event.on, note=event.reason)
    _close(change, CaseStatus.CONTESTED, Actor.PARTNER)


def _payment_plan_agreed(change: _Change, event: PaymentPlanAgreedIn) -> None:
    case = change.case
    _expect(case, event.type, {CaseStatus.SUMMONS_SERVED})
    if case.payment_plan is not None:
        raise Conflict("A payment plan was already agreed and not honoured; the procedure goes on to the PV.",
                       code="PLAN_ALREADY_AGREED")
    total = sum((i.amount for i in event.installments), ZERO)
    if total != case.outstanding:
        raise InvalidInput(f"The instalments add up to {format_money(total)} EUR; the debtor owes "
                           f"{format_money(case.outstanding)} EUR.",
                           details=[{"field": "body.installments", "message": "must add up to what is owed"}])
    if case.served_on is not None and event.installments[0].due_on < case.served_on:
        raise InvalidInput("An instalment cannot fall due before the summons was served.",
                           details=[{"field": "body.installments[0].dueOn", "message": "before servedOn"}])
    plan = PaymentPlan(agreed_at=change.now, instalments=tuple(
        Instalment(due_on=i.due_on, amount=i.amount) for i in event.installments))
    change.set(payment_plan=plan)
    change.status(CaseStatus.PAYMENT_PLAN)
    change.log(TimelineType.PAYMENT_PLAN_AGREED, Actor.PARTNER, amount=total,
               note=f"{len(plan.instalments)} instalments")
    change.emit(ev.PAYMENT_PLAN_AGREED, debtorName=case.debtor.name, installments=[
        {"dueOn": i.due_on.isoformat(), "amount": format_money(i.amount)} for i in plan.instalments])


def _pv_drawn(change: _Change, event: PvDrawnIn) -> None:
    case = change.case
    _expect(case, event.type, {CaseStatus.AWAITING_PV})
    _not_in_future(event.drawn_on, change.today, "drawnOn")
    earliest = case.pv_earliest
    if earliest is not None and event.drawn_on < earliest:
        raise Conflict(f"A PV of non-contestation cannot be drawn before {earliest.isoformat()} (8 days after the "
                       "debtor's month).", code="PV_BEFORE_EARLIEST_DATE")
    change.set(pv_drawn_on=event.drawn_on)
    change.status(CaseStatus.PV_DRAWN)
    change.log(TimelineType.PV_DRAWN, Actor.PARTNER, on=event.drawn_on)


def _title_enforceable(change: _Change, event: TitleEnforceableIn) -> None:
    case = change.case
    _expect(case, event.type, {CaseStatus.PV_DRAWN})
    _not_in_future(event.on, change.today, "on")
    if case.pv_drawn_on is not None and event.on < case.pv_drawn_on:
        raise Conflict("The title cannot be enforceable before the PV was drawn.", code="OUT_OF_ORDER")
    change.set(title_enforceable_on=event.on)
    change.status(CaseStatus.ENFORCEMENT)
    change.log(TimelineType.TITLE_ENFORCEABLE, Actor.PARTNER, on=event.on)


def _enforcement_closed(change: _Change, event: EnforcementClosedIn) -> None:
    _expect(change.case, event.type, {CaseStatus.ENFORCEMENT})
    change.log(TimelineType.ENFORCEMENT_CLOSED, Actor.PARTNER, outcome=event.outcome, amount=event.amount)
    if event.amount > 0:
        _collect(change, event.amount, change.today)
    _settle(change, Actor.PARTNER)
    if not change.case.terminal:
        _close(change, CaseStatus.PAID if event.outcome is Outcome.RECOVERED else CaseStatus.UNRECOVERABLE,
               Actor.PARTNER)


_PARTNER_HANDLERS: dict[str, Callable[[_Change, Any], None]] = {
    "SUMMONS_SERVED": _summons_served,
    "DEBTOR_PAYMENT": _debtor_payment,
    "DEBTOR_CONTESTED": _debtor_contested,
    "PAYMENT_PLAN_AGREED": _payment_plan_agreed,
    "PV_DRAWN": _pv_drawn,
    "TITLE_ENFORCEABLE": _title_enforceable,
    "ENFORCEMENT_CLOSED": _enforcement_closed,
}


# ------------------------------------------------------------------- creditor actions
def apply_creditor_report(case: Case, report: CreditorReportIn, now: datetime) -> Transition:
    """Recorded on the timeline and passed on to Go Solid (CreditorReported). PAID_DIRECTLY also
    reduces what is outstanding and closes the case as PAID once the invoices are paid."""
    if case.terminal:
        raise Conflict(f"Case {case.case_id} is closed ({case.status.value}).", code="CASE_CLOSED")
    change = _Change(case, now)
    _miss_overdue_instalment(change)
    case = change.case
    change.log(TimelineType.CREDITOR_REPORT, Actor.CREDITOR, report_type=report.type, amount=report.amount,
               note=report.note)
    change.emit(ev.CREDITOR_REPORTED, type=report.type.value, status=case.status.value,
                amount=None if report.amount is None else format_money(report.amount), note=report.note)
    if report.type is Report.PAID_DIRECTLY and report.amount is not None:
        if report.amount > case.principal_outstanding:
            raise InvalidInput(f"The invoices still unpaid come to {format_money(case.principal_outstanding)} "
                               "EUR; report at most that.",
                               details=[{"field": "body.amount", "message": "more than the invoices still unpaid"}])
        change.set(paid_directly=case.paid_directly + report.amount)
        _allocate_to_plan(change, report.amount)
        if change.case.principal_outstanding == ZERO:
            _close(change, CaseStatus.PAID, Actor.CREDITOR)
        else:
            _plan_finished_with_balance(change)
    return change.done()


def withdraw(case: Case, reason: str, now: datetime) -> Transition:
    if case.terminal:
        raise Conflict(f"Case {case.case_id} is closed ({case.status.value}).", code="CASE_CLOSED")
    change = _Change(case, now)
    change.log(TimelineType.WITHDRAWN, Actor.CREDITOR, note=reason)
    _close(change, CaseStatus.WITHDRAWN, Actor.CREDITOR, reason=reason)
    return change.done()


# --------------------------------------------------------------------------- helpers
def _action(case: Case, now: datetime) -> _Change:
    """A workflow action runs while the execution waits on nothing: a stored token is stale."""
    change = _Change(case, now)
    if case.task is not None:
        change.set(task=None)
    return change


def _expect(case: Case, event_type: str, statuses: set[CaseStatus] | frozenset[CaseStatus]) -> None:
    if case.status not in statuses:
        raise Conflict(f"{event_type} does not fit a case in status {case.status.value}.",
                       code="EVENT_DOES_NOT_FIT")


def _not_in_future(day: date, today: date, field: str) -> None:
    if day > today:
        raise InvalidInput(f"{field} {day.isoformat()} is in the future.",
                           details=[{"field": f"body.{field}", "message": "cannot be in the future"}])


def _collect(change: _Change, amount: Decimal, paid_on: date) -> None:
    """A payment received from the debtor: the invoices' part goes to the creditor (100 % of the
    principal collected), the rest covers the increase and the flat fee."""
    case = change.case
    forwarded = min(amount, case.principal_outstanding)
    change.set(collected=case.collected + amount, forwarded=case.forwarded + forwarded)
    _allocate_to_plan(change, amount)
    if forwarded > 0:
        change.log(TimelineType.PAYMENT_FORWARDED, Actor.SYSTEM, amount=forwarded)
        after = change.case
        change.emit(ev.PAYMENT_FORWARDED, debtorName=case.debtor.name, amount=format_money(forwarded),
                    paidOn=paid_on.isoformat(), collected=format_money(amount),
                    forwardedTotal=format_money(after.forwarded), outstanding=format_money(after.outstanding))


def _allocate_to_plan(change: _Change, amount: Decimal) -> None:
    plan = change.case.payment_plan
    if plan is None or plan.status is not PlanStatus.ACTIVE:
        return
    left = amount
    instalments = []
    for instalment in plan.instalments:
        paying = min(left, instalment.left)
        left -= paying
        instalments.append(instalment.model_copy(update={"paid_amount": instalment.paid_amount + paying}))
    status = PlanStatus.COMPLETED if all(i.paid for i in instalments) else PlanStatus.ACTIVE
    change.set(payment_plan=plan.model_copy(update={"instalments": tuple(instalments), "status": status}))


def _settle(change: _Change, by: Actor) -> None:
    """Full payment at any point closes the case as PAID."""
    if change.case.outstanding == ZERO:
        _close(change, CaseStatus.PAID, by)
    else:
        _plan_finished_with_balance(change)


def _plan_finished_with_balance(change: _Change) -> None:
    # Every instalment paid but something still owed (a direct payment the plan did not foresee):
    # the plan is over, the procedure goes on for the rest.
    plan = change.case.payment_plan
    if change.case.status is CaseStatus.PAYMENT_PLAN and plan is not None and plan.status is PlanStatus.COMPLETED:
        change.log(TimelineType.PAYMENT_PLAN_ENDED, Actor.SYSTEM, amount=change.case.outstanding)
        _back_on_route_to_pv(change)


def _back_on_route_to_pv(change: _Change) -> None:
    expires = change.case.debtor_month_expires_at
    month_running = expires is not None and change.now < expires
    change.status(CaseStatus.SUMMONS_SERVED if month_running else CaseStatus.AWAITING_PV)


def _close(change: _Change, status: CaseStatus, by: Actor, *, reason: str | None = None) -> None:
    change.set(closed_at=change.now)
    change.status(status)
    case = change.case
    change.log(TimelineType.CLOSED, by, status=status)
    change.emit(ev.CASE_CLOSED, status=status.value, debtorName=case.debtor.name,
                collected=format_money(case.collected), forwardedToCreditor=format_money(case.forwarded),
                paidDirectly=format_money(case.paid_directly), creditorOwesFees=case.creditor_owes_fees,
                reason=reason)


def _instant(at: datetime | None) -> str | None:
    return iso_instant(at) if at else None


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None
