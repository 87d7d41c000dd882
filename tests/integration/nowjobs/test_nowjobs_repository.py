"""NowjobsTable: conditional creates, optimistic locking, the GSIs the use cases and billing query."""
from __future__ import annotations

from datetime import date, timedelta

import boto3
import pytest
from msgspec.structs import replace

from extra_services.billing.billable import DiscountCodeState
from extra_services.errors import ChangedConcurrently, Conflict, InvalidInput
from extra_services.nowjobs.discount_code import WelcomeDiscount
from extra_services.nowjobs.repository import NowjobsRepository
from extra_services.nowjobs.statuses import ContractStatus, TimesheetStatus
from extra_services.nowjobs.timesheet import awaiting_hours, confirm
from tests.integration.nowjobs.support import TABLE
from tests.unit.nowjobs.builders import (
    ENTERPRISE,
    NOW,
    SHIFTS,
    THURSDAY,
    application,
    company,
    confirmed,
    local,
    offer,
    proposed,
    shift,
)


@pytest.fixture
def repo() -> NowjobsRepository:
    return NowjobsRepository(TABLE)


def test_company_round_trips_with_its_mandate_and_declaration(repo: NowjobsRepository) -> None:
    repo.create_company(company(), None)
    assert repo.get_company("company-1") == company()
    assert [c.company_id for c in repo.companies_of_enterprise("0403170701")] == ["company-1"]


def test_enterprise_cannot_be_registered_twice(repo: NowjobsRepository) -> None:
    repo.create_company(company(), None)
    other = company(company_id="company-2",
                    mandate=replace(company().mandate, mandate_id="m2",
                                    mandate=replace(company().mandate.mandate, reference="NJ-OTHER")))
    with pytest.raises(Conflict) as refused:
        repo.create_company(other, None)
    assert refused.value.code == "COMPANY_ALREADY_REGISTERED"


def test_a_stale_version_is_a_conflict(repo: NowjobsRepository) -> None:
    repo.create_company(company(), None)
    read_twice = repo.get_company("company-1")
    assert read_twice is not None
    repo.save_company(replace(read_twice, name="First writer"))
    with pytest.raises(ChangedConcurrently):
        repo.save_company(replace(read_twice, name="Second writer"))


def test_partner_event_id_is_recorded_with_the_change(repo: NowjobsRepository) -> None:
    repo.create_company(company(), None)
    assert not repo.event_seen("COMPANY#company-1", "evt-1")
    repo.save_company(company(), event_id="evt-1")
    assert repo.event_seen("COMPANY#company-1", "evt-1")


def test_companies_waiting_for_activation_are_found_when_due(repo: NowjobsRepository) -> None:
    repo.create_company(company(), None)
    assert repo.companies_awaiting_activation_due_by(NOW + timedelta(hours=47)) == []
    assert [c.company_id for c in repo.companies_awaiting_activation_due_by(NOW + timedelta(hours=48))] == \
        ["company-1"]


def test_offers_are_listed_newest_first_page_by_page(repo: NowjobsRepository) -> None:
    for n in range(3):
        repo.create_offer(offer(offer_id=f"offer-{n}", published_at=NOW + timedelta(minutes=n)))
    first = repo.offers_of_company("company-1", limit=2, next_token=None)
    second = repo.offers_of_company("company-1", limit=2, next_token=first.next_token)

    assert [o.offer_id for o in first.items] == ["offer-2", "offer-1"]
    assert [o.offer_id for o in second.items] == ["offer-0"]
    assert first.items[0] == offer(offer_id="offer-2", published_at=NOW + timedelta(minutes=2))


def test_a_token_of_another_list_is_refused(repo: NowjobsRepository) -> None:
    for n in range(2):
        repo.create_offer(offer(offer_id=f"offer-{n}", published_at=NOW + timedelta(minutes=n)))
    token = repo.offers_of_company("company-1", limit=1, next_token=None).next_token
    with pytest.raises(InvalidInput):
        repo.offers_of_company("company-2", limit=1, next_token=token)
    with pytest.raises(InvalidInput):
        repo.offers_of_company("company-1", limit=1, next_token="not-a-token")


def test_the_same_worker_applying_twice_gets_the_first_application(repo: NowjobsRepository) -> None:
    first = repo.create_application(application())
    again = repo.create_application(application(application_id="application-2"))
    assert again == first
    page = repo.applications_of_offer("offer-1", limit=10, next_token=None)
    assert [a.application_id for a in page.items] == ["application-1"]


def test_positions_cannot_be_overfilled(repo: NowjobsRepository) -> None:
    repo.create_offer(offer(positions=1))
    repo.create_application(application())
    repo.create_application(application(application_id="application-2", worker_id="worker-2"))
    repo.create_contract(proposed())
    second = replace(proposed(), contract_id="contract-2", application_id="application-2", worker_id="worker-2")
    with pytest.raises(Conflict) as refused:
        repo.create_contract(second)
    assert refused.value.code == "NO_POSITION_LEFT"
    assert repo.get_application("application-1").contract_id == "contract-1"  # type: ignore[union-attr]


def test_a_declined_contract_frees_its_position(repo: NowjobsRepository) -> None:
    repo.create_offer(offer(positions=1))
    repo.create_application(application())
    repo.create_contract(proposed())
    before = repo.get_contract("contract-1")
    assert before is not None
    repo.save_contract(before, replace(before, status=ContractStatus.DECLINED))
    assert repo.get_offer("offer-1").filled_positions == 0  # type: ignore[union-attr]


def test_confirmed_hours_are_found_by_invoicing_week_and_leave_the_index_once_billed(
        repo: NowjobsRepository) -> None:
    contract = confirmed()
    opened = awaiting_hours(contract, SHIFTS[0])
    repo.create_offer(offer())
    repo.create_application(application())
    repo.create_contract(proposed())
    stored = repo.get_contract("contract-1")
    assert stored is not None
    repo.save_contract(stored, replace(contract, version=stored.version), new_timesheets=[opened])
    assert [t.shift_id for t in repo.timesheets_to_remind_by(local(THURSDAY, 9))] == [opened.shift_id]

    timesheet = repo.get_timesheet("contract-1", SHIFTS[0].start)
    assert timesheet is not None
    done = confirm(timesheet, contract, SHIFTS[0], by="customer-1", now=local(THURSDAY, 8))
    assert done is not None
    repo.save_timesheet(done)

    monday = date(2026, 3, 2)
    due = repo.unbilled_timesheets(monday)
    assert [(t.status, t.line) for t in due] == [(TimesheetStatus.CONFIRMED, done.line)]
    assert repo.unbilled_timesheets(monday, "company-1") == due
    assert repo.unbilled_timesheets(monday, "company-9") == []
    assert repo.timesheets_to_remind_by(local(THURSDAY, 9)) == []

    repo.mark_billed("contract-1", SHIFTS[0].start, "invoice-1")
    repo.mark_billed("contract-1", SHIFTS[0].start, "invoice-1")  # a retried billing step is harmless
    assert repo.unbilled_timesheets(monday) == []
    with pytest.raises(Conflict):
        repo.mark_billed("contract-1", SHIFTS[0].start, "invoice-2")


def test_second_rating_is_refused_by_the_table(repo: NowjobsRepository) -> None:
    from extra_services.nowjobs.contract import Rating
    repo.create_rating("contract-1", Rating(4, "good", NOW, "customer-1"))
    with pytest.raises(Conflict) as refused:
        repo.create_rating("contract-1", Rating(5, None, NOW, "customer-1"))
    assert refused.value.code == "ALREADY_RATED"
    assert repo.get_rating("contract-1") == Rating(4, "good", NOW, "customer-1")


def _confirmed_hours(repo: NowjobsRepository, company_id: str, contract_id: str, shifts: int) -> set[str]:
    """`shifts` confirmed shifts of one contract in the week of 2 March, as confirm_hours leaves them."""
    contract = replace(confirmed(), contract_id=contract_id, company_id=company_id)
    ids = set()
    for day in range(shifts):
        worked_on = date(2026, 3, 2) + timedelta(days=day)
        planned = shift(worked_on, 9, 13)
        done = confirm(awaiting_hours(contract, planned), replace(contract, shifts=(planned,)), planned,
                       by="customer-1", now=local(worked_on, 14))
        assert done is not None
        boto3.client("dynamodb").put_item(TableName=TABLE, Item=NowjobsRepository._timesheet_item(done))
        ids.add(done.shift_id)
    return ids


@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_the_billing_run_pages_through_a_week_reading_each_shift_once_and_a_company_on_one_page(
        repo: NowjobsRepository, size: int) -> None:
    hours = {company_id: _confirmed_hours(repo, company_id, f"contract-{company_id}", shifts)
             for company_id, shifts in (("company-a", 3), ("company-b", 1), ("company-c", 2))}
    pages, after = [], None
    while True:
        page = repo.unbilled_page(date(2026, 3, 2), after=after, size=size)
        pages.append(page.timesheets)
        if page.after is None:
            break
        after = page.after

    read = [t.shift_id for page in pages for t in page]
    assert sorted(read) == sorted(set().union(*hours.values()))                  # each shift once
    for company_id, ids in hours.items():
        assert any({t.shift_id for t in page if t.company_id == company_id} == ids for page in pages)
    assert repo.unbilled_page(date(2026, 3, 9), after=None, size=size).timesheets == []


def test_the_welcome_discount_is_claimed_by_one_invoice_only(repo: NowjobsRepository) -> None:
    repo.create_discount(WelcomeDiscount("company-1", ENTERPRISE, "NJ50-ABCD-EFGH", NOW))

    first = repo.claim_discount("company-1", "invoice-1", NOW)
    again = repo.claim_discount("company-1", "invoice-1", NOW + timedelta(hours=1))   # a retried billing step

    assert first is not None and again is not None
    assert (first.code, first.state, first.used_on_invoice, first.used_at) == (
        "NJ50-ABCD-EFGH", DiscountCodeState.USED, "invoice-1", NOW)
    assert again.used_at == NOW
    assert repo.claim_discount("company-1", "invoice-2", NOW) is None                # used by another invoice
    assert repo.claim_discount("company-9", "invoice-3", NOW) is None                # no discount at all
    assert repo.get_discount("company-9") is None                                    # and none created


def test_companies_are_read_together_and_missing_ones_left_out(repo: NowjobsRepository) -> None:
    repo.create_company(company(), None)

    assert repo.get_companies(["company-1", "company-404", "company-1"]) == {"company-1": company()}
