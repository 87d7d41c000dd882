"""The longest ordinary path on the real ASL stays within issue 7's budget of states entered (what
Step Functions Standard bills): the summons served late, a plan of twelve instalments all paid but
the last, then the PV, the enforceable title and the enforcement. Instalments paid on time do not
wake the execution.

Calendar: submitted Monday 2 March 2026 09:00 Brussels; service limit Friday 6 March 17:00; served
Monday 9 March. Owed 1,048.34: eleven instalments of 87.36 due on the 16th from March 2026, the last
87.38 due Tuesday 16 February 2027 (grace: Wednesday 17 and Thursday 18 February)."""
from __future__ import annotations

from datetime import date

from tests.integration.gosolid.collection import MAX_TRANSITIONS, Collection, timeline_types

DUES = [date(2026 + (2 + k) // 12, (2 + k) % 12 + 1, 16) for k in range(12)]      # 16 March 2026 .. 16 February 2027
AMOUNTS = ["87.36"] * 11 + ["87.38"]


def test_a_late_summons_a_twelve_instalment_plan_missed_at_the_end_and_the_pv_route_stay_within_budget(
        collection: Collection) -> None:
    case_id = collection.submit()
    collection.set("2026-03-09T09:00:00Z")
    collection.accept(case_id, "SUMMONS_SERVED", servedOn="2026-03-09")
    collection.accept(case_id, "PAYMENT_PLAN_AGREED", installments=[
        {"dueOn": due.isoformat(), "amount": amount} for due, amount in zip(DUES, AMOUNTS, strict=True)])
    for due, amount in zip(DUES[:-1], AMOUNTS[:-1], strict=True):
        collection.set(f"{due.isoformat()}T10:00:00Z")
        collection.accept(case_id, "DEBTOR_PAYMENT", amount=amount, paidOn=due.isoformat())
    assert collection.status(case_id) == "PAYMENT_PLAN"

    collection.set("2027-02-18T22:59:59Z")
    assert collection.status(case_id) == "PAYMENT_PLAN"
    collection.advance("PT1S")                                  # 19 February 00:00 Brussels: the last one missed
    case = collection.case(case_id)
    assert (case["status"], case["paymentPlan"]["status"]) == ("AWAITING_PV", "MISSED")
    assert timeline_types(case)[-2:] == ["INSTALMENT_MISSED", "PV_REQUESTED"]     # PV earliest long past
    assert case["timeline"][-2]["instalment"] == 12

    collection.set("2027-02-19T10:00:00Z")
    collection.accept(case_id, "PV_DRAWN", drawnOn="2027-02-19")
    collection.accept(case_id, "TITLE_ENFORCEABLE", on="2027-02-19")
    collection.set("2027-03-01T10:00:00Z")                      # inside the year a Standard execution may last
    collection.accept(case_id, "ENFORCEMENT_CLOSED", outcome="RECOVERED", amount="87.38")

    case = collection.case(case_id)
    assert (case["status"], case["amounts"]["outstanding"]) == ("PAID", "0.00")
    assert timeline_types(case).count("PAYMENT_FORWARDED") == 12
    path = collection.path(case_id)
    assert path == ["Screen", "Route", "AwaitSummons", "SummonsLate", "AwaitSummons", "Route", "AwaitDebtor",
                    "Route", "AwaitPlan", "PlanDue", "Route", "AwaitPv", "Route", "AwaitTitle", "Route",
                    "AwaitEnforcement", "Route", "Closed"]
    assert len(path) <= MAX_TRANSITIONS
    assert collection.execution_status(case_id) == "SUCCEEDED"
