"""Figure 4: work grows with what is due, not with what is stored.

One local stack, one timeline (the other schedules replaced by no-ops; each measured run invokes the
real target once, with its schedule's payload, at a chosen instant):

1. *Stored*: one company goes through a whole cycle over the real API in February — onboarding, a hire,
   two shifts whose planned hours stand, the weekly billing run, the daily submission of its direct
   debit, the bank's settlement — so every item it leaves is one no schedule should touch again.
2. *Due*, one graph per schedule, built the same way in March: a company awaiting activation past its
   48 hours; a shift whose hours reminder is due; confirmed hours of the week the billing run bills;
   a direct debit due for submission.
3. Copies with fresh identifiers (tools/bench/seeding.py): the stored graph up to STORED items in all,
   each due graph up to DUE copies.
4. Each schedule runs once at its instant, in time order; every DynamoDB item its functions read is
   counted (Query/Scan: ScannedCount; GetItem/BatchGetItem: items returned) against 2 x DUE.

A schedule of template.yaml without a scenario here is PENDING."""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tools.bench.journeys import Journeys, StepFailed, enterprise_number, shift, utc_instant
from tools.bench.seeding import Graph, Snapshot, multiply
from tools.bench.support import (
    AwsCallRecorder,
    Figure,
    crash_note,
    find_schedule,
    fire_now,
    local_application,
    log,
    module_main,
    patient_aws_clients,
    quiet_schedules,
    verdict,
)

STORED = 100_000
DUE = 100
MAX_FACTOR = 2
TABLES = ["NowjobsTable", "BillingTable"]
START = datetime.fromisoformat("2026-01-30T08:00:00+00:00")        # a Friday
STORED_WEEK = date(2026, 2, 2)
MARCH_WORK = date(2026, 3, 13)                                     # the due graphs' shifts (a Friday)
STORED_CUSTOMER = "C-BENCH-STORED"


@dataclass
class Scenario:
    name: str                                  # what the row says
    matches: Callable[[Any, Any], bool]        # (schedule, payload) -> is it this one
    build: Callable[[Journeys, Any], None]     # the due graph (one copy), before the clones go in
    when: str                                  # the instant of the measured run (UTC)
    schedule: Any = None
    graph: Graph | None = None
    reads: int = 0
    calls: int = 0
    seconds: float = 0.0
    answer: Any = None
    error: str = ""
    operations: dict[str, int] = field(default_factory=dict)
    read_from: dict[str, int] = field(default_factory=dict)     # "GetItem NowjobsTable CONTRACT" -> items


def _task(name: str) -> Callable[[Any, Any], bool]:
    return lambda _, payload: isinstance(payload, dict) and payload.get("task") == name


def _target(fragment: str) -> Callable[[Any, Any], bool]:
    return lambda schedule, payload: fragment in schedule.target_arn and isinstance(payload, dict) and (
        "task" not in payload)


# ------------------------------------------------------------------ the graphs
def stored_cycle(j: Journeys, app: Any) -> None:
    """A company's whole cycle in February: hired, hours standing, billed, submitted, settled."""
    shifts = [shift(STORED_WEEK, "08:00", "12:00", 0), shift(STORED_WEEK, "13:00", "17:00", 0)]
    company_id, _ = j.nowjobs_company_with_shifts(enterprise_number(3_300_000), shifts, customer=STORED_CUSTOMER)
    j.set_clock(utc_instant(STORED_WEEK + timedelta(days=1), "14:00"))
    fire_now(app, _schedule(app, _task("timesheets")))                 # the planned hours stand
    j.set_clock(utc_instant(STORED_WEEK + timedelta(days=10), "06:30"))
    fire_now(app, _schedule(app, _target("billing")))                  # the weekly run (a Thursday)
    submit_and_settle(j, app, company_id)


def submit_and_settle(j: Journeys, app: Any, company_id: str) -> None:
    invoice = _only_invoice(j, company_id)
    collection = invoice.get("collection") or {}
    due = date.fromisoformat(collection["dueOn"])
    day = j.today() + timedelta(days=1)
    submission = _schedule(app, _target("Submission"))
    while not collection.get("batchId") and day <= due:
        j.set_clock(utc_instant(day, "07:30"))
        fire_now(app, submission)
        collection = (j.stack_invoice(invoice["invoiceId"], STORED_CUSTOMER).get("collection") or {})
        day += timedelta(days=1)
    if not collection.get("batchId"):
        raise StepFailed(f"the stored company's direct debit was never submitted (due {due})")
    j.set_clock(utc_instant(due, "10:00"))
    j.call("POST", "/v1/partners/bank/direct-debit-results", {"batchId": collection["batchId"], "results": [
        {"endToEndId": collection.get("endToEndId"), "status": "SETTLED"}]}, partner="bank", customer=None)


def _only_invoice(j: Journeys, company_id: str) -> dict[str, Any]:
    page = j.call("GET", "/v1/nowjobs/companies/{companyId}/invoices", args={"companyId": company_id},
                  customer=STORED_CUSTOMER)
    items = page.get("items") or []
    if not items:
        raise StepFailed("the stored company was not invoiced")
    return j.stack_invoice(items[0]["invoiceId"], STORED_CUSTOMER) or dict(items[0])


def awaiting_activation(j: Journeys, _: Any) -> None:
    """Registered on Thursday 12 March 07:00: 48 hours later, overdue."""
    forward(j, "2026-03-12T06:00:00Z")
    j.nowjobs_company_with_shifts(enterprise_number(3_400_000), [], customer="C-BENCH-ACTIVATION", activate=False)


def reminder_due(j: Journeys, _: Any) -> None:
    """A shift on Friday 13 March 08:00-12:00: its hours reminder is due Monday 16 March 09:00."""
    j.nowjobs_company_with_shifts(enterprise_number(3_500_000), [shift(MARCH_WORK, "08:00", "12:00", 0)],
                                  customer="C-BENCH-REMINDER")


def hours_to_bill(j: Journeys, _: Any) -> None:
    """A shift on Friday 13 March 13:00-17:00, its hours confirmed at 17:30: billed Thursday 19 March."""
    planned = shift(MARCH_WORK, "13:00", "17:00", 0)
    _, contract_id = j.nowjobs_company_with_shifts(enterprise_number(3_600_000), [planned],
                                                   customer="C-BENCH-BILLING")
    j.set_clock(utc_instant(MARCH_WORK, "17:30"))
    j.nowjobs_hours(str(contract_id), planned, customer="C-BENCH-BILLING")


def debit_to_submit(j: Journeys, app: Any) -> None:
    """Hours of Tuesday 3 March, billed Thursday 12 March 06:30: its direct debit is due for submission
    about two weeks later."""
    planned = shift(date(2026, 3, 3), "08:00", "12:00", 0)
    forward(j, "2026-03-01T08:00:00Z")
    _, contract_id = j.nowjobs_company_with_shifts(enterprise_number(3_700_000), [planned],
                                                   customer="C-BENCH-SUBMISSION")
    j.set_clock(utc_instant(date(2026, 3, 3), "12:30"))
    j.nowjobs_hours(str(contract_id), planned, customer="C-BENCH-SUBMISSION")
    j.set_clock(utc_instant(date(2026, 3, 12), "05:30"))
    fire_now(app, _schedule(app, _target("billing")))


def forward(j: Journeys, instant: str) -> None:
    if datetime.fromisoformat(instant) > j.stack.clock.now():
        j.set_clock(instant)


def _schedule(app: Any, predicate: Callable[[Any, Any], bool]) -> Any:
    found = find_schedule(app, predicate)
    if found is None:
        raise StepFailed("a schedule the scenario needs is not in template.yaml")
    return found


def scenarios() -> list[Scenario]:
    # in the order of their runs (the clock only moves forward); built in the order listed below
    return [
        Scenario("debit submission (daily)", _target("Submission"), debit_to_submit, ""),
        Scenario("activation targets (every 15 min)", _task("activation-targets"), awaiting_activation,
                 "2026-03-14T06:05:00Z"),
        Scenario("timesheet reminders and deadlines (hourly)", _task("timesheets"), reminder_due,
                 "2026-03-16T08:05:00Z"),
        Scenario("weekly billing run", _target("billing"), hours_to_bill, "2026-03-19T04:30:00Z"),  # before 06:00
    ]


# ------------------------------------------------------------------ the run
def functions_of(app: Any, schedule: Any) -> set[str]:
    """The functions whose reads a schedule's run is charged: its target, or its state machine's tasks."""
    from local_stack.functions import function_name_of
    if not schedule.targets_state_machine:
        return {function_name_of(schedule.target_arn)}
    lid = next(k for k, arn in app.stack.state_machines.items() if arn == schedule.target_arn)
    substitutions = app.stack.template.properties(lid).get("DefinitionSubstitutions") or {}
    names = set()
    for value in substitutions.values():
        if isinstance(value, str) and ":function:" in value:
            names.add(function_name_of(value))
    return names


def measure(app: Any, recorder: AwsCallRecorder, scenario: Scenario) -> None:
    names = functions_of(app, scenario.schedule)
    mark = recorder.mark()
    t0 = time.perf_counter()
    answer = fire_now(app, scenario.schedule)
    scenario.seconds = time.perf_counter() - t0
    if scenario.schedule.targets_state_machine:
        described = app.stack.client("stepfunctions").describe_execution(executionArn=answer)
        answer = {"status": described["status"], **(json.loads(described.get("output") or "{}") or {})}
    scenario.answer = answer
    calls = [c for c in recorder.since(mark) if c.function in names]
    scenario.calls = len(calls)
    scenario.reads = sum(c.items_read for c in calls)
    for c in calls:
        key = f"{c.service}.{c.operation}"
        scenario.operations[key] = scenario.operations.get(key, 0) + 1
        if c.items_read:
            where = f"{c.operation} {c.target}"
            scenario.read_from[where] = scenario.read_from.get(where, 0) + c.items_read


def run() -> Figure:
    figure = Figure(4, "work grows with what is due")
    recorder = AwsCallRecorder().install()
    chosen = scenarios()
    with local_application(start=START) as app:
        for scenario in chosen:
            scenario.schedule = find_schedule(app, scenario.matches)
        for schedule in app.stack.schedules:
            if not any(s.schedule is schedule for s in chosen):
                figure.pending(f"schedule {schedule.name}", "no scenario in tools/bench/due_work.py",
                               f"<= {MAX_FACTOR} x {DUE} items read")
        missing = [s for s in chosen if s.schedule is None]
        for s in missing:
            figure.pending(s.name, "its schedule is not in template.yaml", f"<= {MAX_FACTOR * DUE} items read")
        chosen = [s for s in chosen if s.schedule is not None]
        if not chosen:
            return figure
        try:
            seeded = seed(app, chosen)
        except Exception as exc:
            figure.add("seeding", "crashed", "100,000 stored, 100 due", "FAIL", crash_note(exc))
            return figure
        for scenario in sorted(chosen, key=lambda s: s.when):
            try:
                log(f"{scenario.name}: clock to {scenario.when}")
                app.stack.clock.set(scenario.when)
                measure(app, recorder, scenario)
                log(f"{scenario.name}: {scenario.reads} items read in {scenario.seconds:.1f} s")
            except Exception as exc:
                scenario.error = crash_note(exc)
    lines = [f"{seeded:,} items stored in {', '.join(TABLES)} (the stored cycle copied, plus the due graphs); "
             f"{DUE} due per schedule. Items read by the run's functions:", "",
             "| schedule | due | items read | where they were read | calls | time | what it called | answer |",
             "|---|---|---|---|---|---|---|---|"]
    for s in chosen:
        if s.error:
            figure.add(s.name, "crashed", f"<= {MAX_FACTOR * DUE} items read", "FAIL", s.error)
            continue
        figure.add(s.name, f"{s.reads} items read for {DUE} due ({s.reads / DUE:.1f}x)",
                   f"<= {MAX_FACTOR * DUE} items read", verdict(s.reads <= MAX_FACTOR * DUE))
        what = ", ".join(f"{n}x {op}" for op, n in s.operations.items())
        where = ", ".join(f"{n} by {op}" for op, n in sorted(s.read_from.items(), key=lambda kv: -kv[1]))
        lines.append(f"| {s.name} | {DUE} | {s.reads} | {where} | {s.calls} | {s.seconds:.1f} s | {what} | "
                     f"`{json.dumps(s.answer)[:160]}` |")
    figure.details = "\n".join(lines)
    return figure


def seed(app: Any, chosen: list[Scenario]) -> int:
    """The stored cycle and each due graph through the API, then the copies; -> items now stored."""
    patient_aws_clients()
    quiet_schedules(app)
    journeys = Journeys(app)
    journeys.set_clock(START.strftime("%Y-%m-%dT%H:%M:%SZ"))
    snapshot = Snapshot(app.stack, TABLES)
    stored_cycle(journeys, app)
    stored = Graph(snapshot.added())
    log(f"stored cycle: {len(stored)} items")
    for scenario in chosen:
        snapshot = Snapshot(app.stack, TABLES)
        scenario.build(journeys, app)
        scenario.graph = Graph(snapshot.added())
        log(f"due graph of {scenario.name}: {len(scenario.graph)} items, identifiers {scenario.graph.tokens}")
    if not chosen[0].when:                         # the debit submission: due the day its debit is submitted
        chosen[0].when = submission_day(journeys)
    due_items = sum(len(s.graph or []) * DUE for s in chosen)
    copies = max(0, (STORED - due_items) // max(1, len(stored)))
    total = multiply(app.stack, stored, copies)
    log(f"{copies} copies of the stored cycle: {total} items")
    for scenario in chosen:
        if scenario.graph is not None:
            total += multiply(app.stack, scenario.graph, DUE - 1) + len(scenario.graph)
    return total + len(stored)


def submission_day(j: Journeys) -> str:
    """07:30 Brussels on the day the debit_to_submit graph's collection is due for submission."""
    client = j.stack.client("dynamodb")
    table = j.stack.template.name("BillingTable")
    rows = client.query(TableName=table, IndexName="ToSubmit", KeyConditionExpression="submitPk = :p",
                        ExpressionAttributeValues={":p": {"S": "TO_SUBMIT"}})["Items"]
    if not rows:
        raise StepFailed("no direct debit waiting for submission after the March billing run")
    day = min(date.fromisoformat(r["submitSk"]["S"][:10]) for r in rows)
    return utc_instant(day, "07:30")


if __name__ == "__main__":
    module_main(run)
