"""Payment plans on the real ASL: each instalment is awaited until the end of its grace period (2
working days after its due date); paying them all closes the case; a missed one resumes the route
to the PV (the debtor's month if it still runs, else AWAITING_PV).

Served Tuesday 3 March 2026: response deadline Friday 3 April, PV earliest Monday 13 April.
Owed: 1,048.34 (see collection.case_body)."""
from __future__ import annotations

from tests.integration.gosolid.collection import MAX_TRANSITIONS, Collection, timeline_types

SERVED = ["Screen", "Route", "RequestSummons", "AwaitSummonsService", "Route", "AwaitDebtor"]


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
    assert path == [*SERVED, "Route", "AwaitInstalment", "Route", "AwaitInstalment", "Route", "Closed"]
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
    assert collection.path(case_id)[-6:] == ["AwaitInstalment", "InstalmentDue", "Route", "WaitForPvEarliest",
                                             "RequestPv", "AwaitPv"]


def test_a_missed_instalment_inside_the_month_gives_the_debtor_the_rest_of_it(collection: Collection) -> None:
    case_id = case_with_plan(collection, ("2026-03-16", "500.00"), ("2026-04-15", "548.34"))
    collection.set("2026-03-18T22:59:59Z")              # due Monday 16 March, grace until Wednesday 18
    assert collection.status(case_id) == "PAYMENT_PLAN"
    collection.advance("PT1S")
    assert collection.status(case_id) == "SUMMONS_SERVED"
    again = collection.partner(case_id, "PAYMENT_PLAN_AGREED", installments=[{"dueOn": "2026-04-30",
                                                                               "amount": "1048.34"}])
    assert (again.status, again.body["error"]["code"]) == (409, "PLAN_ALREADY_AGREED")

    collection.set("2026-04-04T09:00:00Z")
    assert collection.status(case_id) == "AWAITING_PV"
    collection.set("2026-04-13T09:00:00Z")
    case = collection.case(case_id)
    assert timeline_types(case)[-3:] == ["INSTALMENT_MISSED", "DEBTOR_MONTH_EXPIRED", "PV_REQUESTED"]
    assert collection.path(case_id)[len(SERVED):] == [
        "Route", "AwaitInstalment", "InstalmentDue", "Route", "AwaitDebtor", "DebtorMonthExpired", "Route",
        "WaitForPvEarliest", "RequestPv", "AwaitPv"]
