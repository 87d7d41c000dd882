"""The notifier's writes (once per event) and the inbox a person reads: their own plus the
inboxes of the enterprises they may act for, newest first, page after page."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from extra_services.caller import Channel
from extra_services.domain_events import DomainEvent
from extra_services.errors import InvalidInput
from extra_services.notifications.models import InboxEntry, Language, Text, Texts
from extra_services.notifications.notifier import Notifier, domain_event_from_eventbridge
from extra_services.notifications.repository import NotificationsRepository
from extra_services.notifications.service import NotificationsService
from tests.integration.gosolid.conftest import NOTIFICATIONS_TABLE

T0 = datetime(2026, 3, 16, 10, tzinfo=UTC)


class Access:
    def __init__(self, enterprises: list[str]) -> None:
        self.enterprises = enterprises

    def usable_enterprises(self, customer_id: str, channel: Channel) -> list[str]:
        return self.enterprises


@pytest.fixture
def store(tables: None) -> NotificationsRepository:
    return NotificationsRepository(NOTIFICATIONS_TABLE)


def entry(owner: str, minutes: int, name: str) -> InboxEntry:
    text = Text(title=name, body=name)
    return InboxEntry(id=name, at=T0 + timedelta(minutes=minutes), type="T", owner=owner,
                      enterprise_number=None, texts=Texts(fr=text, nl=text, en=text))


def accepted_event() -> DomainEvent:
    return domain_event_from_eventbridge({"source": "extra-services.gosolid", "detail-type": "CaseAccepted", "detail": {
        "eventId": "case-1-2", "occurredAt": "2026-03-16T10:30:00Z", "caseId": "case-1",
        "creditorEnterpriseNumber": "0403170701", "submittedBy": "C-1", "debtorName": "Débiteur SA",
        "summonsServiceDue": "2026-03-20T16:00:00Z"}})


def test_a_redelivered_event_is_written_once(store: NotificationsRepository) -> None:
    notifier = Notifier(store)
    first = notifier.notify(accepted_event())
    again = notifier.notify(accepted_event())
    assert (first.inbox_written, first.outbox_written, again.duplicates) == (1, 1, 2)
    entries, more = store.inbox_page("ENTERPRISE#0403170701", limit=10)
    assert [e.id for e in entries] == ["case-1-2"] and more is False


def test_the_outbox_holds_the_email_for_the_sending_adapter(store: NotificationsRepository) -> None:
    import boto3
    Notifier(store).notify(accepted_event())
    items = boto3.client("dynamodb").query(TableName=NOTIFICATIONS_TABLE, KeyConditionExpression="pk = :pk",
                                           ExpressionAttributeValues={":pk": {"S": "OUTBOX"}})["Items"]
    assert [(i["channel"]["S"], i["recipientCustomerId"]["S"], i["status"]["S"]) for i in items] == [
        ("EMAIL", "C-1", "PENDING")]


def test_a_person_reads_their_own_and_their_enterprises_inboxes_newest_first(store: NotificationsRepository) -> None:
    for owner, minutes, name in [("C-1", 1, "mine-1"), ("ENTERPRISE#0403170701", 2, "ent-2"), ("C-1", 3, "mine-3"),
                                 ("ENTERPRISE#0403170701", 4, "ent-4"), ("ENTERPRISE#0202239951", 5, "other")]:
        store.add_to_inbox(entry(owner, minutes, name))
    service = NotificationsService(store, Access(["0403170701"]))
    first = service.inbox("C-1", Channel.MOBILE, limit=3)
    assert [i.id for i in first.items] == ["ent-4", "mine-3", "ent-2"]
    second = service.inbox("C-1", Channel.MOBILE, limit=3, next_token=first.next_token)
    assert [i.id for i in second.items] == ["mine-1"]
    assert second.next_token is None


def test_an_enterprise_the_person_may_no_longer_act_for_drops_out(store: NotificationsRepository) -> None:
    store.add_to_inbox(entry("ENTERPRISE#0403170701", 1, "ent"))
    assert NotificationsService(store, Access([])).inbox("C-1", Channel.MOBILE).items == []


def test_texts_are_given_in_the_language_asked(store: NotificationsRepository) -> None:
    Notifier(store).notify(accepted_event())
    items = NotificationsService(store, Access(["0403170701"])).inbox("C-1", Channel.MOBILE, language=Language.NL)
    assert items.items[0].title == "Go Solid: dossier aanvaard"
    assert items.items[0].link == "/v1/go-solid/cases/case-1"


def test_a_tampered_inbox_token_is_refused(store: NotificationsRepository) -> None:
    with pytest.raises(InvalidInput):
        NotificationsService(store, Access([])).inbox("C-1", Channel.MOBILE, next_token="%%%")
