"""The collaborators of the Go Solid feeds function (the registry and credit-bureau facts), built
once per cold start (never at import): the facts in the Go Solid table, and the dead-letter queue."""
from __future__ import annotations

from functools import cache

from pydantic import Field

from extra_services.dead_letters import DeadLetters
from extra_services.gosolid.facts import FactRepository
from extra_services.gosolid.wiring import GoSolidSettings


class FeedConsumerSettings(GoSolidSettings):
    dead_letter_queue_url: str = Field(alias="DEAD_LETTER_QUEUE_URL", min_length=8)


@cache
def fact_repository() -> FactRepository:
    return FactRepository(FeedConsumerSettings.from_environ().table)


@cache
def feed_dead_letters() -> DeadLetters:
    return DeadLetters(FeedConsumerSettings.from_environ().dead_letter_queue_url)
