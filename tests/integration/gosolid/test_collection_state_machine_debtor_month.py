"""The debtor's month on the real ASL: an answer (payment, contestation) resumes the execution at
once; a withdrawal closes it wherever it waits.

Calendar: submitted Monday 2 March 2026 09:00 Brussels, accepted at once; summons service limit
Friday 6 March 17:00; served Tuesday 3 March -> response deadline Friday 3 April, PV earliest
Monday 13 April (3 April + 8 = Saturday 11 April)."""
from __future__ import annotations

from tests.integration.gosolid.collection import MAX_TRANSITIONS, Collection, timeline_types

SERVED = ["Screen", "Route", "AwaitSummons", "Route", "AwaitDebtor"]


def served_case(collection: Collection) -> str:
    case_id = collection.submit()
    collection.set("2026-03-03T09:00:00Z")
    collection.accept(case_id, "SUMMONS_SERVED", servedOn="2026-03-03")
    return case_id


def test_an_accepted_case_shows_its_expected_deadlines_while_the_summons_is_on_its_way(
        collection: Collection) -> None:
    case_id = collection.submit()
    case = collection.case(case_id)
    assert case["status"] == "ACCEPTED"
    # served at the latest on 6 March: the month would end on Easter Monday 6 April -> 7 April
    assert case["deadlines"] == {"acceptanceDecisionDue": "2026-03-02T12:00:00Z",
                                 "summonsServiceDue": "2026-03-06T16:00:00Z", "responseDeadline": "2026-04-07",
                                 "pvEarliest": "2026-04-15", "expected": ["responseDeadline", "pvEarliest"]}
    assert collection.path(case_id) == ["Screen", "Route", "AwaitSummons"]
    assert timeline_types(case) == ["SUBMITTED", "ACCEPTED", "SUMMONS_REQUESTED"]


def test_a_full_payment_inside_the_month_closes_the_case_as_paid_at_once(collection: Collection) -> None:
    case_id = served_case(collection)
    served = collection.case(case_id)
    assert served["status"] == "SUMMONS_SERVED"
    assert served["deadlines"]["responseDeadline"] == "2026-04-03"
    assert served["deadlines"]["pvEarliest"] == "2026-04-13"
    assert served["deadlines"]["expected"] == []
    assert collection.path(case_id) == SERVED

    collection.set("2026-03-20T10:00:00Z")
    collection.accept(case_id, "DEBTOR_PAYMENT", amount="1048.34", paidOn="2026-03-20")

    case = collection.case(case_id)
    assert case["status"] == "PAID"
    assert case["amounts"] == {"principal": "1000.00", "increase": "8.34", "flatFee": "40.00",
                               "totalClaimed": "1048.34", "collected": "1048.34", "forwardedToCreditor": "1000.00",
                               "paidDirectly": "0.00", "outstanding": "0.00"}
    assert case["creditorOwesFees"] is False
    path = collection.path(case_id)
    assert path == [*SERVED, "Route", "Closed"]
    assert len(path) <= MAX_TRANSITIONS
    assert collection.execution_status(case_id) == "SUCCEEDED"
    collection.set("2026-04-20T00:00:00Z")            # the month's end changes nothing any more
    assert collection.status(case_id) == "PAID"
    assert collection.path(case_id) == [*SERVED, "Route", "Closed"]


def test_a_partial_payment_keeps_the_month_running(collection: Collection) -> None:
    case_id = served_case(collection)
    collection.set("2026-03-10T10:00:00Z")
    collection.accept(case_id, "DEBTOR_PAYMENT", amount="600.00", paidOn="2026-03-10")
    case = collection.case(case_id)
    assert case["status"] == "SUMMONS_SERVED"
    assert (case["amounts"]["forwardedToCreditor"], case["amounts"]["outstanding"]) == ("600.00", "448.34")
    assert collection.path(case_id) == SERVED                 # still waiting on the same token

    collection.set("2026-04-03T21:59:59Z")                    # 3 April 23:59:59 Brussels: still the month
    assert collection.status(case_id) == "SUMMONS_SERVED"
    collection.advance("PT1S")
    assert collection.status(case_id) == "AWAITING_PV"


def test_a_contestation_in_the_month_ends_the_case_as_contested_with_fees_for_the_creditor(
        collection: Collection) -> None:
    case_id = served_case(collection)
    collection.set("2026-04-03T15:00:00Z")                    # the last day of the month
    collection.accept(case_id, "DEBTOR_CONTESTED", reason="goods never delivered", on="2026-04-03")

    case = collection.case(case_id)
    assert case["status"] == "CONTESTED"
    assert case["creditorOwesFees"] is True
    assert case["amounts"]["collected"] == "0.00"
    assert timeline_types(case)[-2:] == ["DEBTOR_CONTESTED", "CLOSED"]
    assert collection.path(case_id) == [*SERVED, "Route", "Closed"]
    assert collection.execution_status(case_id) == "SUCCEEDED"


def test_a_withdrawal_while_the_summons_is_on_its_way_closes_the_execution(collection: Collection) -> None:
    case_id = collection.submit()
    collection.set("2026-03-04T09:00:00Z")
    answer = collection.withdraw(case_id)
    assert answer.status == 200, answer.body
    assert answer.body["status"] == "WITHDRAWN"
    assert answer.body["deadlines"]["responseDeadline"] is None
    assert collection.path(case_id) == ["Screen", "Route", "AwaitSummons", "Route", "Closed"]
    assert collection.execution_status(case_id) == "SUCCEEDED"
    late = collection.partner(case_id, "SUMMONS_SERVED", servedOn="2026-03-04")
    assert (late.status, late.body["error"]["code"]) == (409, "CASE_CLOSED")


def test_a_withdrawal_while_the_pv_date_is_awaited_means_no_pv_is_requested(collection: Collection) -> None:
    case_id = served_case(collection)
    collection.set("2026-04-05T09:00:00Z")                    # month over: AWAITING_PV, Wait until 13 April
    assert collection.status(case_id) == "AWAITING_PV"
    assert collection.path(case_id)[-1] == "WaitForPvEarliest"
    collection.withdraw(case_id)

    collection.set("2026-04-13T09:00:00Z")
    case = collection.case(case_id)
    assert case["status"] == "WITHDRAWN"
    assert "PV_REQUESTED" not in timeline_types(case)
    assert collection.path(case_id)[-5:] == ["DebtorMonthExpired", "WaitForPvEarliest", "AwaitPv", "Route", "Closed"]
    assert collection.execution_status(case_id) == "SUCCEEDED"
