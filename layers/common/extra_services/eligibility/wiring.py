"""Settings and collaborators of eligibility's readers (every channel function), built once per cold start;
the event consumer's are in consumer_wiring.py."""
from __future__ import annotations

from functools import cache

from pydantic import Field

from extra_services.clock import SystemClock
from extra_services.eligibility.service import EligibilityService
from extra_services.eligibility.views import EligibilityViews
from extra_services.settings import EnvSettings


class EligibilitySettings(EnvSettings):
    table: str = Field(alias="ELIGIBILITY_TABLE", min_length=3)


@cache
def eligibility_service() -> EligibilityService:
    settings = EligibilitySettings.from_environ()
    return EligibilityService(EligibilityViews(settings.table), SystemClock())
