"""GET /v1/notifications: the person's inbox merged with the inboxes of the enterprises they may
act for today, newest first, paginated with one cursor per inbox inside nextToken."""
from __future__ import annotations

import base64
import binascii
import json
from typing import Protocol

from extra_services.caller import Channel
from extra_services.clock import iso_instant
from extra_services.errors import InvalidInput
from extra_services.notifications.models import (
    DEFAULT_LANGUAGE,
    InboxEntry,
    Language,
    NotificationListOut,
    NotificationOut,
)
from extra_services.notifications.repository import NotificationsRepository, sort_key

MAX_PAGE = 100


class EnterpriseAccess(Protocol):
    def usable_enterprises(self, customer_id: str, channel: Channel) -> list[str]:
        """Enterprise numbers the person may use the extra services for, now."""
        ...


class NotificationsService:
    def __init__(self, repository: NotificationsRepository, access: EnterpriseAccess) -> None:
        self.repository = repository
        self.access = access

    def inbox(self, customer_id: str, channel: Channel, *, language: Language = DEFAULT_LANGUAGE,
              limit: int = 20, next_token: str | None = None) -> NotificationListOut:
        limit = max(1, min(limit, MAX_PAGE))
        owners = [customer_id] + [f"ENTERPRISE#{n}" for n in self.access.usable_enterprises(customer_id, channel)]
        # Inboxes the person may no longer read drop out of the cursor silently.
        cursor = {o: s for o, s in _decode(next_token).items() if o in owners}
        fetched: list[InboxEntry] = []
        more: set[str] = set()
        for owner in owners:
            entries, has_more = self.repository.inbox_page(owner, limit=limit, before=cursor.get(owner))
            fetched += entries
            if has_more:
                more.add(owner)
        fetched.sort(key=sort_key, reverse=True)
        page, rest = fetched[:limit], fetched[limit:]
        for entry in page:
            cursor[entry.owner] = sort_key(entry)
        more |= {entry.owner for entry in rest}
        return NotificationListOut(
            items=[_out(entry, language) for entry in page],
            next_token=_encode(cursor) if more else None)


def _out(entry: InboxEntry, language: Language) -> NotificationOut:
    text = entry.texts.pick(language)
    return NotificationOut(id=entry.id, at=iso_instant(entry.at), type=entry.type,
                           enterprise_number=entry.enterprise_number, title=text.title, body=text.body,
                           link=entry.link)


def _encode(cursor: dict[str, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(cursor, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(token: str | None) -> dict[str, str]:
    if not token:
        return {}
    invalid = InvalidInput("nextToken is not valid; start again without it.",
                           details=[{"field": "query.nextToken", "message": "not a token this list returned"}])
    try:
        cursor = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise invalid from exc
    if not isinstance(cursor, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and len(v) <= 300 for k, v in cursor.items()):
        raise invalid
    return {str(k): str(v) for k, v in cursor.items()}
