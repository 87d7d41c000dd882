"""Outbound domain events on the project's EventBridge bus (CaseAccepted, SummonsRequested, ...).

Partners and the notifier are driven by these; the detail is a JSON object in camelCase."""
from __future__ import annotations

import json
from typing import Any

from msgspec import Struct

from extra_services.aws_clients import client
from extra_services.dynamo import throttling_is_503


class DomainEvent(Struct, frozen=True):
    source: str          # e.g. "extra-services.gosolid"
    detail_type: str     # e.g. "CaseAccepted"
    detail: dict[str, Any]


class PublishFailed(RuntimeError):
    """EventBridge refused an entry (the caller retries: events are published idempotently by id)."""


class DomainEventPublisher:
    def __init__(self, bus_name: str) -> None:
        self.bus_name = bus_name

    def publish(self, *events: DomainEvent) -> None:
        for start in range(0, len(events), 10):          # PutEvents takes at most 10 entries
            batch = events[start:start + 10]
            with throttling_is_503():
                answer = client("events").put_events(Entries=[
                    {"EventBusName": self.bus_name, "Source": e.source, "DetailType": e.detail_type,
                     "Detail": json.dumps(e.detail, default=str)} for e in batch])
            if answer.get("FailedEntryCount"):
                codes = sorted({str(r.get("ErrorCode")) for r in answer.get("Entries", []) if r.get("ErrorCode")})
                raise PublishFailed(f"{answer['FailedEntryCount']} event(s) refused: {', '.join(codes)}")
