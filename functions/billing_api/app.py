"""NOWJOBS billing routes: a company's invoices and one invoice (channels), a batch's pain.008 (the bank)."""
from __future__ import annotations

from typing import Annotated, Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.billing.api_models import BatchId, InvoiceOut, InvoicePageOut
from extra_services.billing.reads_wiring import reads
from extra_services.caller import require_channel_caller, require_partner
from extra_services.http.error_models import error_responses
from extra_services.http.resolver import create_resolver, current_caller
from extra_services.nowjobs.fields import Id
from extra_services.nowjobs.ports import Actor
from extra_services.observability import logger, metrics

app = create_resolver()
TAGS = ["NOWJOBS billing"]
PAIN008 = {200: {"description": "The ISO 20022 pain.008.001.02 file, as submitted",
                 "content": {"application/xml": {"schema": {"type": "string"}}}}}


def _actor() -> Actor:
    customer_id, channel = require_channel_caller(current_caller(app))
    return Actor(customer_id, channel)


@app.get("/v1/nowjobs/companies/<companyId>/invoices", tags=TAGS, summary="The company's invoices, newest first",
         responses=error_responses(401, 403, 404, 422))
def list_invoices(companyId: Annotated[Id, Path()],  # noqa: N803
                  limit: Annotated[int, Query(ge=1, le=100)] = 20,
                  next_token: Annotated[str | None, Query(alias="nextToken", max_length=2000)] = None,
                  ) -> InvoicePageOut:
    return reads().invoices_of_company(_actor(), companyId, limit=limit, next_token=next_token)


@app.get("/v1/nowjobs/invoices/<invoiceId>", tags=TAGS, summary="An invoice, its lines and its direct debit",
         responses=error_responses(401, 403, 404, 422))
def get_invoice(invoiceId: Annotated[Id, Path()]) -> InvoiceOut:  # noqa: N803
    return reads().invoice(_actor(), invoiceId)


@app.get("/v1/ops/direct-debit-batches/<batchId>/pain008", tags=["Operations"],
         summary="A submitted batch's pain.008 file (bank credential)",
         responses={**PAIN008, **error_responses(401, 403, 404, 409, 422)})
def get_pain008(batchId: Annotated[BatchId, Path()]) -> Response[str]:  # noqa: N803
    require_partner(current_caller(app), "bank")
    return Response(status_code=200, content_type="application/xml", body=reads().pain008(batchId).decode())


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
