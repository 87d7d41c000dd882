"""`make demo` (python -m local_stack.demo): two journeys on the local stack, printed as a timeline.

- Go Solid: Bart (C-BART, FULL mandate on Bakkerij Janssens BV) has an unpaid, uncontested invoice of
  Brasserie Dupont SRL; he asks a quote and submits the case; the application screens it, the bailiff
  serves the summons, the debtor pays, Go Solid forwards the principal and closes the case PAID.
- NOWJOBS: Bart registers the bakery; NOWJOBS verifies and activates it; he publishes a job offer,
  invites Karim Benali (the platform's demo flexi-jobber) with a QR code, Karim applies, Bart proposes
  the contract, Karim accepts, the Dimona is confirmed; Bart confirms the hours; the Thursday billing
  run invoices the week, the daily submission sends the direct debit to the bank in a pain.008 file,
  and the bank settles it on its due date.

Everything goes over HTTP against a LocalStack started in this process (local_stack.application), with
the partner simulators playing the bailiff, the debtor, NOWJOBS and the bank (local_stack/simulators/).
Virtual time moves with POST /_local/clock. The timeline is what happened, from three sources: the
demo's own requests (a person on a channel), the simulators' partner calls, and the application's
domain events on the bus (a local rule, like the simulators'). Only the demo personas appear in it.

Starts on Monday 2 March 2026, 09:00 Brussels; ends on Thursday 26 March, when the bank settles."""
from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from local_stack.application import Application, Options
from local_stack.personas import BAKERY, GO_SOLID_HEALTHY_DEBTOR
from local_stack.testing import HttpClient, Response
from local_stack.virtual_time import parse_instant

__all__ = ["DemoFailed", "DemoResult", "Step", "main", "print_timeline", "run_demo"]

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)     # Monday 2 March 2026, 09:00 Brussels
BRUSSELS = ZoneInfo("Europe/Brussels")
GO_SOLID, NOWJOBS = "Go Solid", "NOWJOBS"
BART = "Bart (CBC Mobile)"
KARIM = "Karim Benali"                               # local_stack/simulators/nowjobs.py: the flexi-jobber
DEBTOR = GO_SOLID_HEALTHY_DEBTOR.name
OBSERVER = "LocalDemoTimeline"

# What Bart sends (the bakery's details are the demo persona's, as in the e2e tests).
INVOICE = {"number": "B-2026-014", "issueDate": "2026-01-02", "dueDate": "2026-02-01", "amount": "1000.00"}
CASE = {"creditorEnterpriseNumber": f"BE {BAKERY.number}",
        "debtor": {"enterpriseNumber": GO_SOLID_HEALTHY_DEBTOR.number, "name": DEBTOR},
        "invoices": [INVOICE], "evidence": [{"kind": "INVOICE", "documentId": "scan-B-2026-014"},
                                            {"kind": "REMINDER", "documentId": "reminder-B-2026-014"}]}
DECLARATION = {"accepted": True, "wordingVersion": "2025-01"}
REGISTRATION = {
    "enterpriseNumber": BAKERY.number, "declaration": DECLARATION, "name": BAKERY.name,
    "address": {"street": "Kerkstraat 12", "postalCode": "9000", "city": "Gent"},
    "contact": {"name": "Bart Janssens", "email": "bart@bakkerij-janssens.example", "phone": "+32 470 12 34 56"},
    "iban": "BE68 5390 0754 7034", "jointCommittees": ["302"],
    "directDebitMandate": {"scheme": "B2B", "accepted": True}, "acquisitionChannel": "MOBILE"}
THURSDAY = {"shiftStart": "2026-03-05T09:00:00+01:00", "workedFrom": "2026-03-05T09:00:00+01:00",
            "workedUntil": "2026-03-05T17:00:00+01:00", "breakMinutes": 30}
FRIDAY = {"shiftStart": "2026-03-06T09:00:00+01:00", "workedFrom": "2026-03-06T09:00:00+01:00",
          "workedUntil": "2026-03-06T13:00:00+01:00", "breakMinutes": 0}
JOB_OFFER = {"title": "Shop assistant (bakery)", "function": "shop assistant", "jointCommittee": "302",
             "location": "Kerkstraat 12, 9000 Gent", "hourlyWage": "14.00", "statuses": ["FLEXI"], "positions": 1,
             "shifts": [{"start": THURSDAY["shiftStart"], "end": "2026-03-05T17:00:00+01:00", "breakMinutes": 30},
                        {"start": FRIDAY["shiftStart"], "end": "2026-03-06T13:00:00+01:00", "breakMinutes": 0}]}


class DemoFailed(RuntimeError):
    """A step did not answer as the journey needs (the message names the request and the answer)."""


@dataclass(frozen=True)
class Step:
    at: datetime        # virtual time (UTC)
    journey: str        # GO_SOLID | NOWJOBS
    actor: str
    what: str
    key: str            # stable, for tests: the demo's action, the partner's event type or the domain event


@dataclass
class DemoResult:
    steps: list[Step]
    go_solid_status: str
    invoice_status: str
    collection_status: str
    wall_seconds: float

    def journey(self, name: str) -> list[Step]:
        return [s for s in self.steps if s.journey == name]

    def keys(self, name: str) -> list[str]:
        return [s.key for s in self.journey(name)]


# ------------------------------------------------------------------------------ formatting
def eur(amount: object) -> str:
    return f"EUR {Decimal(str(amount)):,.2f}"


def day(value: object) -> str:
    return date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")


def brussels(at: datetime) -> str:
    return at.astimezone(BRUSSELS).strftime("%a %d/%m/%Y %H:%M")


# ------------------------------------------------------------------------------ the domain events
# detail-type -> (journey, actor, description). The order is the order of cause and effect when one
# action publishes several events at the same instant.
EventText = Callable[[dict[str, Any]], str]
EVENTS: dict[str, tuple[str, str, EventText]] = {
    "CaseSubmitted": (GO_SOLID, "Go Solid", lambda d: "records the case: SUBMITTED, screening starts"),
    "CaseAccepted": (GO_SOLID, "Go Solid", lambda d: (
        f"screens creditor and debtor (enterprise registry, credit bureau): ACCEPTED; the summons is due "
        f"by {brussels(parse_instant(d['summonsServiceDue']))}" if d.get("summonsServiceDue")
        else "screens creditor and debtor (enterprise registry, credit bureau): ACCEPTED")),
    "CaseRejected": (GO_SOLID, "Go Solid", lambda d: f"screens the case: REJECTED ({', '.join(d.get('reasons', []))})"),
    "SummonsRequested": (GO_SOLID, "Go Solid", lambda d: (
        f"asks the bailiff to serve the summons to pay {eur(d['amounts']['totalClaimed'])} (principal "
        f"{eur(d['amounts']['principal'])}, increase {eur(d['amounts']['increase'])}, flat fee "
        f"{eur(d['amounts']['flatFee'])})")),
    "SummonsServed": (GO_SOLID, "Go Solid", lambda d: (
        f"records the service: the debtor has until {day(d['responseDeadline'])} to pay, agree a plan or contest")),
    "PaymentPlanAgreed": (GO_SOLID, "Go Solid", lambda d: f"records a plan of {len(d['installments'])} instalments"),
    "PaymentForwarded": (GO_SOLID, "Go Solid", lambda d: (
        f"forwards {eur(d['amount'])} to the bakery's account (Go Solid keeps the increase and the flat fee)")),
    "PvRequested": (GO_SOLID, "Go Solid", lambda d: "asks the bailiff for the PV of non-contestation"),
    "CaseClosed": (GO_SOLID, "Go Solid", lambda d: f"closes the case: {d['status']}"),
    "CaseNeedsAttention": (GO_SOLID, "Go Solid", lambda d: f"parks the case for a person ({d.get('error')})"),
    "CompanyRegistered": (NOWJOBS, "NOWJOBS service", lambda d: (
        f"passes the registration to NOWJOBS's Digital Business Partner (activation due "
        f"{brussels(parse_instant(d['activationDue']))})")),
    "CompanyVerified": (NOWJOBS, "NOWJOBS service", lambda d: "records the company: VERIFIED"),
    "CompanyActivated": (NOWJOBS, "NOWJOBS service", lambda d: (
        "records the company: ACTIVE, " + ("within" if d.get("activationTargetMet") else "after")
        + " the 48-hour target")),
    "DiscountCodeIssued": (NOWJOBS, "NOWJOBS service", lambda d: (
        f"e-mails Bart a welcome discount code of {eur(d['amount'])}")),
    "JobOfferPublished": (NOWJOBS, "NOWJOBS service", lambda d: (
        f"publishes the offer on NOWJOBS: {d['title']}, {len(d['shifts'])} shifts at {eur(d['hourlyWage'])}/h")),
    "ContractProposed": (NOWJOBS, "NOWJOBS service", lambda d: "sends the contract to the worker's NOWJOBS app"),
    "DimonaRequested": (NOWJOBS, "NOWJOBS service", lambda d: (
        f"files the Dimona declaration ({d['dimonaType']}) before {brussels(parse_instant(d['fileBefore']))}")),
    "DimonaConfirmed": (NOWJOBS, "NOWJOBS service", lambda d: "records the contract: DIMONA_CONFIRMED"),
    "HoursConfirmed": (NOWJOBS, "NOWJOBS service", lambda d: (
        f"prices the shift of {day(d['workDate'])}: {d['hours']} h, {eur(d['total'])} (wage {eur(d['grossWage'])}, "
        f"contributions {eur(d['employerContributions'])}, fees {eur(d['fees'])})" if d.get("total")
        else "records the hours")),
    "TimesheetReminderDue": (NOWJOBS, "NOWJOBS service", lambda d: "reminds Bart to confirm the hours"),
    "InvoiceIssued": (NOWJOBS, "Billing (Thursday run)", lambda d: (
        f"invoices the week of {day(d['periodStart'])}: {eur(d['total'])} after a {eur(d['discount'])} welcome "
        f"discount; direct debit pre-notified for {day(d['collection']['dueOn'])}" if d.get("collection")
        else f"invoices the week of {day(d['periodStart'])}: {eur(d['total'])}")),
    "DirectDebitBatchSubmitted": (NOWJOBS, "Billing (daily submission)", lambda d: (
        f"sends the bank the pain.008 file {d['batchId']}: {d['count']} {d['scheme']} direct debit(s), "
        f"{eur(d['total'])}, due {day(d['dueOn'])}")),
    "DirectDebitSettled": (NOWJOBS, "Billing", lambda d: "records the direct debit SETTLED: the invoice is PAID"),
    "DirectDebitReturned": (NOWJOBS, "Billing", lambda d: f"records the direct debit RETURNED ({d.get('reasonCode')})"),
}
EVENT_ORDER = {name: rank for rank, name in enumerate(EVENTS)}
JOURNEY_OF_SOURCE = {"extra-services.gosolid": GO_SOLID, "extra-services.nowjobs": NOWJOBS,
                     "extra-services.billing": NOWJOBS}


def describe_event(detail_type: str, source: str, detail: dict[str, Any]) -> tuple[str, str, str]:
    known = EVENTS.get(detail_type)
    if known is None:           # an event this demo does not know yet: shown, plainly
        return JOURNEY_OF_SOURCE.get(source, NOWJOBS), source.removeprefix("extra-services."), detail_type
    journey, actor, text = known
    try:
        return journey, actor, text(detail)
    except (KeyError, TypeError, ValueError):
        return journey, actor, detail_type


# ------------------------------------------------------------------------------ partner calls
def describe_partner_call(partner: str, method: str, path: str, body: Any) -> tuple[str, str, str, str] | None:
    """(journey, actor, what, key) of a simulator's call; None for calls not worth a line."""
    body = body if isinstance(body, dict) else {}
    kind = str(body.get("type", ""))
    if partner == "go-solid":
        if kind == "SUMMONS_SERVED":
            return GO_SOLID, "Bailiff", f"serves the summons on {DEBTOR} ({day(body['servedOn'])})", kind
        if kind == "DEBTOR_PAYMENT":
            return GO_SOLID, "Bailiff", f"reports that {DEBTOR} paid {eur(body['amount'])}", kind
        return GO_SOLID, "Bailiff", f"reports {kind}", kind
    if partner == "nowjobs":
        if path.endswith("/applications"):
            worker = body.get("worker") or {}
            return NOWJOBS, f"{worker.get('name', 'a worker')} (NOWJOBS app)", (
                f"applies to the offer as a {str(worker.get('status', '')).lower()} worker"), "APPLIED"
        if kind == "VERIFIED":
            return NOWJOBS, "NOWJOBS partner", "verifies the bakery (enterprise, contact, mandate)", kind
        if kind == "ACTIVATED":
            return NOWJOBS, "NOWJOBS partner", "activates the bakery's NOWJOBS account", kind
        if kind == "ACCEPTED":
            return NOWJOBS, f"{KARIM} (NOWJOBS app)", "accepts the contract", kind
        if kind == "DIMONA_CONFIRMED":
            return NOWJOBS, "NOWJOBS (Dimona)", f"Dimona confirmed: {body.get('dimonaReference')}", kind
        return NOWJOBS, "NOWJOBS partner", f"reports {kind}", kind
    if partner == "bank":
        if method == "GET":       # the bank reading the file it was told about: a detail of the submission
            return None
        results = [str(r.get("status")) for r in body.get("results", [])]
        return NOWJOBS, "Bank", f"reports the collection(s) of {body.get('batchId')}: {', '.join(results)}", (
            "BANK_" + "_".join(sorted(set(results))))
    return None


# ------------------------------------------------------------------------------ the recorder
@dataclass(order=True)
class _Entry:
    at: datetime
    seq: int
    action: bool = field(compare=False)
    step: Step = field(compare=False)
    rank: int = field(compare=False, default=-1)


class Timeline:
    """Collects steps from the demo's requests, the simulators' calls and the bus, in causal order:
    by virtual time, then by the action they follow, then events in cause-and-effect order."""

    def __init__(self, app: Application) -> None:
        self.app = app
        self._seq = itertools.count()
        self._lock = threading.Lock()
        self._entries: list[_Entry] = []

    def next_seq(self) -> int:
        with self._lock:
            return next(self._seq)

    def add(self, seq: int, step: Step, *, action: bool, rank: int = -1) -> None:
        with self._lock:
            self._entries.append(_Entry(step.at, seq, action, step, rank))

    def install(self) -> None:
        """A rule on the bus for every domain event (a local target, like the simulators'), and a
        wrapper around the simulators' partner calls."""
        stack = self.app.stack
        stack.registry.register(OBSERVER, self._on_event)
        events, bus = stack.client("events"), stack.bus_name()
        events.put_rule(Name=OBSERVER, EventBusName=bus, State="ENABLED",
                        EventPattern=json.dumps({"source": [{"prefix": "extra-services."}]}))
        events.put_targets(Rule=OBSERVER, EventBusName=bus, Targets=[{
            "Id": "timeline", "Arn": f"arn:aws:lambda:{stack.region}:{stack.account}:function:{OBSERVER}"}])
        simulators = self.app.simulators
        if simulators is None:
            raise DemoFailed("the demo needs the partner simulators")
        call = simulators.call

        def recorded_call(partner: str, method: str, path: str, body: Any = None) -> Any:
            at, seq = stack.clock.now(), self.next_seq()
            answer = call(partner, method, path, body)
            described = describe_partner_call(partner, method, path, body)
            if described is not None:
                journey, actor, what, key = described
                if answer.status >= 400:
                    what += f" - refused ({answer.status})"
                self.add(seq, Step(at, journey, actor, what, key), action=True)
            return answer

        simulators.call = recorded_call  # type: ignore[method-assign]

    def _on_event(self, event: dict[str, Any], _context: Any) -> dict[str, str]:
        at, seq = self.app.stack.clock.now(), self.next_seq()
        detail_type, source = str(event.get("detail-type")), str(event.get("source"))
        journey, actor, what = describe_event(detail_type, source, dict(event.get("detail") or {}))
        self.add(seq, Step(at, journey, actor, what, detail_type), action=False,
                 rank=EVENT_ORDER.get(detail_type, len(EVENT_ORDER)))
        return {"recorded": detail_type}

    def steps(self) -> list[Step]:
        with self._lock:
            entries = sorted(self._entries)
        actions = [e.seq for e in entries if e.action]

        def key(e: _Entry) -> tuple[datetime, int, int, int]:
            follows = sum(1 for s in actions if s <= e.seq)     # the action this entry is, or follows
            return e.at, follows, e.rank, e.seq

        return [e.step for e in sorted(entries, key=key)]


# ------------------------------------------------------------------------------ the journeys
class Demo:
    def __init__(self, app: Application, http: HttpClient) -> None:
        self.app, self.http = app, http
        self.timeline = Timeline(app)

    # ---- the local stack
    def clock(self, body: dict[str, str]) -> None:
        answer = self.http.post("/_local/clock", body)
        if answer.status != 200:
            raise DemoFailed(f"POST /_local/clock {body}: {answer.status} {answer.body}")

    def at(self, instant: str) -> None:
        """Move virtual time to `instant` (UTC); everything due on the way runs first."""
        self.clock({"set": instant})

    def settle(self) -> None:
        self.clock({})

    def token(self, **who: str) -> dict[str, str]:
        answer = self.http.post("/_local/tokens", who)       # minted now: tokens expire in virtual time
        if answer.status != 200:
            raise DemoFailed(f"POST /_local/tokens: {answer.status} {answer.body}")
        return {"Authorization": f"Bearer {answer.body['token']}"}

    # ---- a person (or the demo playing a partner) acts
    def act(self, journey: str, key: str, method: str, path: str, body: Any = None, *,
            expect: int = 200, describe: Callable[[Any], str], actor: str = BART,
            who: dict[str, str] | None = None, query: dict[str, Any] | None = None) -> Any:
        at, seq = self.app.stack.clock.now(), self.timeline.next_seq()
        answer: Response = self.http.request(method, path, body, query=query,
                                             headers=self.token(**(who or {"customerId": "C-BART",
                                                                           "channel": "mobile"})))
        if answer.status != expect:
            raise DemoFailed(f"{method} {path}: expected {expect}, got {answer.status} {answer.body}")
        self.timeline.add(seq, Step(at, journey, actor, describe(answer.body), key), action=True)
        self.settle()           # what it set off (workflows, events, simulators' reactions) runs now
        return answer.body

    def look(self, path: str, **query: Any) -> Any:
        """Bart reads something without it being a step of the story."""
        answer = self.http.get(path, query=query or None, headers=self.token(customerId="C-BART", channel="mobile"))
        if answer.status != 200:
            raise DemoFailed(f"GET {path}: {answer.status} {answer.body}")
        return answer.body

    # ---- the script
    def run(self) -> tuple[str, str, str]:
        self.timeline.install()
        self.act(GO_SOLID, "extra-services", "GET", "/v1/extra-services", describe=lambda b: (
            "opens Extra services in CBC Mobile: " + ("usable" if any(
                e["enterpriseNumber"] == BAKERY.number and e["usable"] for e in b["enterprises"]) else "not usable")
            + f" for {BAKERY.name}"))
        self.act(GO_SOLID, "quote", "POST", "/v1/go-solid/quotes", CASE, describe=lambda b: (
            f"asks a quote for invoice {INVOICE['number']} ({eur(INVOICE['amount'])}, due {day(INVOICE['dueDate'])}): "
            f"the debtor will be summoned for {eur(b['amounts']['totalClaimed'])}"))
        case = self.act(GO_SOLID, "submit-case", "POST", "/v1/go-solid/cases", {**CASE, "declaration": DECLARATION},
                        expect=202, describe=lambda b: (
                            f"submits the case against {DEBTOR} with the invoice and a reminder as evidence: "
                            f"{b['status']}"))
        case_id = case["caseId"]

        company = self.act(NOWJOBS, "register-company", "POST", "/v1/nowjobs/companies", REGISTRATION, expect=201,
                           describe=lambda b: f"registers {BAKERY.name} with NOWJOBS, signing a B2B direct-debit "
                                              f"mandate: {b['status']}")
        company_id = company["companyId"]

        self.at("2026-03-03T10:00:00Z")          # Tuesday 11:00: served at 10:00, activated at 11:00
        offer = self.act(NOWJOBS, "publish-offer", "POST", f"/v1/nowjobs/companies/{company_id}/job-offers",
                         JOB_OFFER, expect=201, describe=lambda b: (
                             "publishes a job offer for a flexi-jobber: Thursday 09:00-17:00 and Friday 09:00-13:00"))
        offer_id = offer["offerId"]
        invitation = self.act(NOWJOBS, "invite", "POST", f"/v1/nowjobs/companies/{company_id}/invitations",
                              {"via": "QR", "offerId": offer_id}, describe=lambda b: (
                                  f"shows {KARIM} a QR code inviting him to the offer (valid until "
                                  f"{day(b['expiresAt'])})"))
        self.at("2026-03-03T10:10:00Z")
        self.act(NOWJOBS, "open-invitation", "GET", f"/v1/partners/nowjobs/invitations/{invitation['invitationId']}",
                 actor=f"{KARIM} (NOWJOBS app)", who={"partner": "nowjobs"}, describe=lambda b: (
                     f"scans the QR code: the NOWJOBS app opens {b['companyName']}'s offer"))
        self.at("2026-03-03T10:45:00Z")          # the flexi-jobber applied 40 minutes after publication
        candidates = self.act(NOWJOBS, "candidates", "GET", f"/v1/nowjobs/job-offers/{offer_id}/applications",
                              describe=lambda b: "looks at the candidates: " + "; ".join(
                                  f"{c['worker']['name']} ({c['worker']['status'].lower()}) would cost "
                                  f"{eur(c['costQuote']['total'])} for the two shifts" for c in b["items"]))
        karim = next(c for c in candidates["items"] if c["worker"]["status"] == "FLEXI")
        contract = self.act(NOWJOBS, "propose-contract", "POST",
                            f"/v1/nowjobs/applications/{karim['applicationId']}/contract-proposal",
                            describe=lambda b: f"proposes the contract to {KARIM}: {b['status']}")
        contract_id = contract["contractId"]

        self.at("2026-03-03T12:00:00Z")          # accepted after 30 minutes, Dimona 5 minutes later
        self.at("2026-03-05T16:30:00Z")          # Thursday 17:30: the first shift is over
        self.act(NOWJOBS, "confirm-hours", "POST", f"/v1/nowjobs/contracts/{contract_id}/timesheets", THURSDAY,
                 describe=lambda b: "confirms Thursday's hours: 09:00-17:00 with a 30-minute break")
        self.act(NOWJOBS, "rate", "POST", f"/v1/nowjobs/contracts/{contract_id}/rating",
                 {"score": 5, "comment": "Great with the customers"},
                 describe=lambda b: f"rates {KARIM}: {b['score']}/5")
        self.at("2026-03-06T13:00:00Z")          # Friday 14:00
        self.act(NOWJOBS, "confirm-hours", "POST", f"/v1/nowjobs/contracts/{contract_id}/timesheets", FRIDAY,
                 describe=lambda b: "confirms Friday's hours: 09:00-13:00")

        self.at("2026-03-12T08:00:00Z")          # Thursday 12 March 09:00: the run invoiced at 06:00
        invoices = self.act(NOWJOBS, "read-invoice", "GET", f"/v1/nowjobs/companies/{company_id}/invoices",
                            describe=lambda b: "reads the invoice in CBC Mobile: " + "; ".join(
                                f"{eur(i['total'])} for {i['hours']} h, collected on "
                                f"{day(i['collection']['dueOn'])}" for i in b["items"]))
        invoice_id = invoices["items"][0]["invoiceId"]

        self.at("2026-03-13T11:00:00Z")          # Friday 13 March 12:00: the debtor paid at 11:00
        paid = self.act(GO_SOLID, "read-case", "GET", f"/v1/go-solid/cases/{case_id}", describe=lambda b: (
            f"checks the case: {b['status']}, {eur(b['amounts']['forwardedToCreditor'])} received"))
        inbox = self.look("/v1/notifications", language="en", limit=50)["items"]
        titles = [n["title"] for n in reversed(inbox) if str(n.get("type", "")).startswith("GO_SOLID")]
        if titles:
            self.timeline.add(self.timeline.next_seq(), Step(
                self.app.stack.clock.now(), GO_SOLID, BART, f"has {len(titles)} Go Solid notifications in his "
                f"CBC inbox (and an e-mail for each): " + "; ".join(titles), "inbox"), action=True)

        self.at("2026-03-26T10:00:00Z")          # Thursday 26 March 11:00: submitted on 24, settled at 10:00
        invoice = self.act(NOWJOBS, "read-invoice", "GET", f"/v1/nowjobs/invoices/{invoice_id}", describe=lambda b: (
            f"checks the invoice: {b['status']}, direct debit {b['collection']['status']}"))
        return str(paid["status"]), str(invoice["status"]), str(invoice["collection"]["status"])


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The handlers' log and metric lines would drown the timeline: they go nowhere while the demo runs
    (the command only: the handlers' loggers keep the stream they start with)."""
    saved = {k: os.environ.get(k) for k in ("POWERTOOLS_METRICS_DISABLED",)}
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_demo(*, port: int = 0, progress: TextIO | None = None) -> DemoResult:
    """Both journeys on a fresh local stack; the steps, the outcomes and how long it took."""
    started = time.perf_counter()
    say = (lambda text: print(text, file=progress, flush=True)) if progress else (lambda text: None)
    say("starting the local stack (moto, the real handlers and state machines, the partner simulators)...")
    with Application(Options(port=port, start=START, simulators=True, log_level="ERROR")) as app, \
            HttpClient(app.url, timeout=600) as http:
        say(f"running both journeys over HTTP on {app.url} (virtual time moves 24 days)...")
        demo = Demo(app, http)
        case_status, invoice_status, collection_status = demo.run()
        steps = demo.timeline.steps()
    return DemoResult(steps, case_status, invoice_status, collection_status, time.perf_counter() - started)


JOURNEY_TITLES = {
    GO_SOLID: f"Go Solid - {BAKERY.name} recovers an unpaid invoice from {DEBTOR}",
    NOWJOBS: f"NOWJOBS - {BAKERY.name} hires a flexi-jobber for a week, billed by SEPA direct debit",
}


def print_timeline(result: DemoResult, out: TextIO) -> None:
    width = max((len(s.actor) for s in result.steps), default=10)
    print("\nExtra services for entrepreneurs on the local stack - virtual time, Brussels", file=out)
    outcomes = {GO_SOLID: f"case {result.go_solid_status}",
                NOWJOBS: f"invoice {result.invoice_status}, direct debit {result.collection_status}"}
    for journey in (GO_SOLID, NOWJOBS):
        print(f"\n{JOURNEY_TITLES[journey]}\n", file=out)
        for step in result.journey(journey):
            print(f"  {brussels(step.at)}  {step.actor:<{width}}  {step.what}", file=out)
        print(f"\n  outcome: {outcomes[journey]}", file=out)
    print(f"\n{len(result.steps)} steps in {result.wall_seconds:.1f} s of wall time.", file=out)


def main() -> int:
    try:
        with _quiet():
            result = run_demo(progress=sys.stderr)
    except DemoFailed as exc:
        print(f"the demo stopped: {exc}", file=sys.stderr)
        return 1
    print_timeline(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
