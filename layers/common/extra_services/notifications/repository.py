"""DynamoDB access for notifications (table NotificationsTable).

pk=INBOX#{customerId}              sk={at}#{id}   a person's own notifications
pk=INBOX#ENTERPRISE#{number}       sk={at}#{id}   an enterprise's notifications (Go Solid cases)
pk=OUTBOX                          sk={at}#{id}   e-mails and SMS for the sending adapter

Customer ids never contain '#', so the two inbox kinds cannot collide. Writes are conditional
on the key: a redelivered domain event (same id, same time) writes nothing twice."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from extra_services.aws_clients import client
from extra_services.clock import iso_instant
from extra_services.dynamo import from_item, is_condition_failure, throttling_is_503, to_item
from extra_services.notifications.models import InboxEntry, OutboxMessage, Texts

OUTBOX = "OUTBOX"


def inbox_key(owner: str) -> str:
    return f"INBOX#{owner}"


class NotificationsRepository:
    def __init__(self, table_name: str) -> None:
        self.table = table_name

    def add_to_inbox(self, entry: InboxEntry) -> bool:
        return self._put_new({
            "pk": inbox_key(entry.owner), "sk": f"{iso_instant(entry.at)}#{entry.id}", "id": entry.id,
            "at": iso_instant(entry.at), "type": entry.type, "enterpriseNumber": entry.enterprise_number,
            "link": entry.link, "texts": entry.texts.model_dump()})

    def add_to_outbox(self, message: OutboxMessage) -> bool:
        return self._put_new({
            "pk": OUTBOX, "sk": f"{iso_instant(message.at)}#{message.id}", "id": message.id,
            "at": iso_instant(message.at), "type": message.type, "channel": message.channel.value,
            "recipientCustomerId": message.recipient_customer_id, "enterpriseNumber": message.enterprise_number,
            "status": "PENDING", "texts": message.texts.model_dump()})

    def inbox_page(self, owner: str, *, limit: int, before: str | None = None) -> tuple[list[InboxEntry], bool]:
        """Newest first, strictly older than the sort key `before`; True when more remain."""
        values: dict[str, Any] = {":pk": {"S": inbox_key(owner)}}
        condition = "pk = :pk"
        if before:
            condition += " AND sk < :before"
            values[":before"] = {"S": before}
        with throttling_is_503():
            answer = client("dynamodb").query(TableName=self.table, KeyConditionExpression=condition,
                                              ExpressionAttributeValues=values, ScanIndexForward=False, Limit=limit)
        entries = [_entry(from_item(item), owner) for item in answer.get("Items", [])]
        return entries, "LastEvaluatedKey" in answer

    def _put_new(self, values: dict[str, Any]) -> bool:
        try:
            with throttling_is_503():
                client("dynamodb").put_item(TableName=self.table, Item=to_item(values),
                                            ConditionExpression="attribute_not_exists(pk)")
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise
        return True


def sort_key(entry: InboxEntry) -> str:
    return f"{iso_instant(entry.at)}#{entry.id}"


def _entry(row: dict[str, Any], owner: str) -> InboxEntry:
    return InboxEntry(id=str(row["id"]), at=datetime.fromisoformat(str(row["at"])), type=str(row["type"]),
                      owner=owner, enterprise_number=row.get("enterpriseNumber"),
                      texts=Texts.model_validate(row["texts"]), link=row.get("link"))
