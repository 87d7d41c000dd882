"""Go Solid use cases every Go Solid function shares: the partner callbacks, the registry and
credit feeds, and the tasks of the collection state machine (`go-solid-collection`). The
channels' routes add theirs in service.py.

Every change is read, decided by lifecycle.py, written with one conditional write (a lost race
is retried from a fresh read), then delivered: the domain events it produced are published and
the waiting workflow task, if any, is resumed; both were written with the change, so a crash in
between is made good by the next call on that case."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from extra_services.belgian_calendar import brussels_date
from extra_services.domain_events import DomainEvent
from extra_services.errors import Conflict
from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import Case, CaseStatus, PlanStatus, WaitStage
from extra_services.gosolid.case_events import SOURCE
from extra_services.gosolid.idempotency import check_idempotency_key
from extra_services.gosolid.partner_events import PartnerEventResultOut
from extra_services.gosolid.repository import CallbackAlreadyApplied, CaseRepository, ProcessedCallback
from extra_services.gosolid.screening import ScreeningFacts, screen
from extra_services.gosolid.workflow_state import WorkflowState, workflow_state

if TYPE_CHECKING:
    from extra_services.clock import Clock
    from extra_services.gosolid.feeds import FeedEvent
    from extra_services.gosolid.partner_events import PartnerEventIn
    from extra_services.workflows import Workflows

MAX_ATTEMPTS = 3

Rule = Callable[[Case, datetime], lifecycle.Transition]


@dataclass
class PlanWatchRun:
    """What one run of the plan watch did: counts and case ids, nothing personal."""

    looked_at: int = 0
    plans_missed: list[str] = field(default_factory=list)     # due cases whose plan is missed after the check
    failed: dict[str, str] = field(default_factory=dict)      # case id -> the error's type
    stopped_early: bool = False                                # out of time: the next run goes on


class PlanWatchIncomplete(Exception):
    """Some due cases could not be checked; they stay due, so the retry or the next run takes them."""

    def __init__(self, run: PlanWatchRun) -> None:
        super().__init__(f"{len(run.failed)} of {run.looked_at} due case(s) not checked: "
                         + ", ".join(f"{case_id} ({error})" for case_id, error in run.failed.items()))
        self.run = run


class EventPublisher(Protocol):
    def publish(self, *events: DomainEvent) -> None: ...


class CaseMetrics(Protocol):
    def record(self, metric: str, value: float, unit: str) -> None: ...


class NoMetrics:
    def record(self, metric: str, value: float, unit: str) -> None:
        return None


class CaseStatusMetrics(Protocol):
    def status_entered(self, status: CaseStatus) -> None:
        """A stored change moved a case into `status` (the dashboard's cases by status)."""
        ...


class NoStatusMetrics:
    def status_entered(self, status: CaseStatus) -> None:
        return None


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class CaseService:
    def __init__(self, repository: CaseRepository, clock: Clock, events: EventPublisher, workflows: Workflows, *,
                 metrics: CaseMetrics | None = None, statuses: CaseStatusMetrics | None = None) -> None:
        self.repository = repository
        self.clock = clock
        self.events = events
        self.workflows = workflows
        self.metrics = metrics or NoMetrics()
        self.statuses = statuses or NoStatusMetrics()

    # ================================================================ partners
    def apply_partner_event(self, case_id: str, event: PartnerEventIn, *,
                            idempotency_key: str | None = None) -> PartnerEventResultOut:
        """A Go Solid / bailiff callback. 404 for an unknown case, 409 (case unchanged) when it does
        not fit; a replay (same eventId, else Idempotency-Key, else same content) has no effect."""
        payload = event.model_dump(mode="json", exclude={"event_id"})
        payload_hash = content_hash(payload)
        callback_id = event.event_id or (
            check_idempotency_key(idempotency_key) if idempotency_key else f"sha256-{payload_hash}")
        for attempt in range(MAX_ATTEMPTS):
            case = self._deliver(self.repository.load(case_id))
            earlier = self.repository.processed_callback(case_id, callback_id)
            if earlier is not None:
                if earlier.payload_hash != payload_hash:
                    raise Conflict(f"Event id {callback_id} was already used for another event.",
                                   code="CALLBACK_ID_REUSED")
                return PartnerEventResultOut(applied=False, case_id=case.case_id, status=case.status)
            now = self.clock.now()
            transition = lifecycle.apply_partner_event(case, event, now)
            try:
                saved = self.repository.save_with_callback(
                    transition.case, ProcessedCallback(callback_id, payload_hash, event.type, now))
            except CallbackAlreadyApplied:
                continue
            except Conflict:
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                continue
            saved = self._stored(transition, saved)
            return PartnerEventResultOut(applied=True, case_id=saved.case_id, status=saved.status)
        raise Conflict(f"Case {case_id} is changing too fast; retry.", code="CONCURRENT_UPDATE")

    def apply_feed_event(self, event: FeedEvent) -> bool:
        """A registry or credit-bureau fact; False when an equal or newer one is already stored."""
        return self.repository.put_fact(event)

    # ========================================================== workflow tasks
    def screen(self, case_id: str) -> WorkflowState:
        """Decide admission from the registry and credit facts (RULES.md §2) and record it."""
        def rule(case: Case, now: datetime) -> lifecycle.Transition:
            if case.status is not CaseStatus.SUBMITTED:
                return lifecycle.no_action(case, now)
            facts = ScreeningFacts(creditor=self.repository.registry_fact(case.creditor_enterprise_number),
                                   debtor=self.repository.registry_fact(case.debtor.enterprise_number),
                                   debtor_credit=self.repository.credit_fact(case.debtor.enterprise_number))
            return lifecycle.decide(case, screen(facts, brussels_date(now)), now)
        return self._task(case_id, rule)

    def debtor_month_expired(self, case_id: str) -> WorkflowState:
        return self._task(case_id, lifecycle.expire_debtor_month)

    def plan_due(self, case_id: str) -> WorkflowState:
        return self._task(case_id, lifecycle.instalment_due)

    def partner_late(self, case_id: str) -> WorkflowState:
        """Raises lifecycle.PartnerSilent once the workflow gives up waiting for the bailiff."""
        return self._task(case_id, lifecycle.partner_late)

    def park(self, case_id: str, stage: str, error: str, cause: str) -> WorkflowState:
        """The workflow's Catch: the case needs a person (flag, event, metric and alarm)."""
        return self._task(case_id, lambda case, now: lifecycle.park(case, stage, error, cause, now))

    def wait_for(self, case_id: str, stage: WaitStage, task_token: str) -> None:
        """The Lambda of a `.waitForTaskToken` state: request what the stage needs from the bailiff
        (the summons, the PV), then keep the token with the case, or resume it at once when what
        it waits for already happened."""
        self._change(case_id, lambda case, now: lifecycle.register_wait(case, stage, task_token, now))

    def watch_plans(self, *, keep_going: Callable[[], bool] = lambda: True) -> PlanWatchRun:
        """The plan watch (an hourly schedule; docs/decisions/gosolid-case-lifecycle.md): each case
        GSI3 holds as due by now gets the plan's check. Loading it delivers what a crash left
        undelivered; a miss is written with the resume of the waiting workflow, then resumed
        (`_deliver`), so the execution moves on at once and Step Functions takes the token once. A
        second or overlapping run finds nothing more to change. Raises PlanWatchIncomplete at the
        end when a case failed: it stays due, and did not hold up the others."""
        run = PlanWatchRun()
        for case_id in self.repository.due_for_watch(self.clock.now()):
            if not keep_going():
                run.stopped_early = True
                break
            run.looked_at += 1
            try:
                case = self._change(case_id, lifecycle.check_plan)
            except Exception as exc:    # one case must not hold up the others: reported below
                run.failed[case_id] = type(exc).__name__
                continue
            if case.payment_plan is not None and case.payment_plan.status is PlanStatus.MISSED:
                run.plans_missed.append(case_id)
        if run.failed:
            raise PlanWatchIncomplete(run)
        return run

    def workflow_state(self, case_id: str) -> WorkflowState:
        return workflow_state(self._deliver(self.repository.load(case_id)), self.clock.now())

    # ===================================================================== ops
    def cases_needing_attention(self, limit: int = 50) -> list[str]:
        return self.repository.needing_attention(limit=limit)

    # ================================================================= helpers
    def _task(self, case_id: str, rule: Rule) -> WorkflowState:
        return workflow_state(self._change(case_id, rule), self.clock.now())

    def _change(self, case_id: str, rule: Rule) -> Case:
        for attempt in range(MAX_ATTEMPTS):
            case = self._deliver(self.repository.load(case_id))
            transition = rule(case, self.clock.now())
            if not transition.changed:
                return case
            try:
                saved = self.repository.save(transition.case)
            except Conflict:
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                continue
            return self._stored(transition, saved)
        raise Conflict(f"Case {case_id} is changing too fast; retry.", code="CONCURRENT_UPDATE")

    def _stored(self, transition: lifecycle.Transition, saved: Case) -> Case:
        for alert in transition.alerts:
            self.metrics.record(alert.metric, alert.value, alert.unit)
        if transition.before is not None and transition.before.status is not saved.status:
            self.statuses.status_entered(saved.status)
        return self._deliver(saved)

    def _deliver(self, case: Case) -> Case:
        """Publish the case's pending events, then resume its pending task token; then clear both."""
        if not case.pending_events and case.pending_resume is None:
            return case
        if case.pending_events:
            self.events.publish(*(DomainEvent(SOURCE, e.detail_type, e.detail) for e in case.pending_events))
        if case.pending_resume is not None:
            self.workflows.resume(case.pending_resume.token, case.pending_resume.output)
        return self.repository.clear_delivered(case) or case
