"""Eligibility routes: the caller's extra services, one enterprise, and the ops view."""
from __future__ import annotations

from typing import Annotated, Any

import boto3  # noqa: F401 -- the AWS SDK first, at init (docs/decisions/cold-start.md)
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from extra_services.caller import Channel, require_channel_caller, require_partner
from extra_services.eligibility import overview  # noqa: F401 -- what every route answers: loaded at init
from extra_services.eligibility.api_models import EnterpriseExtraServicesOut, ExtraServicesOut
from extra_services.eligibility.wiring import eligibility_service
from extra_services.http.error_models import error_responses
from extra_services.http.resolver import create_resolver, current_caller
from extra_services.identifiers import EnterpriseNumber
from extra_services.observability import logger, metrics

app = create_resolver()


@app.get("/v1/extra-services", tags=["Eligibility"], summary="The caller's extra services",
         responses=error_responses(401, 403))
def get_extra_services() -> ExtraServicesOut:
    customer_id, channel = require_channel_caller(current_caller(app))
    return eligibility_service().overview(customer_id, channel)


@app.get("/v1/enterprises/<enterpriseNumber>/extra-services", tags=["Eligibility"],
         summary="Whether the caller may use the extra services for one enterprise",
         responses=error_responses(401, 403, 422))
def get_enterprise_extra_services(
    enterpriseNumber: Annotated[EnterpriseNumber, Path(description="Any usual spelling")],  # noqa: N803
) -> EnterpriseExtraServicesOut:
    customer_id, channel = require_channel_caller(current_caller(app))
    return eligibility_service().for_enterprise(customer_id, channel, enterpriseNumber)


@app.get("/v1/ops/customers/<customerId>/extra-services", tags=["Operations"],
         summary="What a customer sees, for the helpdesk (bank credential)",
         responses=error_responses(401, 403, 422))
def get_customer_extra_services_for_ops(
    customerId: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")],  # noqa: N803
    channel: Annotated[Channel, Query()] = Channel.MOBILE,
) -> ExtraServicesOut:
    require_partner(current_caller(app), "bank")
    return eligibility_service().overview(customerId, channel)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
