"""Go Solid use cases on moto's DynamoDB with the real repository and Powertools idempotency;
EventBridge and Step Functions are fakes behind their ports."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from extra_services.caller import Channel
from extra_services.errors import Conflict, Forbidden, InvalidInput, NotFound
from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import CaseStatus, WaitStage
from extra_services.gosolid.feeds import feed_event
from extra_services.gosolid.repository import CaseRepository
from extra_services.gosolid.requests import CreditorReportIn, WithdrawalIn
from extra_services.notifications.notifier import Notifier
from tests.integration.gosolid.conftest import STATE_MACHINE_ARN, World
from tests.unit.gosolid.gosolid_builders import (
    ACCEPTED_AT,
    CREDITOR,
    DEBTOR,
    MONTH_EXPIRES_AT,
    PV_EARLIEST_AT,
    event,
    request,
)

MOBILE = Channel.MOBILE


def feed(world: World, debtor_score: int = 80, **debtor: Any) -> None:
    at = datetime(2026, 3, 1, tzinfo=UTC)
    for number, extra in ((CREDITOR, {}), (DEBTOR, debtor)):
        world.facts.put_fact(feed_event("EnterpriseRegistryChanged", {
            "enterpriseNumber": number, "name": "X", "status": "ACTIVE", "kind": "COMPANY", "country": "BE",
            **extra}, at))
    world.facts.put_fact(feed_event("CreditRiskChanged", {"enterpriseNumber": DEBTOR,
                                                                    "score": debtor_score}, at))


def submit(world: World, key: str | None = None, customer: str = "C-1", **overrides: Any) -> str:
    return world.service.submit(customer, MOBILE, request(**overrides), idempotency_key=key).case_id


def accepted_case(world: World) -> str:
    feed(world)
    case_id = submit(world)
    world.clock.at = ACCEPTED_AT
    assert world.collection.screen(case_id).status is CaseStatus.ACCEPTED
    world.collection.wait_for(case_id, WaitStage.SUMMONS_SERVICE, "t-summons")      # requests the summons
    return case_id


def served_case(world: World) -> str:
    case_id = accepted_case(world)
    world.clock.at = datetime(2026, 3, 18, 15, tzinfo=UTC)
    world.partner.apply_partner_event(case_id, event("SUMMONS_SERVED", servedOn="2026-03-18", eventId="b-1"))
    return case_id


# --- submission ---------------------------------------------------------------------------------

def test_a_submission_is_stored_and_its_workflow_started(world: World) -> None:
    case = world.service.submit("C-1", MOBILE, request())
    assert case.status is CaseStatus.SUBMITTED
    assert case.amounts.total_claimed == "1304.53"
    assert world.workflows.started == [(STATE_MACHINE_ARN, case.case_id, {"caseId": case.case_id})]
    assert world.repository.load(case.case_id).declaration["customerId"] == "C-1"


def test_the_workflow_s_first_task_publishes_case_submitted_not_the_channel_route(world: World) -> None:
    feed(world)
    case_id = submit(world)
    assert world.events.types() == []
    assert [e.detail_type for e in world.repository.load(case_id).pending_events] == ["CaseSubmitted"]
    world.clock.at = ACCEPTED_AT
    world.collection.screen(case_id)
    assert world.events.types() == ["CaseSubmitted", "CaseAccepted"]
    assert world.repository.load(case_id).pending_events == ()


def test_only_a_person_usable_for_the_creditor_may_submit(world: World) -> None:
    with pytest.raises(Forbidden):
        world.service.submit("C-9", MOBILE, request())
    assert world.repository.list_by_creditor(CREDITOR).cases == []


def test_a_submission_without_the_declaration_is_refused(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        world.service.submit("C-1", MOBILE, request(declaration=None))
    assert refused.value.code == "DECLARATION_REQUIRED"


def test_the_same_idempotency_key_and_body_has_no_second_effect(world: World) -> None:
    first = world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1")
    again = world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1")
    assert again == first
    assert len(world.repository.list_by_creditor(CREDITOR).cases) == 1
    assert len(world.workflows.started) == 1
    assert len(world.repository.load(first.case_id).pending_events) == 1


def test_a_replay_answers_the_first_answer_even_after_the_case_moved_on(world: World) -> None:
    feed(world)
    first = world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1")
    world.clock.at = ACCEPTED_AT
    world.collection.screen(first.case_id)
    again = world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1")
    assert again == first and again.status is CaseStatus.SUBMITTED
    assert world.repository.load(first.case_id).status is CaseStatus.ACCEPTED


def test_a_retry_after_a_crash_before_the_workflow_started_starts_it(world: World) -> None:
    world.workflows.failures_to_come = 1
    with pytest.raises(RuntimeError):
        world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1")
    assert world.workflows.started == []
    case = world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1")
    assert world.workflows.started == [(STATE_MACHINE_ARN, case.case_id, {"caseId": case.case_id})]
    assert len(world.repository.list_by_creditor(CREDITOR).cases) == 1


def test_a_replay_re_checks_the_mandate(world: World) -> None:
    world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1")
    world.eligibility.allowed.discard(("C-1", CREDITOR))
    with pytest.raises(Forbidden):
        world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1")


def test_the_same_idempotency_key_with_another_body_is_refused(world: World) -> None:
    world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1")
    with pytest.raises(InvalidInput) as refused:
        world.service.submit("C-1", MOBILE, request(evidence=[{"kind": "INVOICE", "documentId": "other"}]),
                             idempotency_key="k-1")
    assert refused.value.code == "IDEMPOTENCY_KEY_REUSED"


def test_a_key_is_scoped_to_the_person(world: World) -> None:
    assert submit(world, key="k-1", customer="C-1") != submit(world, key="k-1", customer="C-2")


def test_a_retry_days_later_finds_the_same_case(world: World) -> None:
    first = world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1")
    world.clock.advance(days=3)
    assert world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1") == first
    assert len(world.repository.list_by_creditor(CREDITOR).cases) == 1


def test_two_requests_racing_with_one_key_store_one_case_and_answer_alike(world: World) -> None:
    first = world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1")
    world.eligibility.before_other_writes = True     # the racer found no case, then lost the conditional write
    assert world.service.submit("C-1", MOBILE, request(), idempotency_key="k-1") == first
    assert len(world.repository.list_by_creditor(CREDITOR).cases) == 1


def test_a_quote_returns_amounts_and_the_expected_timeline_and_stores_nothing(world: World) -> None:
    quote = world.service.quote(request(declaration=None))
    assert quote.amounts.total_claimed == "1304.53"
    assert quote.amounts.creditor_receives == "1250.00"
    assert quote.expected_timeline.pv_earliest == "2026-04-28"
    assert world.repository.list_by_creditor(CREDITOR).cases == []


# --- reading ----------------------------------------------------------------------------------

def test_a_case_is_invisible_to_people_who_cannot_act_for_its_creditor(world: World) -> None:
    case_id = submit(world)
    assert world.service.get_case("C-2", MOBILE, case_id).case_id == case_id
    with pytest.raises(NotFound):
        world.service.get_case("C-9", MOBILE, case_id)
    with pytest.raises(NotFound):
        world.service.get_case("C-1", MOBILE, "no-such-case")


def test_cases_are_listed_per_enterprise_only_for_those_who_may_act_for_it(world: World) -> None:
    ids = [submit(world, key=f"k-{n}") for n in range(3)]
    page = world.service.list_cases("C-1", MOBILE, CREDITOR, limit=2)
    rest = world.service.list_cases("C-1", MOBILE, CREDITOR, limit=2, next_token=page.next_token)
    assert {c.case_id for c in page.items + rest.items} == set(ids)
    with pytest.raises(Forbidden):
        world.service.list_cases("C-9", MOBILE, CREDITOR)


# --- screening ----------------------------------------------------------------------------------

def test_screening_accepts_a_solvent_registered_debtor_and_notifies(world: World) -> None:
    case_id = accepted_case(world)
    assert world.events.types() == ["CaseSubmitted", "CaseAccepted", "SummonsRequested"]
    assert world.metrics.records == []
    assert world.repository.load(case_id).status is CaseStatus.ACCEPTED


def test_screening_rejects_with_every_reason_and_notifies(world: World) -> None:
    feed(world, debtor_score=10, status="BANKRUPT")
    case_id = submit(world)
    state = world.collection.screen(case_id)
    assert (state.status, state.terminal) == (CaseStatus.REJECTED, True)
    assert world.repository.load(case_id).rejection_reasons == ("DEBTOR_INACTIVE", "INSOLVENT_DEBTOR")
    assert world.events.types()[-1] == "CaseRejected"


def test_a_late_screening_decision_is_measured(world: World) -> None:
    feed(world)
    case_id = submit(world)
    world.clock.at = datetime(2026, 3, 17, 9, tzinfo=UTC)
    world.collection.screen(case_id)
    assert [m[0] for m in world.metrics.records] == [lifecycle.SCREENING_LATE]


def test_screening_twice_decides_once(world: World) -> None:
    feed(world)
    case_id = submit(world)
    world.collection.screen(case_id)
    world.collection.screen(case_id)
    assert world.events.types().count("CaseAccepted") == 1


# --- partner callbacks and task tokens -------------------------------------------------------------

def test_a_partner_event_resumes_the_waiting_task_exactly_once(world: World) -> None:
    case_id = served_case(world)
    assert world.workflows.tokens() == ["t-summons"]
    assert world.workflows.resumed[0][1]["status"] == "SUMMONS_SERVED"
    replay = world.partner.apply_partner_event(case_id, event("SUMMONS_SERVED", servedOn="2026-03-18",
                                                              eventId="b-1"))
    assert replay.applied is False
    with pytest.raises(Conflict):
        world.partner.apply_partner_event(case_id, event("SUMMONS_SERVED", servedOn="2026-03-18", eventId="b-2"))
    assert world.workflows.tokens() == ["t-summons"]
    assert world.workflows.refused == []


def test_a_replayed_payment_without_an_id_is_counted_once(world: World) -> None:
    case_id = served_case(world)
    world.clock.at = datetime(2026, 4, 1, 10, tzinfo=UTC)
    payment = event("DEBTOR_PAYMENT", amount="300.00", paidOn="2026-04-01")
    assert world.partner.apply_partner_event(case_id, payment).applied is True
    assert world.partner.apply_partner_event(case_id, payment).applied is False
    assert str(world.repository.load(case_id).collected) == "300.00"
    assert world.events.types().count("PaymentForwarded") == 1


def test_the_idempotency_key_header_identifies_a_callback_without_event_id(world: World) -> None:
    case_id = served_case(world)
    world.clock.at = datetime(2026, 4, 1, 10, tzinfo=UTC)
    payment = event("DEBTOR_PAYMENT", amount="300.00", paidOn="2026-04-01")
    world.partner.apply_partner_event(case_id, payment, idempotency_key="pay-1")
    world.partner.apply_partner_event(case_id, payment, idempotency_key="pay-2")
    assert str(world.repository.load(case_id).collected) == "600.00"


def test_an_event_id_reused_for_another_event_is_refused(world: World) -> None:
    case_id = served_case(world)
    world.clock.at = datetime(2026, 4, 1, 10, tzinfo=UTC)
    with pytest.raises(Conflict) as refused:
        world.partner.apply_partner_event(case_id, event("DEBTOR_PAYMENT", amount="1.00", paidOn="2026-04-01",
                                                         eventId="b-1"))
    assert refused.value.code == "CALLBACK_ID_REUSED"


def test_a_callback_for_an_unknown_case_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        world.partner.apply_partner_event("nope", event("SUMMONS_SERVED", servedOn="2026-03-18"))


def test_a_pv_before_its_date_is_refused_and_leaves_the_case_unchanged(world: World) -> None:
    case_id = served_case(world)
    world.clock.at = MONTH_EXPIRES_AT
    world.collection.debtor_month_expired(case_id)
    before = world.repository.load(case_id)
    world.clock.at = PV_EARLIEST_AT
    with pytest.raises(Conflict) as refused:
        world.partner.apply_partner_event(case_id, event("PV_DRAWN", drawnOn="2026-04-27"))
    assert refused.value.code == "PV_BEFORE_EARLIEST_DATE"
    assert world.repository.load(case_id) == before


def test_a_wait_registered_after_its_event_is_resumed_at_once(world: World) -> None:
    case_id = accepted_case(world)
    world.clock.at = datetime(2026, 3, 18, 15, tzinfo=UTC)
    world.partner.apply_partner_event(case_id, event("SUMMONS_SERVED", servedOn="2026-03-18"))
    world.collection.wait_for(case_id, WaitStage.SUMMONS_SERVICE, "t-late")
    assert world.workflows.tokens() == ["t-summons", "t-late"]
    assert world.repository.load(case_id).task is None


def test_a_lost_race_is_retried_from_a_fresh_read(world: World) -> None:
    case_id = served_case(world)
    world.clock.at = datetime(2026, 4, 1, 10, tzinfo=UTC)

    class RacingRepository(CaseRepository):
        raced = False

        def save_with_callback(self, case, callback):  # type: ignore[no-untyped-def]
            if not self.raced:
                self.raced = True
                other = self.load(case.case_id)
                self.save(lifecycle.apply_partner_event(
                    other, event("DEBTOR_PAYMENT", amount="50.00", paidOn="2026-04-01"), world.clock.now()).case)
            return super().save_with_callback(case, callback)

    world.partner.repository = RacingRepository(world.repository.table)
    world.partner.apply_partner_event(case_id, event("DEBTOR_PAYMENT", amount="100.00", paidOn="2026-04-01",
                                                     eventId="b-2"))
    assert str(world.repository.load(case_id).collected) == "150.00"


def test_events_written_but_not_published_are_published_by_the_next_call(world: World) -> None:
    case_id = served_case(world)
    world.clock.at = datetime(2026, 4, 1, 10, tzinfo=UTC)
    world.events.failures_to_come = 1
    with pytest.raises(RuntimeError):
        world.partner.apply_partner_event(case_id, event("DEBTOR_PAYMENT", amount="100.00", paidOn="2026-04-01",
                                                         eventId="b-2"))
    assert world.repository.load(case_id).pending_events
    retry = world.partner.apply_partner_event(case_id, event("DEBTOR_PAYMENT", amount="100.00",
                                                             paidOn="2026-04-01", eventId="b-2"))
    assert retry.applied is False
    assert world.events.types().count("PaymentForwarded") == 1
    assert world.repository.load(case_id).pending_events == ()


# --- creditor actions ---------------------------------------------------------------------------

def test_a_creditor_report_with_a_key_is_recorded_once(world: World) -> None:
    case_id = served_case(world)
    report = CreditorReportIn.model_validate({"type": "ARRANGEMENT", "note": "pays next week"})
    world.service.report("C-1", MOBILE, case_id, report, idempotency_key="r-1")
    world.service.report("C-1", MOBILE, case_id, report, idempotency_key="r-1")
    timeline = world.service.get_case("C-1", MOBILE, case_id).timeline
    assert [e.type for e in timeline].count("CREDITOR_REPORT") == 1


def test_withdrawal_ends_the_case_and_the_waiting_workflow(world: World) -> None:
    case_id = served_case(world)
    world.collection.wait_for(case_id, WaitStage.DEBTOR_MONTH, "t-month")
    case = world.service.withdraw("C-1", MOBILE, case_id, WithdrawalIn(reason="settled"))
    assert case.status is CaseStatus.WITHDRAWN
    assert world.workflows.tokens() == ["t-summons", "t-month"]
    assert world.workflows.resumed[-1][1]["terminal"] is True
    with pytest.raises(NotFound):
        world.service.withdraw("C-9", MOBILE, case_id, WithdrawalIn(reason="not mine"))


# --- the whole route ----------------------------------------------------------------------------

def test_a_case_runs_from_submission_to_paid_through_the_workflow_tasks(world: World) -> None:
    case_id = served_case(world)
    tasks, partner, clock = world.collection, world.partner, world.clock
    tasks.wait_for(case_id, WaitStage.DEBTOR_MONTH, "t-month")
    clock.at = MONTH_EXPIRES_AT                       # the wait times out: the token is stale
    assert tasks.debtor_month_expired(case_id).status is CaseStatus.AWAITING_PV
    clock.at = PV_EARLIEST_AT
    tasks.wait_for(case_id, WaitStage.PV, "t-pv")                  # requests the PV
    clock.at = datetime(2026, 4, 29, 10, tzinfo=UTC)
    partner.apply_partner_event(case_id, event("PV_DRAWN", drawnOn="2026-04-28"))
    tasks.wait_for(case_id, WaitStage.TITLE, "t-title")
    clock.at = datetime(2026, 5, 12, 10, tzinfo=UTC)
    partner.apply_partner_event(case_id, event("TITLE_ENFORCEABLE", on="2026-05-12"))
    tasks.wait_for(case_id, WaitStage.ENFORCEMENT, "t-enforcement")
    clock.at = datetime(2026, 6, 2, 10, tzinfo=UTC)
    partner.apply_partner_event(case_id, event("ENFORCEMENT_CLOSED", outcome="RECOVERED", amount="1304.53"))

    case = world.service.get_case("C-1", MOBILE, case_id)
    assert case.status is CaseStatus.PAID
    assert (case.amounts.collected, case.amounts.forwarded_to_creditor) == ("1304.53", "1250.00")
    assert world.workflows.tokens() == ["t-summons", "t-pv", "t-title", "t-enforcement"]
    assert world.events.types() == ["CaseSubmitted", "CaseAccepted", "SummonsRequested", "SummonsServed",
                                    "PvRequested", "PaymentForwarded", "CaseClosed"]
    assert [e.type for e in case.timeline] == [
        "SUBMITTED", "ACCEPTED", "SUMMONS_REQUESTED", "SUMMONS_SERVED", "DEBTOR_MONTH_EXPIRED", "PV_REQUESTED",
        "PV_DRAWN", "TITLE_ENFORCEABLE", "ENFORCEMENT_CLOSED", "PAYMENT_FORWARDED", "CLOSED"]

    notifier = Notifier(world.notifications)
    for published in world.events.published:
        notifier.notify(published)
    inbox, _ = world.notifications.inbox_page(f"ENTERPRISE#{CREDITOR}", limit=20)
    assert [e.type for e in inbox] == ["GO_SOLID_CaseClosed", "GO_SOLID_PaymentForwarded", "GO_SOLID_SummonsServed",
                                       "GO_SOLID_CaseAccepted"]


def test_a_parked_case_shows_it_needs_attention(world: World) -> None:
    case_id = served_case(world)
    world.collection.park(case_id, "AwaitDebtor", "States.Timeout", "no heartbeat")
    assert world.service.get_case("C-1", MOBILE, case_id).needs_attention is True
    assert world.collection.cases_needing_attention() == [case_id]
    assert world.metrics.records[-1][0] == lifecycle.NEEDS_ATTENTION
