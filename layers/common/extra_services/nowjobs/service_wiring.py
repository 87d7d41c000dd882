"""Settings and services of the NOWJOBS functions, built once per cold start (never at import).

The three functions (channel API, partner callbacks, schedules) share one settings model: the partner and
schedule functions are given the channel-only names too but no permission on those resources, and never
touch them. Each function composes the use cases its routes or tasks call. Eligibility is checked on
channel routes only, so this module builds the services acting for no person (partner callbacks: all three;
schedules: companies and contracts); wiring.py builds the channel API's, with the eligibility check and
the Idempotency-Key, which the other two functions then do not import."""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

from msgspec import Struct
from pydantic import Field

from extra_services.caller import Channel
from extra_services.clock import SystemClock
from extra_services.domain_events import DomainEventPublisher
from extra_services.errors import Forbidden
from extra_services.nowjobs.company_service import CompanyService
from extra_services.nowjobs.contract_service import ContractService
from extra_services.nowjobs.hiring_service import HiringService
from extra_services.nowjobs.outbox import NotificationsOutbox
from extra_services.nowjobs.ports import Outbox, UsableCheck
from extra_services.nowjobs.repository import NowjobsRepository
from extra_services.settings import EnvSettings


class NowjobsSettings(EnvSettings):
    table: str = Field(alias="NOWJOBS_TABLE", min_length=3)
    notifications_table: str = Field(alias="NOTIFICATIONS_TABLE", min_length=3)
    eligibility_table: str = Field(alias="ELIGIBILITY_TABLE", min_length=3)
    idempotency_table: str = Field(alias="IDEMPOTENCY_TABLE", min_length=3)
    event_bus_name: str = Field(alias="EVENT_BUS_NAME", min_length=1)
    invitation_base_url: str = Field(alias="INVITATION_BASE_URL", pattern=r"^https?://[^\s/]+(/\S*)?$",
                                     description="Invitation links are {base}/{invitationId}")


class NowjobsServices(Struct, frozen=True):
    """What the channel API and the partner callbacks call."""

    companies: CompanyService
    hiring: HiringService
    contracts: ContractService


class ScheduleServices(NamedTuple):
    """What the schedules call: the activation targets (companies) and the timesheets (contracts)."""

    companies: CompanyService
    contracts: ContractService


class NoPerson:
    """The partner callbacks and the schedules act for no person: the use cases they call never ask."""

    def require_usable(self, customer_id: str, channel: Channel, enterprise_number: str) -> None:
        raise Forbidden("NOWJOBS partner callbacks and schedules act for no person.", code="NO_PERSON")


@cache
def settings() -> NowjobsSettings:
    return NowjobsSettings.from_environ()


def notifications_outbox() -> NotificationsOutbox:
    """The outbox is the notifications context's (NotificationsTable)."""
    return NotificationsOutbox(settings().notifications_table, SystemClock())


def _parts(outbox: Outbox, eligibility: UsableCheck) -> tuple[NowjobsRepository, UsableCheck, SystemClock,
                                                               DomainEventPublisher, Outbox]:
    """What every NOWJOBS use case is built with, in its constructor's order."""
    config = settings()
    return (NowjobsRepository(config.table), eligibility, SystemClock(), DomainEventPublisher(config.event_bus_name),
            outbox)


def compose(outbox: Outbox, eligibility: UsableCheck) -> NowjobsServices:
    parts = _parts(outbox, eligibility)
    return NowjobsServices(companies=CompanyService(*parts),
                           hiring=HiringService(*parts, invitation_base_url=settings().invitation_base_url),
                           contracts=ContractService(*parts))


@cache
def partner_services() -> NowjobsServices:
    """What the partner callbacks use: a company's, a contract's events, applications and invitations."""
    return compose(notifications_outbox(), NoPerson())


@cache
def schedule_services() -> ScheduleServices:
    """What the schedules use: no hiring use case."""
    parts = _parts(notifications_outbox(), NoPerson())
    return ScheduleServices(companies=CompanyService(*parts), contracts=ContractService(*parts))
