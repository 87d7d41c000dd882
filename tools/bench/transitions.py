"""Figure 3: state transitions per Go Solid case, from the execution history, and what a case costs.

Each scenario is one case on a fresh local stack (simulators off: the bench plays the bailiff through
its partner route, API.md), driven over HTTP along the legal timeline on the virtual clock; the count
is the states the execution entered (its StateEntered events: what Step Functions Standard bills, one
transition per state entered, retries aside). The other contexts' schedules are replaced by no-ops
(they would only cost wall time over the months a case lasts).

Scenarios: the shortest (summons served, paid in full inside the month), the PV route (silent debtor:
month expires, PV, enforceable title, enforcement recovers), and the longest (summons served late,
a payment plan of MAX_INSTALMENTS instalments all paid but the last, then the PV route)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from tools.bench.journeys import BRUSSELS, Journeys, RouteMissing, StepFailed, split_amount, utc_instant
from tools.bench.support import (
    Figure,
    crash_note,
    local_application,
    module_main,
    routes,
    state_machine_with_definition,
    verdict,
)

MAX_TRANSITIONS = 20
PRICE_PER_TRANSITION = Decimal("0.000025")      # Step Functions Standard: USD 0.025 per 1,000 (eu-west-1, us-east-1)
MAX_INSTALMENTS = 12                            # docs/decisions/gosolid-case-lifecycle.md: 1-12 instalments
DEFINITION = "go_solid_collection"
NEEDED = [("post", "/v1/go-solid/cases"), ("get", "/v1/go-solid/cases/{caseId}"),
          ("post", "/v1/partners/go-solid/cases/{caseId}/events")]


@dataclass
class Outcome:
    name: str
    path: list[str] = field(default_factory=list)
    status: str = ""                 # the execution's status
    case_status: str = ""
    error: str = ""

    @property
    def transitions(self) -> int:
        return len(self.path)


class Case:
    """One Go Solid case on its own local stack."""

    def __init__(self, journeys: Journeys) -> None:
        self.j = journeys
        self.j.feed_registry()
        self.id = self.j.go_solid_submit()

    def get(self) -> dict[str, Any]:
        return self.j.go_solid_case(self.id)

    def deadline(self, name: str) -> date:
        value = (self.get().get("deadlines") or {}).get(name)
        if not value:
            raise StepFailed(f"case {self.id} has no deadline {name}")
        if "T" in value:                                            # an instant: its Brussels date
            return datetime.fromisoformat(value).astimezone(BRUSSELS).date()
        return date.fromisoformat(value)

    def at(self, day: date, hhmm: str = "10:00") -> str:
        """The clock to `day` at `hhmm` Brussels, unless it is already later that day."""
        instant = utc_instant(day, hhmm)
        if datetime.fromisoformat(instant) > self.j.stack.clock.now():
            self.j.set_clock(instant)
        return day.isoformat()

    def bailiff(self, event_type: str, **fields: Any) -> None:
        answer = self.j.bailiff(self.id, event_type, **fields)
        if isinstance(answer, dict) and answer.get("applied") is False:
            raise StepFailed(f"{event_type} not applied: {answer}")

    def outstanding(self) -> str:
        amounts = self.get().get("amounts") or {}
        owed = Decimal(amounts["totalClaimed"]) - Decimal(amounts.get("collected") or "0")
        return f"{owed:.2f}"

    def pv_route(self) -> None:
        """From AWAITING_PV (or the PV already requested): PV drawn, title enforceable, enforcement recovers."""
        earliest = self.deadline("pvEarliest")
        day = max(earliest, self.j.today())
        self.bailiff("PV_DRAWN", drawnOn=self.at(day))
        self.bailiff("TITLE_ENFORCEABLE", on=self.at(day + timedelta(days=14)))
        self.at(day + timedelta(days=42))
        self.bailiff("ENFORCEMENT_CLOSED", outcome="RECOVERED", amount=self.outstanding())


def shortest(case: Case) -> None:
    served = case.j.today() + timedelta(days=1)
    case.bailiff("SUMMONS_SERVED", servedOn=case.at(served))
    pay_day = served + timedelta(days=10)
    case.at(pay_day)
    case.bailiff("DEBTOR_PAYMENT", amount=case.outstanding(), paidOn=pay_day.isoformat())


def pv_route(case: Case) -> None:
    served = case.j.today() + timedelta(days=1)
    case.bailiff("SUMMONS_SERVED", servedOn=case.at(served))
    case.at(case.deadline("pvEarliest"), "12:00")                  # month expired, the PV requested
    case.pv_route()


def longest(case: Case) -> None:
    late = case.deadline("summonsServiceDue") + timedelta(days=1)  # the bailiff is late: SummonsOverdue
    case.bailiff("SUMMONS_SERVED", servedOn=case.at(late))
    first = late + timedelta(days=7)
    dues = [_add_months(first, k) for k in range(MAX_INSTALMENTS)]
    amounts = split_amount(case.outstanding(), MAX_INSTALMENTS)
    case.bailiff("PAYMENT_PLAN_AGREED", installments=[{"dueOn": d.isoformat(), "amount": a}
                                                      for d, a in zip(dues, amounts, strict=True)])
    for due, amount in list(zip(dues, amounts, strict=True))[:-1]:
        case.bailiff("DEBTOR_PAYMENT", amount=amount, paidOn=case.at(due))
    case.at(dues[-1] + timedelta(days=10))                         # the last one missed: back to the PV route
    case.pv_route()


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


SCENARIOS: list[tuple[str, str, Callable[[Case], None]]] = [
    ("shortest", "summons served, paid in full inside the month", shortest),
    ("PV route", "silent debtor: PV, enforceable title, enforcement recovers", pv_route),
    ("longest", f"summons late, plan of {MAX_INSTALMENTS} instalments, last missed, PV route to enforcement",
     longest),
]


def play(name: str, scenario: Callable[[Case], None]) -> Outcome:
    from local_stack.functions import function_name_of
    from local_stack.testing import execution_history, state_path
    outcome = Outcome(name)
    with local_application(simulators=False) as app:
        workflow = app.stack.function("GoSolidWorkflowFunction").name      # its plan watch keeps running
        for schedule in app.stack.schedules:                  # other contexts' schedules: no-ops here
            target = "" if schedule.targets_state_machine else function_name_of(schedule.target_arn)
            if target and target != workflow:
                app.stack.registry.register(target, lambda event, context: {})
        journeys = Journeys(app)
        try:
            case = Case(journeys)
            scenario(case)
            outcome.case_status = str(case.get().get("status"))
        except (StepFailed, RouteMissing) as exc:
            outcome.error = str(exc)[:300]
        except Exception as exc:
            outcome.error = crash_note(exc)
        sfn = app.stack.client("stepfunctions")
        machine = app.stack.state_machines[state_machine_with_definition(DEFINITION) or ""]
        executions = sfn.list_executions(stateMachineArn=machine)["executions"]
        if executions:
            execution = executions[0]["executionArn"]
            outcome.path = state_path(execution_history(sfn, execution))
            outcome.status = sfn.describe_execution(executionArn=execution)["status"]
    return outcome


def run() -> Figure:
    figure = Figure(3, "state transitions per Go Solid case")
    if state_machine_with_definition(DEFINITION) is None:
        figure.pending("transitions per case", f"no state machine with statemachines/{DEFINITION}.asl.json in "
                       "template.yaml", f"<= {MAX_TRANSITIONS}")
        return figure
    missing = [f"{m.upper()} {p}" for m, p in NEEDED if (m, p) not in routes()]
    if missing:
        figure.pending("transitions per case", "routes not in template.yaml: " + ", ".join(missing),
                       f"<= {MAX_TRANSITIONS}")
        return figure
    lines = ["| scenario | transitions | cost per case | execution | case | states entered |",
             "|---|---|---|---|---|---|"]
    for name, description, scenario in SCENARIOS:
        outcome = play(name, scenario)
        cost = PRICE_PER_TRANSITION * outcome.transitions
        value = f"{outcome.transitions} = ${cost:.6f}/case"
        finished = outcome.status == "SUCCEEDED" and not outcome.error
        target = f"<= {MAX_TRANSITIONS}" if name != "PV route" else "informational"
        if not finished:
            figure.add(f"{name}: {description}", value, target, "FAIL",
                       outcome.error or f"execution {outcome.status or 'not found'}, case {outcome.case_status}")
        else:
            figure.add(f"{name}: {description}", value, target,
                       "INFO" if name == "PV route" else verdict(outcome.transitions <= MAX_TRANSITIONS))
        lines.append(f"| {name} | {outcome.transitions} | ${cost:.6f} | {outcome.status} | {outcome.case_status} | "
                     f"{' > '.join(outcome.path)} |")
    figure.details = "\n".join([
        f"States entered per execution (Step Functions Standard bills each; USD {PRICE_PER_TRANSITION * 1000} per "
        "1,000 transitions, the public price in eu-west-1 and us-east-1, free tier ignored).", "", *lines])
    return figure


if __name__ == "__main__":
    module_main(run)
