"""The API driven over HTTP like the channels and the partners drive it (../shared/design/API.md), on the
local stack: each step names its route as template.yaml declares it, so a figure can count what each
route costs. A route not in template.yaml yet raises RouteMissing (the figure says PENDING); an answer
other than the expected one raises StepFailed.

Actors: C-BART (FULL mandate on the bakery 1234567401, local_stack/personas.py) on CBC Mobile; the
partners with their client-credentials tokens (minted at the virtual now, so months may pass)."""
from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from tools.bench.support import AwsCall, AwsCallRecorder

BRUSSELS = ZoneInfo("Europe/Brussels")
SUBMITTER = "C-BART"
CREDITOR = "1234567401"                       # the bakery
DEBTOR = "0432109858"                         # a healthy registered debtor (local_stack/personas.py)
DECLARATION = {"accepted": True, "wordingVersion": "2025-01"}
FLEXI_WORKER = {"workerId": "W-FLEXI-1", "name": "Karim Benali", "status": "FLEXI", "birthDate": "1984-04-02",
                "experienceMonths": 96}
_worker_ids = itertools.count(2)


class RouteMissing(Exception):
    """The route is not in template.yaml (yet)."""


class StepFailed(Exception):
    """The route answered something else than API.md says."""


@dataclass
class Step:
    method: str
    path: str                        # as template.yaml declares it, e.g. /v1/go-solid/cases/{caseId}
    variant: str                     # e.g. the partner event type; "" when the route has one use
    status: int
    calls: list[AwsCall] = field(default_factory=list)

    @property
    def route(self) -> tuple[str, str]:
        return self.method, self.path

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}" + (f" ({self.variant})" if self.variant else "")


def case_body(debtor: str = DEBTOR, amount: str = "1000.00", number: str = "F-2026-014") -> dict[str, Any]:
    return {"creditorEnterpriseNumber": CREDITOR, "declaration": DECLARATION,
            "debtor": {"enterpriseNumber": debtor, "name": "Brasserie Dupont SRL", "email": "compta@dupont.example"},
            "invoices": [{"number": number, "issueDate": "2026-01-02", "dueDate": "2026-02-01", "amount": amount,
                          "currency": "EUR"}],
            "evidence": [{"kind": "INVOICE", "documentId": f"doc-{number}"}]}


def registration(enterprise: str = CREDITOR, name: str = "Bakkerij Janssens BV") -> dict[str, Any]:
    return {"enterpriseNumber": enterprise, "declaration": DECLARATION, "name": name,
            "address": {"street": "Kerkstraat 12", "postalCode": "9000", "city": "Gent"},
            "contact": {"name": "Bart Janssens", "email": "bart@bakkerij-janssens.example",
                        "phone": "+32 470 12 34 56"},
            "iban": "BE68 5390 0754 7034", "jointCommittees": ["302"],
            "directDebitMandate": {"scheme": "B2B", "accepted": True}, "acquisitionChannel": "MOBILE"}


def shift(day: date, start: str = "09:00", end: str = "17:00", break_minutes: int = 30) -> dict[str, Any]:
    return {"start": _local(day, start), "end": _local(day, end), "breakMinutes": break_minutes}


def job_offer(shifts: list[dict[str, Any]], positions: int = 1) -> dict[str, Any]:
    return {"title": "Shop assistant (bakery)", "function": "shop assistant", "jointCommittee": "302",
            "location": "Kerkstraat 12, 9000 Gent", "hourlyWage": "14.00", "statuses": ["STUDENT", "FLEXI", "REGULAR"],
            "positions": positions, "shifts": shifts}


def hours_as_planned(planned: dict[str, Any]) -> dict[str, Any]:
    return {"shiftStart": planned["start"], "workedFrom": planned["start"], "workedUntil": planned["end"],
            "breakMinutes": planned["breakMinutes"]}


def enterprise_number(first_eight: int) -> str:
    """A valid Belgian enterprise number (check digits = 97 - first eight mod 97)."""
    return f"{first_eight:08d}{97 - first_eight % 97:02d}"


def _local(day: date, hhmm: str) -> str:
    from datetime import datetime
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS).isoformat()


class Journeys:
    def __init__(self, app: Any, recorder: AwsCallRecorder | None = None) -> None:
        from local_stack.testing import HttpClient
        self.app, self.stack = app, app.stack
        self.http = HttpClient(app.url)
        self.recorder = recorder
        # the routes of the running stack (template.yaml as it was when the stack started)
        self.routes: dict[tuple[str, str], str] = {(r.method.lower(), r.path): r.function.name
                                                   for r in self.stack.routes}
        self.steps: list[Step] = []

    # ------------------------------------------------------------------ plumbing
    def has(self, method: str, path: str) -> bool:
        return (method.lower(), path) in self.routes

    def function_name(self, method: str, path: str) -> str | None:
        return self.routes.get((method.lower(), path))

    def call(self, method: str, path: str, body: Any = None, *, args: dict[str, str] | None = None,
             customer: str | None = SUBMITTER, partner: str | None = None, variant: str = "",
             headers: dict[str, str] | None = None, query: dict[str, str] | None = None,
             expect: tuple[int, ...] = (200, 201, 202)) -> Any:
        """One request to the route `path` (template form, {name} filled from `args`), as the partner if
        given, else as the channel customer; settles the system afterwards (async work runs then)."""
        if not self.has(method, path):
            raise RouteMissing(f"{method.upper()} {path}")
        concrete = path.format(**(args or {}))
        token = self.app.partner_token(partner) if partner else self.app.token_for(customer)
        all_headers = {"Authorization": f"Bearer {token}", **(headers or {})}
        mark = self.recorder.mark() if self.recorder else 0
        answer = self.http.request(method, concrete, body, headers=all_headers, query=query)
        calls = self.recorder.by(mark, self.function_name(method, path)) if self.recorder else []
        self.stack.clock.settle()
        step = Step(method.lower(), path, variant, answer.status, calls)
        self.steps.append(step)
        if answer.status not in expect:
            raise StepFailed(f"{step.label}: HTTP {answer.status} {str(answer.body)[:240]}")
        return answer.body

    def partner_event(self, kind: str, path: str, args: dict[str, str], event_type: str, **fields: Any) -> Any:
        return self.call("POST", path, {"type": event_type, **fields}, args=args, partner=kind, variant=event_type)

    def today(self) -> date:
        return self.stack.clock.now().astimezone(BRUSSELS).date()

    def set_clock(self, instant: str) -> None:
        self.stack.clock.set(instant)

    def put_event(self, source: str, detail_type: str, detail: dict[str, Any]) -> None:
        self.stack.put_event(source, detail_type, detail)

    def feed_registry(self) -> None:
        """The registry and credit-bureau facts Go Solid screens on (the harness, not counted)."""
        from local_stack import personas
        events = getattr(personas, "registry_events", None)
        for source, detail_type, detail in (events() if events else []):
            self.put_event(source, detail_type, detail)

    def make_usable(self, customer: str, enterprise: str) -> None:
        """Core-banking events: `customer` holds a FULL mandate on a current account of `enterprise`."""
        at = "2026-01-05T08:00:00Z"
        product = f"P-{enterprise}"
        self.put_event("core-banking", "ProductChanged", {
            "productId": product, "holderCustomerId": f"C-OWNER-{enterprise}", "enterpriseNumber": enterprise,
            "productType": "CURRENT_ACCOUNT", "segment": "PROFESSIONAL", "status": "ACTIVE", "occurredAt": at})
        self.put_event("core-banking", "MandateChanged", {
            "mandateId": f"M-{customer}-{enterprise}", "customerId": customer, "productId": product, "powers": "FULL",
            "status": "ACTIVE", "occurredAt": at})
        self.put_event("core-banking", "DigitalAccessChanged", {
            "customerId": customer, "channel": "MOBILE", "status": "ACTIVE", "occurredAt": at})

    # ------------------------------------------------------------------ eligibility
    def eligibility(self) -> None:
        self.call("GET", "/v1/extra-services")
        self.call("GET", "/v1/enterprises/{enterpriseNumber}/extra-services", args={"enterpriseNumber": CREDITOR})
        self.call("GET", "/v1/ops/customers/{customerId}/extra-services", args={"customerId": SUBMITTER},
                  partner="bank", customer=None)

    # ------------------------------------------------------------------ Go Solid
    def go_solid_quote(self) -> Any:
        return self.call("POST", "/v1/go-solid/quotes", case_body())

    def go_solid_submit(self, body: dict[str, Any] | None = None, *, idempotency_key: str | None = None) -> str:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        case = self.call("POST", "/v1/go-solid/cases", body or case_body(), headers=headers)
        return str(case["caseId"])

    def go_solid_case(self, case_id: str) -> dict[str, Any]:
        return dict(self.call("GET", "/v1/go-solid/cases/{caseId}", args={"caseId": case_id}))

    def go_solid_list(self) -> Any:
        return self.call("GET", "/v1/go-solid/cases", query={"creditorEnterpriseNumber": CREDITOR})

    def bailiff(self, case_id: str, event_type: str, **fields: Any) -> Any:
        return self.partner_event("go-solid", "/v1/partners/go-solid/cases/{caseId}/events", {"caseId": case_id},
                                  event_type, **fields)

    def go_solid(self) -> None:
        """Quote, submission (with an Idempotency-Key), reads, the summons, a creditor report, a partial
        payment, a withdrawal."""
        self.feed_registry()
        self.go_solid_quote()
        case_id = self.go_solid_submit(idempotency_key=str(uuid.uuid4()))
        case = self.go_solid_case(case_id)
        self.go_solid_list()
        if case.get("status") != "ACCEPTED":
            raise StepFailed(f"the bench's case was not accepted by the screening: {case.get('status')} "
                             f"{case.get('rejectionReasons')}")
        self.bailiff(case_id, "SUMMONS_SERVED", servedOn=self.today().isoformat())
        self.call("POST", "/v1/go-solid/cases/{caseId}/creditor-reports",
                  {"type": "CUSTOMER_CONTACTED", "note": "called the debtor"}, args={"caseId": case_id})
        self.bailiff(case_id, "DEBTOR_PAYMENT", amount="100.00", paidOn=self.today().isoformat())
        self.call("POST", "/v1/go-solid/cases/{caseId}/withdrawal", {"reason": "settled with the customer"},
                  args={"caseId": case_id})

    # ------------------------------------------------------------------ NOWJOBS
    def nowjobs_register(self, enterprise: str = CREDITOR, customer: str = SUBMITTER) -> str:
        company = self.call("POST", "/v1/nowjobs/companies", registration(enterprise), customer=customer)
        return str(company["companyId"])

    def nowjobs_activate(self, company_id: str) -> None:
        for event in ("VERIFIED", "ACTIVATED"):
            self.partner_event("nowjobs", "/v1/partners/nowjobs/companies/{companyId}/events",
                               {"companyId": company_id}, event)

    def nowjobs_publish(self, company_id: str, shifts: list[dict[str, Any]], customer: str = SUBMITTER) -> str:
        offer = self.call("POST", "/v1/nowjobs/companies/{companyId}/job-offers", job_offer(shifts),
                          args={"companyId": company_id}, customer=customer)
        return str(offer["offerId"])

    def nowjobs_hire(self, offer_id: str, customer: str = SUBMITTER, worker: dict[str, Any] | None = None) -> str:
        """A flexi-jobber applies, is proposed the contract, accepts; Dimona confirmed. -> contract id"""
        worker = worker or FLEXI_WORKER | {"workerId": f"W-FLEXI-{next(_worker_ids)}"}
        application = self.call("POST", "/v1/partners/nowjobs/job-offers/{offerId}/applications", {"worker": worker},
                                args={"offerId": offer_id}, partner="nowjobs")
        contract = self.call("POST", "/v1/nowjobs/applications/{applicationId}/contract-proposal",
                             args={"applicationId": application["applicationId"]}, customer=customer)
        contract_id = str(contract["contractId"])
        path, args = "/v1/partners/nowjobs/contracts/{contractId}/events", {"contractId": contract_id}
        self.partner_event("nowjobs", path, args, "ACCEPTED", proposalVersion=contract.get("proposalVersion", 1))
        self.partner_event("nowjobs", path, args, "DIMONA_CONFIRMED", dimonaReference=f"DIM-{contract_id[:8]}")
        return contract_id

    def nowjobs_hours(self, contract_id: str, planned: dict[str, Any], customer: str = SUBMITTER) -> Any:
        return self.call("POST", "/v1/nowjobs/contracts/{contractId}/timesheets", hours_as_planned(planned),
                         args={"contractId": contract_id}, customer=customer)

    def nowjobs_company_with_shifts(self, enterprise: str, shifts: list[dict[str, Any]], *, customer: str,
                                    activate: bool = True, hire: bool = True) -> tuple[str, str | None]:
        """A company of `customer` for `enterprise` (made usable first), active, one offer with `shifts`
        and a flexi-jobber hired for all of them (Dimona confirmed). -> (company id, contract id)"""
        self.make_usable(customer, enterprise)
        company_id = self.nowjobs_register(enterprise, customer)
        if not activate:
            return company_id, None
        self.nowjobs_activate(company_id)
        if not hire:
            return company_id, None
        offer_id = self.nowjobs_publish(company_id, shifts, customer)
        return company_id, self.nowjobs_hire(offer_id, customer)

    def nowjobs(self) -> str:
        """Onboarding, an offer, an invitation, a hire, hours, a rating, a cancellation. -> company id"""
        monday = self.today() - timedelta(days=self.today().weekday())
        thursday, friday = shift(monday + timedelta(days=3)), shift(monday + timedelta(days=4), "09:00", "13:00", 0)
        self.call("POST", "/v1/nowjobs/wage-quotes", {"status": "REGULAR", "birthDate": "1999-11-23",
                                                      "jointCommittee": "302", "hourlyWage": "14.00",
                                                      "shifts": [thursday]})
        company_id = self.nowjobs_register()
        self.call("GET", "/v1/nowjobs/companies", query={"enterpriseNumber": CREDITOR})
        self.call("GET", "/v1/nowjobs/companies/{companyId}", args={"companyId": company_id})
        self.nowjobs_activate(company_id)
        offer_id = self.nowjobs_publish(company_id, [thursday, friday])
        self.call("GET", "/v1/nowjobs/companies/{companyId}/job-offers", args={"companyId": company_id})
        self.call("GET", "/v1/nowjobs/job-offers/{offerId}", args={"offerId": offer_id})
        invitation = self.call("POST", "/v1/nowjobs/companies/{companyId}/invitations",
                               {"via": "SMS", "recipient": "+32 470 98 76 54"}, args={"companyId": company_id})
        self.call("GET", "/v1/partners/nowjobs/invitations/{invitationId}",
                  args={"invitationId": invitation["invitationId"]}, partner="nowjobs")
        contract_id = self.nowjobs_hire(offer_id)
        self.call("GET", "/v1/nowjobs/job-offers/{offerId}/applications", args={"offerId": offer_id})
        self.call("GET", "/v1/nowjobs/companies/{companyId}/contracts", args={"companyId": company_id})
        self.call("GET", "/v1/nowjobs/contracts/{contractId}", args={"contractId": contract_id})
        self.set_clock(utc_instant(monday + timedelta(days=3), "17:30"))
        self.nowjobs_hours(contract_id, thursday)
        self.call("GET", "/v1/nowjobs/contracts/{contractId}/timesheets", args={"contractId": contract_id})
        self.call("POST", "/v1/nowjobs/contracts/{contractId}/rating", {"score": 5, "comment": "Punctual"},
                  args={"contractId": contract_id})
        self.call("POST", "/v1/nowjobs/contracts/{contractId}/cancellation", {"reason": "The shop closes on Friday"},
                  args={"contractId": contract_id})
        return company_id

    # ------------------------------------------------------------------ billing
    def billing(self, company_id: str) -> None:
        """After the Thursday billing run of the week after: the company's invoices, one invoice; once the
        daily submission has put its collection in a batch, the pain.008 and the bank's results."""
        page = self.call("GET", "/v1/nowjobs/companies/{companyId}/invoices", args={"companyId": company_id})
        items = (page.get("items") or []) if isinstance(page, dict) else []
        if not items:
            raise StepFailed("the billing run issued no invoice for the bench's confirmed hours")
        invoice_id = items[0]["invoiceId"]
        invoice = self.call("GET", "/v1/nowjobs/invoices/{invoiceId}", args={"invoiceId": invoice_id})
        collection = invoice.get("collection") or {}
        if not collection.get("dueOn"):
            raise StepFailed(f"invoice {invoice_id} has no collection due date")
        due = date.fromisoformat(collection["dueOn"])
        day = max(self.today() + timedelta(days=1), due - timedelta(days=5))
        while not collection.get("batchId") and day <= due:             # the daily submission, 07:00 Brussels
            self.set_clock(utc_instant(day, "08:00"))
            collection = self.stack_invoice(invoice_id).get("collection") or {}
            day += timedelta(days=1)
        if not collection.get("batchId"):
            raise StepFailed(f"the collection of invoice {invoice_id} was never submitted in a batch by {due}")
        self.call("GET", "/v1/ops/direct-debit-batches/{batchId}/pain008", args={"batchId": collection["batchId"]},
                  partner="bank", customer=None, expect=(200,))
        self.call("POST", "/v1/partners/bank/direct-debit-results",
                  {"batchId": collection["batchId"], "results": [
                      {"endToEndId": collection.get("endToEndId"), "status": "SETTLED"}]}, partner="bank")

    def stack_invoice(self, invoice_id: str, customer: str = SUBMITTER) -> dict[str, Any]:
        """The invoice as the channel sees it, outside the counted steps."""
        token = self.app.token_for(customer)
        answer = self.http.request("GET", f"/v1/nowjobs/invoices/{invoice_id}",
                                   headers={"Authorization": f"Bearer {token}"})
        return dict(answer.body) if answer.status == 200 else {}

    def notifications(self) -> None:
        self.call("GET", "/v1/notifications")


def utc_instant(day: date, hhmm: str) -> str:
    from datetime import UTC, datetime
    return datetime.fromisoformat(_local(day, hhmm)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def split_amount(total: str, parts: int) -> list[str]:
    """`total` in `parts` amounts of whole cents adding up exactly (the last takes the rest)."""
    cents = int(Decimal(total) * 100)
    each = cents // parts
    amounts = [each] * (parts - 1) + [cents - each * (parts - 1)]
    return [f"{Decimal(a) / 100:.2f}" for a in amounts]


Section = Callable[[], Any]
