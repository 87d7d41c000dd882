"""The Go Solid partner's callbacks: its bailiff reports what happened on a case."""
from __future__ import annotations

from typing import Annotated, Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.caller import require_partner
from extra_services.gosolid.partner_events import PartnerEventIn, PartnerEventResultOut
from extra_services.gosolid.partner_wiring import partner_service
from extra_services.http.error_models import error_responses
from extra_services.http.resolver import create_resolver, current_caller
from extra_services.observability import logger, metrics

app = create_resolver()


@app.post("/v1/partners/go-solid/cases/<caseId>/events", tags=["Go Solid partner"],
          summary="An event on a case (summons served, payment, contestation, plan, PV, title, enforcement)",
          responses={200: {"description": "Applied, or a replay with no second effect (applied: false)"},
                     **error_responses(401, 403, 404, 409, 422, 503)})
def post_partner_event(
    caseId: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")],  # noqa: N803
    event: Annotated[PartnerEventIn, Body()],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", description=(
        "Identifies the event when the body has no eventId: a replay has no second effect"))] = None,
) -> PartnerEventResultOut:
    require_partner(current_caller(app), "go-solid")
    return partner_service().apply_partner_event(caseId, event, idempotency_key=idempotency_key)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
