"""Fixture providers of the authorisation matrix: (method, path) of template.yaml -> a function that
creates a resource owned by enterprise B (through the API, as B's owner) and returns how to reach it.

Adding a route to the cross-enterprise matrix is one provider:

    @provides("get", "/v1/go-solid/cases/{caseId}")
    def go_solid_case(world: World) -> Probe:
        case = world.http.post("/v1/go-solid/cases", CASE_BODY, headers=world.person(OWNER)).body
        return Probe(path={"caseId": case["caseId"]}, markers={case["caseId"]}, denied=404)

A route without a provider is still probed with every credential case (decided by the authorizer,
before any handler) and is listed as "not yet covered for cross-enterprise" in the figures."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.security import estate
from tests.security.world import OWNER, B, World

# The matrix's person cases (channel routes) and what they are called in the figures.
PERSON_CASES = ("no_relation", "view_only", "revoked", "other_enterprise")


@dataclass
class Probe:
    path: dict[str, str] = field(default_factory=dict)
    body: Any = None
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    # The resource's own identifying data (ids, names, e-mails...), added to B's markers.
    markers: set[str] = field(default_factory=set)
    # Channel routes: the status every person case must get, or one per case (PERSON_CASES).
    # 404 for a resource of another enterprise, 403 for acting for another enterprise (API.md),
    # 200 where the contract answers without the enterprise's data (eligibility).
    denied: int | dict[str, int] = 404
    # For a 2xx denial: True when the body grants nothing (e.g. usable is false).
    denied_check: Callable[[Any], bool] | None = None
    # Partner routes: the partner the route belongs to (default: from the path).
    partner: str | None = None
    # The owner's view of the resource: must be the same before and after the attempts.
    snapshot: Callable[[], Any] | None = None

    def expected(self, case: str) -> int:
        return self.denied[case] if isinstance(self.denied, dict) else self.denied


Provider = Callable[[World], Probe]
PROVIDERS: dict[tuple[str, str], Provider] = {}
# Routes whose provider moves the virtual clock by weeks (billing: a week invoiced, then collected): the
# matrix probes them last, so that the other probes (an Idempotency-Key replayed within its 24 hours) are
# not aged by them.
MOVES_TIME: set[tuple[str, str]] = set()


def provides(method: str, path: str, *, moves_time: bool = False) -> Callable[[Provider], Provider]:
    def register(fn: Provider) -> Provider:
        key = (method.lower(), path)
        if key in PROVIDERS:
            raise ValueError(f"two fixture providers for {method.upper()} {path}")
        PROVIDERS[key] = fn
        if moves_time:
            MOVES_TIME.add(key)
        return fn
    return register


def partner_of(path: str) -> str:
    """/v1/partners/<partner>/... belongs to that partner; /v1/ops/... to the bank."""
    parts = path.strip("/").split("/")
    if len(parts) > 2 and parts[1] == "partners":
        return parts[2]
    return "bank"


# ------------------------------------------------------------------ eligibility
@provides("get", "/v1/extra-services")
def extra_services(world: World) -> Probe:
    return Probe(denied=200)


def _grants_nothing(body: Any) -> bool:
    return body.get("usable") is False and "NO_ADEQUATE_MANDATE" in body.get("reasons", [])


@provides("get", "/v1/enterprises/{enterpriseNumber}/extra-services")
def enterprise_extra_services(world: World) -> Probe:
    # API.md: an enterprise the caller has no adequate relation with -> 200, usable false, nothing about it
    return Probe(path={"enterpriseNumber": B.number}, denied=200, denied_check=_grants_nothing)


# ------------------------------------------------------------------ operations
@provides("get", "/v1/ops/customers/{customerId}/extra-services")
def ops_customer_view(world: World) -> Probe:
    return Probe(path={"customerId": OWNER.customer_id}, partner="bank")


# ------------------------------------------------------------------ Go Solid
@provides("post", "/v1/go-solid/quotes")
def go_solid_quote(world: World) -> Probe:
    # nothing stored, nothing of B's read: anyone may ask what a case would cost (the leak check stays)
    return Probe(body=estate.case_request(world), denied=200)


@provides("post", "/v1/go-solid/cases")
def go_solid_submission(world: World) -> Probe:
    estate.go_solid_case(world)                     # something of B's that a refused submission must not show
    return Probe(body=estate.case_request(world), denied=403, snapshot=lambda: estate.go_solid_cases_of_b(world))


@provides("get", "/v1/go-solid/cases")
def go_solid_cases(world: World) -> Probe:
    case = estate.go_solid_case(world)
    return Probe(query={"creditorEnterpriseNumber": B.number}, markers=case.markers, denied=403)


@provides("get", "/v1/go-solid/cases/{caseId}")
def go_solid_case(world: World) -> Probe:
    case = estate.go_solid_case(world)
    return Probe(path={"caseId": case.case_id}, markers=case.markers, denied=404)


@provides("post", "/v1/go-solid/cases/{caseId}/creditor-reports")
def go_solid_creditor_report(world: World) -> Probe:
    case = estate.go_solid_case(world)
    return Probe(path={"caseId": case.case_id}, body={"type": "CUSTOMER_CONTACTED", "note": "called the debtor"},
                 markers=case.markers, denied=404, snapshot=lambda: estate.go_solid_case_view(world, case.case_id))


@provides("post", "/v1/go-solid/cases/{caseId}/withdrawal")
def go_solid_withdrawal(world: World) -> Probe:
    case = estate.go_solid_case(world)
    return Probe(path={"caseId": case.case_id}, body={"reason": "paid in the meantime"}, markers=case.markers,
                 denied=404, snapshot=lambda: estate.go_solid_case_view(world, case.case_id))


@provides("post", "/v1/partners/go-solid/cases/{caseId}/events")
def go_solid_partner_event(world: World) -> Probe:
    case = estate.go_solid_case(world)
    served_on = estate.brussels_today(world)
    return Probe(path={"caseId": case.case_id}, body={"type": "SUMMONS_SERVED", "servedOn": served_on},
                 markers=case.markers, snapshot=lambda: estate.go_solid_case_view(world, case.case_id))


@provides("get", "/v1/notifications")
def notifications(world: World) -> Probe:
    case = estate.go_solid_case(world)              # its screening notifies B's people
    return Probe(markers=case.markers, denied=200)


# ------------------------------------------------------------------ NOWJOBS
@provides("post", "/v1/nowjobs/companies")
def nowjobs_registration(world: World) -> Probe:
    company = estate.nowjobs_company(world)         # B is registered: the owner's repeat is an idempotent replay
    return Probe(body=estate.registration(world), headers={"Idempotency-Key": estate.REGISTRATION_KEY},
                 markers=company.markers, denied=403)


@provides("get", "/v1/nowjobs/companies")
def nowjobs_companies(world: World) -> Probe:
    return Probe(query={"enterpriseNumber": B.number}, markers=estate.nowjobs_company(world).markers, denied=403)


@provides("get", "/v1/nowjobs/companies/{companyId}")
def nowjobs_company(world: World) -> Probe:
    company = estate.nowjobs_company(world)
    return Probe(path={"companyId": company.company_id}, markers=company.markers, denied=404)


@provides("post", "/v1/nowjobs/companies/{companyId}/job-offers")
def nowjobs_new_offer(world: World) -> Probe:
    company = estate.nowjobs_company(world)
    _, body = estate.job_offer(world)
    return Probe(path={"companyId": company.company_id}, body=body, markers=company.markers, denied=404,
                 snapshot=lambda: estate.offers_of_b(world))


@provides("get", "/v1/nowjobs/companies/{companyId}/job-offers")
def nowjobs_offers(world: World) -> Probe:
    company = estate.nowjobs_company(world)
    offer, _ = estate.job_offer(world)
    return Probe(path={"companyId": company.company_id}, markers=company.markers | {offer}, denied=404)


@provides("get", "/v1/nowjobs/job-offers/{offerId}")
def nowjobs_offer(world: World) -> Probe:
    offer, _ = estate.job_offer(world)
    return Probe(path={"offerId": offer}, markers=estate.nowjobs_company(world).markers | {offer}, denied=404)


@provides("post", "/v1/nowjobs/companies/{companyId}/invitations")
def nowjobs_new_invitation(world: World) -> Probe:
    company = estate.nowjobs_company(world)
    return Probe(path={"companyId": company.company_id}, body={"via": "QR"}, markers=company.markers, denied=404)


@provides("get", "/v1/nowjobs/job-offers/{offerId}/applications")
def nowjobs_applications(world: World) -> Probe:
    applied, offer, _ = estate.application(world)
    markers = estate.nowjobs_company(world).markers | {offer, applied, estate.WORKER_NAME}
    return Probe(path={"offerId": offer}, markers=markers, denied=404)


@provides("post", "/v1/nowjobs/wage-quotes")
def nowjobs_wage_quote(world: World) -> Probe:
    body = {"status": "FLEXI", "birthDate": "1990-05-05", "jointCommittee": "302", "hourlyWage": "14.00",
            "shifts": [estate.next_shift(world)]}
    return Probe(body=body, denied=200)             # nothing stored, nothing of an enterprise's


@provides("post", "/v1/nowjobs/applications/{applicationId}/contract-proposal")
def nowjobs_contract_proposal(world: World) -> Probe:
    applied, offer, _ = estate.application(world)
    markers = estate.nowjobs_company(world).markers | {offer, applied, estate.WORKER_NAME}
    return Probe(path={"applicationId": applied}, markers=markers, denied=404,
                 snapshot=lambda: estate.contracts_of_b(world))


@provides("get", "/v1/nowjobs/companies/{companyId}/contracts")
def nowjobs_contracts(world: World) -> Probe:
    company = estate.nowjobs_company(world)
    contract, _ = estate.contract(world)
    return Probe(path={"companyId": company.company_id}, markers=company.markers | {contract, estate.WORKER_NAME},
                 denied=404)


@provides("get", "/v1/nowjobs/contracts/{contractId}")
def nowjobs_contract(world: World) -> Probe:
    contract, _ = estate.contract(world)
    return Probe(path={"contractId": contract}, markers=estate.nowjobs_company(world).markers | {contract},
                 denied=404)


@provides("post", "/v1/nowjobs/contracts/{contractId}/cancellation")
def nowjobs_cancellation(world: World) -> Probe:
    contract, _ = estate.contract(world, confirmed=False)
    return Probe(path={"contractId": contract}, body={"reason": "the shop is closed that day"},
                 markers=estate.nowjobs_company(world).markers | {contract}, denied=404,
                 snapshot=lambda: estate.contract_view(world, contract))


def _worked_contract(world: World) -> tuple[str, dict[str, str]]:
    """A confirmed contract whose one shift is over (time moves past it)."""
    contract, offer = estate.contract(world)
    estate.settle(world, "PT4H")
    return contract, offer["shifts"][0]


@provides("post", "/v1/nowjobs/contracts/{contractId}/timesheets")
def nowjobs_hours(world: World) -> Probe:
    contract, shift = _worked_contract(world)
    body = {"shiftStart": shift["start"], "workedFrom": shift["start"], "workedUntil": shift["end"]}
    return Probe(path={"contractId": contract}, body=body, markers=estate.nowjobs_company(world).markers | {contract},
                 denied=404, snapshot=lambda: estate.timesheets(world, contract))


@provides("get", "/v1/nowjobs/contracts/{contractId}/timesheets")
def nowjobs_timesheets(world: World) -> Probe:
    contract, _ = estate.contract(world)
    return Probe(path={"contractId": contract}, markers=estate.nowjobs_company(world).markers | {contract},
                 denied=404)


@provides("post", "/v1/nowjobs/contracts/{contractId}/rating")
def nowjobs_rating(world: World) -> Probe:
    contract, _ = _worked_contract(world)
    return Probe(path={"contractId": contract}, body={"score": 4, "comment": "punctual"},
                 markers=estate.nowjobs_company(world).markers | {contract}, denied=404,
                 snapshot=lambda: estate.contract_view(world, contract))


@provides("post", "/v1/partners/nowjobs/companies/{companyId}/events")
def nowjobs_company_event(world: World) -> Probe:
    company = estate.nowjobs_company(world)
    return Probe(path={"companyId": company.company_id}, body={"type": "ACTIVATED"}, markers=company.markers)


@provides("post", "/v1/partners/nowjobs/job-offers/{offerId}/applications")
def nowjobs_partner_application(world: World) -> Probe:
    offer, _ = estate.job_offer(world)
    worker = {"workerId": estate.unique("W-SEC"), "name": estate.WORKER_NAME, "status": "FLEXI",
              "birthDate": "1990-05-05"}
    return Probe(path={"offerId": offer}, body={"worker": worker}, markers={offer},
                 snapshot=lambda: estate.applications(world, offer))


@provides("post", "/v1/partners/nowjobs/contracts/{contractId}/events")
def nowjobs_contract_event(world: World) -> Probe:
    contract, _ = estate.contract(world, confirmed=False)
    return Probe(path={"contractId": contract}, body={"type": "ACCEPTED"}, markers={contract},
                 snapshot=lambda: estate.contract_view(world, contract))


@provides("get", "/v1/partners/nowjobs/invitations/{invitationId}")
def nowjobs_invitation(world: World) -> Probe:
    return Probe(path={"invitationId": estate.invitation(world)}, markers=estate.nowjobs_company(world).markers)


# ------------------------------------------------------------------ billing (NOWJOBS direct debit)
# One billing estate per world (tests/security/estate.py, billing): B's invoice, submitted to the bank.
@provides("get", "/v1/nowjobs/companies/{companyId}/invoices", moves_time=True)
def billing_invoices(world: World) -> Probe:
    bill = estate.billing(world)
    return Probe(path={"companyId": bill.company_id}, markers=bill.markers, denied=404)


@provides("get", "/v1/nowjobs/invoices/{invoiceId}", moves_time=True)
def billing_invoice(world: World) -> Probe:
    bill = estate.billing(world)
    return Probe(path={"invoiceId": bill.invoice_id}, markers=bill.markers, denied=404)


@provides("get", "/v1/ops/direct-debit-batches/{batchId}/pain008", moves_time=True)
def billing_pain008(world: World) -> Probe:
    bill = estate.billing(world)                    # the file holds B's name, IBAN and mandate: the bank's only
    return Probe(path={"batchId": bill.batch_id}, markers=bill.markers, partner="bank")


@provides("post", "/v1/partners/bank/direct-debit-results", moves_time=True)
def billing_results(world: World) -> Probe:
    bill = estate.billing(world)
    body = {"batchId": bill.batch_id, "results": [{"endToEndId": bill.end_to_end_id, "status": "SETTLED"}]}
    return Probe(body=body, markers=bill.markers, partner="bank",
                 snapshot=lambda: estate.invoice_view(world, bill.invoice_id))
