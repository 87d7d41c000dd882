"""Settings and collaborators of the notifier and of the notifications route (cold start only)."""
from __future__ import annotations

from functools import cache

from pydantic import Field

from extra_services.caller import Channel
from extra_services.clock import SystemClock
from extra_services.dead_letters import DeadLetters
from extra_services.eligibility.repository import EligibilityRepository
from extra_services.eligibility.service import EligibilityService
from extra_services.notifications.notifier import Notifier
from extra_services.notifications.repository import NotificationsRepository
from extra_services.notifications.service import NotificationsService
from extra_services.settings import EnvSettings


class NotificationsSettings(EnvSettings):
    table: str = Field(alias="NOTIFICATIONS_TABLE", min_length=3)


class NotifierSettings(NotificationsSettings):
    dead_letter_queue_url: str = Field(alias="DEAD_LETTER_QUEUE_URL", min_length=8)


class NotificationsApiSettings(NotificationsSettings):
    eligibility_table: str = Field(alias="ELIGIBILITY_TABLE", min_length=3)


class EligibilityAccess:
    def __init__(self, eligibility: EligibilityService) -> None:
        self.eligibility = eligibility

    def usable_enterprises(self, customer_id: str, channel: Channel) -> list[str]:
        overview = self.eligibility.overview(customer_id, channel)
        return [e.enterprise_number for e in overview.enterprises if e.usable]


@cache
def notifier() -> Notifier:
    return Notifier(NotificationsRepository(NotificationsSettings.from_environ().table))


@cache
def notifications_service() -> NotificationsService:
    settings = NotificationsApiSettings.from_environ()
    eligibility = EligibilityService(EligibilityRepository(settings.eligibility_table), SystemClock())
    return NotificationsService(NotificationsRepository(settings.table), EligibilityAccess(eligibility))


@cache
def notifier_dead_letters() -> DeadLetters:
    return DeadLetters(NotifierSettings.from_environ().dead_letter_queue_url)
