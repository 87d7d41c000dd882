"""Figure 5: billing at scale — confirmed shifts of many companies billed by the weekly run, locally.

One company with SHIFTS_PER_COMPANY confirmed shifts in one invoicing week is built through the real API
(registration, activation, an offer, a flexi-jobber hired, the planned hours standing at the 13:00
deadline), then copied with fresh identifiers into moto (tools/bench/seeding.py) up to the company count.
The other schedules are replaced by no-ops; the clock is moved to the Thursday 06:00 of the weekly run,
and the run (the billing state machine, its Distributed Map and the billing run function, all real) is
timed until the system is idle again. Peak memory: the process's resident set sampled every 10 ms during
the run, above what it was before (moto's tables live in the same process: an upper bound). The handlers'
boto3 read timeout is raised for the run (support.patient_aws_clients): moto is ~50x slower than DynamoDB
at returning a 1 MB page."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tools.bench.journeys import Journeys, enterprise_number, shift, utc_instant
from tools.bench.support import (
    Figure,
    crash_note,
    find_schedule,
    fire_now,
    local_application,
    module_main,
    patient_aws_clients,
    quiet_schedules,
    state_machine_with_definition,
)

SHIFTS_PER_COMPANY = 10
SMALL, LARGE = 100, 1_000                       # companies: 1,000 and 10,000 shifts
MAX_RATIO = 12.0
DEFINITION = "nowjobs_billing"
CUSTOMER = "C-BENCH-BILLING"
WAIT_SECONDS = 240                              # wall time a run may take before it counts as failed
WEEK = date(2026, 3, 9)                         # the invoicing week billed; the run is on Thursday 19 March


@dataclass
class Run:
    companies: int
    shifts: int
    seconds: float = 0.0            # wall time
    cpu: float = 0.0                # CPU time of the whole process (moto, the handlers, the clock)
    peak_mb: float = 0.0
    rss_mb: float = 0.0
    status: str = ""
    output: dict[str, Any] | None = None
    error: str = ""
    seed_seconds: float = 0.0


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class PeakMemory:
    def __init__(self) -> None:
        self.base = self.peak = rss_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, rss_bytes())

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())


def week_shifts(monday: date, count: int = SHIFTS_PER_COMPANY) -> list[dict[str, Any]]:
    """Morning and afternoon shifts, Monday to Friday."""
    days = [monday + timedelta(days=d) for d in range(5)]
    slots = [("08:00", "12:00"), ("13:00", "17:00")]
    return [shift(day, a, b, 0) for day in days for a, b in slots][:count]


def build_company(journeys: Journeys, app: Any) -> Any:
    """The template company, its hours in WEEK confirmed (the planned hours stand: the timesheets schedule,
    run once); -> its graph in NowjobsTable."""
    from tools.bench.seeding import Graph, Snapshot
    snapshot = Snapshot(journeys.stack, ["NowjobsTable"])
    journeys.nowjobs_company_with_shifts(enterprise_number(3_100_000), week_shifts(WEEK), customer=CUSTOMER)
    journeys.set_clock(utc_instant(WEEK + timedelta(days=7), "14:00"))    # Monday after, past the deadlines
    timesheets = find_schedule(app, lambda _, payload: isinstance(payload, dict) and payload.get("task") ==
                               "timesheets")
    if timesheets is None:
        raise RuntimeError("no timesheets schedule in template.yaml: the hours cannot stand")
    fire_now(app, timesheets)
    return Graph(snapshot.added())


def bill(companies: int) -> Run:
    from tools.bench.seeding import multiply
    run = Run(companies, companies * SHIFTS_PER_COMPANY)
    with local_application(start=_start()) as app:
        try:
            patient_aws_clients()
            quiet_schedules(app)
            t0 = time.perf_counter()
            journeys = Journeys(app)
            graph = build_company(journeys, app)
            multiply(app.stack, graph, companies - 1)
            run.seed_seconds = time.perf_counter() - t0
            thursday = WEEK + timedelta(days=10)
            journeys.set_clock(utc_instant(thursday, "05:59"))
            sfn = app.stack.client("stepfunctions")
            machine = app.stack.state_machines[state_machine_with_definition(DEFINITION) or ""]
            with PeakMemory() as memory:
                t0, c0 = time.perf_counter(), time.process_time()
                app.stack.clock.set(utc_instant(thursday, "06:00"))            # the weekly run fires
                run.status = _status(sfn, machine)
                while run.status == "RUNNING" and time.perf_counter() - t0 < WAIT_SECONDS:
                    app.stack.clock.advance("PT1M")                           # retries wait on the clock
                    run.status = _status(sfn, machine)
                run.seconds, run.cpu = time.perf_counter() - t0, time.process_time() - c0
            run.peak_mb = (memory.peak - memory.base) / 2**20
            run.rss_mb = memory.peak / 2**20
            executions = sfn.list_executions(stateMachineArn=machine)["executions"]
            if executions:
                described = sfn.describe_execution(executionArn=executions[0]["executionArn"])
                run.output = json.loads(described.get("output") or "null")
        except Exception as exc:
            run.error = crash_note(exc)
    return run


def _status(sfn: Any, machine: str) -> str:
    executions = sfn.list_executions(stateMachineArn=machine)["executions"]
    return str(executions[0]["status"]) if executions else "not started"


def _start() -> Any:
    from datetime import datetime
    return datetime.fromisoformat(utc_instant(WEEK - timedelta(days=3), "09:00"))        # the Friday before


def shifts_billed(run: Run) -> int | None:
    out = run.output if isinstance(run.output, dict) else {}
    for key in ("shiftsBilled", "shifts_billed"):
        if isinstance(out.get(key), int):
            return int(out[key])
    return None


def run() -> Figure:
    figure = Figure(5, "billing at scale")
    if state_machine_with_definition(DEFINITION) is None:
        figure.pending("billing run", f"no state machine with statemachines/{DEFINITION}.asl.json in template.yaml")
        return figure
    small = bill(SMALL)
    large = bill(LARGE) if small.status == "SUCCEEDED" else Run(LARGE, LARGE * SHIFTS_PER_COMPANY, error=(
        f"not run: the {SMALL * SHIFTS_PER_COMPANY:,}-shift run did not succeed"))
    lines = ["| shifts | companies | wall time | CPU time | peak memory above start | process peak | execution | "
             "billed | seeding |", "|---|---|---|---|---|---|---|---|---|"]
    for r in (small, large):
        billed = shifts_billed(r)
        ok = not r.error and r.status == "SUCCEEDED" and billed in (None, r.shifts)
        figure.add(f"{r.shifts:,} shifts / {r.companies:,} companies",
                   f"{r.seconds:.1f} s ({r.cpu:.1f} s CPU), +{r.peak_mb:.0f} MB", "billed, SUCCEEDED",
                   "INFO" if ok else "FAIL",
                   "" if ok else (r.error or f"execution {r.status or 'not found'}, billed {billed} of {r.shifts}"))
        lines.append(f"| {r.shifts:,} | {r.companies:,} | {r.seconds:.1f} s | {r.cpu:.1f} s | {r.peak_mb:.0f} MB | "
                     f"{r.rss_mb:.0f} MB | {r.status} | {billed if billed is not None else '?'} | "
                     f"{r.seed_seconds:.1f} s |")
    if small.cpu > 0 and large.cpu > 0:
        ratio = large.cpu / small.cpu
        figure.add(f"time ratio {large.shifts:,} / {small.shifts:,} shifts", f"{ratio:.1f} (CPU; wall "
                   f"{large.seconds / small.seconds:.1f})", f"<= {MAX_RATIO:.0f} (near-linear)",
                   "PASS" if ratio <= MAX_RATIO else "FAIL")
    figure.details = "\n".join([
        f"The weekly billing run (its state machine, Distributed Map and function, on the local stack) over "
        f"{SHIFTS_PER_COMPANY} confirmed shifts per company, all in the invoicing week of {WEEK.isoformat()}; time "
        "from the schedule's firing until the system is idle. The ratio is taken on the CPU time of the process "
        "(moto, the handlers and the clock all run in it): on a shared machine the wall time also counts waiting "
        "for a core. Execution output (large run): "
        f"`{json.dumps(large.output)[:300]}`", "", *lines])
    return figure


if __name__ == "__main__":
    module_main(run)
