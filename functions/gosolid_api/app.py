"""Go Solid routes of the channels: quote, submit, read and list cases, creditor reports, withdrawal."""
from __future__ import annotations

from typing import Annotated, Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.caller import require_channel_caller
from extra_services.gosolid.api_wiring import api_idempotency, api_service
from extra_services.gosolid.requests import CaseRequest, CreditorReportIn, WithdrawalIn
from extra_services.gosolid.responses import CaseListOut, CaseOut, QuoteOut
from extra_services.http.error_models import error_responses
from extra_services.http.resolver import create_resolver, current_caller
from extra_services.identifiers import EnterpriseNumber
from extra_services.observability import logger, metrics

app = create_resolver()

CaseId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", description=(
    "Same key and body within 24 h: the first response again, no second effect"))]


@app.post("/v1/go-solid/quotes", tags=["Go Solid"], summary="Amounts and expected timeline of a case; nothing stored",
          responses={200: {"description": "The amounts and the expected timeline"}, **error_responses(401, 403, 422)})
def post_quote(request: Annotated[CaseRequest, Body()]) -> QuoteOut:
    require_channel_caller(current_caller(app))
    return api_service().quote(request)


@app.post("/v1/go-solid/cases", tags=["Go Solid"], summary="Submit a case (screening follows)", status_code=202,
          responses={202: {"description": "The case, SUBMITTED: screening follows"},
                     **error_responses(401, 403, 409, 422, 503)})
def post_case(request: Annotated[CaseRequest, Body()], idempotency_key: IdempotencyKey = None) -> CaseOut:
    customer_id, channel = require_channel_caller(current_caller(app))
    return api_service().submit(customer_id, channel, request, idempotency_key=idempotency_key)


@app.get("/v1/go-solid/cases/<caseId>", tags=["Go Solid"], summary="A case: status, amounts, deadlines, timeline",
         responses={200: {"description": "The case"}, **error_responses(401, 403, 404, 422)})
def get_case(caseId: CaseId) -> CaseOut:  # noqa: N803
    customer_id, channel = require_channel_caller(current_caller(app))
    return api_service().get_case(customer_id, channel, caseId)


@app.get("/v1/go-solid/cases", tags=["Go Solid"], summary="A creditor enterprise's cases, newest first",
         responses={200: {"description": "One page of cases"}, **error_responses(401, 403, 422)})
def list_cases(
    creditorEnterpriseNumber: Annotated[EnterpriseNumber, Query(description="Any usual spelling")],  # noqa: N803
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    nextToken: Annotated[str | None, Query(max_length=1024)] = None,  # noqa: N803
) -> CaseListOut:
    customer_id, channel = require_channel_caller(current_caller(app))
    return api_service().list_cases(customer_id, channel, creditorEnterpriseNumber, limit=limit, next_token=nextToken)


@app.post("/v1/go-solid/cases/<caseId>/creditor-reports", tags=["Go Solid"],
          summary="Tell Go Solid the debtor contacted you, agreed something or paid you directly",
          responses={200: {"description": "The case with the report"},
                     **error_responses(401, 403, 404, 409, 422, 503)})
def post_creditor_report(caseId: CaseId, report: Annotated[CreditorReportIn, Body()],  # noqa: N803
                         idempotency_key: IdempotencyKey = None) -> CaseOut:
    customer_id, channel = require_channel_caller(current_caller(app))
    return api_service().report(customer_id, channel, caseId, report, idempotency_key=idempotency_key)


@app.post("/v1/go-solid/cases/<caseId>/withdrawal", tags=["Go Solid"], summary="Withdraw a case",
          responses={200: {"description": "The case, WITHDRAWN"},
                     **error_responses(401, 403, 404, 409, 422, 503)})
def post_withdrawal(caseId: CaseId, withdrawal: Annotated[WithdrawalIn, Body()],  # noqa: N803
                    idempotency_key: IdempotencyKey = None) -> CaseOut:
    customer_id, channel = require_channel_caller(current_caller(app))
    return api_service().withdraw(customer_id, channel, caseId, withdrawal, idempotency_key=idempotency_key)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    api_idempotency().register_lambda_context(context)
    return app.resolve(event, context)
