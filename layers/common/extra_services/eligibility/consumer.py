"""The core-banking event consumer: validate, apply, or dead-letter — and keep going."""
from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from pydantic import ValidationError

from extra_services.dead_letters import DeadLetters
from extra_services.eligibility.event_applier import EventApplier
from extra_services.eligibility.events import EVENT_TYPES
from extra_services.observability import logger, metrics


def consume(event: dict[str, Any], applier: EventApplier, dead_letters: DeadLetters) -> dict[str, str]:
    detail_type = str(event.get("detail-type", ""))
    model = EVENT_TYPES.get(detail_type)
    context = {"eventId": str(event.get("id", "")), "detailType": detail_type[:64]}
    if model is None:
        return _reject(event, dead_letters, "UNKNOWN_EVENT_TYPE", [f"unknown detail-type {detail_type[:64]!r}"],
                       context)
    try:
        fact = model.model_validate(event.get("detail") or {})
    except ValidationError as exc:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                    for e in exc.errors(include_input=False, include_url=False)]
        return _reject(event, dead_letters, "INVALID_EVENT", problems, context)
    outcome = applier.apply(fact)
    metrics.add_metric(name=f"CoreBankingEvent{outcome.value.capitalize()}", unit=MetricUnit.Count, value=1)
    logger.info("core-banking event consumed", extra={**context, "outcome": outcome.value})
    return {"outcome": outcome.value}


def _reject(event: dict[str, Any], dead_letters: DeadLetters, reason: str, problems: list[str],
            context: dict[str, str]) -> dict[str, str]:
    dead_letters.send(event, reason, problems)
    metrics.add_metric(name="CoreBankingEventDeadLettered", unit=MetricUnit.Count, value=1)
    logger.warning("core-banking event dead-lettered", extra={**context, "reason": reason, "problems": problems})
    return {"outcome": "dead-lettered", "reason": reason}
