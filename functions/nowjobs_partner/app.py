"""NOWJOBS partner callbacks: the Digital Business Partner's verdicts, applications, the worker's answer
and the Dimona, invitations being opened. Partner credential "nowjobs" only."""
from __future__ import annotations

from typing import Annotated, Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.caller import require_partner
from extra_services.http.error_models import error_responses
from extra_services.http.resolver import create_resolver, current_caller
from extra_services.nowjobs.fields import Id
from extra_services.nowjobs.partner_models import (
    ApplicationCreatedOut,
    ApplicationIn,
    CompanyEventIn,
    ContractEventIn,
    InvitationTargetOut,
)
from extra_services.nowjobs.response_models import CompanyOut, ContractOut
from extra_services.nowjobs.service_wiring import partner_services
from extra_services.observability import logger, metrics

app = create_resolver()
TAGS = ["NOWJOBS partner"]
PARTNER = "nowjobs"
# A partner that sends no eventId may send Idempotency-Key: it then identifies the event.
EventKey = Annotated[Id | None, Header(alias="Idempotency-Key", description="The event's id when the body has no "
                                                                            "eventId: a repeat has no second effect")]


@app.post("/v1/partners/nowjobs/companies/<companyId>/events", tags=TAGS,
          summary="VERIFIED, REFUSED {reason} or ACTIVATED from the Digital Business Partner",
          responses=error_responses(401, 403, 404, 409, 422))
def company_event(companyId: Annotated[Id, Path()], request: Annotated[CompanyEventIn, Body()],  # noqa: N803
                  idempotency_key: EventKey = None) -> CompanyOut:
    require_partner(current_caller(app), PARTNER)
    if request.event_id is None and idempotency_key is not None:
        request = request.model_copy(update={"event_id": idempotency_key})
    return CompanyOut.of(partner_services().companies.apply_partner_event(companyId, request))


@app.post("/v1/partners/nowjobs/job-offers/<offerId>/applications", tags=TAGS,
          summary="A worker applies (the same worker again: the first applicationId)",
          responses=error_responses(401, 403, 404, 409, 422))
def application(offerId: Annotated[Id, Path()], request: Annotated[ApplicationIn, Body()]) -> ApplicationCreatedOut:  # noqa: N803
    require_partner(current_caller(app), PARTNER)
    return ApplicationCreatedOut.of(partner_services().hiring.record_application(offerId, request))


@app.post("/v1/partners/nowjobs/contracts/<contractId>/events", tags=TAGS,
          summary="ACCEPTED, DECLINED, DIMONA_CONFIRMED, DIMONA_REJECTED, CANCELLATION_AGREED or CANCELLATION_REFUSED",
          responses=error_responses(401, 403, 404, 409, 422))
def contract_event(contractId: Annotated[Id, Path()], request: Annotated[ContractEventIn, Body()],  # noqa: N803
                   idempotency_key: EventKey = None) -> ContractOut:
    require_partner(current_caller(app), PARTNER)
    if request.event_id is None and idempotency_key is not None:
        request = request.model_copy(update={"event_id": idempotency_key})
    return ContractOut.of(partner_services().contracts.apply_partner_event(contractId, request))


@app.get("/v1/partners/nowjobs/invitations/<invitationId>", tags=TAGS,
         summary="Where an invitation link leads (404 unknown, 409 expired)",
         responses=error_responses(401, 403, 404, 409, 422))
def open_invitation(invitationId: Annotated[Id, Path()]) -> InvitationTargetOut:  # noqa: N803
    require_partner(current_caller(app), PARTNER)
    return InvitationTargetOut.of(*partner_services().hiring.open_invitation(invitationId))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
