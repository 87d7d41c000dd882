"""Go Solid's side on the local stack: the enterprise registry and credit bureau, the bailiff, and
the demo debtors (local_stack/personas.py). All of it goes through the production path: facts on
the bus, callbacks on POST /v1/partners/go-solid/cases/{caseId}/events with a partner token.

Demo behaviour (Brussels times; every date a Judicial Code date computed by the application):
- registry and credit bureau: their facts about the demo enterprises are seeded with the personas
  (Application.seed), simulators on or off;
- bailiff: serves the summons at 10:00 on the first working day after SummonsRequested; draws the
  PV at 10:00 on the PV-earliest date (PvRequested); the title is enforceable 14 days later; the
  enforcement closes 30 days after that, RECOVERED (the whole outstanding amount) - UNRECOVERABLE
  (nothing) for Studio Vide SRL;
- debtors, after the summons is served: Brasserie Dupont pays everything 10 days later; Atelier
  Claes agrees 5 days later to 3 instalments due 30, 60 and 90 days after service and pays each
  on its due date; every other debtor stays silent (the PV route).

LOCAL_SIMULATORS=off: nothing here runs. Play the bailiff through the partner route (token from
POST /_local/tokens {"partner": "go-solid"}); more registry or credit-bureau facts go through
POST /_local/events (source enterprise-registry / credit-bureau)."""
from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from local_stack.personas import GO_SOLID_EMPTY_DEBTOR, GO_SOLID_HEALTHY_DEBTOR, GO_SOLID_PLAN_DEBTOR
from local_stack.simulators.partner import Partner, PartnerSimulators

SOURCE = "extra-services.gosolid"
PARTNER = "go-solid"
TITLE_AFTER = timedelta(days=14)
ENFORCEMENT_AFTER = timedelta(days=30)
PAYS_AFTER = timedelta(days=10)
PLAN_AGREED_AFTER = timedelta(days=5)
PLAN_INSTALMENTS = 3
BRUSSELS = ZoneInfo("Europe/Brussels")


def events_path(case_id: str) -> str:
    return f"/v1/partners/go-solid/cases/{case_id}/events"


def at_brussels(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BRUSSELS)


def brussels_date(at: datetime) -> date:
    return at.astimezone(BRUSSELS).date()


def next_working_day_after(day: date) -> date:
    # the application's calendar (legal holidays); the layer is on sys.path once the stack runs
    from extra_services.belgian_calendar import next_working_day_after as working_day_after
    return working_day_after(day)


def split(total: Decimal, parts: int) -> list[Decimal]:
    """Equal instalments to the cent, the last one taking the rounding."""
    share = (total / parts).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [share] * (parts - 1) + [total - share * (parts - 1)]


class GoSolidSide:
    """What the bailiff knows of each case from the summons it was asked to serve."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cases: dict[str, tuple[str, Decimal]] = {}     # caseId -> (debtor number, total claimed)

    # ------------------------------------------------------------------ bailiff
    def summons_requested(self, event: dict[str, Any], bailiff: Partner) -> None:
        detail = event["detail"]
        case_id = detail["caseId"]
        with self._lock:
            self._cases[case_id] = (detail["debtor"]["enterpriseNumber"], Decimal(detail["amounts"]["totalClaimed"]))
        day = next_working_day_after(brussels_date(bailiff.now))
        bailiff.call_at(at_brussels(day, 10), "POST", events_path(case_id), {
            "type": "SUMMONS_SERVED", "servedOn": day.isoformat(), "eventId": f"sim-{case_id}-served"})

    def pv_requested(self, event: dict[str, Any], bailiff: Partner) -> None:
        detail = event["detail"]
        case_id, path = detail["caseId"], events_path(detail["caseId"])
        drawn_on = max(date.fromisoformat(detail["pvEarliest"]), brussels_date(bailiff.now))
        title_on = drawn_on + TITLE_AFTER
        unrecoverable = detail["debtor"]["enterpriseNumber"] == GO_SOLID_EMPTY_DEBTOR.number
        closing = ({"outcome": "UNRECOVERABLE", "amount": "0.00"} if unrecoverable
                   else {"outcome": "RECOVERED", "amount": detail["outstanding"]})
        bailiff.call_at(at_brussels(drawn_on, 10), "POST", path, {
            "type": "PV_DRAWN", "drawnOn": drawn_on.isoformat(), "eventId": f"sim-{case_id}-pv"})
        bailiff.call_at(at_brussels(title_on, 10), "POST", path, {
            "type": "TITLE_ENFORCEABLE", "on": title_on.isoformat(), "eventId": f"sim-{case_id}-title"})
        bailiff.call_at(at_brussels(title_on + ENFORCEMENT_AFTER, 10), "POST", path, {
            "type": "ENFORCEMENT_CLOSED", **closing, "eventId": f"sim-{case_id}-enforcement"})

    # ------------------------------------------------------------------ debtors
    def summons_served(self, event: dict[str, Any], bailiff: Partner) -> None:
        detail = event["detail"]
        case_id = detail["caseId"]
        with self._lock:
            known = self._cases.get(case_id)
        if known is None:
            return
        debtor, total = known
        served_on = date.fromisoformat(detail["servedOn"])
        if debtor == GO_SOLID_HEALTHY_DEBTOR.number:
            paid_on = served_on + PAYS_AFTER
            bailiff.call_at(at_brussels(paid_on, 11), "POST", events_path(case_id), {
                "type": "DEBTOR_PAYMENT", "amount": str(total), "paidOn": paid_on.isoformat(),
                "eventId": f"sim-{case_id}-paid"})
        elif debtor == GO_SOLID_PLAN_DEBTOR.number:
            installments = [{"dueOn": (served_on + timedelta(days=30 * (i + 1))).isoformat(), "amount": str(amount)}
                            for i, amount in enumerate(split(total, PLAN_INSTALMENTS))]
            bailiff.call_at(at_brussels(served_on + PLAN_AGREED_AFTER, 11), "POST", events_path(case_id), {
                "type": "PAYMENT_PLAN_AGREED", "installments": installments, "eventId": f"sim-{case_id}-plan"})

    def plan_agreed(self, event: dict[str, Any], bailiff: Partner) -> None:
        detail = event["detail"]
        case_id = detail["caseId"]
        for number, instalment in enumerate(detail["installments"], start=1):
            due_on = date.fromisoformat(instalment["dueOn"])
            bailiff.call_at(at_brussels(due_on, 11), "POST", events_path(case_id), {
                "type": "DEBTOR_PAYMENT", "amount": instalment["amount"], "paidOn": due_on.isoformat(),
                "eventId": f"sim-{case_id}-instalment-{number}"})


def install(simulators: PartnerSimulators) -> None:
    side = GoSolidSide()
    for name, detail_type, reaction in (
            ("GoSolidSummonsRequested", "SummonsRequested", side.summons_requested),
            ("GoSolidSummonsServed", "SummonsServed", side.summons_served),
            ("GoSolidPaymentPlanAgreed", "PaymentPlanAgreed", side.plan_agreed),
            ("GoSolidPvRequested", "PvRequested", side.pv_requested)):
        simulators.react(name, PARTNER, {"source": [SOURCE], "detail-type": [detail_type]}, reaction)
