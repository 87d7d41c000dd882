"""The notifier's event consumer: a domain event in, its inbox entries and e-mails out; an event
whose detail lacks what its texts need goes whole to the dead-letter queue."""
from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from extra_services.dead_letters import DeadLetters
from extra_services.notifications.notifier import Notifier, domain_event_from_eventbridge, notifications_for
from extra_services.observability import logger, metrics


def consume(envelope: dict[str, Any], notifier: Notifier, dead_letters: DeadLetters) -> dict[str, Any]:
    context = {"eventId": str(envelope.get("id", "")), "detailType": str(envelope.get("detail-type", ""))[:64]}
    try:
        wanted = notifications_for(domain_event_from_eventbridge(envelope))
    except (KeyError, ValueError, TypeError) as exc:
        # the message may quote the detail (personal data): log the kind of problem only
        dead_letters.send(envelope, "INVALID_EVENT", [type(exc).__name__])
        metrics.add_metric(name="NotificationEventDeadLettered", unit=MetricUnit.Count, value=1)
        logger.warning("domain event dead-lettered", extra={**context, "problem": type(exc).__name__})
        return {"outcome": "dead-lettered"}
    notified = notifier.deliver(wanted)
    logger.info("notified", extra={**context, "inbox": notified.inbox_written, "outbox": notified.outbox_written,
                                   "duplicates": notified.duplicates})
    return {"outcome": "notified", "inbox": notified.inbox_written, "outbox": notified.outbox_written}
