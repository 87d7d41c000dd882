"""Payment plans on the real ASL: the whole plan is awaited at once, until the end of its last
instalment's grace period (2 working days after its due date); instalments paid on time do not wake
the execution; paying them all closes the case; a missed one resumes the route to the PV (the
debtor's month if it still runs, else AWAITING_PV) as soon as a callback shows it, else within the
hour after its grace ends (the plan watch, template.yaml's hourly schedule on the virtual clock).

Served Tuesday 3 March 2026: response deadline Friday 3 April, PV earliest Monday 13 April.
Owed: 1,048.34 (see collection.case_body)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.integration.gosolid.collection import (
    MAX_TRANSITIONS,
    WORKFLOW_FUNCTION,
    Collection,
    timeline_types,
)

WATCH_PERIOD = timedelta(hours=1)          # template.yaml: GoSolidWorkflowFunction's PlanWatch schedule

SERVED = ["Screen", "Route", "AwaitSummons", "Route", "AwaitDebtor"]


def case_with_plan(collection: Collection, *instalments: tuple[str, str]) -> str:
    case_id = collection.submit()
    collection.set("2026-03-03T09:00:00Z")
    collection.accept(case_id, "SUMMONS_SERVED", servedOn="2026-03-03")
    collection.set("2026-03-10T09:00:00Z")
    collection.accept(case_id, "PAYMENT_PLAN_AGREED",
                      installments=[{"dueOn": due, "amount": amount} for due, amount in instalments])
    return case_id


def test_a_plan_paid_to_the_last_instalment_closes_the_case_as_paid(collection: Collection) -> None:
    case_id = case_with_plan(collection, ("2026-03-31", "524.17"), ("2026-04-30", "524.17"))
    case = collection.case(case_id)
    assert case["status"] == "PAYMENT_PLAN"
    assert case["paymentPlan"]["installments"] == [
        {"dueOn": "2026-03-31", "amount": "524.17", "paidAmount": "0.00"},
        {"dueOn": "2026-04-30", "amount": "524.17", "paidAmount": "0.00"}]

    collection.set("2026-03-31T10:00:00Z")
    collection.accept(case_id, "DEBTOR_PAYMENT", amount="524.17", paidOn="2026-03-31")
    collection.set("2026-04-20T10:00:00Z")                  # past the month's end: the plan holds
    assert collection.status(case_id) == "PAYMENT_PLAN"
    collection.set("2026-04-30T10:00:00Z")
    collection.accept(case_id, "DEBTOR_PAYMENT", amount="524.17", paidOn="2026-04-30")

    case = collection.case(case_id)
    assert case["status"] == "PAID"
    assert case["paymentPlan"]["status"] == "COMPLETED"
    assert (case["amounts"]["collected"], case["amounts"]["forwardedToCreditor"]) == ("1048.34", "1000.00")
    path = collection.path(case_id)
    assert path == [*SERVED, "Route", "AwaitPlan", "Route", "Closed"]
    assert len(path) <= MAX_TRANSITIONS
    assert collection.execution_status(case_id) == "SUCCEEDED"


def test_a_missed_instalment_after_the_month_requests_the_pv_when_its_grace_ends(collection: Collection) -> None:
    case_id = case_with_plan(collection, ("2026-03-31", "524.17"), ("2026-04-30", "524.17"))
    collection.set("2026-03-31T10:00:00Z")
    collection.accept(case_id, "DEBTOR_PAYMENT", amount="524.17", paidOn="2026-03-31")

    # due Thursday 30 April; grace: 1 May is a legal holiday, then Monday 4 and Tuesday 5 May
    collection.set("2026-05-05T21:59:59Z")
    assert collection.status(case_id) == "PAYMENT_PLAN"
    collection.advance("PT1S")

    case = collection.case(case_id)
    assert case["status"] == "AWAITING_PV"
    assert case["paymentPlan"]["status"] == "MISSED"
    assert case["amounts"]["outstanding"] == "524.17"
    assert timeline_types(case)[-2:] == ["INSTALMENT_MISSED", "PV_REQUESTED"]   # PV earliest long past
    assert collection.path(case_id)[-4:] == ["AwaitPlan", "PlanDue", "Route", "AwaitPv"]


def test_a_missed_instalment_shown_by_a_payment_inside_the_month_gives_the_debtor_the_rest_of_it(
        collection: Collection) -> None:
    case_id = case_with_plan(collection, ("2026-03-16", "500.00"), ("2026-04-15", "548.34"))
    collection.set("2026-03-18T23:01:00Z")    # due Monday 16 March, grace until Wednesday 18; before the watch
    collection.accept(case_id, "DEBTOR_PAYMENT", amount="100.00", paidOn="2026-03-19")
    case = collection.case(case_id)
    assert (case["status"], case["paymentPlan"]["status"]) == ("SUMMONS_SERVED", "MISSED")
    assert timeline_types(case)[-3:] == ["INSTALMENT_MISSED", "DEBTOR_PAYMENT", "PAYMENT_FORWARDED"]
    again = collection.partner(case_id, "PAYMENT_PLAN_AGREED", installments=[{"dueOn": "2026-04-30",
                                                                               "amount": "948.34"}])
    assert (again.status, again.body["error"]["code"]) == (409, "PLAN_ALREADY_AGREED")

    collection.set("2026-04-04T09:00:00Z")
    assert collection.status(case_id) == "AWAITING_PV"
    collection.set("2026-04-13T09:00:00Z")
    case = collection.case(case_id)
    assert timeline_types(case)[-2:] == ["DEBTOR_MONTH_EXPIRED", "PV_REQUESTED"]
    assert collection.path(case_id)[len(SERVED):] == [
        "Route", "AwaitPlan", "Route", "AwaitDebtor", "DebtorMonthExpired", "WaitForPvEarliest", "AwaitPv"]


def noticed_at(case: dict[str, Any]) -> datetime:
    [missed] = [entry for entry in case["timeline"] if entry["type"] == "INSTALMENT_MISSED"]
    return datetime.fromisoformat(missed["at"])


def test_a_debtor_silent_mid_plan_after_the_month_is_noticed_within_the_hour_and_the_pv_requested(
        collection: Collection) -> None:
    case_id = case_with_plan(collection, ("2026-03-31", "350.00"), ("2026-04-20", "350.00"), ("2026-05-20", "348.34"))
    collection.set("2026-03-31T10:00:00Z")
    collection.accept(case_id, "DEBTOR_PAYMENT", amount="350.00", paidOn="2026-03-31")

    # the 2nd is due Monday 20 April, grace Tuesday 21 and Wednesday 22: missed from Thursday 00:00 Brussels
    grace_end = datetime.fromisoformat("2026-04-22T22:00:00Z")
    collection.set("2026-04-22T21:59:59Z")
    assert collection.status(case_id) == "PAYMENT_PLAN"
    collection.set(grace_end + WATCH_PERIOD)

    case = collection.case(case_id)
    assert (case["status"], case["paymentPlan"]["status"]) == ("AWAITING_PV", "MISSED")
    missed = case["timeline"][-2]
    assert (missed["type"], missed["instalment"], missed["on"]) == ("INSTALMENT_MISSED", 2, "2026-04-20")
    assert grace_end < noticed_at(case) <= grace_end + WATCH_PERIOD          # not at the plan's end (22 May)
    assert case["timeline"][-1]["type"] == "PV_REQUESTED"                   # PV earliest (13 April) passed
    assert datetime.fromisoformat(case["timeline"][-1]["at"]) == noticed_at(case)
    # the execution moved on at once: resumed from the plan's wait, not timed out
    assert collection.path(case_id)[len(SERVED):] == ["Route", "AwaitPlan", "Route", "AwaitPv"]


def test_a_debtor_silent_mid_plan_inside_the_month_gets_the_pv_on_its_earliest_date(
        collection: Collection) -> None:
    case_id = case_with_plan(collection, ("2026-03-16", "500.00"), ("2026-04-15", "548.34"))
    grace_end = datetime.fromisoformat("2026-03-18T23:00:00Z")   # due Monday 16 March, grace until Wednesday 18
    collection.set(grace_end + WATCH_PERIOD)

    case = collection.case(case_id)
    assert (case["status"], case["paymentPlan"]["status"]) == ("SUMMONS_SERVED", "MISSED")
    assert grace_end < noticed_at(case) <= grace_end + WATCH_PERIOD
    assert collection.path(case_id)[len(SERVED):] == ["Route", "AwaitPlan", "Route", "AwaitDebtor"]

    collection.set("2026-04-13T09:00:00Z")
    case = collection.case(case_id)
    assert timeline_types(case)[-2:] == ["DEBTOR_MONTH_EXPIRED", "PV_REQUESTED"]
    assert case["timeline"][-1]["at"] == "2026-04-12T22:00:00Z"       # 13 April 00:00 Brussels, not 17 April


def test_checking_the_plans_again_changes_nothing(collection: Collection) -> None:
    case_id = case_with_plan(collection, ("2026-03-31", "350.00"), ("2026-04-20", "350.00"), ("2026-05-20", "348.34"))
    collection.set("2026-03-31T10:00:00Z")
    collection.accept(case_id, "DEBTOR_PAYMENT", amount="350.00", paidOn="2026-03-31")
    collection.set("2026-04-22T22:01:00Z")            # the 2nd instalment's grace ended; the watch runs at 22:05

    first = check_plans(collection)
    case = collection.case(case_id)
    path = collection.path(case_id)
    assert (first["lookedAt"], first["plansMissed"], case["status"]) == (1, 1, "AWAITING_PV")

    assert check_plans(collection) == {"lookedAt": 0, "plansMissed": 0, "stoppedEarly": False}
    collection.advance("PT2H")                        # and the scheduled runs
    assert collection.case(case_id) == case
    assert collection.path(case_id) == path
    assert timeline_types(case).count("INSTALMENT_MISSED") == timeline_types(case).count("PV_REQUESTED") == 1
    assert collection.execution_status(case_id) == "RUNNING"                 # waiting for the PV, not failed


def check_plans(collection: Collection) -> dict[str, Any]:
    """One run of the plan watch, as its schedule sends it."""
    answer = collection.stack.invoke(WORKFLOW_FUNCTION, {"action": "CHECK_PLANS"})
    collection.stack.clock.settle()
    return dict(answer)
