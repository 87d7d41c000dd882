"""Collaborators of the daily direct-debit submission (BillingSubmissionFunction), built once per cold start
(never at import)."""
from __future__ import annotations

from functools import cache

from extra_services.billing.repository import BillingRepository
from extra_services.billing.submission import SubmissionService
from extra_services.billing.wiring import PowertoolsBillingMetrics, WriterSettings
from extra_services.clock import SystemClock
from extra_services.domain_events import DomainEventPublisher
from extra_services.nowjobs.outbox import NotificationsOutbox


@cache
def submission() -> SubmissionService:
    settings = WriterSettings.from_environ()
    clock = SystemClock()
    return SubmissionService(BillingRepository(settings.table, clock), settings.creditor(), clock,
                             DomainEventPublisher(settings.event_bus_name),
                             outbox=NotificationsOutbox(settings.notifications_table, clock),
                             metrics=PowertoolsBillingMetrics())
