"""Collaborators of the notifier function (cold start only)."""
from __future__ import annotations

from functools import cache

from extra_services.dead_letters import DeadLetters
from extra_services.notifications.notifier import Notifier
from extra_services.notifications.repository import NotificationsRepository
from extra_services.notifications.settings import NotificationsSettings, NotifierSettings


@cache
def notifier() -> Notifier:
    return Notifier(NotificationsRepository(NotificationsSettings.from_environ().table))


@cache
def notifier_dead_letters() -> DeadLetters:
    return DeadLetters(NotifierSettings.from_environ().dead_letter_queue_url)
