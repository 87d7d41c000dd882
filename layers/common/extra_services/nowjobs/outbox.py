"""The NOWJOBS Outbox port on the notifications context's outbox (NotificationsTable, pk=OUTBOX), read by
the sending adapter in AWS and by GET /_local/outbox locally.

An adapter of its own rather than NotificationsRepository.add_to_outbox: NOWJOBS writes to an *address*
(the company's contact e-mail, a worker's phone for an invitation) and sends WhatsApp, where the
notifications model has a customer id as recipient and only EMAIL/SMS. The item keeps the notifications
keys (id, at, type, channel, status) and adds recipient, subject, body and reference.

Once per reference: a guard row OUTBOX_REFERENCE#{reference} is written in the same transaction, so a
repeated send (a replayed partner event, a retried schedule) queues nothing twice whatever the time."""
from __future__ import annotations

from botocore.exceptions import ClientError

from extra_services.aws_clients import client
from extra_services.clock import Clock, iso_instant
from extra_services.dynamo import is_condition_failure, key, throttling_is_503, to_item
from extra_services.nowjobs.ports import OutboxChannel

OUTBOX = "OUTBOX"
REFERENCE_GUARD = "OUTBOX_REFERENCE"


class NotificationsOutbox:
    def __init__(self, table_name: str, clock: Clock) -> None:
        self.table = table_name
        self.clock = clock

    def send(self, channel: OutboxChannel, recipient: str, subject: str, body: str, reference: str, *,
             kind: str = "NOWJOBS") -> None:
        at = iso_instant(self.clock.now())
        message = {"pk": OUTBOX, "sk": f"{at}#{reference}", "id": reference, "at": at, "type": kind,
                   "channel": channel.value, "recipient": recipient, "status": "PENDING", "subject": subject,
                   "body": body, "reference": reference}
        new = "attribute_not_exists(pk)"
        try:
            with throttling_is_503():
                client("dynamodb").transact_write_items(TransactItems=[
                    {"Put": {"TableName": self.table, "ConditionExpression": new,
                             "Item": key(f"{REFERENCE_GUARD}#{reference}", REFERENCE_GUARD)}},
                    {"Put": {"TableName": self.table, "ConditionExpression": new, "Item": to_item(message)}}])
        except ClientError as exc:
            if not is_condition_failure(exc):
                raise
