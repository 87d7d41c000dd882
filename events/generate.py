"""Writes the sample events of this folder and their README: `.venv/bin/python events/generate.py`.

Run it after changing a route, an event, a schedule's input or a state machine's Task payload;
tests/contract/test_sample_events.py says when a sample no longer fits (and invokes every sample on
a fresh local stack). API Gateway events are built like the local gateway builds them
(local_stack.gateway.proxy_event), with requestContext.authorizer as the authorizers produce it; the
Step Functions task inputs follow the Parameters of statemachines/*.asl.json, one per Task state.
Every id, date and person is an example from the demo personas (local_stack/personas.py)."""
from __future__ import annotations

import base64
import json
import re
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

ACCOUNT, REGION, API_ID, STAGE = "123456789012", "eu-west-1", "a1b2c3d4e5", "dev"
ISSUER = "https://idp.bank.example/"
CASE_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
COMPANY_ID = "3f5b2a9e-8c41-4d6e-9a27-5b0c1e8f4d32"
OFFER_ID = "9a1d4c7e-2b6f-4e3a-8d51-0c7f9b2e6a14"
INVITATION_ID = "inv_Xq3vR8kLm2TzP9wYb4NcDe"
APPLICATION_ID = "5c8e1a7b-3d9f-4b2e-a6c4-7f0d2e9b1a53"
CONTRACT_ID = "e4a7c2d9-6b1f-4c8e-b3a5-9d2f0e7c4b16"
INVOICE_ID = "0b6d1f3a-7e29-5c84-9a1b-2d4f6e8c0a35"
BATCH_ID = "NJDD-20260324-B2B-20260326-01"
END_TO_END_ID = "NJ-5B1F0C6E2A9D4E7FA3C8B2D1E0F9A6C4"
RUN_ID = "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"
# an example (Step Functions task tokens are opaque), no secret
TASK_TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAWbtcvq4zXFk1ZLtqVN2tfzN7JqSWWH1W2xPdeFqMXnYa0YHuPm0MVoZ8kMEh3zKu4X2lQ=="  # noqa: S105
BAKERY, DEBTOR = "1234567401", "0432109858"
IAT = int(datetime(2026, 3, 2, 8, 0, tzinfo=UTC).timestamp())
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "common")]     # local_stack, extra_services
USER_AGENTS = {None: "CBC-Mobile/7.4.1 (iOS 18.3; iPhone)", "go-solid": "go-solid-bailiff-platform/3.2",
               "nowjobs": "nowjobs-platform/2.8", "bank": "payment-engine/5.1"}


@dataclass(frozen=True)
class Sample:
    name: str
    data: Any
    about: str


SAMPLES: list[Sample] = []


def sample(name: str, data: Any, about: str) -> None:
    SAMPLES.append(Sample(name, data, about))


# ------------------------------------------------------------------------------------------ builders
def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def token(claims: dict[str, Any]) -> str:
    """Shaped like the identity provider's RS256 tokens (readable claims), but not signed by it."""
    header = {"alg": "RS256", "kid": "example-signing-key", "typ": "JWT"}
    return f"{_b64(header)}.{_b64(claims)}.ZXhhbXBsZS1zaWduYXR1cmUtbm90LXZhbGlk"


def channel_token(customer: str = "C-BART", channel: str = "mobile") -> str:
    return token({"iss": ISSUER, "aud": "extra-services-channels", "sub": customer, "channel": channel,
                  "iat": IAT, "nbf": IAT, "exp": IAT + 3600, "jti": "5d2c8e0f9b7a4c1e8f3a6b9d0c2e4f71"})


def partner_token(partner: str) -> str:
    return token({"iss": ISSUER, "aud": "extra-services-partners", "sub": f"partner:{partner}", "partner": partner,
                  "iat": IAT, "nbf": IAT, "exp": IAT + 3600, "jti": "8e1f3a5c7b9d4e2f6a0c8b1d3e5f7a92"})


def _stable_id(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(("extra-services-samples", *parts))))


def api(name: str, method: str, resource: str, about: str, *, path: dict[str, str] | None = None,
        query: dict[str, str] | None = None, body: Any = None, partner: str | None = None,
        headers: dict[str, str] | None = None, at: str = "2026-03-02T08:00:00Z") -> None:
    """A REST API proxy event after the route's authorizer: C-BART on CBC Mobile, or a partner."""
    from local_stack.gateway import proxy_event  # noqa: PLC0415 - once sys.path has the repository

    concrete = resource
    for key, value in (path or {}).items():
        concrete = concrete.replace("{" + key + "}", value)
    pairs = [("Accept", "application/json"),
             ("Authorization", f"Bearer {partner_token(partner) if partner else channel_token()}"),
             ("Host", f"{API_ID}.execute-api.{REGION}.amazonaws.com"), ("User-Agent", USER_AGENTS[partner]),
             ("X-Amzn-Trace-Id", f"Root=1-67c41180-{_stable_id('trace', name).replace('-', '')[:24]}"),
             ("X-Forwarded-For", "203.0.113.10"), ("X-Forwarded-Port", "443"), ("X-Forwarded-Proto", "https"),
             *(headers or {}).items()]
    if body is not None:
        pairs.append(("Content-Type", "application/json"))
    authorizer = ({"kind": "partner", "partner": partner, "principalId": f"partner:{partner}", "integrationLatency": 11}
                  if partner else
                  {"kind": "channel", "customerId": "C-BART", "channel": "mobile", "principalId": "C-BART",
                   "integrationLatency": 14})
    event = proxy_event(method, concrete, resource=resource, query_string=urlencode(query or {}), header_pairs=pairs,
                        body=None if body is None else json.dumps(body), path_parameters=path, stage=STAGE,
                        api_id=API_ID, account=ACCOUNT, region=REGION, source_ip="203.0.113.10",
                        request_id=_stable_id("request", name), now=datetime.fromisoformat(at), authorizer=authorizer)
    sample(name, event, about)


def bus(name: str, source: str, detail_type: str, detail: dict[str, Any], about: str, *,
        at: str = "2026-03-02T08:00:00Z") -> None:
    """An EventBridge event as a rule delivers it to its Lambda target."""
    sample(name, {"version": "0", "id": _stable_id("event", name), "detail-type": detail_type, "source": source,
                  "account": ACCOUNT, "time": at, "region": REGION, "resources": [], "detail": detail}, about)


# ------------------------------------------------------------------------------------------ authorizers
sample("authorizer-channel-token", {
    "type": "TOKEN", "authorizationToken": f"Bearer {channel_token()}",
    "methodArn": f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/{STAGE}/GET/v1/extra-services"},
    "TOKEN authorizer event of a channel route: Bart's CBC Mobile token")
sample("authorizer-partner-token", {
    "type": "TOKEN", "authorizationToken": f"Bearer {partner_token('go-solid')}",
    "methodArn": f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{API_ID}/{STAGE}/POST/v1/partners/go-solid/cases/{CASE_ID}"
                 "/events"},
    "TOKEN authorizer event of a partner route: the bailiff's client-credentials token")

# ------------------------------------------------------------------------------------------ eligibility
api("eligibility_api-get-extra-services", "GET", "/v1/extra-services", "Bart's extra services")
api("eligibility_api-get-enterprise-extra-services", "GET", "/v1/enterprises/{enterpriseNumber}/extra-services",
    "May Bart use the extra services for the bakery?", path={"enterpriseNumber": BAKERY})
api("eligibility_api-ops-get-customer-extra-services", "GET", "/v1/ops/customers/{customerId}/extra-services",
    "What Bart sees, for the helpdesk (bank credential)", path={"customerId": "C-BART"},
    query={"channel": "mobile"}, partner="bank")
bus("eligibility_events-product-changed", "core-banking", "ProductChanged", {
    "productId": "P-BAKERY-CURRENT", "holderCustomerId": "C-BAKERY", "enterpriseNumber": BAKERY,
    "productType": "CURRENT_ACCOUNT", "segment": "PROFESSIONAL", "status": "ACTIVE",
    "occurredAt": "2026-03-02T07:55:00Z"}, "Core banking: the bakery's professional current account")
bus("eligibility_events-mandate-changed", "core-banking", "MandateChanged", {
    "mandateId": "M-BART", "customerId": "C-BART", "productId": "P-BAKERY-CURRENT", "powers": "FULL",
    "status": "ACTIVE", "occurredAt": "2026-03-02T07:56:00Z"}, "Core banking: Bart's FULL mandate on that account")
bus("eligibility_events-digital-access-changed", "core-banking", "DigitalAccessChanged", {
    "customerId": "C-BART", "channel": "MOBILE", "status": "ACTIVE", "occurredAt": "2026-03-02T07:57:00Z"},
    "Core banking: Bart's CBC Mobile access")

# ------------------------------------------------------------------------------------------ Go Solid
CASE = {"creditorEnterpriseNumber": "BE 1234.567.401",
        "debtor": {"enterpriseNumber": "0432.109.858", "name": "Brasserie Dupont SRL"},
        "invoices": [{"number": "B-2026-014", "issueDate": "2026-01-02", "dueDate": "2026-02-01", "amount": "1000.00"}],
        "evidence": [{"kind": "INVOICE", "documentId": "scan-B-2026-014"}]}
DECLARATION = {"accepted": True, "wordingVersion": "2025-01"}
api("gosolid_api-post-quote", "POST", "/v1/go-solid/quotes", "A quote for an unpaid invoice of EUR 1,000",
    body=CASE)
api("gosolid_api-post-case", "POST", "/v1/go-solid/cases", "Bart submits the case (with an Idempotency-Key)",
    body={**CASE, "declaration": DECLARATION}, headers={"Idempotency-Key": "c0a8012e-case-B-2026-014"})
api("gosolid_api-list-cases", "GET", "/v1/go-solid/cases", "The bakery's cases",
    query={"creditorEnterpriseNumber": BAKERY, "limit": "20"})
api("gosolid_api-get-case", "GET", "/v1/go-solid/cases/{caseId}", "A case", path={"caseId": CASE_ID})
api("gosolid_api-post-creditor-report", "POST", "/v1/go-solid/cases/{caseId}/creditor-reports",
    "Bart reports that the debtor called him", path={"caseId": CASE_ID},
    body={"type": "CUSTOMER_CONTACTED", "note": "The customer called: he will pay this month."},
    headers={"Idempotency-Key": "c0a8012e-report-1"})
api("gosolid_api-post-withdrawal", "POST", "/v1/go-solid/cases/{caseId}/withdrawal", "Bart withdraws a case",
    path={"caseId": CASE_ID}, body={"reason": "We settled the invoice with the customer ourselves."},
    headers={"Idempotency-Key": "c0a8012e-withdraw-1"})
api("gosolid_partner-summons-served", "POST", "/v1/partners/go-solid/cases/{caseId}/events",
    "The bailiff: summons served", path={"caseId": CASE_ID}, partner="go-solid",
    body={"type": "SUMMONS_SERVED", "servedOn": "2026-03-03", "eventId": "bailiff-evt-20260303-0001"},
    at="2026-03-03T09:00:00Z")
api("gosolid_partner-debtor-payment", "POST", "/v1/partners/go-solid/cases/{caseId}/events",
    "The bailiff: the debtor paid it all", path={"caseId": CASE_ID}, partner="go-solid",
    body={"type": "DEBTOR_PAYMENT", "amount": "1048.34", "paidOn": "2026-03-04",
          "eventId": "bailiff-evt-20260304-0007"},
    at="2026-03-04T10:00:00Z")
bus("gosolid_feeds-enterprise-registry-changed", "enterprise-registry", "EnterpriseRegistryChanged", {
    "enterpriseNumber": DEBTOR, "name": "Brasserie Dupont SRL", "status": "ACTIVE", "kind": "COMPANY",
    "country": "BE", "occurredAt": "2026-03-01T23:00:00Z"}, "Enterprise registry: the debtor is an active company")
bus("gosolid_feeds-credit-risk-changed", "credit-bureau", "CreditRiskChanged", {
    "enterpriseNumber": DEBTOR, "score": 82, "occurredAt": "2026-03-01T23:00:00Z"},
    "Credit bureau: the debtor's score")

# ------------------------------------------------------------------------------------------ notifications
CASE_EVENT = {"caseId": CASE_ID, "creditorEnterpriseNumber": BAKERY, "submittedBy": "C-BART"}
bus("notifier-gosolid-case-accepted", "extra-services.gosolid", "CaseAccepted", {
    "eventId": f"{CASE_ID}-2", "occurredAt": "2026-03-02T08:00:00Z", **CASE_EVENT,
    "debtorEnterpriseNumber": DEBTOR, "debtorName": "Brasserie Dupont SRL", "acceptedAt": "2026-03-02T08:00:00Z",
    "summonsServiceDue": "2026-03-06T16:00:00Z", "decidedLate": False},
    "Go Solid: case accepted (an inbox entry and an e-mail)")
bus("notifier-gosolid-case-closed", "extra-services.gosolid", "CaseClosed", {
    "eventId": f"{CASE_ID}-6", "occurredAt": "2026-03-04T10:00:00Z", **CASE_EVENT, "status": "PAID",
    "debtorName": "Brasserie Dupont SRL", "collected": "1048.34", "forwardedToCreditor": "1000.00",
    "paidDirectly": "0.00", "creditorOwesFees": False, "reason": None},
    "Go Solid: case closed, paid", at="2026-03-04T10:00:00Z")
bus("notifier-nowjobs-company-activated", "extra-services.nowjobs", "CompanyActivated", {
    "companyId": COMPANY_ID, "enterpriseNumber": BAKERY, "status": "ACTIVE", "activationDue": "2026-03-04T08:00:00Z",
    "activatedAt": "2026-03-03T10:00:00Z", "activationTargetMet": True},
    "A NOWJOBS event: the notifier's rule gets it too, and writes nothing for it", at="2026-03-03T10:00:00Z")
api("notifications_api-get-notifications", "GET", "/v1/notifications", "Bart's notifications, in English",
    query={"language": "en", "limit": "20"})

# ------------------------------------------------------------------------------------------ NOWJOBS
REGISTRATION = {
    "enterpriseNumber": BAKERY, "declaration": DECLARATION, "name": "Bakkerij Janssens BV",
    "address": {"street": "Kerkstraat 12", "postalCode": "9000", "city": "Gent"},
    "contact": {"name": "Bart Janssens", "email": "bart@bakkerij-janssens.example", "phone": "+32 470 12 34 56"},
    "iban": "BE68 5390 0754 7034", "jointCommittees": ["302"],
    "directDebitMandate": {"scheme": "B2B", "accepted": True}, "acquisitionChannel": "MOBILE"}
SHIFTS = [{"start": "2026-03-05T09:00:00+01:00", "end": "2026-03-05T17:00:00+01:00", "breakMinutes": 30},
          {"start": "2026-03-06T09:00:00+01:00", "end": "2026-03-06T13:00:00+01:00", "breakMinutes": 0}]
OFFER = {"title": "Shop assistant (bakery)", "function": "shop assistant", "jointCommittee": "302",
         "location": "Kerkstraat 12, 9000 Gent", "hourlyWage": "14.00", "statuses": ["STUDENT", "FLEXI"],
         "positions": 1, "shifts": SHIFTS}
KARIM = {"workerId": "W-FLEXI-KARIM", "name": "Karim Benali", "status": "FLEXI", "birthDate": "1984-04-02",
         "experienceMonths": 96, "studentHoursUsedThisYear": 0}
COMPANY, CONTRACT = {"companyId": COMPANY_ID}, {"contractId": CONTRACT_ID}
api("nowjobs_api-register-company", "POST", "/v1/nowjobs/companies",
    "Bart registers the bakery, signing a B2B direct-debit mandate", body=REGISTRATION,
    headers={"Idempotency-Key": "c0a8012e-register-1"})
api("nowjobs_api-list-companies", "GET", "/v1/nowjobs/companies", "The bakery's NOWJOBS registrations",
    query={"enterpriseNumber": BAKERY})
api("nowjobs_api-get-company", "GET", "/v1/nowjobs/companies/{companyId}", "The company and its onboarding",
    path=COMPANY)
api("nowjobs_api-create-job-offer", "POST", "/v1/nowjobs/companies/{companyId}/job-offers",
    "A job offer: Thursday and Friday in the shop", path=COMPANY, body=OFFER,
    headers={"Idempotency-Key": "c0a8012e-offer-1"}, at="2026-03-03T10:00:00Z")
api("nowjobs_api-list-job-offers", "GET", "/v1/nowjobs/companies/{companyId}/job-offers", "The company's offers",
    path=COMPANY, query={"limit": "20"}, at="2026-03-03T10:00:00Z")
api("nowjobs_api-get-job-offer", "GET", "/v1/nowjobs/job-offers/{offerId}", "An offer", path={"offerId": OFFER_ID},
    at="2026-03-03T10:00:00Z")
api("nowjobs_api-create-invitation", "POST", "/v1/nowjobs/companies/{companyId}/invitations",
    "A QR code inviting a worker to the offer", path=COMPANY, body={"via": "QR", "offerId": OFFER_ID},
    at="2026-03-03T10:00:00Z")
api("nowjobs_api-quote-wage", "POST", "/v1/nowjobs/wage-quotes", "What a student costs for the two shifts", body={
    "status": "STUDENT", "birthDate": "2005-09-14", "experienceMonths": 6, "studentHoursUsedThisYear": 120,
    "jointCommittee": "302", "hourlyWage": "14.00", "shifts": SHIFTS})
api("nowjobs_api-list-applications", "GET", "/v1/nowjobs/job-offers/{offerId}/applications",
    "The candidates with their cost", path={"offerId": OFFER_ID}, at="2026-03-03T11:00:00Z")
api("nowjobs_api-propose-contract", "POST", "/v1/nowjobs/applications/{applicationId}/contract-proposal",
    "Propose the contract for the offer's shifts (no body)", path={"applicationId": APPLICATION_ID},
    headers={"Idempotency-Key": "c0a8012e-propose-1"}, at="2026-03-03T11:00:00Z")
api("nowjobs_api-list-contracts", "GET", "/v1/nowjobs/companies/{companyId}/contracts", "The company's contracts",
    path=COMPANY, at="2026-03-03T11:00:00Z")
api("nowjobs_api-get-contract", "GET", "/v1/nowjobs/contracts/{contractId}", "A contract and its Dimona",
    path=CONTRACT, at="2026-03-03T11:00:00Z")
api("nowjobs_api-confirm-hours", "POST", "/v1/nowjobs/contracts/{contractId}/timesheets",
    "Bart confirms Thursday's hours", path=CONTRACT, body={
        "shiftStart": "2026-03-05T09:00:00+01:00", "workedFrom": "2026-03-05T09:00:00+01:00",
        "workedUntil": "2026-03-05T17:00:00+01:00", "breakMinutes": 30},
    headers={"Idempotency-Key": "c0a8012e-hours-20260305"}, at="2026-03-05T16:30:00Z")
api("nowjobs_api-list-timesheets", "GET", "/v1/nowjobs/contracts/{contractId}/timesheets", "The contract's shifts",
    path=CONTRACT, at="2026-03-05T16:30:00Z")
api("nowjobs_api-rate-worker", "POST", "/v1/nowjobs/contracts/{contractId}/rating", "Bart rates the worker",
    path=CONTRACT, body={"score": 5, "comment": "Great with the customers"}, at="2026-03-05T16:30:00Z")
api("nowjobs_api-cancel-contract", "POST", "/v1/nowjobs/contracts/{contractId}/cancellation",
    "Bart cancels the rest of the contract", path=CONTRACT,
    body={"reason": "The shop closes on Friday for renovation works"}, at="2026-03-05T16:30:00Z")
api("nowjobs_partner-company-verified", "POST", "/v1/partners/nowjobs/companies/{companyId}/events",
    "NOWJOBS's Digital Business Partner: company verified", path=COMPANY, partner="nowjobs",
    body={"type": "VERIFIED", "eventId": "dbp-20260302-0042"}, at="2026-03-02T10:00:00Z")
api("nowjobs_partner-company-activated", "POST", "/v1/partners/nowjobs/companies/{companyId}/events",
    "NOWJOBS's Digital Business Partner: company activated", path=COMPANY, partner="nowjobs",
    body={"type": "ACTIVATED", "eventId": "dbp-20260303-0017"}, at="2026-03-03T10:00:00Z")
api("nowjobs_partner-open-invitation", "GET", "/v1/partners/nowjobs/invitations/{invitationId}",
    "NOWJOBS: where an invitation link leads", path={"invitationId": INVITATION_ID}, partner="nowjobs",
    at="2026-03-03T10:10:00Z")
api("nowjobs_partner-application", "POST", "/v1/partners/nowjobs/job-offers/{offerId}/applications",
    "NOWJOBS: a flexi-jobber applies", path={"offerId": OFFER_ID}, partner="nowjobs", body={"worker": KARIM},
    at="2026-03-03T10:40:00Z")
api("nowjobs_partner-contract-accepted", "POST", "/v1/partners/nowjobs/contracts/{contractId}/events",
    "NOWJOBS: the worker accepts the contract", path=CONTRACT, partner="nowjobs",
    body={"type": "ACCEPTED", "proposalVersion": 1, "eventId": "nj-accept-20260303-0311"}, at="2026-03-03T11:30:00Z")
api("nowjobs_partner-contract-dimona-confirmed", "POST", "/v1/partners/nowjobs/contracts/{contractId}/events",
    "NOWJOBS: the Dimona is confirmed", path=CONTRACT, partner="nowjobs",
    body={"type": "DIMONA_CONFIRMED", "proposalVersion": 1, "dimonaReference": "DIM-FLX-4F2A9C1E",
          "eventId": "nj-dimona-20260303-0312"}, at="2026-03-03T11:35:00Z")

# ------------------------------------------------------------------------------------------ billing
api("billing_api-list-invoices", "GET", "/v1/nowjobs/companies/{companyId}/invoices", "The company's invoices",
    path=COMPANY, at="2026-03-12T08:00:00Z")
api("billing_api-get-invoice", "GET", "/v1/nowjobs/invoices/{invoiceId}", "An invoice, its lines and its direct debit",
    path={"invoiceId": INVOICE_ID}, at="2026-03-12T08:00:00Z")
api("billing_api-get-pain008", "GET", "/v1/ops/direct-debit-batches/{batchId}/pain008",
    "The bank fetches a submitted batch's pain.008", path={"batchId": BATCH_ID}, partner="bank",
    at="2026-03-24T06:00:00Z")
api("billing_partner-direct-debit-settled", "POST", "/v1/partners/bank/direct-debit-results",
    "The bank: the direct debit is settled", partner="bank",
    body={"batchId": BATCH_ID, "results": [{"endToEndId": END_TO_END_ID, "status": "SETTLED"}]},
    at="2026-03-26T09:00:00Z")
api("billing_partner-direct-debit-returned", "POST", "/v1/partners/bank/direct-debit-results",
    "The bank: the direct debit came back (AM04, insufficient funds)", partner="bank",
    body={"batchId": BATCH_ID, "results": [{"endToEndId": END_TO_END_ID, "status": "RETURNED", "reasonCode": "AM04"}]},
    at="2026-03-30T08:00:00Z")


# ------------------------------------------------------------------------------------------ template-driven
def _cfn(path: Path) -> dict[str, Any]:
    from local_stack.template import load_template  # noqa: PLC0415 - once sys.path has the repository
    return load_template(path)


def schedules(resources: dict[str, Any]) -> None:
    """A function's schedule sends its Input (EventBridge Scheduler: the payload is the Input itself)."""
    for lid, resource in resources.items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        folder = Path(str(resource["Properties"]["CodeUri"])).name
        for event_id, event in (resource["Properties"].get("Events") or {}).items():
            if event["Type"] == "ScheduleV2":
                data = scheduled_input(event, lid)
                label = str(data.get("task") or kebab(event_id))
                sample(f"{folder}-{label}", data,
                       f"The {event_id} schedule ({event['Properties']['ScheduleExpression']})")


SCHEDULED = {"BillingSubmissionFunction": "2026-03-24T06:00:00Z", "NowjobsSchedulesFunction": "2026-03-02T08:00:00Z",
             "NowjobsBillingStateMachine": "2026-03-12T05:00:00Z", "default": "2026-03-02T08:00:00Z"}


def scheduled_input(event: dict[str, Any], lid: str) -> dict[str, Any]:
    """The Input of a ScheduleV2 event, its scheduled time filled in."""
    text = str(event["Properties"].get("Input", "{}"))
    data: dict[str, Any] = json.loads(text.replace("<aws.scheduler.scheduled-time>",
                                                   SCHEDULED.get(lid, SCHEDULED["default"])))
    return data


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _examples(machine_lid: str, resources: dict[str, Any]) -> dict[str, Any]:
    """What each JSONPath of a task's Parameters stands for, in the samples."""
    schedule_input: dict[str, Any] = {}
    for event in (resources[machine_lid]["Properties"].get("Events") or {}).values():
        if event["Type"] == "ScheduleV2":
            schedule_input = scheduled_input(event, machine_lid)
    failure = {"Error": "Lambda.Unknown",
               "Cause": "The cause could not be determined because Lambda did not return an error type."}
    totals = {"companies": 1, "invoicesIssued": 1, "invoicesCompleted": 0, "awaitingMandate": 0,
              "shiftsBilled": 2, "failed": 0, "failures": []}
    return {"$.caseId": CASE_ID, "$$.Task.Token": TASK_TOKEN, "$.failure": failure, "$$.Execution.Name": RUN_ID,
            "$$.Map.Item.Value": "2026-03-02", "$.results": [totals], "$.runId": RUN_ID,
            # "$": the whole state: the execution's input for the first task, the failed state for Park
            "$ PLAN": schedule_input,
            "$ PARK": {"caseId": CASE_ID, "status": "ACCEPTED", "terminal": False, "needsAttention": False,
                       "failure": failure}}


def task_inputs(resources: dict[str, Any]) -> None:
    """One sample per Lambda Task state: the Payload its Parameters build (a Map's item for Payload.$ "$")."""
    for lid, resource in resources.items():
        if resource["Type"] != "AWS::Serverless::StateMachine":
            continue
        props = resource["Properties"]
        asl = json.loads((ROOT / props["DefinitionUri"]).read_text())
        targets = {f"${{{k}}}": v["Fn::GetAtt"][0] if isinstance(v, dict) else str(v)
                   for k, v in (props.get("DefinitionSubstitutions") or {}).items()}
        examples = _examples(lid, resources)

        def walk(states: dict[str, Any], item: dict[str, Any] | None, *, lid: str = lid,
                 targets: dict[str, str] = targets, examples: dict[str, Any] = examples) -> None:
            for name, state in states.items():
                params = state.get("Parameters") or {}
                if state["Type"] == "Task" and str(state.get("Resource", "")).startswith("arn:aws:states:::lambda"):
                    template = params.get("Payload") if "Payload" in params else item
                    if not isinstance(template, dict):
                        raise SystemExit(f"{lid}.{name}: a Payload this script cannot read")
                    payload: dict[str, Any] = {}
                    for key, value in template.items():
                        if not key.endswith(".$"):
                            payload[key] = value
                            continue
                        wanted = f"$ {template.get('action')}" if value == "$" else value
                        if wanted not in examples:
                            raise SystemExit(f"{lid}.{name}: add an example for {value} ({key}) in _examples")
                        payload[key[:-2]] = examples[wanted]
                    function = resources[targets[params["FunctionName"]]]["Properties"]
                    folder = Path(str(function["CodeUri"])).name
                    sample(f"{folder}-{kebab(name)}", payload, f"{lid}, Task state {name}: "
                           + str(state.get("Comment") or "its Lambda payload"))
                processor = state.get("ItemProcessor") or state.get("Iterator")
                if processor:
                    walk(processor["States"], state.get("ItemSelector") or state.get("Parameters"))
                for branch in state.get("Branches", []):
                    walk(branch["States"], None)

        walk(asl["States"], None)


def variants() -> None:
    """The weekly run started by hand for one week (docs: rerunning bills nothing twice)."""
    plan = next((s for s in SAMPLES if s.name == "billing_run-plan"), None)
    if plan is not None and "input" in plan.data:
        sample("billing_run-plan-week", {**plan.data, "input": {"week": "2026-03-02"}},
               "NowjobsBillingStateMachine started by hand with {\"week\": \"2026-03-02\"}: its Plan task")


# ------------------------------------------------------------------------------------------ README
README_HEAD = """# Sample events

One or more events per Lambda function of `template.yaml`, for `sam local invoke` (Docker runs the function,
which then calls the AWS services its environment names: give table names and an endpoint with `--env-vars`),
or for calling a handler in a test or a REPL:

```bash
sam build
sam local invoke GoSolidApiFunction -e events/gosolid_api-post-quote.json
```

`tests/contract/test_sample_events.py` keeps them true: every function, API route, EventBridge rule source,
schedule input and state-machine Task state has its sample; each parses into what its handler expects; and each
is invoked on the real handler of a fresh local stack, with the data it needs seeded, and must answer without
error (2xx for API events). Regenerate them with `.venv/bin/python events/generate.py` after changing a route,
an event, a schedule or a state machine. File names: `<function folder>-<case>.json`.

- **API Gateway** events are REST proxy events as they reach the function *after* its authorizer:
  `requestContext.authorizer` holds the authorizer's context (`kind`, `customerId` and `channel`, or `partner`),
  `principalId` and `integrationLatency`, as `functions/authorizer` produces them and `local_stack/gateway.py`
  passes them on. Channel routes are called by Bart (`C-BART`, CBC Mobile), partner and ops routes by the
  partner named in the context. The `Authorization` header is not checked again by the function.
- **TOKEN authorizer** events carry a token shaped like the identity provider's (its claims are readable) but
  signed by no one: the authorizer answers `Unauthorized` until you put there a token of the provider its
  `TOKEN_ISSUER` and `JWKS_URL` name (locally: `POST /_local/tokens` on `make run`, issuer
  `https://idp.local.test/`, keys at `/_local/jwks.json`).
- **EventBridge** events are what a rule delivers to its target: core-banking, enterprise-registry and
  credit-bureau facts, the application's own domain events (`extra-services.*`).
- **Schedules** (EventBridge Scheduler) send their `Input` as the whole event.
- **Step Functions** task inputs are the `Payload` each Lambda Task state of `statemachines/*.asl.json` builds;
  `token` is a task token of no execution.
- **SQS**: no function consumes a queue (the only queue is the dead-letter queue).

Ids (cases, companies, offers, contracts, invoices...) are examples: against an empty stack a route answers 404
for them; the test swaps them for the ids of what it seeded. People and enterprises are the demo personas
(`local_stack/personas.py`).

| sample | function | what it is |
|---|---|---|
"""


def function_of(name: str, resources: dict[str, Any]) -> str:
    folder, _, case = name.partition("-")
    lids = [lid for lid, r in resources.items() if r["Type"] == "AWS::Serverless::Function"
            and Path(str(r["Properties"]["CodeUri"])).name == folder]
    if len(lids) > 1:
        lids = [lid for lid in lids if lid.lower().startswith(case.split("-")[0])]
    if len(lids) != 1:
        raise SystemExit(f"{name}: no single function of folder functions/{folder} ({lids})")
    return lids[0]


def main() -> int:
    resources = _cfn(ROOT / "template.yaml")["Resources"]
    schedules(resources)
    task_inputs(resources)
    variants()
    names = [s.name for s in SAMPLES]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SystemExit(f"two samples named {duplicates}")
    for stale in set(HERE.glob("*.json")) - {HERE / f"{n}.json" for n in names}:
        stale.unlink()
    rows = []
    for s in sorted(SAMPLES, key=lambda s: s.name):
        (HERE / f"{s.name}.json").write_text(json.dumps(s.data, indent=2, ensure_ascii=False) + "\n")
        rows.append(f"| `{s.name}.json` | {function_of(s.name, resources)} | {s.about} |")
    (HERE / "README.md").write_text(README_HEAD + "\n".join(rows) + "\n")
    print(f"{len(SAMPLES)} samples written to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
