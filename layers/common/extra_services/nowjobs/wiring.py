"""Settings and collaborators of the NOWJOBS functions, built once per cold start.

The outbox (e-mail/SMS/WhatsApp) comes from the notifications context, which is being written: the
handlers pass its adapter to `services(outbox)`; nothing here imports it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import Field

from extra_services.clock import SystemClock
from extra_services.domain_events import DomainEventPublisher
from extra_services.eligibility.wiring import eligibility_service
from extra_services.gosolid.idempotency import PowertoolsIdempotency
from extra_services.nowjobs.company_service import CompanyService
from extra_services.nowjobs.contract_service import ContractService
from extra_services.nowjobs.hiring_service import HiringService
from extra_services.nowjobs.ports import Outbox
from extra_services.nowjobs.repository import NowjobsRepository
from extra_services.settings import EnvSettings


class NowjobsSettings(EnvSettings):
    table: str = Field(alias="NOWJOBS_TABLE", min_length=3)
    eligibility_table: str = Field(alias="ELIGIBILITY_TABLE", min_length=3)
    idempotency_table: str = Field(alias="IDEMPOTENCY_TABLE", min_length=3)
    event_bus_name: str = Field(alias="EVENT_BUS_NAME", min_length=1)
    invitation_base_url: str = Field(alias="INVITATION_BASE_URL", pattern=r"^https?://[^\s/]+(/\S*)?$",
                                     description="Invitation links are {base}/{invitationId}")


@dataclass(frozen=True)
class NowjobsServices:
    companies: CompanyService
    hiring: HiringService
    contracts: ContractService


@cache
def settings() -> NowjobsSettings:
    return NowjobsSettings.from_environ()


def services(outbox: Outbox) -> NowjobsServices:
    """Cheap to build (settings, clients and the eligibility service are cached): the handler keeps the
    result for its cold start."""
    config = settings()
    repository = NowjobsRepository(config.table)
    eligibility, clock = eligibility_service(), SystemClock()
    publisher = DomainEventPublisher(config.event_bus_name)
    return NowjobsServices(
        companies=CompanyService(repository, eligibility, clock, publisher, outbox),
        hiring=HiringService(repository, eligibility, clock, publisher, outbox,
                             invitation_base_url=config.invitation_base_url),
        contracts=ContractService(repository, eligibility, clock, publisher, outbox))


@cache
def idempotency() -> PowertoolsIdempotency:
    """Idempotency-Key of the NOWJOBS POSTs (gosolid's runner, generic; better moved to extra_services/)."""
    return PowertoolsIdempotency(settings().idempotency_table)
