"""GoSolidTable under moto: conditional creation, optimistic locking, callbacks recorded with
their change, the outbox on the item, listing per creditor, registry facts."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from extra_services.errors import Conflict, InvalidInput, NotFound
from extra_services.gosolid import lifecycle
from extra_services.gosolid.facts import FactRepository
from extra_services.gosolid.feeds import CreditRiskChanged
from extra_services.gosolid.repository import CallbackAlreadyApplied, CaseRepository, ProcessedCallback
from tests.integration.gosolid.conftest import GOSOLID_TABLE
from tests.unit.gosolid.gosolid_builders import SUBMITTED_AT, event, served, submitted

LATER = datetime(2026, 4, 1, 10, tzinfo=UTC)


@pytest.fixture
def repo(tables: None) -> CaseRepository:
    return CaseRepository(GOSOLID_TABLE)


def payment(case, amount: str = "100.00"):
    return lifecycle.apply_partner_event(case, event("DEBTOR_PAYMENT", amount=amount, paidOn="2026-04-01"), LATER).case


def test_a_case_is_created_once_and_read_back_exactly(repo: CaseRepository) -> None:
    case = served()
    assert repo.create(case) is True
    assert repo.create(case) is False
    assert repo.load("case-1") == case


def test_an_unknown_case_is_not_found(repo: CaseRepository) -> None:
    with pytest.raises(NotFound):
        repo.load("nope")


def test_a_write_from_a_stale_read_is_a_conflict(repo: CaseRepository) -> None:
    repo.create(served())
    first, second = repo.load("case-1"), repo.load("case-1")
    saved = repo.save(payment(first))
    assert saved.version == 1
    with pytest.raises(Conflict) as lost:
        repo.save(payment(second))
    assert lost.value.code == "CONCURRENT_UPDATE"
    assert repo.load("case-1").collected == saved.collected


def test_a_callback_is_recorded_with_its_change_and_a_replay_is_refused(repo: CaseRepository) -> None:
    repo.create(served())
    callback = ProcessedCallback("evt-1", "hash", "DEBTOR_PAYMENT", LATER)
    repo.save_with_callback(payment(repo.load("case-1")), callback)
    with pytest.raises(CallbackAlreadyApplied):
        repo.save_with_callback(payment(repo.load("case-1")), callback)
    assert str(repo.load("case-1").collected) == "100.00"
    assert repo.processed_callback("case-1", "evt-1") == callback


def test_a_lost_race_with_a_new_callback_is_a_conflict_not_a_replay(repo: CaseRepository) -> None:
    repo.create(served())
    stale = repo.load("case-1")
    repo.save(payment(repo.load("case-1")))
    with pytest.raises(Conflict) as lost:
        repo.save_with_callback(payment(stale), ProcessedCallback("evt-2", "h", "DEBTOR_PAYMENT", LATER))
    assert not isinstance(lost.value, CallbackAlreadyApplied)
    assert repo.processed_callback("case-1", "evt-2") is None


def test_delivered_events_are_cleared_without_a_new_version(repo: CaseRepository) -> None:
    repo.create(served())
    stored = repo.load("case-1")
    assert stored.pending_events
    cleared = repo.clear_delivered(stored)
    assert cleared is not None
    assert repo.load("case-1").pending_events == ()
    assert repo.load("case-1").version == stored.version


def test_clearing_after_the_case_moved_on_leaves_the_newer_write(repo: CaseRepository) -> None:
    repo.create(served())
    stale = repo.load("case-1")
    repo.save(payment(repo.load("case-1")))
    assert repo.clear_delivered(stale) is None
    assert repo.load("case-1").pending_events[-1].detail_type == "PaymentForwarded"


def test_a_creditors_cases_are_listed_newest_first_in_pages(repo: CaseRepository) -> None:
    for n in range(3):
        case = submitted().model_copy(update={"case_id": f"case-{n}", "submitted_at": SUBMITTED_AT + timedelta(days=n)})
        repo.create(case)
    repo.create(submitted().model_copy(update={"case_id": "other", "creditor_enterprise_number": "0202239951"}))
    first = repo.list_by_creditor("0403170701", limit=2)
    assert [c.case_id for c in first.cases] == ["case-2", "case-1"]
    assert first.next_token is not None
    second = repo.list_by_creditor("0403170701", limit=2, next_token=first.next_token)
    assert [c.case_id for c in second.cases] == ["case-0"]
    assert second.next_token is None


@pytest.mark.parametrize("token", ["garbage!", "e30", "eyJzIjoiMjAyNiIsImMiOiJ4In0"])
def test_a_tampered_next_token_is_refused(repo: CaseRepository, token: str) -> None:
    with pytest.raises(InvalidInput):
        repo.list_by_creditor("0403170701", next_token=token)


def test_the_newest_registry_or_credit_fact_wins(tables: None) -> None:
    facts = FactRepository(GOSOLID_TABLE)

    def fact(score: int, day: int) -> CreditRiskChanged:
        return CreditRiskChanged.model_validate({"enterpriseNumber": "0202239951", "score": score,
                                                 "occurredAt": datetime(2026, 3, day, tzinfo=UTC)})
    assert facts.put_fact(fact(70, 2)) is True
    assert facts.put_fact(fact(10, 1)) is False       # older, arrived late
    assert facts.put_fact(fact(70, 2)) is False       # the same, twice
    assert facts.credit_fact("0202239951").score == 70
    assert facts.registry_fact("0202239951") is None


def test_parked_cases_are_listed_for_the_operators_until_they_close(repo: CaseRepository) -> None:
    repo.create(served())
    parked = repo.save(lifecycle.park(repo.load("case-1"), "AwaitDebtor", "States.TaskFailed", "x", LATER).case)
    assert repo.needing_attention() == ["case-1"]
    repo.save(lifecycle.withdraw(parked, "done", LATER).case)
    assert repo.needing_attention() == []


# --- the plan watch's index (GSI3) ----------------------------------------------------------------

PLAN = (("2026-04-10", "652.26"), ("2026-05-11", "652.27"))
FIRST_GRACE_END = datetime(2026, 4, 14, 22, tzinfo=UTC)       # due Friday 10 April, grace until Tuesday 14
SECOND_GRACE_END = datetime(2026, 5, 13, 22, tzinfo=UTC)      # due Monday 11 May, grace until Wednesday 13


def test_a_running_plan_is_due_for_the_watch_when_its_first_unpaid_instalments_grace_ends(
        repo: CaseRepository) -> None:
    repo.create(served())
    assert list(repo.due_for_watch(LATER + timedelta(days=365))) == []          # no plan: not in the index
    plan = repo.save(lifecycle.apply_partner_event(repo.load("case-1"), event(
        "PAYMENT_PLAN_AGREED", installments=[{"dueOn": d, "amount": a} for d, a in PLAN]), LATER).case)
    assert list(repo.due_for_watch(FIRST_GRACE_END - timedelta(microseconds=1))) == []
    assert list(repo.due_for_watch(FIRST_GRACE_END)) == ["case-1"]

    paid = repo.save(lifecycle.apply_partner_event(plan, event("DEBTOR_PAYMENT", amount="652.26",
                                                               paidOn="2026-04-09"), LATER + timedelta(days=8)).case)
    assert list(repo.due_for_watch(SECOND_GRACE_END - timedelta(microseconds=1))) == []   # moved with the write
    assert list(repo.due_for_watch(SECOND_GRACE_END)) == ["case-1"]

    repo.save(lifecycle.instalment_due(paid, SECOND_GRACE_END).case)
    assert list(repo.due_for_watch(SECOND_GRACE_END + timedelta(days=365))) == []  # missed: gone with the write


def test_the_due_cases_are_read_page_by_page_longest_due_first(repo: CaseRepository) -> None:
    agreed = lifecycle.apply_partner_event(served(), event(
        "PAYMENT_PLAN_AGREED", installments=[{"dueOn": d, "amount": a} for d, a in PLAN]), LATER).case
    for n in range(5):
        case = agreed.model_copy(update={"case_id": f"case-{n}"})
        if n == 0:        # paid the first instalment: due at the second's grace end only
            case = lifecycle.apply_partner_event(case, event("DEBTOR_PAYMENT", amount="652.26", paidOn="2026-04-09"),
                                                 LATER + timedelta(days=8)).case
        repo.create(case)
    assert sorted(repo.due_for_watch(FIRST_GRACE_END, page_size=2)) == [f"case-{n}" for n in range(1, 5)]
    assert list(repo.due_for_watch(SECOND_GRACE_END, page_size=2))[-1] == "case-0"
