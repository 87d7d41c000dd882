"""Drives Go Solid cases on the local stack (the real handlers, the real ASL, the virtual clock) the
way the channels and the bailiff do: over HTTP with their tokens. Used by the
test_collection_state_machine_* tests."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from local_stack.functions import function_name_of
from local_stack.personas import BAKERY, GO_SOLID_HEALTHY_DEBTOR, registry_events
from local_stack.testing import HttpClient, Response, execution_history, state_path

CREDITOR = BAKERY.number
DEBTOR = GO_SOLID_HEALTHY_DEBTOR.number
SUBMITTER = "C-BART"                   # FULL mandate on the bakery's current account
MACHINE = "GoSolidCollectionStateMachine"
WORKFLOW_FUNCTION = "GoSolidWorkflowFunction"
MAX_TRANSITIONS = 20                   # issue 7: states entered per case, shortest and longest path


def case_body(debtor: str = DEBTOR, **overrides: Any) -> dict[str, Any]:
    """One invoice of 1,000.00 due 1 Feb 2026: on 2 March 2026 the claim is 1,000.00 + 8.34
    increase (29 days of late interest) + 40.00 flat fee = 1,048.34."""
    body: dict[str, Any] = {
        "creditorEnterpriseNumber": CREDITOR, "declaration": {"accepted": True, "wordingVersion": "2025-01"},
        "debtor": {"enterpriseNumber": debtor, "name": "Brasserie Dupont SRL", "email": "compta@dupont.example"},
        "invoices": [{"number": "F-2026-014", "issueDate": "2026-01-02", "dueDate": "2026-02-01",
                      "amount": "1000.00"}],
        "evidence": [{"kind": "INVOICE", "documentId": "doc-F-2026-014"}],
    }
    body.update(overrides)
    return body


class Collection:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.stack = app.stack
        self.sfn = app.stack.client("stepfunctions")

    # ------------------------------------------------------------------ world
    def quiet_other_schedules(self) -> None:
        """Another context's 15-minute schedule would cost ~15 s of wall time per virtual month of
        these tests: its function is replaced by a no-op here only. Go Solid's own schedule (the
        plan watch, on the workflow function) keeps running."""
        workflow = self.stack.function(WORKFLOW_FUNCTION).name
        for schedule in self.stack.schedules:
            target = function_name_of(schedule.target_arn)
            if target != workflow:
                self.stack.registry.register(target, lambda event, context: {})

    def feed_registry(self) -> None:
        for source, detail_type, detail in registry_events():
            self.stack.put_event(source, detail_type, detail)

    def advance(self, duration: str) -> None:
        self.stack.clock.advance(duration)

    def set(self, instant: str) -> None:
        self.stack.clock.set(instant)

    @property
    def now(self) -> datetime:
        return self.stack.clock.now()

    # ----------------------------------------------------------- the channels
    def channel(self, customer_id: str = SUBMITTER) -> HttpClient:
        """A token minted now: tokens expire after an hour of virtual time."""
        return HttpClient(self.app.url, headers={"Authorization": f"Bearer {self.app.token_for(customer_id)}"})

    def submit(self, body: dict[str, Any] | None = None) -> str:
        with self.channel() as http:
            answer = http.post("/v1/go-solid/cases", body or case_body())
        assert answer.status == 202, answer.body
        self.stack.clock.settle()
        return str(answer.body["caseId"])

    def case(self, case_id: str) -> dict[str, Any]:
        with self.channel() as http:
            answer = http.get(f"/v1/go-solid/cases/{case_id}")
        assert answer.status == 200, answer.body
        return dict(answer.body)

    def status(self, case_id: str) -> str:
        return str(self.case(case_id)["status"])

    def withdraw(self, case_id: str, reason: str = "settled with the customer") -> Response:
        with self.channel() as http:
            answer = http.post(f"/v1/go-solid/cases/{case_id}/withdrawal", {"reason": reason})
        self.stack.clock.settle()
        return answer

    # ------------------------------------------------------------ the bailiff
    def partner(self, case_id: str, event_type: str, **fields: Any) -> Response:
        token = self.app.partner_token("go-solid")
        with HttpClient(self.app.url, headers={"Authorization": f"Bearer {token}"}) as http:
            answer = http.post(f"/v1/partners/go-solid/cases/{case_id}/events", {"type": event_type, **fields})
        self.stack.clock.settle()
        return answer

    def accept(self, case_id: str, event_type: str, **fields: Any) -> dict[str, Any]:
        answer = self.partner(case_id, event_type, **fields)
        assert answer.status == 200, answer.body
        assert answer.body["applied"] is True
        return dict(answer.body)

    # -------------------------------------------------------------- execution
    def execution(self, case_id: str, name: str | None = None) -> dict[str, Any]:
        arn = self.stack.state_machines[MACHINE]
        [found] = [e for e in self.sfn.list_executions(stateMachineArn=arn)["executions"]
                   if e["name"] == (name or case_id)]
        return dict(self.sfn.describe_execution(executionArn=found["executionArn"]))

    def path(self, case_id: str, name: str | None = None) -> list[str]:
        return state_path(execution_history(self.sfn, self.execution(case_id, name)["executionArn"]))

    def execution_status(self, case_id: str) -> str:
        return str(self.execution(case_id)["status"])

    def history(self, case_id: str) -> list[dict[str, Any]]:
        return execution_history(self.sfn, self.execution(case_id)["executionArn"])

    # ---------------------------------------------------------- task doubles
    def replace_task(self, action: str, answer: Callable[[dict[str, Any]], Any]) -> list[dict[str, Any]]:
        """The workflow function, except for `action`, which `answer(event)` plays (it may raise).
        Returns the list of events `answer` received."""
        real = self.stack.function(WORKFLOW_FUNCTION)
        seen: list[dict[str, Any]] = []

        def handler(event: dict[str, Any], context: Any) -> Any:
            if event.get("action") == action:
                seen.append(event)
                return answer(event)
            return real(event)

        self.stack.registry.register(real.name, handler)
        return seen

    def restore_tasks(self) -> None:
        real = self.stack.function(WORKFLOW_FUNCTION)
        self.stack.registry.register(real.name, real)

    def restart(self, case_id: str, attempt: int = 1) -> None:
        """What ops do for a parked case: a new execution from the top (every step routes from the
        case's current status, so it picks up where the case stands)."""
        self.sfn.start_execution(stateMachineArn=self.stack.state_machines[MACHINE], name=f"{case_id}-r{attempt}",
                                 input=json.dumps({"caseId": case_id}))
        self.stack.clock.settle()


def timeline_types(case: dict[str, Any]) -> list[str]:
    return [entry["type"] for entry in case["timeline"]]


def metrics_named(captured: str, name: str) -> list[float]:
    """The values of an EMF metric the handlers printed (Powertools Metrics writes EMF to stdout)."""
    values: list[float] = []
    for raw in captured.splitlines():
        line = raw.strip()
        if not line.startswith("{") or '"_aws"' not in line:
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        value = record.get(name)
        if value is not None:
            values += value if isinstance(value, list) else [value]
    return values
