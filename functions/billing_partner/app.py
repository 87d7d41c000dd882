"""The bank partner's direct-debit results: settled, or returned with an ISO 20022 reason code."""
from __future__ import annotations

from typing import Annotated, Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.billing.api_models import DirectDebitResultsIn, DirectDebitResultsOut
from extra_services.billing.settlement_wiring import settlement
from extra_services.caller import require_partner
from extra_services.http.error_models import error_responses
from extra_services.http.resolver import create_resolver, current_caller
from extra_services.observability import logger, metrics

app = create_resolver()


@app.post("/v1/partners/bank/direct-debit-results", tags=["Bank partner"],
          summary="Results of a submitted batch: each collection SETTLED or RETURNED (a repeat has no effect)",
          responses=error_responses(401, 403, 404, 409, 422, 503))
def post_direct_debit_results(message: Annotated[DirectDebitResultsIn, Body()]) -> DirectDebitResultsOut:
    require_partner(current_caller(app), "bank")
    return settlement().apply(message)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
