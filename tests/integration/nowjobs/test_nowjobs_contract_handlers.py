"""NOWJOBS contract routes through the handlers on the local stack: the proposal, the worker's answer and
the Dimona from the platform, hours worked (by the company or by the 13:00 deadline), reminders, the
rating and cancellation."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.integration.nowjobs.journey import FLEXI_WORKER, Handlers, outbox


@dataclass
class Hire:
    api: Handlers
    offer_id: str
    application_id: str
    contract_id: str

    def accept_and_confirm_dimona(self) -> None:
        for event in ("ACCEPTED", "DIMONA_CONFIRMED"):
            status, body = self.api.contract_event(self.contract_id, event, proposalVersion=1)
            assert status == 200, body

    def hours(self, body: dict[str, object], **kw: object) -> tuple[int, dict[str, object]]:
        return self.api.channel("POST", f"/v1/nowjobs/contracts/{self.contract_id}/timesheets", body, **kw)

    def timesheets(self) -> list[dict[str, object]]:
        status, page = self.api.channel("GET", f"/v1/nowjobs/contracts/{self.contract_id}/timesheets")
        assert status == 200
        items: list[dict[str, object]] = page["items"]
        return items


THURSDAY_AS_PLANNED = {"shiftStart": "2026-03-05T09:00:00+01:00", "workedFrom": "2026-03-05T09:00:00+01:00",
                       "workedUntil": "2026-03-05T17:00:00+01:00", "breakMinutes": 30}


@pytest.fixture
def hire(make_app, api_event) -> Hire:
    """Bakery active, offer for Thursday 5 (09:00-17:00, 30 min break) and Friday 6 March (09:00-13:00),
    a flexi-jobber applied and was proposed the contract (Monday 2 March, 09:00 Brussels)."""
    api = Handlers(make_app(), api_event)
    company_id = api.register()
    api.activate(company_id)
    offer_id = api.publish(company_id)
    application_id = api.apply(offer_id, FLEXI_WORKER)
    return Hire(api, offer_id, application_id, api.propose(application_id))


def test_acceptance_requests_a_flexi_dimona_and_its_confirmation_opens_one_timesheet_per_shift(hire: Hire) -> None:
    api, contract_id = hire.api, hire.contract_id
    _, proposed = api.channel("GET", f"/v1/nowjobs/contracts/{contract_id}")
    too_early = hire.hours(THURSDAY_AS_PLANNED)

    accepted = api.contract_event(contract_id, "ACCEPTED", proposalVersion=1, eventId="nj-1")
    replayed = api.contract_event(contract_id, "ACCEPTED", proposalVersion=1, eventId="nj-1")
    confirmed = api.contract_event(contract_id, "DIMONA_CONFIRMED", dimonaReference="DIM-123")
    confirmed_again = api.contract_event(contract_id, "DIMONA_CONFIRMED", dimonaReference="DIM-123")
    declined = api.contract_event(contract_id, "DECLINED")

    assert (proposed["status"], proposed["proposalVersion"], proposed["costQuote"]["total"]) == (
        "PROPOSED", 1, "229.08")   # 149.40 Thursday + 79.68 Friday, as the candidate's quote showed
    assert (too_early[0], too_early[1]["error"]["code"]) == (409, "DIMONA_NOT_CONFIRMED")
    assert (accepted[1]["status"], accepted[1]["dimona"]["type"]) == ("DIMONA_REQUESTED", "FLX")
    assert accepted[1]["dimona"]["fileBefore"] == "2026-03-05T08:00:00Z"
    assert replayed == accepted
    assert (confirmed[1]["status"], confirmed[1]["dimona"]["reference"]) == ("DIMONA_CONFIRMED", "DIM-123")
    assert confirmed_again == confirmed
    assert (declined[0], declined[1]["error"]["code"]) == (409, "CONTRACT_EVENT_OUT_OF_ORDER")
    assert [(t["status"], t["dueAt"]) for t in hire.timesheets()] == [
        ("AWAITING_HOURS", "2026-03-06T12:00:00Z"),      # Friday 13:00 Brussels
        ("AWAITING_HOURS", "2026-03-09T12:00:00Z")]      # Friday's shift: Monday 13:00
    _, listed = api.channel("GET", f"/v1/nowjobs/companies/{proposed['companyId']}/contracts")
    assert [c["contractId"] for c in listed["items"]] == [contract_id]


def test_hours_confirmed_are_priced_like_the_quote_and_the_worker_is_rated_once(hire: Hire) -> None:
    api = hire.api
    hire.accept_and_confirm_dimona()
    rating_path = f"/v1/nowjobs/contracts/{hire.contract_id}/rating"
    before_work = api.channel("POST", rating_path, {"score": 5})
    api.app.stack.clock.set("2026-03-05T16:30:00Z")                 # Thursday 17:30 Brussels

    confirmed = hire.hours(THURSDAY_AS_PLANNED)
    same_again = hire.hours(THURSDAY_AS_PLANNED)
    other_hours = hire.hours(THURSDAY_AS_PLANNED | {"workedUntil": "2026-03-05T16:00:00+01:00"})
    future = hire.hours({"shiftStart": "2026-03-06T09:00:00+01:00", "workedFrom": "2026-03-06T09:00:00+01:00",
                         "workedUntil": "2026-03-06T13:00:00+01:00"})
    invalid_score = api.channel("POST", rating_path, {"score": 6})
    rated = api.channel("POST", rating_path, {"score": 5, "comment": "Punctual, friendly with customers"},
                        headers={"Idempotency-Key": "rate-1"})
    replayed = api.channel("POST", rating_path, {"score": 5, "comment": "Punctual, friendly with customers"},
                           headers={"Idempotency-Key": "rate-1"})
    second = api.channel("POST", rating_path, {"score": 4})

    assert (before_work[0], before_work[1]["error"]["code"]) == (409, "NOTHING_WORKED_YET")
    assert (confirmed[0], confirmed[1]["status"], confirmed[1]["confirmedBy"]) == (200, "CONFIRMED", "COMPANY")
    assert (confirmed[1]["line"]["grossWage"], confirmed[1]["line"]["employerContributions"],
            confirmed[1]["line"]["total"]) == ("105.00", "29.40", "149.40")
    assert same_again == confirmed
    assert (other_hours[0], other_hours[1]["error"]["code"]) == (409, "HOURS_ALREADY_CONFIRMED")
    assert (future[0], future[1]["error"]["code"]) == (422, "HOURS_IN_THE_FUTURE")
    assert invalid_score[0] == 422
    assert (rated[0], rated[1]["score"]) == (200, 5)
    assert replayed == rated
    assert (second[0], second[1]["error"]["code"]) == (409, "ALREADY_RATED")


def test_the_schedule_reminds_at_nine_and_the_planned_hours_stand_at_one(hire: Hire) -> None:
    api = hire.api
    hire.accept_and_confirm_dimona()

    api.app.stack.clock.set("2026-03-06T08:00:00Z")                 # Friday 09:00 Brussels: the hourly run
    reminders = [m for m in outbox(api.app) if m["type"] == "NOWJOBS_HOURS_REMINDER"]
    awaiting = hire.timesheets()[0]["status"]
    api.app.stack.clock.set("2026-03-06T12:00:00Z")                 # Friday 13:00 Brussels: the deadline
    thursday = hire.timesheets()[0]
    late = hire.hours(THURSDAY_AS_PLANNED)

    assert [m["recipient"] for m in reminders] == ["bart@bakkerij-janssens.example"]
    assert "before 06/03/2026 13:00" in reminders[0]["body"]
    assert awaiting == "AWAITING_HOURS"
    assert (thursday["status"], thursday["confirmedBy"]) == ("CONFIRMED_BY_DEFAULT", "DEADLINE")
    assert thursday["line"]["total"] == "149.40"
    assert (late[0], late[1]["error"]["code"]) == (409, "HOURS_DEADLINE_PASSED")
    assert api.schedule("timesheets") == {"NowjobsTimesheetRemindersSent": 0, "NowjobsHoursConfirmedByDefault": 0}


def test_changed_hours_reissue_the_proposal_and_an_answer_to_the_old_one_is_stale(hire: Hire) -> None:
    api = hire.api
    path = f"/v1/nowjobs/applications/{hire.application_id}/contract-proposal"
    thursday_only = {"shifts": [{"start": "2026-03-05T10:00:00+01:00", "end": "2026-03-05T16:00:00+01:00"}]}

    same = api.channel("POST", path)
    reissued = api.channel("POST", path, thursday_only)
    stale = api.contract_event(hire.contract_id, "ACCEPTED", proposalVersion=1)
    bad = api.channel("POST", path, {"shifts": []})

    assert (same[1]["contractId"], same[1]["proposalVersion"]) == (hire.contract_id, 1)
    assert (reissued[1]["contractId"], reissued[1]["proposalVersion"]) == (hire.contract_id, 2)
    assert (stale[0], stale[1]["error"]["code"]) == (409, "STALE_PROPOSAL")
    assert bad[0] == 422


def test_cancellation_needs_a_reason_and_after_acceptance_the_workers_agreement(hire: Hire) -> None:
    api = hire.api
    path = f"/v1/nowjobs/contracts/{hire.contract_id}/cancellation"
    hire.accept_and_confirm_dimona()

    no_reason = api.channel("POST", path, {"reason": " x "})
    requested = api.channel("POST", path, {"reason": "The shop closes for renovation"})
    agreed = api.contract_event(hire.contract_id, "CANCELLATION_AGREED")

    assert no_reason[0] == 422
    assert (requested[0], requested[1]["status"]) == (200, "CANCELLATION_REQUESTED")
    assert (agreed[1]["status"], agreed[1]["cancellation"]["reason"]) == ("CANCELLED", "The shop closes for renovation")
    assert hire.timesheets() == []
    assert hire.hours(THURSDAY_AS_PLANNED)[0] == 409
