"""NOWJOBS channel routes: companies, job offers, invitations, candidates, contracts, hours, ratings, quotes."""
from __future__ import annotations

from typing import Annotated, Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.caller import require_channel_caller
from extra_services.http.error_models import error_responses
from extra_services.http.resolver import create_resolver, current_caller
from extra_services.identifiers import EnterpriseNumber
from extra_services.nowjobs.channel_responses import (
    ApplicationOut,
    ApplicationPage,
    CompanyPage,
    ContractPage,
    ContractProposalOut,
    InvitationOut,
    JobOfferCreatedOut,
    JobOfferOut,
    JobOfferPage,
    RatingOut,
    RegistrationOut,
    TimesheetOut,
    TimesheetPage,
)
from extra_services.nowjobs.fields import Id
from extra_services.nowjobs.ports import Actor
from extra_services.nowjobs.request_models import (
    CancellationIn,
    CompanyRegistrationIn,
    ContractProposalIn,
    InvitationIn,
    JobOfferIn,
    RatingIn,
    TimesheetIn,
    WageQuoteIn,
)
from extra_services.nowjobs.response_models import CompanyOut, ContractOut, WageQuoteOut
from extra_services.nowjobs.wiring import idempotency, once, services
from extra_services.observability import logger, metrics

app = create_resolver()
TAGS = ["NOWJOBS"]
IdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", description="Same key and body within 24 h: the first answer, no second effect")]
Limit = Annotated[int, Query(ge=1, le=100)]
NextToken = Annotated[str | None, Query(alias="nextToken", max_length=2000)]


def _actor() -> Actor:
    customer_id, channel = require_channel_caller(current_caller(app))
    return Actor(customer_id, channel)


# ------------------------------------------------------------------------------------------ companies
@app.post("/v1/nowjobs/companies", tags=TAGS, status_code=201, summary="Register the enterprise with NOWJOBS",
          responses=error_responses(401, 403, 409, 422))
def register_company(request: Annotated[CompanyRegistrationIn, Body()],
                     idempotency_key: IdempotencyKey = None) -> RegistrationOut:
    actor = _actor()
    return once("register", actor, idempotency_key, request,
                run=lambda: RegistrationOut.of(services().companies.register(actor, request,
                                                                             idempotency_key=idempotency_key)),
                answer=RegistrationOut)


@app.get("/v1/nowjobs/companies", tags=TAGS, summary="The enterprise's NOWJOBS registrations",
         responses=error_responses(401, 403, 422))
def companies_of_enterprise(enterpriseNumber: Annotated[EnterpriseNumber, Query()]) -> CompanyPage:  # noqa: N803
    return CompanyPage(items=[CompanyOut.of(c) for c in services().companies.of_enterprise(_actor(), enterpriseNumber)])


@app.get("/v1/nowjobs/companies/<companyId>", tags=TAGS, summary="A company and its onboarding status",
         responses=error_responses(401, 403, 404, 422))
def get_company(companyId: Annotated[Id, Path()]) -> CompanyOut:  # noqa: N803
    return CompanyOut.of(services().companies.get(_actor(), companyId))


# --------------------------------------------------------------------------------------------- offers
@app.post("/v1/nowjobs/companies/<companyId>/job-offers", tags=TAGS, status_code=201,
          summary="Publish a job offer (active companies)", responses=error_responses(401, 403, 404, 409, 422))
def create_job_offer(companyId: Annotated[Id, Path()], request: Annotated[JobOfferIn, Body()],  # noqa: N803
                     idempotency_key: IdempotencyKey = None) -> JobOfferCreatedOut:
    actor = _actor()
    return once(f"offer {companyId}", actor, idempotency_key, request,
                run=lambda: JobOfferCreatedOut.of(services().hiring.create_offer(actor, companyId, request,
                                                                                 idempotency_key=idempotency_key)),
                answer=JobOfferCreatedOut)


@app.get("/v1/nowjobs/companies/<companyId>/job-offers", tags=TAGS, summary="The company's job offers, newest first",
         responses=error_responses(401, 403, 404, 422))
def list_job_offers(companyId: Annotated[Id, Path()], limit: Limit = 20,  # noqa: N803
                    next_token: NextToken = None) -> JobOfferPage:
    page = services().hiring.list_offers(_actor(), companyId, limit=limit, next_token=next_token)
    return JobOfferPage(items=[JobOfferOut.of(o) for o in page.items], next_token=page.next_token)


@app.get("/v1/nowjobs/job-offers/<offerId>", tags=TAGS, summary="A job offer",
         responses=error_responses(401, 403, 404, 422))
def get_job_offer(offerId: Annotated[Id, Path()]) -> JobOfferOut:  # noqa: N803
    return JobOfferOut.of(services().hiring.get_offer(_actor(), offerId))


@app.post("/v1/nowjobs/companies/<companyId>/invitations", tags=TAGS,
          summary="Invite a worker by QR code, SMS, WhatsApp or e-mail",
          responses=error_responses(401, 403, 404, 409, 422))
def create_invitation(companyId: Annotated[Id, Path()], request: Annotated[InvitationIn, Body()],  # noqa: N803
                      idempotency_key: IdempotencyKey = None) -> InvitationOut:
    actor = _actor()
    return once(f"invite {companyId}", actor, idempotency_key, request,
                run=lambda: InvitationOut.of(services().hiring.create_invitation(actor, companyId, request,
                                                                                 idempotency_key=idempotency_key)),
                answer=InvitationOut)


@app.get("/v1/nowjobs/job-offers/<offerId>/applications", tags=TAGS,
         summary="The candidates, newest first, each with its cost quote",
         responses=error_responses(401, 403, 404, 422))
def list_applications(offerId: Annotated[Id, Path()], limit: Limit = 20,  # noqa: N803
                      next_token: NextToken = None) -> ApplicationPage:
    page = services().hiring.list_applications(_actor(), offerId, limit=limit, next_token=next_token)
    return ApplicationPage(items=[ApplicationOut.of(c) for c in page.items], next_token=page.next_token)


@app.post("/v1/nowjobs/wage-quotes", tags=TAGS, summary="What a worker costs for some shifts (nothing stored)",
          responses=error_responses(401, 403, 422))
def quote_wage(request: Annotated[WageQuoteIn, Body()]) -> WageQuoteOut:
    _actor()
    return WageQuoteOut.of(services().hiring.quote_wage(request))


# ------------------------------------------------------------------------------------------ contracts
@app.post("/v1/nowjobs/applications/<applicationId>/contract-proposal", tags=TAGS,
          summary="Propose a contract to a candidate (again with other hours: re-issued)",
          responses=error_responses(401, 403, 404, 409, 422))
def propose_contract(applicationId: Annotated[Id, Path()],  # noqa: N803
                     request: Annotated[ContractProposalIn | None, Body()] = None,
                     idempotency_key: IdempotencyKey = None) -> ContractProposalOut:
    actor = _actor()
    return once(f"propose {applicationId}", actor, idempotency_key, request,
                run=lambda: ContractProposalOut.of(services().contracts.propose(actor, applicationId, request,
                                                                                idempotency_key=idempotency_key)),
                answer=ContractProposalOut)


@app.get("/v1/nowjobs/companies/<companyId>/contracts", tags=TAGS, summary="The company's contracts, newest first",
         responses=error_responses(401, 403, 404, 422))
def list_contracts(companyId: Annotated[Id, Path()], limit: Limit = 20,  # noqa: N803
                   next_token: NextToken = None) -> ContractPage:
    page = services().contracts.list_for_company(_actor(), companyId, limit=limit, next_token=next_token)
    return ContractPage(items=[ContractOut.of(c) for c in page.items], next_token=page.next_token)


@app.get("/v1/nowjobs/contracts/<contractId>", tags=TAGS, summary="A contract, its Dimona and its cost quote",
         responses=error_responses(401, 403, 404, 422))
def get_contract(contractId: Annotated[Id, Path()]) -> ContractOut:  # noqa: N803
    return ContractOut.of(services().contracts.get(_actor(), contractId))


@app.post("/v1/nowjobs/contracts/<contractId>/cancellation", tags=TAGS,
          summary="Cancel a contract, with a reason (after acceptance: once the worker agrees)",
          responses=error_responses(401, 403, 404, 409, 422))
def cancel_contract(contractId: Annotated[Id, Path()], request: Annotated[CancellationIn, Body()],  # noqa: N803
                    idempotency_key: IdempotencyKey = None) -> ContractOut:
    actor = _actor()
    return once(f"cancel {contractId}", actor, idempotency_key, request,
                run=lambda: ContractOut.of(services().contracts.cancel(actor, contractId, request,
                                                                       idempotency_key=idempotency_key)),
                answer=ContractOut)


@app.post("/v1/nowjobs/contracts/<contractId>/timesheets", tags=TAGS, summary="Confirm the hours worked on a shift",
          responses=error_responses(401, 403, 404, 409, 422))
def confirm_hours(contractId: Annotated[Id, Path()], request: Annotated[TimesheetIn, Body()],  # noqa: N803
                  idempotency_key: IdempotencyKey = None) -> TimesheetOut:
    actor = _actor()
    return once(f"hours {contractId}", actor, idempotency_key, request,
                run=lambda: TimesheetOut.of(services().contracts.confirm_hours(actor, contractId, request,
                                                                               idempotency_key=idempotency_key)),
                answer=TimesheetOut)


@app.get("/v1/nowjobs/contracts/<contractId>/timesheets", tags=TAGS,
         summary="The contract's shifts: hours awaited, confirmed and what they cost",
         responses=error_responses(401, 403, 404, 422))
def list_timesheets(contractId: Annotated[Id, Path()]) -> TimesheetPage:  # noqa: N803
    return TimesheetPage(items=[TimesheetOut.of(t) for t in services().contracts.timesheets(_actor(), contractId)])


@app.post("/v1/nowjobs/contracts/<contractId>/rating", tags=TAGS, summary="Rate the worker, once",
          responses=error_responses(401, 403, 404, 409, 422))
def rate_worker(contractId: Annotated[Id, Path()], request: Annotated[RatingIn, Body()],  # noqa: N803
                idempotency_key: IdempotencyKey = None) -> RatingOut:
    actor = _actor()
    return once(f"rate {contractId}", actor, idempotency_key, request,
                run=lambda: RatingOut.of(contractId, services().contracts.rate(actor, contractId, request,
                                                                               idempotency_key=idempotency_key)),
                answer=RatingOut)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    idempotency().register_lambda_context(context)
    return app.resolve(event, context)
