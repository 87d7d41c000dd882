"""Settings and collaborators of the core-banking event consumer, built once per cold start."""
from __future__ import annotations

from functools import cache

from pydantic import Field

from extra_services.dead_letters import DeadLetters
from extra_services.eligibility.event_applier import EventApplier
from extra_services.eligibility.repository import EligibilityRepository
from extra_services.eligibility.wiring import EligibilitySettings


class EventConsumerSettings(EligibilitySettings):
    dead_letter_queue_url: str = Field(alias="DEAD_LETTER_QUEUE_URL", min_length=8)


@cache
def event_applier() -> EventApplier:
    return EventApplier(EligibilityRepository(EligibilitySettings.from_environ().table))


@cache
def dead_letters() -> DeadLetters:
    return DeadLetters(EventConsumerSettings.from_environ().dead_letter_queue_url)
