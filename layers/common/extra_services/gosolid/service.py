"""Go Solid use cases: the channels' routes, the partner callbacks, the registry and credit
feeds, and the tasks of the collection state machine (`go-solid-collection`).

Every change is read, decided by lifecycle.py, written with one conditional write (a lost race
is retried from a fresh read), then delivered: the domain events it produced are published and
the waiting workflow task, if any, is resumed; both were written with the change, so a crash in
between is made good by the next call on that case."""
from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from extra_services.belgian_calendar import brussels_date
from extra_services.caller import Channel
from extra_services.clock import Clock
from extra_services.domain_events import DomainEvent
from extra_services.eligibility.declaration import record_declaration
from extra_services.errors import Conflict, Forbidden, InvalidInput, NotFound
from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import Case, CaseStatus, PlanStatus, WaitStage
from extra_services.gosolid.case_events import SOURCE
from extra_services.gosolid.deadlines import expected_timeline
from extra_services.gosolid.feeds import FeedEvent
from extra_services.gosolid.idempotency import IdempotentRunner, WithoutIdempotency, check_idempotency_key
from extra_services.gosolid.repository import CallbackAlreadyApplied, CaseRepository, ProcessedCallback
from extra_services.gosolid.requests import CaseRequest, CreditorReportIn, PartnerEventIn, WithdrawalIn
from extra_services.gosolid.responses import (
    CaseListOut,
    CaseOut,
    PartnerEventResultOut,
    QuoteOut,
    case_out,
    case_summary_out,
    quote_out,
)
from extra_services.gosolid.screening import ScreeningFacts, screen
from extra_services.gosolid.submission import amounts_for, check_evidence, check_invoice_dates
from extra_services.gosolid.workflow_state import WorkflowState, workflow_state
from extra_services.workflows import Workflows

SERVICE_ID = "go-solid"
MAX_ATTEMPTS = 3
_CASE_ID_NAMESPACE = uuid.UUID("6f1c1d52-7c4e-4c1e-9a65-3b0f0a7e5d21")

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


class EnterpriseUsability(Protocol):
    def require_usable(self, enterprise_number: str) -> None:
        """Raises Forbidden when the person read may not use the services for that enterprise."""
        ...


class UsabilityCheck(Protocol):
    def require_usable(self, customer_id: str, channel: Channel, enterprise_number: str) -> None:
        """Raises Forbidden when the person may not use the services for that enterprise."""
        ...

    def usability_with(self, customer_id: str, channel: Channel,
                       other: tuple[str, dict[str, Any]]) -> tuple[EnterpriseUsability, dict[str, Any] | None]:
        """The person's eligibility and another table's item (table, key), read in one call."""
        ...


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


class NoChannelCallers:
    """For the functions that serve no channel route (workflow tasks, partner callbacks)."""

    def require_usable(self, customer_id: str, channel: Channel, enterprise_number: str) -> None:
        raise Forbidden("This function serves no channel route.", code="WRONG_CREDENTIAL")

    def usability_with(self, customer_id: str, channel: Channel,
                       other: tuple[str, dict[str, Any]]) -> tuple[EnterpriseUsability, dict[str, Any] | None]:
        raise Forbidden("This function serves no channel route.", code="WRONG_CREDENTIAL")


def new_case_id(seed: str | None) -> str:
    """A fresh id; with an Idempotency-Key, the same id for the same person and key, so a retry
    (at any time) finds its case instead of opening another."""
    return str(uuid.uuid5(_CASE_ID_NAMESPACE, seed) if seed else uuid.uuid4())


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class GoSolidService:
    def __init__(self, repository: CaseRepository, clock: Clock, events: EventPublisher, workflows: Workflows, *,
                 eligibility: UsabilityCheck | None = None, state_machine_arn: str = "",
                 idempotency: IdempotentRunner | None = None, metrics: CaseMetrics | None = None,
                 case_ids: Callable[[str | None], str] = new_case_id,
                 statuses: CaseStatusMetrics | None = None) -> None:
        self.repository = repository
        self.clock = clock
        self.events = events
        self.workflows = workflows
        self.eligibility = eligibility or NoChannelCallers()
        self.state_machine_arn = state_machine_arn
        self.idempotency = idempotency or WithoutIdempotency()
        self.metrics = metrics or NoMetrics()
        self.case_ids = case_ids
        self.statuses = statuses or NoStatusMetrics()

    # ================================================================ channels
    def quote(self, request: CaseRequest) -> QuoteOut:
        """The amounts and the expected timeline of a case with this body; nothing is stored."""
        now = self.clock.now()
        check_invoice_dates(request, brussels_date(now))
        return quote_out(amounts_for(request, brussels_date(now)), expected_timeline(now))

    def submit(self, customer_id: str, channel: Channel, request: CaseRequest, *,
               idempotency_key: str | None = None) -> CaseOut:
        """Open a case for the creditor enterprise (403 unless the person may use the services for
        it) and start its collection workflow. Answered with 202: screening follows.

        With an Idempotency-Key the case is its own idempotency record: its id is uuid5(person, key)
        and it keeps the body's hash. The person's eligibility and that case are read together; a
        replay answers what the first request answered (422 IDEMPOTENCY_KEY_REUSED for another
        body) and starts the workflow again while the case is SUBMITTED, in case the first request
        stopped before starting it (an execution is named after its case: at most one)."""
        request_hash = content_hash(request.model_dump(mode="json"))
        if idempotency_key is None:
            self.eligibility.require_usable(customer_id, channel, request.creditor_enterprise_number)
            return self._submit(customer_id, channel, request, self.case_ids(None), request_hash)
        case_id = self.case_ids(f"{customer_id}:{check_idempotency_key(idempotency_key)}")
        usability, item = self.eligibility.usability_with(customer_id, channel, self.repository.case_key(case_id))
        usability.require_usable(request.creditor_enterprise_number)
        stored = self.repository.case_from_item(item)
        if stored is None:
            return self._submit(customer_id, channel, request, case_id, request_hash)
        return self._replayed(stored, request, request_hash)

    def get_case(self, customer_id: str, channel: Channel, case_id: str) -> CaseOut:
        return case_out(self._case_for(customer_id, channel, case_id))

    def list_cases(self, customer_id: str, channel: Channel, creditor_enterprise_number: str, *,
                   limit: int = 20, next_token: str | None = None) -> CaseListOut:
        self.eligibility.require_usable(customer_id, channel, creditor_enterprise_number)
        page = self.repository.list_by_creditor(creditor_enterprise_number, limit=limit, next_token=next_token)
        return CaseListOut(items=[case_summary_out(case) for case in page.cases], next_token=page.next_token)

    def report(self, customer_id: str, channel: Channel, case_id: str, report: CreditorReportIn, *,
               idempotency_key: str | None = None) -> CaseOut:
        """The creditor tells Go Solid the debtor contacted it, agreed something, or paid it."""
        self._case_for(customer_id, channel, case_id)
        return self._creditor_action(
            "gosolid.report", customer_id, case_id, idempotency_key, body=report.model_dump(mode="json"),
            rule=lambda case, now: lifecycle.apply_creditor_report(case, report, now))

    def withdraw(self, customer_id: str, channel: Channel, case_id: str, withdrawal: WithdrawalIn, *,
                 idempotency_key: str | None = None) -> CaseOut:
        self._case_for(customer_id, channel, case_id)
        return self._creditor_action(
            "gosolid.withdraw", customer_id, case_id, idempotency_key, body=withdrawal.model_dump(mode="json"),
            rule=lambda case, now: lifecycle.withdraw(case, withdrawal.reason, now))

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
    def _submit(self, customer_id: str, channel: Channel, request: CaseRequest, case_id: str,
                request_hash: str) -> CaseOut:
        """One conditional write, then the workflow. Its CaseSubmitted event stays pending on the case:
        the workflow's first task delivers it (`_deliver`), so the channel waits for no bus."""
        opened = self._opened(customer_id, channel, request, case_id, self.clock.now())
        stored = self.repository.open(opened.model_copy(update={"request_hash": request_hash}))
        if stored is not None:          # a concurrent request with the same key stored it first
            return self._replayed(stored, request, request_hash)
        self.workflows.start(self.state_machine_arn, case_id, {"caseId": case_id})
        return case_out(opened)

    def _replayed(self, stored: Case, request: CaseRequest, request_hash: str) -> CaseOut:
        if stored.request_hash not in (None, request_hash):
            raise InvalidInput("This Idempotency-Key was already used with a different request body; use a new key "
                               "for a new request.", code="IDEMPOTENCY_KEY_REUSED")
        if stored.status is CaseStatus.SUBMITTED:
            self.workflows.start(self.state_machine_arn, stored.case_id, {"caseId": stored.case_id})
        # the case as this body opened it then: the first answer, whatever happened to the case since
        return case_out(self._opened(stored.submitted_by, stored.submitted_via, request, stored.case_id,
                                     stored.submitted_at))

    @staticmethod
    def _opened(customer_id: str, channel: Channel, request: CaseRequest, case_id: str, now: datetime) -> Case:
        """The case this request opens at `now` (a 422 for what cannot be opened); deterministic."""
        today = brussels_date(now)
        declaration = record_declaration(request.declaration, customer_id=customer_id, channel=channel,
                                         enterprise_number=request.creditor_enterprise_number,
                                         service=SERVICE_ID, at=now, today=today)
        check_invoice_dates(request, today)
        check_evidence(request)
        return lifecycle.open_case(request, case_id=case_id, declaration=declaration, now=now).case

    def _case_for(self, customer_id: str, channel: Channel, case_id: str) -> Case:
        """The case, if the person may act for its creditor; otherwise the same 404 as an unknown
        case (nothing leaks about other enterprises' cases). The case and the person's eligibility
        are read in one call."""
        usability, item = self.eligibility.usability_with(customer_id, channel, self.repository.case_key(case_id))
        case = self.repository.case_from_item(item)
        if case is not None:
            try:
                usability.require_usable(case.creditor_enterprise_number)
            except Forbidden:
                case = None
        if case is None:
            raise NotFound(f"There is no Go Solid case {case_id} for you.", code="CASE_NOT_FOUND")
        return case

    def _creditor_action(self, operation: str, customer_id: str, case_id: str, idempotency_key: str | None, *,
                         body: dict[str, Any], rule: Rule) -> CaseOut:
        def act() -> dict[str, Any]:
            return case_out(self._change(case_id, rule)).model_dump(mode="json")
        if idempotency_key is None:
            return CaseOut.model_validate(act())
        key = check_idempotency_key(idempotency_key)
        return CaseOut.model_validate(self.idempotency.run(operation, f"{customer_id}:{case_id}:{key}", body, act))

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
