"""What every Go Solid use case that changes a case shares: the channels' (service.py), the
partner's callbacks (partner_service.py) and the collection state machine's tasks
(collection_service.py) each add theirs on CaseService, so a function loads only its own.

Every change is read, decided by lifecycle.py, written with one conditional write (a lost race
is retried from a fresh read), then delivered: the domain events it produced are published and
the waiting workflow task, if any, is resumed; both were written with the change, so a crash in
between is made good by the next call on that case."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from extra_services.domain_events import DomainEvent
from extra_services.errors import Conflict
from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import Case, CaseStatus
from extra_services.gosolid.case_events import SOURCE
from extra_services.gosolid.repository import CaseRepository

if TYPE_CHECKING:
    from extra_services.clock import Clock
    from extra_services.workflows import Workflows

MAX_ATTEMPTS = 3

Rule = Callable[[Case, datetime], lifecycle.Transition]


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
    """The base of each function's use cases: a change to a case read, decided, written and delivered."""

    def __init__(self, repository: CaseRepository, clock: Clock, events: EventPublisher, workflows: Workflows, *,
                 metrics: CaseMetrics | None = None, statuses: CaseStatusMetrics | None = None) -> None:
        self.repository = repository
        self.clock = clock
        self.events = events
        self.workflows = workflows
        self.metrics = metrics or NoMetrics()
        self.statuses = statuses or NoStatusMetrics()

    # ========================================================= every change
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
