"""Inbox entries (read by the channels, GET /v1/notifications) and outbox messages (e-mail/SMS
for the sending adapter). Texts are stored in French, Dutch and English; the reader picks one.

Who receives what (docs/decisions/gosolid-case-lifecycle.md):
- a case notification goes to the inbox of the creditor *enterprise*, read by every person who
  may use the services for that enterprise at reading time (a revoked mandate stops access at
  once, a new one sees the history); the person's own inbox holds personal notifications;
- the e-mail goes to the person who submitted the case (the sending adapter resolves the
  address from the customer id) and says only that there is news: no names, no amounts."""
from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict

from extra_services.api_models import ApiModel


class Language(StrEnum):
    FR = "fr"
    NL = "nl"
    EN = "en"


DEFAULT_LANGUAGE = Language.FR  # CBC is the bank's French-speaking brand


class _Value(BaseModel):
    # defer_build: each function builds the models its path uses on first use (the inbox route never builds
    # the outbox message's, the notifier never the inbox page's).
    model_config = ConfigDict(frozen=True, defer_build=True)


class Text(_Value):
    title: str
    body: str


class Texts(_Value):
    fr: Text
    nl: Text
    en: Text

    def pick(self, language: Language) -> Text:
        return {Language.FR: self.fr, Language.NL: self.nl, Language.EN: self.en}[language]


class InboxEntry(_Value):
    id: str
    at: AwareDatetime
    type: str
    owner: str                 # "ENTERPRISE#{number}" or a customer id
    enterprise_number: str | None
    texts: Texts
    link: str | None = None


class OutboxChannel(StrEnum):
    EMAIL = "EMAIL"
    SMS = "SMS"


class OutboxMessage(_Value):
    id: str
    at: AwareDatetime
    type: str
    channel: OutboxChannel
    recipient_customer_id: str
    enterprise_number: str | None
    texts: Texts               # title = e-mail subject


class Notifications(_Value):
    """What one domain event turns into."""

    inbox: tuple[InboxEntry, ...] = ()
    outbox: tuple[OutboxMessage, ...] = ()


class NotificationOut(ApiModel):
    id: str
    at: str
    type: str
    enterprise_number: str | None
    title: str
    body: str
    link: str | None


class NotificationListOut(ApiModel):
    items: list[NotificationOut]
    next_token: str | None = None

