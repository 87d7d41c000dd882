"""Issue 6, part 3: throttling and transient errors at every AWS call site of the functions (DynamoDB,
Step Functions, EventBridge, SQS; tests/security/faults.py) along each lifecycle -> the same final state
as without faults, nothing duplicated, nothing lost; a permanent failure ends visible (a dead letter, a
case that needs attention) with a metric, never in silence.

A lifecycle is one function in LIFECYCLES: it drives a story over HTTP like the channels and partners do
(a caller retries a 5xx with the same Idempotency-Key or event id, as API.md allows) and returns what must
come out the same whatever the faults. Adding one is one decorated function. Each lifecycle's fault-free
run comes right before its runs under faults (the billing lifecycle moves the clock by weeks: it comes
last, and ages nothing the others compare)."""
from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from schwifty import IBAN

from local_stack.virtual_time import format_instant
from tests.security import estate
from tests.security.faults import FaultInjector, FaultPlan, paused
from tests.security.figures import FIGURES
from tests.security.log_capture import metrics_seen
from tests.security.world import OWNER, B, World, enterprise_number

RETRIED_STATUSES = frozenset({500, 502, 503, 504})
PLANS = {
    # two failing attempts in a row (throttling, then a 500) at every site, and again on a tenth of its
    # attempts: botocore's 4 attempts absorb it (until the client's retry quota runs out: then the handlers
    # see it)
    "absorbed by the SDK": FaultPlan(rate=0.1, burst=2),
    # three failing attempts in a row at every site, and again on a twentieth of its attempts: they spend the
    # clients' retry quota (left low by the plan above), and then reach the handlers; 503 + the caller's
    # retry, Lambda's asynchronous retries and Step Functions' Retry must recover ("caller retries after a
    # 5xx" counts them). A burst of 4 (every SDK call failing in the handler at every site's first call)
    # finds the known defects at the end of this file.
    "reaching the handlers": FaultPlan(rate=0.05, burst=3),
}


def _code(answer: Any) -> str:
    return str(answer.body.get("error", {}).get("code", "")) if isinstance(answer.body, dict) else ""


class Caller:
    """A channel or a partner over HTTP that retries a 5xx with the same request (same key, same body)."""

    def __init__(self, world: World) -> None:
        self.world, self.retries = world, 0

    def call(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
             query: dict[str, Any] | None = None, expect: tuple[int, ...] = (200, 201, 202)) -> Any:
        for _ in range(16):
            answer = self.world.http.request(method, path, body, headers=headers, query=query)
            if answer.status == 409 and _code(answer) == "REQUEST_IN_PROGRESS":
                # a first attempt that crashed may leave its idempotency record in progress until it
                # expires (the function's timeout): "retry in a moment", a moment of virtual time
                self.retries += 1
                self.world.http.post("/_local/clock", {"advance": "PT1M"})
                continue
            if answer.status not in RETRIED_STATUSES:
                break
            self.retries += 1
        assert answer.status in expect, f"{method} {path}: {answer.status} {answer.body}"
        return answer.body

    def settle(self, advance: str = "PT10M") -> None:
        """Let asynchronous work and its retries (Lambda: 1 then 2 minutes) run."""
        self.call("POST", "/_local/clock", {"advance": advance})


@dataclass
class Result:
    final: Any                         # must equal the fault-free run's
    duplicates: int = 0
    losses: int = 0
    notes: list[str] = field(default_factory=list)


Lifecycle = Callable[[World, Caller, str], Result]
LIFECYCLES: dict[str, Lifecycle] = {}


def lifecycle(name: str) -> Callable[[Lifecycle], Lifecycle]:
    def register(fn: Lifecycle) -> Lifecycle:
        LIFECYCLES[name] = fn
        return fn
    return register


# ------------------------------------------------------------------ eligibility
@lifecycle("eligibility: core-banking events -> projection")
def eligibility_projection(world: World, caller: Caller, run: str) -> Result:
    number = enterprise_number(7_900_000 + sum(map(ord, run)) % 90_000)
    person, product = f"C-FI-{run}", f"P-FI-{run}"
    events = [
        ("DigitalAccessChanged", {"customerId": person, "channel": "MOBILE", "status": "ACTIVE",
                                  "occurredAt": "2026-02-01T08:00:00Z"}),
        ("ProductChanged", {"productId": product, "holderCustomerId": f"C-FI-HOLDER-{run}", "enterpriseNumber": number,
                            "productType": "CURRENT_ACCOUNT", "segment": "PROFESSIONAL", "status": "ACTIVE",
                            "occurredAt": "2026-02-01T09:00:00Z"}),
        ("MandateChanged", {"mandateId": f"M-FI-{run}", "customerId": person, "productId": product,
                            "powers": "VIEW_ONLY", "status": "ACTIVE", "occurredAt": "2026-02-02T09:00:00Z"}),
        ("MandateChanged", {"mandateId": f"M-FI-{run}", "customerId": person, "productId": product,
                            "powers": "FULL", "status": "ACTIVE", "occurredAt": "2026-02-03T09:00:00Z"}),
    ]
    for detail_type, detail in events:
        caller.call("POST", "/_local/events", {"source": "core-banking", "detailType": detail_type, "detail": detail})
    caller.settle()
    seen = caller.call("GET", "/v1/extra-services", headers=world.person(person))
    view = json.dumps(seen, sort_keys=True).replace(number, "ENTERPRISE").replace(run, "RUN")
    usable = [e for e in seen["enterprises"] if e["usable"]]
    return Result(view, losses=0 if usable else 1)


# ------------------------------------------------------------------ Go Solid
@lifecycle("Go Solid: submitted -> accepted -> summons served -> paid")
def go_solid_case(world: World, caller: Caller, run: str) -> Result:
    def owner() -> dict[str, str]:          # minted at each call: virtual time moves past a token's hour
        return world.person(OWNER)

    before = set(estate.go_solid_cases_of_b(world))
    submitted = caller.call("POST", "/v1/go-solid/cases", estate.case_request(world),
                            headers={**owner(), "Idempotency-Key": f"fi-case-{run}"}, expect=(202,))
    case_id = submitted["caseId"]
    caller.settle()
    def bailiff() -> dict[str, str]:
        return world.partner("go-solid")

    today = estate.brussels_today(world)
    caller.call("POST", f"/v1/partners/go-solid/cases/{case_id}/events",
                {"type": "SUMMONS_SERVED", "servedOn": today, "eventId": f"fi-served-{run}"}, headers=bailiff())
    caller.settle()
    owed = caller.call("GET", f"/v1/go-solid/cases/{case_id}", headers=owner())["amounts"]["totalClaimed"]
    caller.call("POST", f"/v1/partners/go-solid/cases/{case_id}/events",
                {"type": "DEBTOR_PAYMENT", "amount": owed, "paidOn": today, "eventId": f"fi-paid-{run}"},
                headers=bailiff())
    caller.settle()
    case = caller.call("GET", f"/v1/go-solid/cases/{case_id}", headers=owner())
    created = set(estate.go_solid_cases_of_b(world)) - before
    types = [entry["type"] for entry in case["timeline"]]
    repeated = sum(n - 1 for n in Counter(types).values() if n > 1)
    inbox = caller.call("GET", "/v1/notifications", headers=owner(), query={"limit": 100})["items"]
    about = Counter(item["type"] for item in inbox if case_id in json.dumps(item))
    final = {"status": case["status"], "needsAttention": case["needsAttention"], "timeline": types,
             "amounts": case["amounts"], "notifications": dict(sorted(about.items()))}
    return Result(final, duplicates=len(created) - 1 + repeated + sum(n - 1 for n in about.values()),
                  losses=0 if case["status"] == "PAID" and len(created) == 1 else 1)


# ------------------------------------------------------------------ NOWJOBS
@lifecycle("NOWJOBS: offer -> application -> contract -> Dimona -> hours confirmed")
def nowjobs_contract(world: World, caller: Caller, run: str) -> Result:
    def owner() -> dict[str, str]:
        return world.person(OWNER)

    def partner() -> dict[str, str]:
        return world.partner("nowjobs")

    company = estate.nowjobs_company(world).company_id
    offers_before, contracts_before = set(estate.offers_of_b(world)), set(estate.contracts_of_b(world))
    shift = estate.next_shift(world)
    offer = caller.call("POST", f"/v1/nowjobs/companies/{company}/job-offers", {
        "title": "Brewer", "function": "brewer", "jointCommittee": "302", "location": "Gent", "hourlyWage": "14.00",
        "statuses": ["FLEXI"], "positions": 1, "shifts": [shift]},
        headers={**owner(), "Idempotency-Key": f"fi-o-{run}"}, expect=(201,))["offerId"]
    applied = caller.call("POST", f"/v1/partners/nowjobs/job-offers/{offer}/applications", {
        "worker": {"workerId": f"W-FI-{run}", "status": "FLEXI", "birthDate": "1990-05-05"}}, headers=partner())
    contract = caller.call("POST", f"/v1/nowjobs/applications/{applied['applicationId']}/contract-proposal", None,
                           headers={**owner(), "Idempotency-Key": f"fi-p-{run}"})["contractId"]
    for event in ("ACCEPTED", "DIMONA_CONFIRMED"):
        caller.call("POST", f"/v1/partners/nowjobs/contracts/{contract}/events",
                    {"type": event, "eventId": f"fi-{event}-{run}", "dimonaReference": f"DIM-FI-{run}"},
                    headers=partner())
    caller.settle("PT4H")                                  # the shift is over
    caller.call("POST", f"/v1/nowjobs/contracts/{contract}/timesheets", {
        "shiftStart": shift["start"], "workedFrom": shift["start"], "workedUntil": shift["end"]},
        headers={**owner(), "Idempotency-Key": f"fi-h-{run}"})
    sheets = caller.call("GET", f"/v1/nowjobs/contracts/{contract}/timesheets", headers=owner())["items"]
    view = caller.call("GET", f"/v1/nowjobs/contracts/{contract}", headers=owner())
    new_offers = set(estate.offers_of_b(world)) - offers_before
    new_contracts = set(estate.contracts_of_b(world)) - contracts_before
    applications = estate.applications(world, offer)
    final = {"contract": view["status"], "proposalVersion": view["proposalVersion"],
             "timesheets": [(t["status"], t["line"]["total"]) for t in sheets]}
    duplicates = len(new_offers) - 1 + len(new_contracts) - 1 + len(applications) - 1
    return Result(final, duplicates=duplicates,
                  losses=0 if [t["status"] for t in sheets] == ["CONFIRMED"] and view["status"] == "DIMONA_CONFIRMED"
                  else 1)


# ------------------------------------------------------------------ billing
@dataclass
class BillingCompany:
    company_id: str
    person: str
    email: str


def billing_company(world: World, caller: Caller, run: str) -> BillingCompany:
    """A company of its own: an enterprise made usable for its owner by core-banking events, registered
    through CBC Mobile (the welcome discount), verified and activated by the partner."""
    seed = zlib.crc32(run.encode())
    number, person, product = enterprise_number(8_300_000 + seed % 90_000), f"C-FIB-{run}", f"P-FIB-{run}"
    account = str(IBAN.generate("BE", bank_code="539", account_code=f"{seed % 10_000_000:07d}").compact)
    email = f"billing-{run.lower()}@lifecycle-company.example"
    at = "2026-02-01T08:00:00Z"
    with paused():  # the enterprise made usable by core banking: eligibility's precondition, not NOWJOBS'
        for detail_type, detail in (
                ("ProductChanged", {"productId": product, "holderCustomerId": f"C-FIB-HOLDER-{run}",
                                    "enterpriseNumber": number, "productType": "CURRENT_ACCOUNT",
                                    "segment": "PROFESSIONAL", "status": "ACTIVE", "iban": account,
                                    "occurredAt": at}),
                ("MandateChanged", {"mandateId": f"M-FIB-{run}", "customerId": person, "productId": product,
                                    "powers": "FULL", "status": "ACTIVE", "occurredAt": at}),
                ("DigitalAccessChanged", {"customerId": person, "channel": "MOBILE", "status": "ACTIVE",
                                          "occurredAt": at})):
            caller.call("POST", "/_local/events",
                        {"source": "core-banking", "detailType": detail_type, "detail": detail})
        caller.settle()
    company = caller.call("POST", "/v1/nowjobs/companies", {
        "enterpriseNumber": number, "declaration": estate.declaration(world), "name": "Lifecycle Taverne BV",
        "address": {"street": "Faultstraat 3", "postalCode": "9000", "city": "Gent"},
        "contact": {"name": "Lieve Lifecycle", "email": email, "phone": "+32470112233"}, "iban": account,
        "jointCommittees": ["302"], "directDebitMandate": {"scheme": "B2B", "accepted": True},
        "acquisitionChannel": "MOBILE"}, headers={**world.person(person), "Idempotency-Key": f"fi-b-reg-{run}"},
        expect=(201,))["companyId"]
    for event in ("VERIFIED", "ACTIVATED"):
        caller.call("POST", f"/v1/partners/nowjobs/companies/{company}/events",
                    {"type": event, "eventId": f"fi-b-{event}-{run}"}, headers=world.partner("nowjobs"))
    return BillingCompany(company, person, email)


@lifecycle("billing: a company's confirmed week -> invoice -> collection submitted -> settled")
def billing_cycle(world: World, caller: Caller, run: str) -> Result:
    """The company (billing_company) is registered and activated under the same faults (the core-banking
    events that make its enterprise usable are sent without faults: eligibility's lifecycle); then a day's work
    hired and confirmed, the weekly run's invoice, the daily submission's pain.008, the
    bank's SETTLED result. Duplicates: a second invoice, a shift on two invoice lines, a second e-mail of a
    kind, a second collection attempt. Loss: no invoice with a direct debit, or not PAID and SETTLED."""
    setup = billing_company(world, caller, run)
    company, email = setup.company_id, setup.email

    def owner() -> dict[str, str]:
        return world.person(setup.person)

    def bank() -> dict[str, str]:
        return world.partner("bank")

    def partner() -> dict[str, str]:
        return world.partner("nowjobs")

    shift = estate.day_shift(estate.now(world))
    offer = caller.call("POST", f"/v1/nowjobs/companies/{company}/job-offers", {
        "title": "Waiter", "function": "waiter", "jointCommittee": "302", "location": "Gent", "hourlyWage": "14.00",
        "statuses": ["FLEXI"], "positions": 1, "shifts": [shift]},
        headers={**owner(), "Idempotency-Key": f"fi-b-o-{run}"}, expect=(201,))["offerId"]
    applied = caller.call("POST", f"/v1/partners/nowjobs/job-offers/{offer}/applications", {
        "worker": {"workerId": f"W-FIB-{run}", "status": "FLEXI", "birthDate": "1990-05-05"}}, headers=partner())
    contract = caller.call("POST", f"/v1/nowjobs/applications/{applied['applicationId']}/contract-proposal", None,
                           headers={**owner(), "Idempotency-Key": f"fi-b-p-{run}"})["contractId"]
    for event in ("ACCEPTED", "DIMONA_CONFIRMED"):
        caller.call("POST", f"/v1/partners/nowjobs/contracts/{contract}/events",
                    {"type": event, "eventId": f"fi-b-{event}-{run}", "dimonaReference": f"DIM-FIB-{run}"},
                    headers=partner())
    end = datetime.fromisoformat(shift["end"].replace("Z", "+00:00"))
    caller.call("POST", "/_local/clock", {"set": format_instant(end + timedelta(hours=1))})
    caller.call("POST", f"/v1/nowjobs/contracts/{contract}/timesheets", {
        "shiftStart": shift["start"], "workedFrom": shift["start"], "workedUntil": shift["end"]},
        headers={**owner(), "Idempotency-Key": f"fi-b-h-{run}"})

    notes: list[str] = []
    caller.call("POST", "/_local/clock", {"set": format_instant(estate.invoice_thursday(shift))})
    for late in range(3):       # a weekly run that failed after its retries is alarmed; the next one catches up
        invoices = caller.call("GET", f"/v1/nowjobs/companies/{company}/invoices", headers=owner(),
                               query={"limit": 100})["items"]
        if invoices and invoices[0]["collection"]:
            break
        notes.append(f"invoiced by the weekly run {late + 1} week(s) later (catch-up)")
        caller.settle("P7D")
    else:
        return Result({"invoices": len(invoices)}, losses=1, notes=[*notes, "no invoice with a direct debit"])
    invoice_id = invoices[0]["invoiceId"]
    caller.call("POST", "/_local/clock",
                {"set": format_instant(estate.submission_day(invoices[0]["collection"]["dueOn"]))})
    for late in range(3):       # a daily submission that failed: the next day's run sends it (or re-dates it)
        collection = caller.call("GET", f"/v1/nowjobs/invoices/{invoice_id}", headers=owner())["collection"]
        if collection["status"] == "SUBMITTED":
            break
        notes.append(f"submitted {late + 1} day(s) later")
        caller.settle("P1D")
    else:
        return Result({"collection": collection["status"]}, losses=1, notes=[*notes, "never submitted to the bank"])
    pain008 = caller.call("GET", f"/v1/ops/direct-debit-batches/{collection['batchId']}/pain008", headers=bank())
    settled = caller.call("POST", "/v1/partners/bank/direct-debit-results", {
        "batchId": collection["batchId"], "results": [{"endToEndId": collection["endToEndId"], "status": "SETTLED"}]},
        headers=bank())
    caller.settle()
    invoices = caller.call("GET", f"/v1/nowjobs/companies/{company}/invoices", headers=owner(),
                           query={"limit": 100})["items"]
    invoice = caller.call("GET", f"/v1/nowjobs/invoices/{invoice_id}", headers=owner())
    shifts_billed = Counter(line["shiftId"] for i in invoices for line in i["lines"])
    mails = Counter(m.get("type") for m in caller.call("GET", "/_local/outbox")["items"] if email in json.dumps(m))
    final = {"invoices": len(invoices), "status": invoice["status"], "collection": invoice["collection"]["status"],
             "attempt": invoice["collection"]["attempt"], "sequenceType": invoice["collection"]["sequenceType"],
             "lines": [(line["hours"], line["total"]) for line in invoice["lines"]],
             "amounts": (invoice["subtotal"], invoice["discount"], invoice["total"]),
             "inFile": collection["endToEndId"] in pain008,
             "result": [r["invoiceStatus"] for r in settled["results"]], "mails": dict(sorted(mails.items()))}
    duplicates = (len(invoices) - 1 + sum(n - 1 for n in shifts_billed.values())
                  + invoice["collection"]["attempt"] - 1 + sum(n - 1 for n in mails.values()))
    settled_once = invoice["status"] == "PAID" and invoice["collection"]["status"] == "SETTLED"
    return Result(final, duplicates=duplicates, losses=0 if settled_once and len(shifts_billed) == 1 else 1,
                  notes=notes)


# ------------------------------------------------------------------ the runs
SITES: dict[str, set[str]] = {"seen": set(), "faulted": set()}


@pytest.fixture(scope="module")
def world(security_app):
    yield security_app
    FIGURES.add("3", "distinct AWS call sites (function x service x operation)", len(SITES["seen"]))
    FIGURES.add("3", "of which faulted", len(SITES["faulted"]))


@pytest.fixture(scope="module")
def baselines(world: World) -> dict[str, Result]:
    """Each lifecycle's fault-free run, made just before its first run under faults (filled in by the test)."""
    return {}


def baseline(world: World, baselines: dict[str, Result], name: str) -> Result:
    if name not in baselines:
        baselines[name] = LIFECYCLES[name](world, Caller(world), f"base{list(LIFECYCLES).index(name)}")
    return baselines[name]


@pytest.mark.parametrize("plan", list(PLANS))
@pytest.mark.parametrize("name", list(LIFECYCLES))
def test_each_lifecycle_reaches_the_same_end_under_faults_at_every_aws_call_site(world, baselines, name, plan):
    expected = baseline(world, baselines, name)
    assert expected.duplicates == 0 and expected.losses == 0, expected
    injector, caller = FaultInjector(PLANS[plan]), Caller(world)
    with injector.active():
        result = LIFECYCLES[name](world, caller, f"{plan[:4]}{list(LIFECYCLES).index(name)}")
    SITES["seen"] |= {str(s) for s in injector.sites}
    SITES["faulted"] |= {str(s) for s in injector.faulted_sites}
    FIGURES.add("3", "lifecycle runs under faults", 1)
    FIGURES.add("3", "faults injected", sum(injector.faults.values()))
    FIGURES.add("3", "caller retries after a 5xx", caller.retries)
    FIGURES.add("3", "duplicates", result.duplicates)
    FIGURES.add("3", "losses", result.losses)
    FIGURES.add("3", "final states different from the fault-free run", int(result.final != expected.final))
    for note in result.notes:
        FIGURES.note("3", f"{name} ({plan}): {note}")
    unfaulted = injector.sites - injector.faulted_sites
    assert not unfaulted, f"call sites never faulted (raise their traffic or lower `every`): {unfaulted}"
    assert (result.duplicates, result.losses) == (0, 0), result
    assert result.final == expected.final


# ------------------------------------------------------------------ permanent failures
def dead_letters(world: World) -> list[dict[str, Any]]:
    sqs = world.app.stack.client("sqs")
    url = sqs.get_queue_url(QueueName=world.app.stack.template.name("EventsDeadLetterQueue"))["QueueUrl"]
    letters = []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        for message in batch:
            letters.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return letters


def test_a_core_banking_event_that_can_never_be_stored_ends_in_the_dead_letter_queue(world):
    dead_letters(world)
    failures_before = len(world.app.stack.failures)
    plan = FaultPlan(burst=0, permanent=(("EligibilityEventsFunction", "dynamodb:TransactWriteItems"),
                                                  ("EligibilityEventsFunction", "dynamodb:PutItem"),
                                                  ("EligibilityEventsFunction", "dynamodb:UpdateItem")))
    caller = Caller(world)
    with FaultInjector(plan).active():
        caller.call("POST", "/_local/events", {"source": "core-banking", "detailType": "ProductChanged", "detail": {
            "productId": "P-FI-DOOMED", "holderCustomerId": "C-FI-DOOMED", "enterpriseNumber": B.number,
            "productType": "SAVINGS_ACCOUNT", "segment": "PROFESSIONAL", "status": "ACTIVE",
            "occurredAt": "2026-02-10T09:00:00Z"}})
        caller.settle()                                    # Lambda's two retries, then the on-failure destination
    letters = dead_letters(world)
    failed = world.app.stack.failures[failures_before:]
    visible = [letter for letter in letters if "P-FI-DOOMED" in json.dumps(letter)]
    FIGURES.add("3", "permanent failures", 1)
    FIGURES.add("3", "silent failures", 0 if visible else 1)
    assert [f.function for f in failed] == ["EligibilityEventsFunction"]
    assert visible, "the event is in no dead-letter queue"     # the DLQ's alarm watches its depth (part 6)


def executions_of(world: World, case_id: str) -> list[dict[str, Any]]:
    sfn = world.app.stack.client("stepfunctions")
    arn = world.app.stack.state_machines["GoSolidCollectionStateMachine"]
    found = []
    for execution in sfn.list_executions(stateMachineArn=arn)["executions"]:
        described = sfn.describe_execution(executionArn=execution["executionArn"])
        if case_id in described.get("input", ""):
            found.append(described)
    return found


def test_a_go_solid_workflow_whose_storage_keeps_failing_ends_visible_never_silent(world):
    """The workflow function cannot read or write the case any more: its tasks retry, then the Catch
    parks the case (needs attention, metric GoSolidCaseNeedsAttention) — or, when parking fails too, the
    execution fails (Step Functions' ExecutionsFailed, alarmed). Never a case left running in silence."""
    case = estate.go_solid_case(world)
    plan = FaultPlan(burst=0, permanent=tuple(("GoSolidWorkflowFunction", f"dynamodb:{operation}") for operation in (
        "GetItem", "Query", "PutItem", "UpdateItem", "TransactWriteItems", "TransactGetItems")))
    caller = Caller(world)
    with FaultInjector(plan).active():
        caller.call("POST", f"/v1/partners/go-solid/cases/{case.case_id}/events", {
            "type": "SUMMONS_SERVED", "servedOn": estate.brussels_today(world), "eventId": "fi-doomed"},
            headers=world.partner("go-solid"))
        caller.settle("PT2H")                       # the tasks' Retry backoff, then the Catch
    view = estate.go_solid_case_view(world, case.case_id)
    statuses = [e["status"] for e in executions_of(world, case.case_id)]
    parked = view["needsAttention"] and "GoSolidCaseNeedsAttention" in metrics_seen()
    failed_visibly = "FAILED" in statuses               # AWS/States ExecutionsFailed -> the template's alarm
    FIGURES.add("3", "permanent failures", 1)
    FIGURES.add("3", "silent failures", 0 if parked or failed_visibly else 1)
    FIGURES.note("3", "Go Solid workflow without storage: " + (
        "the case is parked (needs attention, metric)" if parked else "the execution FAILED (alarmed)"))
    assert parked or failed_visibly, (view, statuses)
    assert "RUNNING" not in statuses, statuses



# ------------------------------------------------------------------ NOWJOBS retries after a failed publish
# Found by this test with every SDK attempt of one call failing (a burst of 4: botocore's standard mode makes
# 4 attempts). NOWJOBS stores, then publishes its event; when the publish fails the caller gets a 503 and the
# idempotency record is dropped, so the caller's retry with the same Idempotency-Key runs the request again.
# Fixed in NOWJOBS (fixed 2026-11-27): the record's id is derived from the Idempotency-Key and keeps the body's
# hash, so the retry finds it, publishes its event again and answers the first response (nowjobs/replay.py).
EVENT_REFUSED = FaultPlan(burst=4, rate=0, services=("events",), functions=("NowjobsApiFunction",))


def test_a_registration_retried_after_its_event_failed_answers_its_first_response(world):
    FIGURES.note("3", "fixed: a NOWJOBS registration retried after its event failed to publish answers its "
                      "first response")
    caller = Caller(world)
    with FaultInjector(EVENT_REFUSED).active() as injector:
        setup = billing_company(world, caller, "regdefect")       # asserts the 201 of the retry
    assert setup.company_id and sum(injector.faults.values()) == 4


def test_a_job_offer_retried_after_its_event_failed_is_created_once(world):
    FIGURES.note("3", "fixed: a NOWJOBS job offer retried after its event failed to publish is created once")
    company = estate.nowjobs_company(world).company_id
    before = set(estate.offers_of_b(world))
    body = {"title": "Brewer", "function": "brewer", "jointCommittee": "302", "location": "Gent",
            "hourlyWage": "14.00", "statuses": ["FLEXI"], "positions": 1, "shifts": [estate.next_shift(world)]}
    caller = Caller(world)
    with FaultInjector(EVENT_REFUSED).active() as injector:
        caller.call("POST", f"/v1/nowjobs/companies/{company}/job-offers", body, expect=(201,),
                    headers={**world.person(OWNER), "Idempotency-Key": "fi-offer-defect"})
    assert sum(injector.faults.values()) == 4 and caller.retries == 1
    assert len(set(estate.offers_of_b(world)) - before) == 1
