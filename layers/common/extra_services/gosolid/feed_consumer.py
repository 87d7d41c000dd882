"""The registry and credit-bureau feed consumer: validate, keep the newest fact, or dead-letter."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from pydantic import ValidationError

from extra_services.dead_letters import DeadLetters
from extra_services.gosolid.facts import FactRepository
from extra_services.gosolid.feeds import feed_event
from extra_services.observability import logger, metrics


def consume(event: dict[str, Any], facts: FactRepository, dead_letters: DeadLetters) -> dict[str, str]:
    detail_type = str(event.get("detail-type", ""))
    context = {"eventId": str(event.get("id", "")), "detailType": detail_type[:64]}
    try:
        fact = feed_event(detail_type, dict(event.get("detail") or {}), _received_at(event))
    except ValidationError as exc:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                    for e in exc.errors(include_input=False, include_url=False)]
        return _reject(event, dead_letters, "INVALID_EVENT", problems, context)
    if fact is None:
        return _reject(event, dead_letters, "UNKNOWN_EVENT_TYPE", [f"unknown detail-type {detail_type[:64]!r}"],
                       context)
    outcome = "applied" if facts.put_fact(fact) else "superseded"
    metrics.add_metric(name=f"GoSolidFeedFact{outcome.capitalize()}", unit=MetricUnit.Count, value=1)
    logger.info("registry / credit-bureau fact consumed", extra={**context, "outcome": outcome})
    return {"outcome": outcome}


def _received_at(event: dict[str, Any]) -> datetime:
    try:
        at = datetime.fromisoformat(str(event["time"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return datetime.min.replace(tzinfo=UTC)    # an envelope without a time loses to any dated fact
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _reject(event: dict[str, Any], dead_letters: DeadLetters, reason: str, problems: list[str],
            context: dict[str, str]) -> dict[str, str]:
    dead_letters.send(event, reason, problems)
    metrics.add_metric(name="GoSolidFeedEventDeadLettered", unit=MetricUnit.Count, value=1)
    logger.warning("feed event dead-lettered", extra={**context, "reason": reason, "problems": problems})
    return {"outcome": "dead-lettered", "reason": reason}
