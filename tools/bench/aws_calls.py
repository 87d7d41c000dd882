"""Figure 2: AWS calls per API operation, counted with botocore events on the local stack.

The journeys (tools/bench/journeys.py) drive every route over HTTP; a botocore `after-call` handler on
boto3's default session (support.AwsCallRecorder) sees every call of the process, and a route is charged
only the calls made by *its* function's handler while the request ran (AWS_LAMBDA_FUNCTION_NAME, which
the local stack's environment overlay gives each handler): not the authorizer's JWKS fetch (HTTP, not
botocore), not the harness, not moto's own Step Functions integrations, not the asynchronous consumers
the request set off (they run after the answer, in their own functions).

MINIMUM is the fewest calls each operation could make with the contract and the architecture as they are
(least privilege, mandate re-checked on every route that touches an enterprise, domain events on the bus),
with a line saying why. Targets from the issue: eligibility read = 1 DynamoDB call, case read = 1, case
submission <= 3; every other route is reported against its minimum (INFO)."""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from tools.bench.journeys import Journeys, RouteMissing, Step, StepFailed, utc_instant
from tools.bench.support import AwsCallRecorder, Figure, crash_note, describe_calls, local_application, module_main

Route = tuple[str, str]
E = "the caller's eligibility (1 GetItem of CUSTOMER#{id} VIEW: the mandate is re-checked on every enterprise route)"

# (method, path[, variant]) -> (minimum calls, why)
MINIMUM: dict[tuple[str, ...], tuple[int, str]] = {
    # eligibility: the person's whole view is one item
    ("get", "/v1/extra-services"): (1, "1 GetItem of the person's view (CUSTOMER#{id} VIEW)"),
    ("get", "/v1/enterprises/{enterpriseNumber}/extra-services"): (1, "the same GetItem, one enterprise picked"),
    ("get", "/v1/ops/customers/{customerId}/extra-services"): (1, "the same GetItem for the customer asked"),
    # Go Solid
    ("post", "/v1/go-solid/quotes"): (0, "computed from the body and the dated rate tables; nothing stored"),
    ("post", "/v1/go-solid/cases"): (3, "1 BatchGetItem (the caller's eligibility + the case uuid5(person, key): "
                                       "a replay is answered from it) + 1 conditional PutItem (the case, its own "
                                       "idempotency record) + StartExecution named after the case"),
    ("get", "/v1/go-solid/cases/{caseId}"): (1, "1 BatchGetItem: the case and the caller's eligibility view"),
    ("get", "/v1/go-solid/cases"): (2, E + " + 1 Query of the enterprise's cases (index)"),
    ("post", "/v1/go-solid/cases/{caseId}/creditor-reports"): (3, "BatchGetItem (case + the caller's eligibility) "
                                                                  "+ conditional write + PutEvents"),
    ("post", "/v1/go-solid/cases/{caseId}/withdrawal"): (4, "BatchGetItem (case + the caller's eligibility) + "
                                                            "conditional write + SendTaskSuccess (end the execution) "
                                                            "+ PutEvents"),
    ("post", "/v1/partners/go-solid/cases/{caseId}/events", "SUMMONS_SERVED"): (
        4, "GetItem + TransactWriteItems (change + callback id) + SendTaskSuccess + PutEvents (notification)"),
    ("post", "/v1/partners/go-solid/cases/{caseId}/events", "DEBTOR_PAYMENT"): (
        3, "GetItem + TransactWriteItems + PutEvents (PaymentForwarded); no resume while the month runs"),
    ("post", "/v1/partners/go-solid/cases/{caseId}/events"): (
        4, "GetItem + TransactWriteItems + SendTaskSuccess + PutEvents"),
    # NOWJOBS
    ("post", "/v1/nowjobs/wage-quotes"): (0, "computed from the body and the dated tables"),
    ("post", "/v1/nowjobs/companies"): (3, E + " + 1 TransactWriteItems (company, registration, mandate, code) "
                                           "+ PutEvents (to NOWJOBS)"),
    ("get", "/v1/nowjobs/companies"): (2, E + " + 1 Query (index ByParent)"),
    ("get", "/v1/nowjobs/companies/{companyId}"): (2, "GetItem + " + E),
    ("post", "/v1/partners/nowjobs/companies/{companyId}/events"): (
        2, "GetItem + TransactWriteItems (change + event id)"),
    ("post", "/v1/nowjobs/companies/{companyId}/job-offers"): (4, "GetItem company + " + E + " + PutItem + "
                                                                  "PutEvents (to NOWJOBS)"),
    ("get", "/v1/nowjobs/companies/{companyId}/job-offers"): (3, "GetItem company + " + E + " + 1 Query"),
    ("get", "/v1/nowjobs/job-offers/{offerId}"): (2, "GetItem + " + E),
    ("post", "/v1/nowjobs/companies/{companyId}/invitations"): (3, "GetItem company + " + E + " + 1 "
                                                                   "TransactWriteItems (invitation + outbox)"),
    ("get", "/v1/partners/nowjobs/invitations/{invitationId}"): (1, "1 GetItem"),
    ("post", "/v1/partners/nowjobs/job-offers/{offerId}/applications"): (
        2, "GetItem offer + TransactWriteItems (application + one per worker)"),
    ("get", "/v1/nowjobs/job-offers/{offerId}/applications"): (3, "GetItem offer + " + E + " + 1 Query"),
    ("post", "/v1/nowjobs/applications/{applicationId}/contract-proposal"): (
        4, "BatchGetItem (application, offer) + " + E + " + TransactWriteItems + PutEvents (to NOWJOBS)"),
    ("post", "/v1/partners/nowjobs/contracts/{contractId}/events"): (
        3, "GetItem + TransactWriteItems (change, event id, timesheets) + PutEvents"),
    ("get", "/v1/nowjobs/companies/{companyId}/contracts"): (3, "GetItem company + " + E + " + 1 Query"),
    ("get", "/v1/nowjobs/contracts/{contractId}"): (2, "GetItem + " + E),
    ("post", "/v1/nowjobs/contracts/{contractId}/cancellation"): (4, "GetItem + " + E + " + write + PutEvents"),
    ("post", "/v1/nowjobs/contracts/{contractId}/timesheets"): (3, "BatchGetItem (contract, timesheet) + " + E +
                                                                   " + conditional write"),
    ("get", "/v1/nowjobs/contracts/{contractId}/timesheets"): (2, "1 Query of CONTRACT#{id} (the contract and its "
                                                                  "timesheets share it) + " + E),
    ("post", "/v1/nowjobs/contracts/{contractId}/rating"): (3, "GetItem + " + E + " + conditional PutItem"),
    # billing
    ("get", "/v1/nowjobs/companies/{companyId}/invoices"): (3, "GetItem company + " + E + " + 1 Query"),
    ("get", "/v1/nowjobs/invoices/{invoiceId}"): (2, "GetItem + " + E),
    ("get", "/v1/ops/direct-debit-batches/{batchId}/pain008"): (1, "1 GetItem of the stored pain.008 document"),
    ("post", "/v1/partners/bank/direct-debit-results"): (
        3, "BatchGetItem (the batch's invoices) + TransactWriteItems (<= 100 results) + PutEvents (returns)"),
    # notifications
    ("get", "/v1/notifications"): (3, E + " + 1 Query of the person's inbox + 1 Query per usable enterprise's "
                                      "inbox (1 here)"),
}
TARGETS: dict[Route, tuple[str, str]] = {
    ("get", "/v1/extra-services"): ("eligibility read", "= 1 DynamoDB call"),
    ("get", "/v1/go-solid/cases/{caseId}"): ("case read", "= 1"),
    ("post", "/v1/go-solid/cases"): ("case submission (Idempotency-Key)", "<= 3"),
}


def minimum(step: Step) -> tuple[int, str] | None:
    return MINIMUM.get((step.method, step.path, step.variant)) or MINIMUM.get(step.route)


def meets(route: Route, step: Step) -> bool:
    n = len(step.calls)
    if route == ("get", "/v1/extra-services"):
        return n == 1 and step.calls[0].service == "dynamodb"
    if route == ("get", "/v1/go-solid/cases/{caseId}"):
        return n == 1
    return n <= 3


def drive(journeys: Journeys) -> dict[str, str]:
    """Every journey in order (the clock only moves forward); -> section -> why it stopped."""
    problems: dict[str, str] = {}
    company: list[str] = []

    def billing() -> None:
        if not journeys.has("get", "/v1/nowjobs/companies/{companyId}/invoices"):
            raise RouteMissing("GET /v1/nowjobs/companies/{companyId}/invoices")
        if not company:
            raise StepFailed("no NOWJOBS company to bill")
        today = journeys.today()
        thursday_after = today + timedelta(days=7 - today.weekday() + 3)      # the invoicing Thursday
        journeys.set_clock(utc_instant(thursday_after, "12:00"))
        journeys.billing(company[0])

    sections = [("eligibility", journeys.eligibility), ("Go Solid", journeys.go_solid),
                ("NOWJOBS", lambda: company.append(journeys.nowjobs())), ("billing", billing),
                ("notifications", journeys.notifications)]
    for name, section in sections:
        try:
            section()
        except RouteMissing as exc:
            problems[name] = f"stopped at {exc}, not in template.yaml yet"
        except StepFailed as exc:
            problems[name] = f"FAILED: {exc}"
        except Exception as exc:
            problems[name] = f"crashed: {crash_note(exc)}"
    return problems


def target_rows(figure: Figure, by_route: dict[Route, list[Step]], in_template: set[Route],
                problems: dict[str, str]) -> None:
    for route, (name, target) in TARGETS.items():
        steps = [s for s in by_route.get(route, []) if s.status < 400]
        if route not in in_template:
            figure.pending(name, f"{route[0].upper()} {route[1]} not in template.yaml", target)
        elif not steps:
            figure.add(name, "not driven", target, "FAIL", "; ".join(problems.values())[:200])
        else:
            worst = max(steps, key=lambda s: len(s.calls))
            figure.add(name, f"{len(worst.calls)}: {describe_calls(worst.calls)}", target,
                       "PASS" if all(meets(route, s) for s in steps) else "FAIL")


def route_rows(by_route: dict[Route, list[Step]], in_template: set[Route]) -> list[tuple[str, str, str, str, str]]:
    """(operation, calls, minimum, what it called, why the minimum) for every route of the template."""
    rows = []
    for route in sorted(in_template, key=lambda r: (r[1], r[0])):
        steps = [s for s in by_route.get(route, []) if s.status < 400]
        if not steps:
            rows.append((f"{route[0].upper()} {route[1]}", "not driven", "-", "-", "no journey step reached it"))
            continue
        for variant in dict.fromkeys(s.variant for s in steps):
            worst = max((s for s in steps if s.variant == variant), key=lambda s: len(s.calls))
            low = minimum(worst)
            rows.append((worst.label, str(len(worst.calls)), str(low[0]) if low else "?", describe_calls(worst.calls),
                         low[1] if low else "no minimum in tools/bench/aws_calls.py MINIMUM yet"))
    return rows


def run() -> Figure:
    figure = Figure(2, "AWS calls per operation")
    recorder = AwsCallRecorder().install()
    with local_application() as app:
        journeys = Journeys(app, recorder)
        in_template = set(journeys.routes)
        problems = drive(journeys)
    by_route: dict[Route, list[Step]] = defaultdict(list)
    for step in journeys.steps:
        by_route[step.route].append(step)
    target_rows(figure, by_route, in_template, problems)
    for step in journeys.steps:
        if step.status >= 400:
            figure.add(step.label, f"HTTP {step.status}", "the journey's request succeeds", "FAIL")
    for section, why in problems.items():
        if why.startswith(("FAILED", "crashed")):
            figure.add(f"journey {section}", "stopped", "runs to the end", "FAIL", why[:200])
    rows = route_rows(by_route, in_template)
    driven = [r for r in rows if r[1] != "not driven"]
    above = [r for r in driven if r[2] not in ("?", "-") and int(r[1]) > int(r[2])]
    figure.add("routes of template.yaml driven", f"{len(driven)} of {len(rows)} operations",
               "every route listed with its count and minimum", "INFO" if len(driven) == len(rows) else "PENDING",
               "" if len(driven) == len(rows) else "some routes not driven: see docs/performance.md")
    extra = sum(int(r[1]) - int(r[2]) for r in above)
    figure.add("operations above their minimum", f"{len(above)} of {len(driven)} (+{extra} calls)",
               "listed, each minimum justified", "INFO")
    missing = sorted(k[:2] for k in MINIMUM if k[:2] not in in_template and len(k) == 2)
    if missing:
        figure.pending("API.md routes not in template.yaml", f"{len(missing)}: " +
                       ", ".join(f"{m.upper()} {p}" for m, p in missing)[:150])
    lines = ["Calls made by the route's own handler per request (the worst request when a route was called more "
             "than once), on the local stack; the minimum is what the operation could do with the contract as it "
             "is (`MINIMUM` in tools/bench/aws_calls.py). E = " + E + ".", "",
             "| operation | calls | minimum | what it called | why the minimum |", "|---|---|---|---|---|"]
    lines += [f"| {op} | {count} | {low} | {what} | {why.replace(E, 'E')} |" for op, count, low, what, why in rows]
    if problems:
        lines += ["", "Journeys that stopped: " + "; ".join(f"**{k}** {v}" for k, v in problems.items())]
    figure.details = "\n".join(lines)
    return figure


if __name__ == "__main__":
    module_main(run)
