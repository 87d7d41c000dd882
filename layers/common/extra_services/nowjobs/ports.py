"""What the NOWJOBS use cases need from the outside, as small interfaces: the wiring plugs the real
adapters in, tests pass fakes."""
from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from msgspec import Struct

from extra_services.caller import Channel
from extra_services.domain_events import DomainEvent


class OutboxChannel(StrEnum):
    EMAIL = "EMAIL"
    SMS = "SMS"
    WHATSAPP = "WHATSAPP"


class Outbox(Protocol):
    def send(self, channel: OutboxChannel, recipient: str, subject: str, body: str, reference: str, *,
             kind: str = "NOWJOBS") -> None:
        """Queue one message; `reference` is unique per message, so a retried send is not sent twice;
        `kind` says what it is (NOWJOBS_INVITATION...) to the sending adapter and the reader."""


class EventPublisher(Protocol):
    def publish(self, *events: DomainEvent) -> None: ...


class UsableCheck(Protocol):
    """EligibilityService.require_usable: Forbidden when the person may not commit the enterprise."""

    def require_usable(self, customer_id: str, channel: Channel, enterprise_number: str) -> None: ...


class Actor(Struct, frozen=True):
    """The person acting through a channel, as the authorizer established it."""

    customer_id: str
    channel: Channel
