"""The notifier: domain events in, inbox entries and outbox messages out (one path for every
context; Go Solid is the first). Idempotent: a redelivered event writes nothing twice."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from msgspec import Struct

from extra_services.domain_events import DomainEvent
from extra_services.gosolid.case_events import SOURCE as GO_SOLID
from extra_services.notifications.messages import go_solid_notifications
from extra_services.notifications.models import Notifications
from extra_services.notifications.repository import NotificationsRepository


class Notified(Struct, frozen=True):
    inbox_written: int
    outbox_written: int
    duplicates: int


def domain_event_from_eventbridge(envelope: Mapping[str, Any]) -> DomainEvent:
    """The EventBridge envelope a rule delivers to the notifier Lambda."""
    return DomainEvent(source=str(envelope["source"]), detail_type=str(envelope["detail-type"]),
                       detail=dict(envelope["detail"]))


def notifications_for(event: DomainEvent) -> Notifications:
    if event.source == GO_SOLID:
        return go_solid_notifications(event.detail_type, event.detail)
    return Notifications()


class Notifier:
    def __init__(self, repository: NotificationsRepository) -> None:
        self.repository = repository

    def notify(self, event: DomainEvent) -> Notified:
        return self.deliver(notifications_for(event))

    def deliver(self, wanted: Notifications) -> Notified:
        inbox = sum(self.repository.add_to_inbox(entry) for entry in wanted.inbox)
        outbox = sum(self.repository.add_to_outbox(message) for message in wanted.outbox)
        return Notified(inbox, outbox, len(wanted.inbox) + len(wanted.outbox) - inbox - outbox)
