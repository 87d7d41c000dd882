"""The NOWJOBS channel API's services: those of service_wiring with the eligibility check of every channel
route, and the Idempotency-Key of its POSTs; built once per cold start (never at import)."""
from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from typing import TypeVar

from pydantic import BaseModel

from extra_services.eligibility.wiring import eligibility_service
from extra_services.gosolid.idempotency import PowertoolsIdempotency, check_idempotency_key
from extra_services.nowjobs.ports import Actor, Outbox
from extra_services.nowjobs.service_wiring import NowjobsServices, compose, notifications_outbox, settings

M = TypeVar("M", bound=BaseModel)


@cache
def services() -> NowjobsServices:
    """What the handlers use: the outbox is the notifications context's (NotificationsTable)."""
    return build_services(notifications_outbox())


def build_services(outbox: Outbox) -> NowjobsServices:
    return compose(outbox, eligibility_service())


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
