"""Settings and collaborators of the NOWJOBS functions, built once per cold start (never at import).

The three functions (channel API, partner callbacks, schedules) share one settings model: the partner and
schedule functions are given the channel-only names too but no permission on those resources, and never
touch them (eligibility is checked on channel routes only)."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from pydantic import BaseModel, Field

from extra_services.clock import SystemClock
from extra_services.domain_events import DomainEventPublisher
from extra_services.eligibility.wiring import eligibility_service
from extra_services.gosolid.idempotency import PowertoolsIdempotency, check_idempotency_key
from extra_services.nowjobs.company_service import CompanyService
from extra_services.nowjobs.contract_service import ContractService
from extra_services.nowjobs.hiring_service import HiringService
from extra_services.nowjobs.outbox import NotificationsOutbox
from extra_services.nowjobs.ports import Actor, Outbox
from extra_services.nowjobs.repository import NowjobsRepository
from extra_services.settings import EnvSettings

M = TypeVar("M", bound=BaseModel)


class NowjobsSettings(EnvSettings):
    table: str = Field(alias="NOWJOBS_TABLE", min_length=3)
    notifications_table: str = Field(alias="NOTIFICATIONS_TABLE", min_length=3)
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


@cache
def services() -> NowjobsServices:
    """What the handlers use: the outbox is the notifications context's (NotificationsTable)."""
    return build_services(NotificationsOutbox(settings().notifications_table, SystemClock()))


def build_services(outbox: Outbox) -> NowjobsServices:
    config = settings()
    repository = NowjobsRepository(config.table)
    eligibility, clock = eligibility_service(), SystemClock()
    publisher = DomainEventPublisher(config.event_bus_name)
    return NowjobsServices(
        companies=CompanyService(repository, eligibility, clock, publisher, outbox),
        hiring=HiringService(repository, eligibility, clock, publisher, outbox,
                             invitation_base_url=config.invitation_base_url),
        contracts=ContractService(repository, eligibility, clock, publisher, outbox))


def idempotency() -> PowertoolsIdempotency:
    """Idempotency-Key of the NOWJOBS POSTs (gosolid's runner, generic; better moved to extra_services/).
    A runner keeps the DynamoDB client it first used, so there is one per endpoint, as aws_clients keys its
    clients: AWS_ENDPOINT_URL is set only by the local stack, whose moto server may restart on a new port."""
    return idempotency_for_endpoint(os.environ.get("AWS_ENDPOINT_URL"))


@cache
def idempotency_for_endpoint(endpoint: str | None) -> PowertoolsIdempotency:
    return PowertoolsIdempotency(settings().idempotency_table)


def once(operation: str, actor: Actor, idempotency_key: str | None, request: BaseModel | None, *,
         run: Callable[[], M], answer: type[M]) -> M:
    """`run()` once per (operation, person, Idempotency-Key) within 24 h: the same key and body return the
    first answer; another body is a 422. Without a key, `run()` every time."""
    if idempotency_key is None:
        return run()
    payload = {} if request is None else request.model_dump(mode="json", by_alias=True)
    first = idempotency().run(f"nowjobs.{operation} {actor.customer_id}", check_idempotency_key(idempotency_key),
                              payload, lambda: run().model_dump(mode="json", by_alias=True))
    return answer.model_validate(first)
