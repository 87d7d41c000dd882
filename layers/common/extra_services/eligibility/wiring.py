"""Settings and collaborators of the eligibility functions, built once per cold start."""
from __future__ import annotations

from functools import cache

from pydantic import Field

from extra_services.clock import SystemClock
from extra_services.dead_letters import DeadLetters
from extra_services.eligibility.repository import EligibilityRepository
from extra_services.eligibility.service import EligibilityService
from extra_services.settings import EnvSettings


class EligibilitySettings(EnvSettings):
    table: str = Field(alias="ELIGIBILITY_TABLE", min_length=3)


class EventConsumerSettings(EligibilitySettings):
    dead_letter_queue_url: str = Field(alias="DEAD_LETTER_QUEUE_URL", min_length=8)


@cache
def eligibility_service() -> EligibilityService:
    settings = EligibilitySettings.from_environ()
    return EligibilityService(EligibilityRepository(settings.table), SystemClock())


@cache
def dead_letters() -> DeadLetters:
    return DeadLetters(EventConsumerSettings.from_environ().dead_letter_queue_url)
