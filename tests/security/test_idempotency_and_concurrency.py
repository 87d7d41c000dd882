"""Issue 6, part 2: retries and races lose and duplicate nothing. Over HTTP on the local stack, with
real concurrency (threads, one connection each, released together: tests/security/concurrency.py).

* identical submissions with one Idempotency-Key -> one resource, the same answer or a documented 409;
* the same partner event delivered many times at once -> applied once;
* different changes of one resource at once -> each acknowledged change visible, refusals are 409s;
* core-banking events replayed, shuffled, delivered concurrently -> the same projection."""
from __future__ import annotations

import json
import random
from typing import Any

import pytest

from tests.security import estate
from tests.security.concurrency import Outcome, at_once, concurrent_callbacks, concurrent_updates, identical_submissions
from tests.security.figures import FIGURES
from tests.security.world import OWNER, World, enterprise_number


@pytest.fixture(scope="module")
def world(security_app):
    return security_app


def record(kind: str, outcome: Outcome) -> None:
    FIGURES.add("2", f"{kind}: requests", len(outcome.answers))
    FIGURES.add("2", "duplicates", outcome.duplicates)
    FIGURES.add("2", "losses", outcome.losses)
    assert not outcome.problems, f"{kind}: {outcome.problems} (statuses {dict(outcome.statuses)})"
    assert (outcome.duplicates, outcome.losses) == (0, 0)


# ------------------------------------------------------------------ one Idempotency-Key, 50 callers
def test_50_identical_go_solid_submissions_with_one_key_make_one_case(world: World):
    outcome = identical_submissions(
        world.app.url, "/v1/go-solid/cases", estate.case_request(world),
        {**world.person(OWNER), "Idempotency-Key": estate.unique("sec-race")}, n=50,
        resource_id=lambda body: body["caseId"], existing=lambda: estate.go_solid_cases_of_b(world))
    record("identical submissions", outcome)


def test_50_identical_job_offers_with_one_key_make_one_offer(world: World):
    company = estate.nowjobs_company(world)
    _, body = estate.job_offer(world)
    outcome = identical_submissions(
        world.app.url, f"/v1/nowjobs/companies/{company.company_id}/job-offers", body,
        {**world.person(OWNER), "Idempotency-Key": estate.unique("sec-race")}, n=50,
        resource_id=lambda answer: answer["offerId"], existing=lambda: estate.offers_of_b(world))
    record("identical submissions", outcome)


# ------------------------------------------------------------------ the same partner event, 20 deliveries
def test_the_bailiff_s_summons_delivered_20_times_at_once_is_applied_once(world: World):
    case = estate.go_solid_case(world)
    body = {"type": "SUMMONS_SERVED", "servedOn": estate.brussels_today(world), "eventId": estate.unique("bailiff")}

    def served() -> int:
        timeline = estate.go_solid_case_view(world, case.case_id)["timeline"]
        return sum(1 for entry in timeline if entry["type"] == "SUMMONS_SERVED")

    outcome = concurrent_callbacks(world.app.url, f"/v1/partners/go-solid/cases/{case.case_id}/events", body,
                                   world.partner("go-solid"), n=20, effects=served)
    record("concurrent callbacks", outcome)
    assert estate.go_solid_case_view(world, case.case_id)["status"] == "SUMMONS_SERVED"


def test_a_worker_applying_20_times_at_once_is_one_application(world: World):
    offer, _ = estate.job_offer(world)
    worker = {"worker": {"workerId": estate.unique("W-SEC"), "status": "FLEXI", "birthDate": "1990-05-05"}}
    outcome = concurrent_callbacks(world.app.url, f"/v1/partners/nowjobs/job-offers/{offer}/applications", worker,
                                   world.partner("nowjobs"), n=20,
                                   effects=lambda: len(estate.applications(world, offer)))
    record("concurrent callbacks", outcome)
    assert len({a.body["applicationId"] for a in outcome.answers if a.status < 300}) == 1


def test_the_worker_s_acceptance_delivered_20_times_at_once_requests_one_dimona(world: World):
    contract, _ = estate.contract(world, confirmed=False)
    body = {"type": "ACCEPTED", "eventId": estate.unique("nowjobs")}
    outcome = concurrent_callbacks(
        world.app.url, f"/v1/partners/nowjobs/contracts/{contract}/events", body, world.partner("nowjobs"), n=20,
        effects=lambda: 1 if estate.contract_view(world, contract)["status"] == "DIMONA_REQUESTED" else 0)
    record("concurrent callbacks", outcome)


# ------------------------------------------------------------------ different changes at once
def test_creditor_reports_sent_at_once_are_all_kept_or_refused_with_a_409(world: World):
    case = estate.go_solid_case(world)
    path = f"/v1/go-solid/cases/{case.case_id}/creditor-reports"
    requests = [(path, {"type": "CUSTOMER_CONTACTED", "note": f"call number {i}"}, world.person(OWNER))
                for i in range(10)]

    def reports() -> int:
        timeline = estate.go_solid_case_view(world, case.case_id)["timeline"]
        return sum(1 for entry in timeline if "REPORT" in entry["type"] or entry["type"] == "CUSTOMER_CONTACTED")

    outcome = concurrent_updates(world.app.url, requests, applied=reports)
    FIGURES.add("2", "lost updates", outcome.losses)
    record("concurrent updates", outcome)


def test_contract_proposals_reissued_at_once_never_lose_a_version(world: World):
    applied, _, _ = estate.application(world)
    path = f"/v1/nowjobs/applications/{applied}/contract-proposal"
    first = estate.ok(world.http.post(path, None, headers=world.person(OWNER)))
    requests = [(path, {"shifts": [estate.next_shift(world, hours_ahead=3 + i)]}, world.person(OWNER))
                for i in range(8)]
    outcome = concurrent_updates(
        world.app.url, requests,
        applied=lambda: estate.contract_view(world, first["contractId"])["proposalVersion"])
    FIGURES.add("2", "lost updates", outcome.losses)
    record("concurrent updates", outcome)


# ------------------------------------------------------------------ core-banking events
class History:
    """A namespace of enterprises, products, people and their events; the same story in every trial."""

    def __init__(self, trial: int) -> None:
        self.ns = f"H{trial:02d}"
        self.enterprises = [enterprise_number(7_100_000 + 1000 * trial + k) for k in range(2)]
        self.people = [f"C-{self.ns}-P{k}" for k in range(5)]
        self.events: list[tuple[str, dict[str, Any]]] = []
        at = iter(f"2026-02-{day:02d}T{hour:02d}:00:00Z" for day in range(1, 28) for hour in range(8, 18))
        for k, number in enumerate(self.enterprises):
            for kind in ("CURRENT_ACCOUNT", "SAVINGS_ACCOUNT", "CREDIT"):
                self.product(f"P-{self.ns}-{k}-{kind[:3]}", f"C-{self.ns}-HOLDER{k}", number, kind, next(at))
        for person in self.people:
            for channel in ("MOBILE", "TOUCH"):
                self.add("DigitalAccessChanged", {"customerId": person, "channel": channel, "status": "ACTIVE",
                                                  "occurredAt": next(at)})
        rng = random.Random(20260302)            # the same story whatever the trial
        for n, person in enumerate(self.people):
            k = n % 2
            for kind, powers in (("CUR", rng.choice(["FULL", "CONTRACTING", "VIEW_ONLY"])),
                                 ("SAV", rng.choice(["FULL", "VIEW_ONLY"])), ("CRE", "FULL")):
                self.mandate(f"M-{self.ns}-{n}-{kind}", person, f"P-{self.ns}-{k}-{kind}", powers, next(at))
        # later changes that supersede earlier facts: revocations, new powers, a closure, a blocked channel
        self.mandate(f"M-{self.ns}-0-CUR", self.people[0], f"P-{self.ns}-0-CUR", "FULL", next(at), "REVOKED")
        self.mandate(f"M-{self.ns}-1-SAV", self.people[1], f"P-{self.ns}-1-SAV", "CONTRACTING", next(at))
        self.product(f"P-{self.ns}-1-SAV", f"C-{self.ns}-HOLDER1", self.enterprises[1], "SAVINGS_ACCOUNT",
                     next(at), "CLOSED")
        self.add("DigitalAccessChanged", {"customerId": self.people[3], "channel": "MOBILE", "status": "BLOCKED",
                                          "occurredAt": next(at)})
        self.mandate(f"M-{self.ns}-4-CUR", self.people[4], f"P-{self.ns}-1-CUR", "CONTRACTING", next(at))

    def add(self, detail_type: str, detail: dict[str, Any]) -> None:
        self.events.append((detail_type, detail))

    def product(self, pid: str, holder: str, number: str, kind: str, at: str, status: str = "ACTIVE") -> None:
        self.add("ProductChanged", {"productId": pid, "holderCustomerId": holder, "enterpriseNumber": number,
                                    "productType": kind, "segment": "PROFESSIONAL", "status": status,
                                    "occurredAt": at})

    def mandate(self, mid: str, person: str, pid: str, powers: str, at: str, status: str = "ACTIVE") -> None:
        self.add("MandateChanged", {"mandateId": mid, "customerId": person, "productId": pid, "powers": powers,
                                    "status": status, "occurredAt": at})

    def projection(self, world: World) -> str:
        """Everything each person sees, with this trial's ids written neutrally."""
        seen = {}
        for person in self.people:
            for channel in ("mobile", "touch"):
                headers = world.person(person, channel)
                seen[f"{person} {channel}"] = [estate.ok(world.http.get("/v1/extra-services", headers=headers))] + [
                    estate.ok(world.http.get(f"/v1/enterprises/{e}/extra-services", headers=headers))
                    for e in self.enterprises]
        text = json.dumps(seen, sort_keys=True)
        for k, number in enumerate(self.enterprises):
            text = text.replace(number, f"ENTERPRISE-{k}")
        return text.replace(self.ns, "NS")


def _explain(name: str, expected: str, got: str) -> None:
    import difflib
    diff = difflib.unified_diff(json.dumps(json.loads(expected), indent=1, sort_keys=True).splitlines(),
                                json.dumps(json.loads(got), indent=1, sort_keys=True).splitlines(), lineterm="", n=2)
    print(f"--- {name}:\n" + "\n".join(list(diff)[:80]))


def post(world: World, event: tuple[str, dict[str, Any]], client: Any = None) -> None:
    estate.ok((client or world.http).post("/_local/events", {"source": "core-banking", "detailType": event[0],
                                                             "detail": event[1]}))


def deliver_concurrently(world: World, events: list[tuple[str, dict[str, Any]]], callers: int = 4) -> None:
    batches = [events[i::callers] for i in range(callers)]
    at_once(callers, world.app.url, lambda client, i: [post(world, e, client) for e in batches[i]])


def test_core_banking_events_replayed_shuffled_and_concurrent_give_the_same_projection(world: World):
    baseline = History(0)
    for event in baseline.events:
        post(world, event)
    expected = baseline.projection(world)
    assert "usable\": true" in expected and "NO_ADEQUATE_MANDATE" in expected and "NO_DIGITAL_ACCESS" in expected

    trials = {
        "shuffled, every event twice": lambda h: [post(world, e) for e in random.Random(1).sample(
            h.events * 2, 2 * len(h.events))],
        "newest first": lambda h: [post(world, e) for e in reversed(h.events)],
        "concurrent, shuffled, every event twice": lambda h: deliver_concurrently(world, random.Random(2).sample(
            h.events * 2, 2 * len(h.events))),
    }
    divergent = []
    for trial, (name, deliver) in enumerate(trials.items(), start=1):
        history = History(trial)
        deliver(history)
        estate.settle(world, "PT10M")        # Lambda's own retries of a failed delivery (1 and 2 minutes later)
        FIGURES.add("2", "core-banking events delivered", len(history.events) * (2 if "twice" in name else 1))
        if history.projection(world) != expected:
            divergent.append(name)
            _explain(name, expected, history.projection(world))
    # and the baseline itself, replayed whole in another order on top of what it already applied
    for event in random.Random(3).sample(baseline.events, len(baseline.events)):
        post(world, event)
    if baseline.projection(world) != expected:
        divergent.append("baseline replayed")
    FIGURES.add("2", "projection trials", len(trials) + 1)
    FIGURES.add("2", "divergent projections", len(divergent))
    assert not divergent, f"projections that differ from the chronological one: {divergent}"
