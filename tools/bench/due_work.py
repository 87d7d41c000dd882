"""Figure 4: work grows with what is due, not with what is stored.

One local stack, one timeline (the other schedules replaced by no-ops; each measured run invokes the
real target once, with its schedule's payload, at a chosen instant):

1. *Stored*: one company goes through a whole cycle over the real API in February — onboarding, a hire,
   two shifts whose planned hours stand, the weekly billing run, the daily submission of its direct
   debit, the bank's settlement — so every item it leaves is one no schedule should touch again; and
   three Go Solid cases the plan watch must leave alone: a plan paid off early (closed), a withdrawn
   case, a plan whose first instalment falls due in May.
2. *Due*, one graph per schedule, built the same way in March: a company awaiting activation past its
   48 hours; a shift whose hours reminder is due; confirmed hours of the week the billing run bills;
   a direct debit due for submission; a Go Solid case whose plan's first instalment is past its grace.
3. Copies with fresh identifiers (tools/bench/seeding.py): the stored graph up to STORED items in all,
   each due graph up to DUE copies.
4. Each schedule runs once at its instant, in time order; every DynamoDB item its functions read is
   counted (Query/Scan: ScannedCount; GetItem/BatchGetItem: items returned) against 2 x DUE. A run
   is its target's work: for the plan watch, its invocation; the executions it resumes go on with
   their own next task afterwards (the same function, but the workflow's work, not the schedule's).

A schedule of template.yaml without a scenario here is PENDING."""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from tools.bench.journeys import Journeys, StepFailed, enterprise_number, shift, split_amount, utc_instant
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
    schedule_payload,
    verdict,
)

STORED = 100_000
DUE = 100
MAX_FACTOR = 2
TABLES = ["NowjobsTable", "BillingTable", "GoSolidTable"]
START = datetime.fromisoformat("2026-01-30T08:00:00+00:00")        # a Friday
STORED_WEEK = date(2026, 2, 2)
MARCH_WORK = date(2026, 3, 13)                                     # the due graphs' shifts (a Friday)
STORED_CUSTOMER = "C-BENCH-STORED"
WORKFLOW = "GoSolidWorkflowFunction"                               # the plan watch's target, and the tasks'
PLAN_DUE = date(2026, 3, 20)                                       # the due case's first instalment (a Friday)


@dataclass
class Scenario:
    name: str                                  # what the row says
    matches: Callable[[Any, Any], bool]        # (schedule, payload) -> is it this one
    build: Callable[[Journeys, Any], None]     # the due graph (one copy), before the clones go in
    when: str                                  # the instant of the measured run (UTC); "" = `timed` says
    timed: Callable[[Journeys, Scenario], str] | None = None    # the instant, once the graphs are built
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


def _action(name: str) -> Callable[[Any, Any], bool]:
    return lambda _, payload: isinstance(payload, dict) and payload.get("action") == name


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
    stored_cases(j)


def stored_cases(j: Journeys) -> None:
    """Go Solid cases the plan watch must leave alone: a plan paid off early (closed: PAID), a case
    withdrawn before its summons, a plan running whose first instalment falls due in May."""
    served = j.today()
    paid = case_with_plan(j, [served + timedelta(days=14), served + timedelta(days=45)])
    j.bailiff(paid, "DEBTOR_PAYMENT", amount=outstanding(j, paid), paidOn=served.isoformat())
    withdrawn = j.go_solid_submit()
    j.call("POST", "/v1/go-solid/cases/{caseId}/withdrawal", {"reason": "settled with the customer"},
           args={"caseId": withdrawn})
    running = case_with_plan(j, [date(2026, 5, 15), date(2026, 6, 15)])
    for case_id, status in ((paid, "PAID"), (withdrawn, "WITHDRAWN"), (running, "PAYMENT_PLAN")):
        if j.go_solid_case(case_id).get("status") != status:
            raise StepFailed(f"stored case {case_id}: {j.go_solid_case(case_id).get('status')}, not {status}")


def case_with_plan(j: Journeys, dues: list[date]) -> str:
    """A case submitted now, accepted, served today, whose debtor agrees instalments due on `dues`."""
    case_id = j.go_solid_submit()
    if j.go_solid_case(case_id).get("status") != "ACCEPTED":
        raise StepFailed(f"case {case_id} was not accepted: {j.go_solid_case(case_id).get('status')}")
    j.bailiff(case_id, "SUMMONS_SERVED", servedOn=j.today().isoformat())
    amounts = split_amount(outstanding(j, case_id), len(dues))
    j.bailiff(case_id, "PAYMENT_PLAN_AGREED", installments=[{"dueOn": d.isoformat(), "amount": a}
                                                             for d, a in zip(dues, amounts, strict=True)])
    return case_id


def outstanding(j: Journeys, case_id: str) -> str:
    amounts = j.go_solid_case(case_id).get("amounts") or {}
    owed = Decimal(amounts["totalClaimed"]) - Decimal(amounts.get("collected") or "0")
    return f"{owed:.2f}"


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


def plan_missed(j: Journeys, _: Any) -> None:
    """Served Friday 13 March, a plan of two instalments (20 March, 20 April): the first one's grace
    ends at midnight after Tuesday 24 March, unpaid; the workflow waits on the plan until April."""
    case_with_plan(j, [PLAN_DUE, PLAN_DUE + timedelta(days=31)])


def first_watch_after_grace(_: Journeys, scenario: Scenario) -> str:
    """The plan watch's first run (hh:05) after the due graph's grace ended (gsi3sk of its case)."""
    rows = (scenario.graph.items if scenario.graph else {}).get("GoSolidTable", [])
    due = [datetime.fromisoformat(r["gsi3sk"]["S"]) for r in rows if "gsi3sk" in r]
    if not due:
        raise StepFailed("the due case's plan is not in GSI3")
    grace_end = min(due)
    run = grace_end.replace(minute=5, second=0, microsecond=0)
    if run < grace_end:
        run += timedelta(hours=1)
    return run.strftime("%Y-%m-%dT%H:%M:%SZ")


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
        Scenario("debit submission (daily)", _target("Submission"), debit_to_submit, "",
                 lambda j, _: submission_day(j)),
        Scenario("activation targets (every 15 min)", _task("activation-targets"), awaiting_activation,
                 "2026-03-14T06:05:00Z"),
        Scenario("timesheet reminders and deadlines (hourly)", _task("timesheets"), reminder_due,
                 "2026-03-16T08:05:00Z"),
        Scenario("weekly billing run", _target("billing"), hours_to_bill, "2026-03-19T04:30:00Z"),  # before 06:00
        Scenario("Go Solid plan watch (hourly)", _action("CHECK_PLANS"), plan_missed, "", first_watch_after_grace),
    ]


# ------------------------------------------------------------------ the run
def functions_of(app: Any, schedule: Any) -> set[str]:
    """The functions whose reads a schedule's run is charged: its target, or its state machine's tasks."""
    from local_stack.functions import function_name_of
    if not schedule.targets_state_machine:
        return {function_name_of(schedule.target_arn)}
    return task_functions(app, schedule.target_arn)


def task_functions(app: Any, state_machine_arn: str) -> set[str]:
    """The functions a state machine's tasks invoke (its DefinitionSubstitutions)."""
    from local_stack.functions import function_name_of
    lid = next(k for k, arn in app.stack.state_machines.items() if arn == state_machine_arn)
    substitutions = app.stack.template.properties(lid).get("DefinitionSubstitutions") or {}
    return {function_name_of(v) for v in substitutions.values() if isinstance(v, str) and ":function:" in v}


def quiet_schedules_but_tasks(app: Any) -> None:
    """quiet_schedules, except that a scheduled function which is also a state machine's task (the plan
    watch's GoSolidWorkflowFunction) keeps running its tasks: only its schedules' payloads are no-ops."""
    from local_stack.functions import function_name_of
    quiet_schedules(app)
    tasks = set().union(*(task_functions(app, arn) for arn in app.stack.state_machines.values()))
    for name in tasks:
        payloads = [schedule_payload(app, s) for s in app.stack.schedules
                    if not s.targets_state_machine and function_name_of(s.target_arn) == name]
        if payloads:
            app.stack.registry.register(name, _QuietSchedule(app.stack.function(name), payloads))


class _QuietSchedule:
    """The function for everything but its schedules' payloads. While `held` (a measured run of its
    schedule), the other invocations (the tasks of the executions the run resumes) wait for the run's
    end: their reads are the workflow's next steps, not the schedule's."""

    def __init__(self, function: Any, payloads: list[Any]) -> None:
        self.function, self.payloads = function, payloads
        self.released = threading.Event()
        self.released.set()

    def __call__(self, event: Any, context: Any) -> Any:
        if event in self.payloads:
            return {}
        self.released.wait(timeout=600)
        return self.function(event, context)

    @contextmanager
    def held(self) -> Iterator[None]:
        self.released.clear()
        try:
            yield
        finally:
            self.released.set()


def measure(app: Any, recorder: AwsCallRecorder, scenario: Scenario) -> None:
    names = functions_of(app, scenario.schedule)
    stand_ins = [] if scenario.schedule.targets_state_machine else [
        h for h in map(app.stack.registry.handlers.get, names) if isinstance(h, _QuietSchedule)]
    with ExitStack() as holding:
        for stand_in in stand_ins:
            holding.enter_context(stand_in.held())
        mark = recorder.mark()
        t0 = time.perf_counter()
        answer = fire_now(app, scenario.schedule)
        scenario.seconds = time.perf_counter() - t0
        calls = [c for c in recorder.since(mark) if c.function in names]
    if scenario.schedule.targets_state_machine:
        described = app.stack.client("stepfunctions").describe_execution(executionArn=answer)
        answer = {"status": described["status"], **(json.loads(described.get("output") or "{}") or {})}
    scenario.answer = answer
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


def graph_of(added: dict[str, list[Any]]) -> Graph:
    """The graph of the items added; a Go Solid case's task token is an identifier too (a copy's
    token is its own: its resume must not reach the original's execution)."""
    tokens = set()
    for row in added.get("GoSolidTable", []):
        if "case" in row:
            case = json.loads(row["case"]["S"])
            tokens |= {t["token"] for t in (case.get("task"), case.get("pending_resume")) if t}
    return Graph(added, also=tokens)


def seed(app: Any, chosen: list[Scenario]) -> int:
    """The stored cycle and each due graph through the API, then the copies; -> items now stored."""
    patient_aws_clients()
    quiet_schedules_but_tasks(app)
    journeys = Journeys(app)
    journeys.set_clock(START.strftime("%Y-%m-%dT%H:%M:%SZ"))
    journeys.feed_registry()                       # the facts Go Solid screens on: not part of a graph
    snapshot = Snapshot(app.stack, TABLES)
    stored_cycle(journeys, app)
    stored = graph_of(snapshot.added())
    log(f"stored cycle: {len(stored)} items")
    for scenario in chosen:
        snapshot = Snapshot(app.stack, TABLES)
        scenario.build(journeys, app)
        scenario.graph = graph_of(snapshot.added())
        log(f"due graph of {scenario.name}: {len(scenario.graph)} items, identifiers {scenario.graph.tokens}")
    for scenario in chosen:
        if not scenario.when and scenario.timed is not None:
            scenario.when = scenario.timed(journeys, scenario)
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
