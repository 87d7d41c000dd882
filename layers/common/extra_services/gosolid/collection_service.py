"""Go Solid use cases of the collection state machine (`go-solid-collection`) and of its hourly plan
watch, run by GoSolidWorkflowFunction (workflow_tasks.py): screen, the waits, the expiries, the
bailiff's lateness, park. Each action answers the case's WorkflowState: what the machine reads next."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from msgspec import Struct, field

from extra_services.belgian_calendar import brussels_date
from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import Case, CaseStatus, PlanStatus, WaitStage
from extra_services.gosolid.case_service import CaseMetrics, CaseService, CaseStatusMetrics, EventPublisher, Rule
from extra_services.gosolid.facts import FactRepository
from extra_services.gosolid.screening import ScreeningFacts, screen
from extra_services.gosolid.workflow_state import WorkflowState, workflow_state

if TYPE_CHECKING:
    from extra_services.clock import Clock
    from extra_services.gosolid.repository import CaseRepository
    from extra_services.workflows import Workflows


class PlanWatchRun(Struct):
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


class CollectionService(CaseService):
    def __init__(self, repository: CaseRepository, clock: Clock, events: EventPublisher, workflows: Workflows, *,
                 facts: FactRepository | None = None, metrics: CaseMetrics | None = None,
                 statuses: CaseStatusMetrics | None = None) -> None:
        super().__init__(repository, clock, events, workflows, metrics=metrics, statuses=statuses)
        self.facts = facts or FactRepository(repository.table)    # the facts share the cases' table

    # ========================================================== workflow tasks
    def screen(self, case_id: str) -> WorkflowState:
        """Decide admission from the registry and credit facts (RULES.md §2) and record it."""
        def rule(case: Case, now: datetime) -> lifecycle.Transition:
            if case.status is not CaseStatus.SUBMITTED:
                return lifecycle.no_action(case, now)
            facts = ScreeningFacts(creditor=self.facts.registry_fact(case.creditor_enterprise_number),
                                   debtor=self.facts.registry_fact(case.debtor.enterprise_number),
                                   debtor_credit=self.facts.credit_fact(case.debtor.enterprise_number))
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
