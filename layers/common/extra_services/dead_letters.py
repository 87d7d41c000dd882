"""Events the consumers cannot use go to a dead-letter queue, whole, for a person to inspect
and replay; the log only says that it happened (no personal data)."""
from __future__ import annotations

import json
from typing import Any

from extra_services.aws_clients import client


class DeadLetters:
    def __init__(self, queue_url: str) -> None:
        self.queue_url = queue_url

    def send(self, event: dict[str, Any], reason: str, problems: list[str]) -> None:
        client("sqs").send_message(QueueUrl=self.queue_url, MessageBody=json.dumps(
            {"reason": reason, "problems": problems, "event": event}, default=str))
