"""Collaborators of the weekly billing run (BillingRunFunction), built once per cold start (never at import)."""
from __future__ import annotations

from functools import cache

from extra_services.billing.issuance import IssuanceService
from extra_services.billing.nowjobs_adapter import NowjobsCompanies, NowjobsHours
from extra_services.billing.repository import BillingRepository
from extra_services.billing.run import BillingRun
from extra_services.billing.wiring import PowertoolsBillingMetrics, RunSettings
from extra_services.caller import Channel
from extra_services.clock import SystemClock
from extra_services.domain_events import DomainEventPublisher
from extra_services.errors import Forbidden
from extra_services.nowjobs.contract_service import ContractService
from extra_services.nowjobs.outbox import NotificationsOutbox
from extra_services.nowjobs.repository import NowjobsRepository


class NoPerson:
    """The run acts for no person: the NOWJOBS services it uses never ask for one."""

    def require_usable(self, customer_id: str, channel: Channel, enterprise_number: str) -> None:
        raise Forbidden("The billing run acts for no person.", code="NO_PERSON")


@cache
def billing_run() -> BillingRun:
    settings = RunSettings.from_environ()
    clock = SystemClock()
    publisher = DomainEventPublisher(settings.event_bus_name)
    outbox = NotificationsOutbox(settings.notifications_table, clock)
    nowjobs = NowjobsRepository(settings.nowjobs_table)
    companies = NowjobsCompanies(nowjobs, clock)
    hours = NowjobsHours(ContractService(nowjobs, NoPerson(), clock, publisher, outbox))
    issuance = IssuanceService(BillingRepository(settings.table, clock), companies, hours, clock, publisher,
                               outbox=outbox, creditor_identifier=settings.creditor().identifier)
    return BillingRun(issuance, hours, companies, clock, PowertoolsBillingMetrics())
