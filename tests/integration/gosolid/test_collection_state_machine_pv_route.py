"""No answer in the month: AWAITING_PV at its end, the PV requested on the PV-earliest date, then
the PV, the enforceable title and the enforcement, on the real ASL.

Calendar: submitted Thursday 19 March 2026 09:00 Brussels; served Monday 23 March -> response
deadline Thursday 23 April (the month ends at 24 April 00:00 Brussels = 23 April 22:00Z); 23 April
+ 8 days = Friday 1 May, a legal holiday, then a weekend: PV earliest Monday 4 May (3 May 22:00Z).
Claim on 19 March: 1,000.00 + 13.23 increase (46 days) + 40.00 = 1,053.23."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from tests.integration.gosolid.collection import MAX_TRANSITIONS, Collection, timeline_types

START = datetime(2026, 3, 19, 8, 0, tzinfo=UTC)
TO_THE_PV = ["Screen", "Route", "AwaitSummons", "Route", "AwaitDebtor", "DebtorMonthExpired", "WaitForPvEarliest",
             "AwaitPv"]


@pytest.fixture
def pv_case(collection_from: Callable[[datetime], Collection]) -> tuple[Collection, str]:
    collection = collection_from(START)
    case_id = collection.submit()
    collection.set("2026-03-23T09:00:00Z")
    collection.accept(case_id, "SUMMONS_SERVED", servedOn="2026-03-23")
    return collection, case_id


def test_the_month_ends_at_midnight_after_the_deadline_and_the_pv_waits_for_its_earliest_date(
        pv_case: tuple[Collection, str]) -> None:
    collection, case_id = pv_case
    case = collection.case(case_id)
    assert (case["deadlines"]["responseDeadline"], case["deadlines"]["pvEarliest"]) == ("2026-04-23", "2026-05-04")
    assert case["amounts"]["totalClaimed"] == "1053.23"

    collection.set("2026-04-23T21:59:59Z")
    assert collection.status(case_id) == "SUMMONS_SERVED"
    collection.advance("PT1S")
    assert collection.status(case_id) == "AWAITING_PV"
    early = collection.partner(case_id, "PV_DRAWN", drawnOn="2026-04-24")
    assert (early.status, early.body["error"]["code"]) == (409, "PV_BEFORE_EARLIEST_DATE")

    collection.set("2026-05-03T21:59:59Z")
    assert "PV_REQUESTED" not in timeline_types(collection.case(case_id))
    collection.advance("PT1S")
    case = collection.case(case_id)
    assert case["timeline"][-1]["type"] == "PV_REQUESTED"
    assert case["timeline"][-1]["at"] == "2026-05-03T22:00:00Z"
    assert collection.path(case_id) == TO_THE_PV


def test_a_payment_after_the_pv_still_closes_the_case_as_paid(pv_case: tuple[Collection, str]) -> None:
    collection, case_id = pv_case
    collection.set("2026-05-04T10:00:00Z")
    collection.accept(case_id, "PV_DRAWN", drawnOn="2026-05-04")
    assert collection.status(case_id) == "PV_DRAWN"
    collection.set("2026-05-06T10:00:00Z")
    collection.accept(case_id, "DEBTOR_PAYMENT", amount="1053.23", paidOn="2026-05-06")

    case = collection.case(case_id)
    assert case["status"] == "PAID"
    assert (case["amounts"]["collected"], case["amounts"]["forwardedToCreditor"]) == ("1053.23", "1000.00")
    assert collection.path(case_id) == [*TO_THE_PV, "Route", "AwaitTitle", "Route", "Closed"]
    assert collection.execution_status(case_id) == "SUCCEEDED"


@pytest.mark.parametrize(("outcome", "amount", "status", "collected", "forwarded", "last_entries"), [
    ("RECOVERED", "1053.23", "PAID", "1053.23", "1000.00", ["ENFORCEMENT_CLOSED", "PAYMENT_FORWARDED", "CLOSED"]),
    ("UNRECOVERABLE", "0.00", "UNRECOVERABLE", "0.00", "0.00", ["TITLE_ENFORCEABLE", "ENFORCEMENT_CLOSED", "CLOSED"]),
])
def test_the_enforcement_closes_the_longest_path(pv_case: tuple[Collection, str], outcome: str, amount: str,
                                                 status: str, collected: str, forwarded: str,
                                                 last_entries: list[str]) -> None:
    collection, case_id = pv_case
    collection.set("2026-05-04T10:00:00Z")
    collection.accept(case_id, "PV_DRAWN", drawnOn="2026-05-04")
    collection.set("2026-05-18T10:00:00Z")
    collection.accept(case_id, "TITLE_ENFORCEABLE", on="2026-05-18")
    assert collection.status(case_id) == "ENFORCEMENT"
    collection.set("2026-06-15T10:00:00Z")
    collection.accept(case_id, "ENFORCEMENT_CLOSED", outcome=outcome, amount=amount)

    case = collection.case(case_id)
    assert case["status"] == status
    assert (case["amounts"]["collected"], case["amounts"]["forwardedToCreditor"]) == (collected, forwarded)
    assert case["creditorOwesFees"] is False
    assert timeline_types(case)[-3:] == last_entries
    path = collection.path(case_id)
    assert path == [*TO_THE_PV, "Route", "AwaitTitle", "Route", "AwaitEnforcement", "Route", "Closed"]
    assert len(path) <= MAX_TRANSITIONS
    assert collection.execution_status(case_id) == "SUCCEEDED"
