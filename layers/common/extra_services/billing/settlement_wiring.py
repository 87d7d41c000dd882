"""Collaborators of the bank's direct-debit results (BillingPartnerFunction), built once per cold start (never
at import)."""
from __future__ import annotations

from functools import cache

from extra_services.billing.repository import BillingRepository
from extra_services.billing.settlement import SettlementService
from extra_services.billing.wiring import PowertoolsBillingMetrics, WriterSettings
from extra_services.clock import SystemClock
from extra_services.domain_events import DomainEventPublisher
from extra_services.nowjobs.outbox import NotificationsOutbox


@cache
def settlement() -> SettlementService:
    settings = WriterSettings.from_environ()
    clock = SystemClock()
    return SettlementService(BillingRepository(settings.table, clock), clock,
                             DomainEventPublisher(settings.event_bus_name),
                             NotificationsOutbox(settings.notifications_table, clock), PowertoolsBillingMetrics(),
                             creditor_identifier=settings.creditor().identifier)
