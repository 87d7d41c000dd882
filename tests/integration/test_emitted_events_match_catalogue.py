"""What the system really puts on its bus validates against the event catalogue (docs/events/), so the
outbound models cannot drift from the code that builds the details.

Two lifecycles on the local stack (the real handlers, the real ASL, EventBridge rules, the virtual clock),
with a tap on the bus: rules of our own deliver every event to a local function that keeps them.

- Go Solid (tests/integration/gosolid/collection.py, the test playing the bailiff): a case rejected at
  screening, one reported on and withdrawn, one whose bailiff stays silent (parked), and one that goes
  through a payment plan, a missed instalment, the PV, the title and the enforcement to PAID.
- NOWJOBS and billing (the partner simulators, as in tests/e2e/test_billing_journey.py): two companies
  registered and activated, a third refused, offers, contracts, Dimona, one proposal cancelled, hours
  confirmed by the company and by default, the Thursday run, the pain.008 submission, settlement, a return.

Each outbound detail must validate strictly (JSON types as written, no field more or less) against its
model in <context>/outbound_events.py and against the published JSON schema; each inbound event on the
bus (the seeded core-banking and registry facts) against its catalogue model and schema."""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from local_stack.personas import BANK_DEBTOR_SHORT_OF_FUNDS, GARAGE, GO_SOLID_BANKRUPT_DEBTOR
from local_stack.testing import HttpClient
from tests.e2e.test_billing_journey import THURSDAY, Local, hire
from tests.integration.gosolid.collection import Collection, case_body
from tests.integration.nowjobs.journey import enterprise_number, person_usable_for, registration
from tools import event_catalogue as catalogue

OUTBOUND = catalogue.outbound_details()
ENTRIES = {(e.source.split(" ")[0], e.detail_type): e for e in catalogue.entries() if e.transport == catalogue.BUS}


class BusTap:
    """Every event on the project's bus, delivered by rules of its own to a local function that keeps it
    (the way the partner simulators subscribe: local_stack/simulators/partner.py)."""

    NAME = "LocalCatalogueTap"

    def __init__(self, stack: Any) -> None:
        self.events: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        stack.registry.register(self.NAME, self._keep)
        events, bus = stack.client("events"), stack.bus_name()
        target = {"Id": "tap", "Arn": f"arn:aws:lambda:{stack.region}:{stack.account}:function:{self.NAME}"}
        patterns = {"outbound": {"source": [{"prefix": "extra-services."}]},
                    "inbound": {"source": ["core-banking", "enterprise-registry", "credit-bureau"]}}
        for name, pattern in patterns.items():
            events.put_rule(Name=f"{self.NAME}-{name}", EventBusName=bus, EventPattern=json.dumps(pattern))
            events.put_targets(Rule=f"{self.NAME}-{name}", EventBusName=bus, Targets=[target])

    def _keep(self, event: dict[str, Any], _context: Any) -> dict[str, str]:
        with self.lock:
            self.events.append(event)
        return {"kept": str(event.get("id"))}

    def drain(self) -> list[dict[str, Any]]:
        with self.lock:
            seen, self.events = self.events, []
        return seen


def check_against_catalogue(events: list[dict[str, Any]]) -> set[str]:
    """Validate every event; the outbound detail-types seen."""
    problems, seen = [], set()
    schemas: dict[str, Draft202012Validator] = {}
    for event in events:
        key = (str(event["source"]), str(event["detail-type"]))
        entry = ENTRIES.get(key)
        if entry is None:
            problems.append(f"{key}: not in the event catalogue")
            continue
        detail = event["detail"]
        try:
            if key in OUTBOUND:
                seen.add(key[1])
                OUTBOUND[key].model_validate_json(json.dumps(detail), strict=True)
            else:
                catalogue.TypeAdapter(entry.model).validate_python({"occurredAt": event["time"], **detail}
                                                                   if entry.optional else detail)
        except ValueError as error:
            problems.append(f"{key}: {error}")
            continue
        if entry.slug not in schemas:
            schemas[entry.slug] = Draft202012Validator(entry.schema())
        problems += [f"{key}: schema: {e.message} at {list(e.absolute_path)}"
                     for e in schemas[entry.slug].iter_errors(detail)]
    assert not problems, "\n".join(problems)
    return seen


def only_timesheets(stack: Any) -> None:
    """Once every company is activated, the 15-minute activation check has nothing left to say and would cost
    most of the wall time of the weeks to come: only the timesheet schedule still runs."""
    real = stack.function("NowjobsSchedulesFunction")

    def handler(event: dict[str, Any], _context: Any) -> Any:
        return {} if event.get("task") == "activation-targets" else real(event)

    stack.registry.register(real.name, handler)


@pytest.fixture
def tapped(make_app: Callable[..., Any]) -> Callable[..., tuple[Any, BusTap]]:
    def start(**options: Any) -> tuple[Any, BusTap]:
        app = make_app(seed=False, **options)
        tap = BusTap(app.stack)
        app.seed()                                    # after the tap: the seeded facts are checked too
        return app, tap
    return start


def test_a_go_solid_lifecycle_emits_only_catalogued_events(tapped) -> None:
    app, tap = tapped(simulators=False)
    collection = Collection(app)
    collection.quiet_other_schedules()
    collection.feed_registry()

    rejected = collection.submit(case_body(debtor=GO_SOLID_BANKRUPT_DEBTOR.number))
    withdrawn = collection.submit(case_body(invoices=[{"number": "F-2026-015", "issueDate": "2026-01-02",
                                                       "dueDate": "2026-02-01", "amount": "500.00"}]))
    silent = collection.submit(case_body(invoices=[{"number": "F-2026-016", "issueDate": "2026-01-02",
                                                    "dueDate": "2026-02-01", "amount": "700.00"}]))
    planned = collection.submit(case_body(invoices=[{"number": "F-2026-017", "issueDate": "2026-01-02",
                                                     "dueDate": "2026-02-01", "amount": "1000.00"}]))
    assert collection.status(rejected) == "REJECTED"
    with collection.channel() as http:
        report = http.post(f"/v1/go-solid/cases/{withdrawn}/creditor-reports",
                           {"type": "CUSTOMER_CONTACTED", "note": "the customer called"})
    assert report.status == 200, report.body
    assert collection.withdraw(withdrawn).status == 200

    collection.set("2026-03-03T09:00:00Z")
    collection.accept(planned, "SUMMONS_SERVED", servedOn="2026-03-03")
    collection.set("2026-03-10T09:00:00Z")
    collection.accept(planned, "PAYMENT_PLAN_AGREED", installments=[
        {"dueOn": "2026-03-31", "amount": "524.17"}, {"dueOn": "2026-04-30", "amount": "524.17"}])
    collection.set("2026-03-31T10:00:00Z")
    collection.accept(planned, "DEBTOR_PAYMENT", amount="524.17", paidOn="2026-03-31")
    collection.set("2026-05-06T08:00:00Z")              # the second instalment's grace ended: the PV route
    assert collection.status(planned) == "AWAITING_PV"
    collection.accept(planned, "PV_DRAWN", drawnOn="2026-05-06")
    collection.set("2026-05-07T08:00:00Z")
    collection.accept(planned, "TITLE_ENFORCEABLE", on="2026-05-07")
    collection.accept(planned, "ENFORCEMENT_CLOSED", outcome="RECOVERED", amount="524.17")
    assert collection.status(planned) == "PAID"
    assert collection.case(silent)["needsAttention"] is True

    seen = check_against_catalogue(tap.drain())
    assert seen == {d for s, d in OUTBOUND if s == "extra-services.gosolid"}


def test_a_nowjobs_week_to_a_returned_direct_debit_emits_only_catalogued_events(tapped) -> None:
    app, tap = tapped(simulators=True)
    with HttpClient(app.url) as http:
        local = Local(http)
        bart, ilse = {"customerId": "C-BART", "channel": "mobile"}, {"customerId": "C-ILSE", "channel": "touch"}
        bakery = local.call("POST", "/v1/nowjobs/companies", registration(), status=201, **bart)["companyId"]
        local.advance("PT1H")
        garage = local.call("POST", "/v1/nowjobs/companies", registration(
            GARAGE.number, name=GARAGE.name, iban=BANK_DEBTOR_SHORT_OF_FUNDS.iban, acquisitionChannel="TOUCH",
            contact={"name": "Ilse Dubois", "email": "ilse@garage-dubois.example", "phone": "+32470654321"}),
            status=201, **ilse)["companyId"]
        third = enterprise_number(5550123)                               # Bart may act for it too
        person_usable_for(lambda kind, detail: http.post("/_local/events", {
            "source": "core-banking", "detailType": kind, "detail": detail}), "C-BART", third)
        refused = local.call("POST", "/v1/nowjobs/companies", registration(third, name="Bakkerij Twee BV"),
                             status=201, **bart)
        local.call("POST", f"/v1/partners/nowjobs/companies/{refused['companyId']}/events",
                   {"type": "REFUSED", "reason": "not a NOWJOBS sector", "eventId": "test-refused"},
                   partner="nowjobs")
        local.advance("PT26H")                                          # both others activated
        only_timesheets(app.stack)
        contracts = [(bart, hire(local, "C-BART", "mobile", bakery, "FLEXI")),
                     (ilse, hire(local, "C-ILSE", "touch", garage, "REGULAR"))]
        spare = hire(local, "C-BART", "mobile", bakery, "STUDENT")       # cancelled before the worker answers
        local.call("POST", f"/v1/nowjobs/contracts/{spare}/cancellation", {"reason": "one is enough"}, **bart)
        local.advance("PT1H")                                           # accepted, Dimona confirmed
        local.set("2026-03-05T16:30:00Z")                               # Thursday 17:30
        for who, contract_id in contracts:
            local.call("POST", f"/v1/nowjobs/contracts/{contract_id}/timesheets", THURSDAY, **who)
        # Friday's hours are left to the deadline: a reminder, then the planned hours stand
        local.set("2026-03-12T05:00:00Z")                               # Thursday 12 March: the weekly run
        local.set("2026-03-24T06:00:00Z")                               # the daily submission
        local.set("2026-03-30T08:00:00Z")                               # settled on the 26th, one returned
        [invoice] = local.call("GET", f"/v1/nowjobs/companies/{garage}/invoices", **ilse)["items"]
        assert (invoice["status"], invoice["statusReason"]) == ("UNPAID", "AM04")

    seen = check_against_catalogue(tap.drain())
    assert seen >= {"CompanyRegistered", "CompanyVerified", "CompanyActivated", "CompanyRefused",
                    "DiscountCodeIssued", "JobOfferPublished", "ContractProposed", "DimonaRequested",
                    "DimonaConfirmed", "ContractCancelled", "TimesheetReminderDue", "HoursConfirmed",
                    "InvoiceIssued", "DirectDebitBatchSubmitted", "DirectDebitSettled", "DirectDebitReturned"}
