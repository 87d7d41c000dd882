"""Contract use cases end to end on the table: proposal, partner events, Dimona, hours, billing, rating."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from extra_services.errors import Conflict, InvalidInput
from extra_services.nowjobs.contract import contract_quote
from extra_services.nowjobs.partner_models import ApplicationIn, ContractEventIn
from extra_services.nowjobs.request_models import CancellationIn, ContractProposalIn, RatingIn, TimesheetIn
from extra_services.nowjobs.statuses import ContractStatus, TimesheetStatus
from tests.integration.nowjobs.support import ANNA, NOW, World, active_company, offer_request

WEDNESDAY_9 = "2026-03-04T09:00:00+01:00"
WEDNESDAY_17 = "2026-03-04T17:00:00+01:00"
THURSDAY_8 = datetime.fromisoformat("2026-03-05T08:00:00+01:00")
THURSDAY_13 = datetime.fromisoformat("2026-03-05T13:00:00+01:00")


def contract_for(w: World, status: str = "FLEXI", positions: int = 1) -> str:
    company_id = active_company(w)
    offer_id = w.hiring.create_offer(ANNA, company_id, offer_request(positions=positions)).offer_id
    application = ApplicationIn.model_validate(
        {"worker": {"workerId": "worker-1", "status": status, "birthDate": "1990-05-17"}})
    application_id = w.hiring.record_application(offer_id, application).application_id
    return w.contracts.propose(ANNA, application_id).contract_id


def partner(w: World, contract_id: str, type_: str, **fields: Any) -> ContractStatus:
    request = ContractEventIn.model_validate({"type": type_, **fields})
    return w.contracts.apply_partner_event(contract_id, request).status


def hours(**fields: Any) -> TimesheetIn:
    return TimesheetIn.model_validate({"shiftStart": WEDNESDAY_9, **fields})


def test_contract_from_proposal_to_billable_hours_charges_what_was_quoted(w: World) -> None:
    contract_id = contract_for(w)
    assert w.contracts.get(ANNA, contract_id).status is ContractStatus.PROPOSED

    assert partner(w, contract_id, "ACCEPTED") is ContractStatus.DIMONA_REQUESTED
    [dimona] = w.publisher.of_type("DimonaRequested")
    assert (dimona["dimonaType"], dimona["fileBefore"]) == ("FLX", "2026-03-04T08:00:00Z")
    assert partner(w, contract_id, "DIMONA_CONFIRMED", dimonaReference="DIM-123") is ContractStatus.DIMONA_CONFIRMED

    w.at(THURSDAY_8)
    done = w.contracts.confirm_hours(ANNA, contract_id, hours(workedFrom=WEDNESDAY_9, workedUntil=WEDNESDAY_17,
                                                             breakMinutes=30))
    assert done.status is TimesheetStatus.CONFIRMED
    quoted_line = contract_quote(w.contracts.get(ANNA, contract_id)).lines[0]
    assert done.line == quoted_line

    [billable] = w.contracts.unbilled_hours(date(2026, 3, 2))
    line = billable.billable_line()
    assert line.total == quoted_line.total
    assert line.is_flexi_job
    assert w.publisher.of_type("HoursConfirmed")[0]["total"] == f"{quoted_line.total:.2f}"
    w.contracts.mark_billed(billable, "invoice-1")
    assert w.contracts.unbilled_hours(date(2026, 3, 2)) == []


def test_hours_before_the_dimona_is_confirmed_are_a_409(w: World) -> None:
    contract_id = contract_for(w)
    partner(w, contract_id, "ACCEPTED")
    w.at(THURSDAY_8)
    with pytest.raises(Conflict) as refused:
        w.contracts.confirm_hours(ANNA, contract_id, hours(workedFrom=WEDNESDAY_9, workedUntil=WEDNESDAY_17))
    assert refused.value.code == "DIMONA_NOT_CONFIRMED"


def test_student_gets_an_stu_dimona_request(w: World) -> None:
    partner(w, contract_for(w, status="STUDENT"), "ACCEPTED")
    assert w.publisher.of_type("DimonaRequested")[0]["dimonaType"] == "STU"


def test_partner_event_out_of_order_is_a_409_and_changes_nothing(w: World) -> None:
    contract_id = contract_for(w)
    with pytest.raises(Conflict):
        partner(w, contract_id, "DIMONA_CONFIRMED")
    assert w.contracts.get(ANNA, contract_id).status is ContractStatus.PROPOSED


def test_duplicate_contract_event_has_no_second_effect(w: World) -> None:
    contract_id = contract_for(w)
    partner(w, contract_id, "ACCEPTED", eventId="evt-1")
    partner(w, contract_id, "DIMONA_CONFIRMED", eventId="evt-2")
    timesheets = len(w.contracts.timesheets(ANNA, contract_id))

    assert partner(w, contract_id, "DIMONA_CONFIRMED", eventId="evt-2") is ContractStatus.DIMONA_CONFIRMED
    assert partner(w, contract_id, "ACCEPTED", eventId="evt-1") is ContractStatus.DIMONA_CONFIRMED
    assert len(w.contracts.timesheets(ANNA, contract_id)) == timesheets == 2
    assert len(w.publisher.of_type("DimonaConfirmed")) == 1


def test_repeated_acceptance_republishes_the_same_dimona_request(w: World) -> None:
    contract_id = contract_for(w)
    partner(w, contract_id, "ACCEPTED")
    partner(w, contract_id, "ACCEPTED")
    first, again = w.publisher.of_type("DimonaRequested")
    assert first == again


def test_changed_hours_reissue_the_proposal(w: World) -> None:
    contract_id = contract_for(w)
    partner(w, contract_id, "ACCEPTED")
    partner(w, contract_id, "DIMONA_CONFIRMED")
    changed = ContractProposalIn.model_validate(
        {"shifts": [{"start": "2026-03-04T12:00:00+01:00", "end": "2026-03-04T20:00:00+01:00"}]})
    application_id = w.contracts.get(ANNA, contract_id).application_id

    reissued = w.contracts.propose(ANNA, application_id, changed)

    assert (reissued.contract_id, reissued.status, reissued.proposal_version) == (
        contract_id, ContractStatus.PROPOSED, 2)
    assert w.contracts.timesheets(ANNA, contract_id) == []
    assert [p["proposalVersion"] for p in w.publisher.of_type("ContractProposed")] == [1, 2]
    same_again = w.contracts.propose(ANNA, application_id, changed)
    assert same_again.proposal_version == 2
    with pytest.raises(Conflict):
        partner(w, contract_id, "ACCEPTED", proposalVersion=1)


def test_proposal_for_hours_illegal_for_this_worker_is_a_422(w: World) -> None:
    contract_id = contract_for(w)
    application_id = w.contracts.get(ANNA, contract_id).application_id
    past = ContractProposalIn.model_validate({"shifts": [{"start": "2026-03-01T09:00:00+01:00",
                                                          "end": "2026-03-01T12:00:00+01:00"}]})
    with pytest.raises(InvalidInput):
        w.contracts.propose(ANNA, application_id, past)


def test_last_position_taken_is_a_409(w: World) -> None:
    offer_id = w.contracts.get(ANNA, contract_for(w, positions=1)).offer_id
    other = ApplicationIn.model_validate({"worker": {"workerId": "worker-2", "status": "FLEXI",
                                                     "birthDate": "1991-01-01"}})
    application_id = w.hiring.record_application(offer_id, other).application_id
    with pytest.raises(Conflict) as refused:
        w.contracts.propose(ANNA, application_id)
    assert refused.value.code == "NO_POSITION_LEFT"


def test_cancellation_needs_the_workers_agreement_and_drops_the_shifts_not_worked(w: World) -> None:
    contract_id = contract_for(w)
    partner(w, contract_id, "ACCEPTED")
    partner(w, contract_id, "DIMONA_CONFIRMED")
    w.at(THURSDAY_8)
    requested = w.contracts.cancel(ANNA, contract_id, CancellationIn(reason="closed for works"))
    assert requested.status is ContractStatus.CANCELLATION_REQUESTED
    assert partner(w, contract_id, "CANCELLATION_AGREED") is ContractStatus.CANCELLED

    remaining = w.contracts.timesheets(ANNA, contract_id)
    assert [t.planned.start for t in remaining] == [datetime.fromisoformat(WEDNESDAY_9)]  # Wednesday was worked
    assert w.publisher.of_type("ContractCancelled")[0]["reason"] == "closed for works"


def test_refused_cancellation_keeps_the_contract_and_its_timesheets(w: World) -> None:
    contract_id = contract_for(w)
    partner(w, contract_id, "ACCEPTED")
    partner(w, contract_id, "DIMONA_CONFIRMED")
    w.contracts.cancel(ANNA, contract_id, CancellationIn(reason="closed for works"))
    assert partner(w, contract_id, "CANCELLATION_REFUSED") is ContractStatus.DIMONA_CONFIRMED
    assert len(w.contracts.timesheets(ANNA, contract_id)) == 2


def test_timesheet_schedule_reminds_at_9_then_the_planned_hours_stand_at_13(w: World) -> None:
    contract_id = contract_for(w)
    partner(w, contract_id, "ACCEPTED")
    partner(w, contract_id, "DIMONA_CONFIRMED")
    w.outbox.sent.clear()

    w.at(THURSDAY_8)
    assert w.contracts.process_due_timesheets().reminded == ()
    w.at(THURSDAY_8 + timedelta(hours=1))
    run = w.contracts.process_due_timesheets()
    assert run.reminded == (f"{contract_id}#2026-03-04T08:00:00Z",)
    assert w.contracts.process_due_timesheets().reminded == ()
    assert [m["subject"] for m in w.outbox.sent] == ["NOWJOBS: confirm the hours worked"]
    assert len(w.publisher.of_type("TimesheetReminderDue")) == 1

    w.at(THURSDAY_13)
    run = w.contracts.process_due_timesheets()
    assert run.confirmed_by_default == (f"{contract_id}#2026-03-04T08:00:00Z",)
    [stood] = [t for t in w.contracts.timesheets(ANNA, contract_id) if t.status is TimesheetStatus.CONFIRMED_BY_DEFAULT]
    assert stood.line == contract_quote(w.contracts.get(ANNA, contract_id)).lines[0]
    with pytest.raises(Conflict):
        w.contracts.confirm_hours(ANNA, contract_id, hours(noShow=True))


def test_worker_is_rated_once(w: World) -> None:
    contract_id = contract_for(w)
    partner(w, contract_id, "ACCEPTED")
    partner(w, contract_id, "DIMONA_CONFIRMED")
    w.at(THURSDAY_8)
    assert w.contracts.rate(ANNA, contract_id, RatingIn(score=5, comment="great")).score == 5
    with pytest.raises(Conflict) as refused:
        w.contracts.rate(ANNA, contract_id, RatingIn(score=4))
    assert refused.value.code == "ALREADY_RATED"


def test_contracts_start_as_proposals_listed_for_the_company(w: World) -> None:
    contract_id = contract_for(w)
    company_id = w.repository.companies_of_enterprise("0403170701")[0].company_id
    listed = w.contracts.list_for_company(ANNA, company_id)
    assert [c.contract_id for c in listed.items] == [contract_id]
    assert listed.items[0].proposed_at == NOW
