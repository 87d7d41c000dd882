"""Collaborators of the notifications route (cold start only); the notifier's are in notifier_wiring."""
from __future__ import annotations

from functools import cache

from extra_services.caller import Channel
from extra_services.eligibility import rules
from extra_services.eligibility.views import EligibilityViews
from extra_services.notifications.repository import NotificationsRepository
from extra_services.notifications.service import NotificationsService
from extra_services.notifications.settings import NotificationsApiSettings


class EligibilityAccess:
    """The enterprises of the person's eligibility overview that are usable, decided by the eligibility rules
    on the person's view (the overview's API models are not needed for that)."""

    def __init__(self, views: EligibilityViews) -> None:
        self.views = views

    def usable_enterprises(self, customer_id: str, channel: Channel) -> list[str]:
        overview = rules.overview(self.views.customer_view(customer_id), channel)
        return [e.enterprise_number for e in overview.enterprises if e.usable]


@cache
def notifications_service() -> NotificationsService:
    settings = NotificationsApiSettings.from_environ()
    return NotificationsService(NotificationsRepository(settings.table),
                                EligibilityAccess(EligibilityViews(settings.eligibility_table)))
