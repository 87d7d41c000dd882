"""The Go Solid case lifecycle (RULES.md §2, API.md statuses): which event fits which status,
what it changes, what it publishes, and which waiting workflow task it resumes."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from extra_services.errors import Conflict, InvalidInput
from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import CaseStatus, PlanStatus, RejectionReason, TimelineType, WaitStage
from extra_services.gosolid.screening import ScreeningDecision
from tests.unit.gosolid.gosolid_builders import (
    ACCEPTED_AT,
    MONTH_EXPIRES_AT,
    PV_EARLIEST,
    PV_EARLIEST_AT,
    RESPONSE_DEADLINE,
    SERVED_ON,
    SUBMITTED_AT,
    accepted,
    awaiting_pv,
    event,
    in_enforcement,
    pv_drawn,
    report,
    served,
    submitted,
    waiting,
    with_plan,
)

LATER = datetime(2026, 4, 1, 10, tzinfo=UTC)
TOTAL = Decimal("1304.53")          # 1250.00 principal + 14.53 increase + 40.00 flat fee
PLAN = (("2026-04-10", "652.26"), ("2026-05-11", "652.27"))


def types(case) -> list[str]:
    return [entry.type.value for entry in case.timeline]


def pay(case, amount: str, on: str = "2026-04-01", now: datetime = LATER):
    return lifecycle.apply_partner_event(case, event("DEBTOR_PAYMENT", amount=amount, paidOn=on), now)


# --- opening and screening --------------------------------------------------------------------

def test_a_submitted_case_claims_principal_increase_and_flat_fee() -> None:
    case = submitted()
    assert case.status is CaseStatus.SUBMITTED
    assert (case.claim.principal, case.claim.flat_fee, case.claim.total_claimed) == (
        Decimal("1250.00"), Decimal("40.00"), TOTAL)
    assert case.outstanding == TOTAL
    assert [e.detail_type for e in case.pending_events] == ["CaseSubmitted"]


def test_the_declaration_is_recorded_with_the_case() -> None:
    assert submitted().declaration == {"customerId": "C-1", "enterpriseNumber": "0403170701", "service": "go-solid",
                                       "wordingVersion": "2025-01", "channel": "mobile",
                                       "acceptedAt": "2026-03-16T09:30:00Z"}


def test_acceptance_is_recorded_and_published_for_the_creditor() -> None:
    transition = lifecycle.decide(submitted(), ScreeningDecision((), 40), ACCEPTED_AT)
    assert transition.case.status is CaseStatus.ACCEPTED
    assert transition.case.accepted_at == ACCEPTED_AT
    assert [e.detail_type for e in transition.events] == ["CaseAccepted"]
    assert transition.events[0].detail["summonsServiceDue"] == "2026-03-20T16:00:00Z"
    assert transition.alerts == ()


def test_rejection_records_every_reason_and_closes_the_case() -> None:
    reasons = (RejectionReason.DEBTOR_INACTIVE, RejectionReason.INSOLVENT_DEBTOR)
    transition = lifecycle.decide(submitted(), ScreeningDecision(reasons, 40), ACCEPTED_AT)
    assert transition.case.status is CaseStatus.REJECTED
    assert transition.case.rejection_reasons == reasons
    assert transition.case.timeline[-1].reasons == reasons
    assert transition.events[0].detail["reasons"] == ["DEBTOR_INACTIVE", "INSOLVENT_DEBTOR"]


def test_a_decision_after_four_working_hours_raises_the_late_alert() -> None:
    late = SUBMITTED_AT + timedelta(hours=5)          # due 13:30Z, decided 14:30Z
    transition = lifecycle.decide(submitted(), ScreeningDecision((), 40), late)
    assert [(a.metric, a.value, a.unit) for a in transition.alerts] == [
        (lifecycle.SCREENING_LATE, 3600.0, "Seconds")]
    assert transition.events[0].detail["decidedLate"] is True


def test_screening_a_case_withdrawn_meanwhile_changes_nothing() -> None:
    withdrawn = lifecycle.withdraw(submitted(), "paid after all", ACCEPTED_AT).case
    assert not lifecycle.decide(withdrawn, ScreeningDecision((), 40), ACCEPTED_AT).changed


# --- summons ------------------------------------------------------------------------------------

def test_the_summons_is_requested_once_with_what_art_1394_21_requires() -> None:
    first = lifecycle.request_summons(accepted(), ACCEPTED_AT)
    detail = first.events[0].detail
    assert first.events[0].detail_type == "SummonsRequested"
    assert detail["creditor"] == {"enterpriseNumber": "0403170701"}
    assert detail["debtor"]["enterpriseNumber"] == "0202239951"
    assert [i["number"] for i in detail["invoices"]] == ["F-2026-001", "F-2026-002"]
    assert detail["amounts"]["totalClaimed"] == "1304.53"
    assert {"kind": "INVOICE", "documentId": "doc-1"} in detail["evidence"]
    assert not lifecycle.request_summons(first.case, ACCEPTED_AT).changed


def test_a_summons_without_the_invoice_as_evidence_is_refused() -> None:
    case = accepted().model_copy(update={"evidence": ()})
    with pytest.raises(Conflict) as refused:
        lifecycle.request_summons(case, ACCEPTED_AT)
    assert refused.value.code == "SUMMONS_INCOMPLETE"


def test_summons_served_fixes_the_response_deadline_and_pv_earliest() -> None:
    case = served()
    assert case.status is CaseStatus.SUMMONS_SERVED
    assert (case.response_deadline, case.pv_earliest) == (RESPONSE_DEADLINE, PV_EARLIEST)
    assert case.pending_events[-1].detail_type == "SummonsServed"
    assert case.pending_events[-1].detail["responseDeadline"] == "2026-04-20"


def test_summons_served_before_acceptance_is_out_of_order() -> None:
    with pytest.raises(Conflict) as refused:
        lifecycle.apply_partner_event(accepted(), event("SUMMONS_SERVED", servedOn="2026-03-15"), LATER)
    assert refused.value.code == "OUT_OF_ORDER"


def test_a_date_in_the_future_is_invalid() -> None:
    with pytest.raises(InvalidInput):
        lifecycle.apply_partner_event(accepted(), event("SUMMONS_SERVED", servedOn="2026-03-19"), ACCEPTED_AT)


def test_summons_served_after_the_service_limit_raises_the_late_alert() -> None:
    transition = lifecycle.apply_partner_event(accepted(), event("SUMMONS_SERVED", servedOn="2026-03-23"), LATER)
    assert [a.metric for a in transition.alerts] == [lifecycle.SUMMONS_SERVICE_LATE]


def test_an_overdue_summons_raises_the_alert_without_changing_the_case() -> None:
    transition = lifecycle.summons_overdue(accepted(), datetime(2026, 3, 20, 16, 0, 1, tzinfo=UTC))
    assert [a.metric for a in transition.alerts] == [lifecycle.SUMMONS_SERVICE_LATE]
    assert not transition.changed


def test_a_silent_bailiff_is_an_alarm_then_a_case_for_a_person_then_the_workflow_gives_up() -> None:
    # service limit Friday 20 March 17:00 (16:00Z); escalation Friday 27 March; patience 28 days
    at_limit = lifecycle.partner_late(accepted(), datetime(2026, 3, 20, 16, tzinfo=UTC))
    assert ([a.metric for a in at_limit.alerts], at_limit.case.attention) == ([lifecycle.SUMMONS_SERVICE_LATE], None)
    escalated = lifecycle.partner_late(accepted(), datetime(2026, 3, 27, 16, tzinfo=UTC))
    assert [a.metric for a in escalated.alerts] == [lifecycle.NEEDS_ATTENTION]
    assert (escalated.case.status, escalated.case.attention.error) == (CaseStatus.ACCEPTED, "PartnerSilent")
    assert not lifecycle.partner_late(escalated.case, datetime(2026, 4, 24, 15, 59, tzinfo=UTC)).alerts
    with pytest.raises(lifecycle.PartnerSilent, match="no SUMMONS_SERVICE event"):
        lifecycle.partner_late(escalated.case, datetime(2026, 4, 24, 16, tzinfo=UTC))
    assert not lifecycle.partner_late(served(), datetime(2026, 4, 24, 16, tzinfo=UTC)).changed   # it moved on


# --- payments -----------------------------------------------------------------------------------

def test_partial_payment_reduces_outstanding() -> None:
    case = pay(served(), "300.00").case
    assert case.status is CaseStatus.SUMMONS_SERVED
    assert case.collected == Decimal("300.00")
    assert case.outstanding == TOTAL - Decimal("300.00")


def test_the_creditor_receives_100_percent_of_the_principal_collected() -> None:
    case = pay(served(), "1260.00").case
    assert case.forwarded == Decimal("1250.00")      # the 10.00 above the principal covers increase and fee
    forwarded = [e for e in case.pending_events if e.detail_type == "PaymentForwarded"]
    assert [e.detail["amount"] for e in forwarded] == ["1250.00"]


def test_each_payment_forwarded_is_published_with_the_running_totals() -> None:
    case = pay(served(), "500.00").case
    case = pay(case, "400.00", on="2026-04-02", now=LATER + timedelta(days=1)).case
    forwarded = [e.detail for e in case.pending_events if e.detail_type == "PaymentForwarded"]
    assert [(d["amount"], d["forwardedTotal"]) for d in forwarded] == [("500.00", "500.00"), ("400.00", "900.00")]


@pytest.mark.parametrize("stage", [accepted, served, awaiting_pv, pv_drawn, in_enforcement])
def test_full_payment_at_any_point_ends_the_case_as_paid(stage) -> None:
    case = pay(stage(), str(TOTAL), on="2026-03-16", now=datetime(2026, 6, 1, tzinfo=UTC)).case
    assert case.status is CaseStatus.PAID
    assert case.outstanding == Decimal("0.00")
    assert case.forwarded == Decimal("1250.00")
    assert case.pending_events[-1].detail_type == "CaseClosed"
    assert case.pending_events[-1].detail["status"] == "PAID"


def test_a_payment_dated_before_the_submission_is_refused() -> None:
    with pytest.raises(Conflict):
        pay(served(), "100.00", on="2026-03-01")


# --- contestation ---------------------------------------------------------------------------------

def test_contestation_ends_case_with_creditor_owing_fees() -> None:
    case = lifecycle.apply_partner_event(
        served(), event("DEBTOR_CONTESTED", reason="goods never delivered", on="2026-03-30"), LATER).case
    assert case.status is CaseStatus.CONTESTED
    assert case.creditor_owes_fees is True
    assert case.timeline[-2].note == "goods never delivered"
    assert case.pending_events[-1].detail["creditorOwesFees"] is True


def test_a_contestation_made_in_the_month_may_be_reported_after_it() -> None:
    case = lifecycle.apply_partner_event(
        awaiting_pv(), event("DEBTOR_CONTESTED", reason="disputed", on="2026-04-20"), MONTH_EXPIRES_AT).case
    assert case.status is CaseStatus.CONTESTED


def test_a_contestation_after_the_debtors_month_is_refused() -> None:
    with pytest.raises(Conflict) as refused:
        lifecycle.apply_partner_event(awaiting_pv(), event("DEBTOR_CONTESTED", reason="late", on="2026-04-21"),
                                      MONTH_EXPIRES_AT + timedelta(days=1))
    assert refused.value.code == "CONTESTATION_TOO_LATE"


# --- payment plan ---------------------------------------------------------------------------------

def test_a_payment_plan_moves_the_case_to_payment_plan() -> None:
    case = with_plan(*PLAN)
    assert case.status is CaseStatus.PAYMENT_PLAN
    assert [(i.due_on, i.amount) for i in case.payment_plan.instalments] == [
        (date(2026, 4, 10), Decimal("652.26")), (date(2026, 5, 11), Decimal("652.27"))]


def test_a_payment_plan_must_add_up_to_what_is_owed() -> None:
    with pytest.raises(InvalidInput, match=r"add up to 1300\.00 EUR; the debtor owes 1304\.53"):
        with_plan(("2026-04-10", "650.00"), ("2026-05-11", "650.00"))


def test_a_second_payment_plan_is_refused() -> None:
    missed = lifecycle.instalment_due(with_plan(*PLAN), datetime(2026, 4, 14, 22, tzinfo=UTC)).case
    assert missed.status is CaseStatus.SUMMONS_SERVED
    again = event("PAYMENT_PLAN_AGREED", installments=[{"dueOn": "2026-04-20", "amount": str(TOTAL)}])
    with pytest.raises(Conflict) as refused:
        lifecycle.apply_partner_event(missed, again, LATER + timedelta(days=14))
    assert refused.value.code == "PLAN_ALREADY_AGREED"


def test_each_instalment_collected_is_forwarded_to_the_creditor() -> None:
    case = pay(with_plan(*PLAN), "652.26", on="2026-04-09", now=datetime(2026, 4, 9, 12, tzinfo=UTC)).case
    assert case.payment_plan.instalments[0].paid_amount == Decimal("652.26")
    assert case.forwarded == Decimal("652.26")
    assert case.pending_events[-1].detail_type == "PaymentForwarded"


def test_an_instalment_paid_on_time_keeps_the_plans_wait() -> None:
    case = waiting(with_plan(*PLAN), WaitStage.PLAN)
    case = pay(case, "652.26", on="2026-04-09", now=datetime(2026, 4, 9, 12, tzinfo=UTC)).case
    assert case.payment_plan.instalments[0].paid
    assert (case.task.token, case.pending_resume) == ("token-1", None)


def test_the_last_instalment_paid_resumes_the_plans_wait_with_the_case_closed() -> None:
    case = waiting(with_plan(*PLAN), WaitStage.PLAN)
    case = pay(case, "652.26", on="2026-04-09", now=datetime(2026, 4, 9, 12, tzinfo=UTC)).case
    case = pay(case, "652.27", on="2026-05-08", now=datetime(2026, 5, 8, 12, tzinfo=UTC)).case
    assert case.task is None
    assert case.pending_resume.token == "token-1"
    assert case.pending_resume.output["nextStep"] == "CLOSED"


def test_a_callback_after_an_instalments_grace_first_records_the_missed_plan() -> None:
    case = waiting(with_plan(*PLAN), WaitStage.PLAN)
    # due Friday 10 April, grace until Tuesday 14 April; the debtor pays it a week late
    transition = pay(case, "652.26", on="2026-04-17", now=datetime(2026, 4, 17, 12, tzinfo=UTC))
    after = transition.case
    assert (after.status, after.payment_plan.status) == (CaseStatus.SUMMONS_SERVED, PlanStatus.MISSED)
    assert [e.type for e in after.timeline[-3:]] == [
        TimelineType.INSTALMENT_MISSED, TimelineType.DEBTOR_PAYMENT, TimelineType.PAYMENT_FORWARDED]
    assert after.payment_plan.instalments[0].paid_amount == Decimal("0.00")   # the plan no longer runs
    assert [e.detail_type for e in transition.events] == ["InstalmentMissed", "PaymentForwarded"]
    assert after.pending_resume.output["nextStep"] == "AWAIT_DEBTOR"           # the month still runs


def test_a_partial_instalment_does_not_resume_the_waiting_task() -> None:
    case = waiting(with_plan(*PLAN), WaitStage.PLAN)
    case = pay(case, "100.00", on="2026-04-09", now=datetime(2026, 4, 9, 12, tzinfo=UTC)).case
    assert case.task is not None
    assert case.pending_resume is None


def test_an_instalment_paid_within_the_grace_period_is_not_missed() -> None:
    plan = with_plan(*PLAN)
    # due Friday 10 April; two working days of grace -> missed from Wednesday 15 April 00:00 Brussels
    assert not lifecycle.instalment_due(plan, datetime(2026, 4, 14, 21, 59, tzinfo=UTC)).changed


def test_missed_instalment_resumes_route_to_pv() -> None:
    case = pay(with_plan(*PLAN), "652.26", on="2026-04-09", now=datetime(2026, 4, 9, 12, tzinfo=UTC)).case
    transition = lifecycle.instalment_due(case, datetime(2026, 5, 13, 22, tzinfo=UTC))
    assert transition.case.status is CaseStatus.AWAITING_PV     # the debtor's month ended on 20 April
    assert transition.case.payment_plan.status is PlanStatus.MISSED
    assert transition.case.timeline[-1].type is TimelineType.INSTALMENT_MISSED
    assert transition.case.timeline[-1].instalment == 2
    assert [e.detail_type for e in transition.events] == ["InstalmentMissed"]


def test_an_instalment_missed_within_the_month_returns_to_the_debtors_month() -> None:
    transition = lifecycle.instalment_due(with_plan(*PLAN), datetime(2026, 4, 14, 22, tzinfo=UTC))
    assert transition.case.status is CaseStatus.SUMMONS_SERVED


def test_the_plan_watch_resumes_the_plans_wait_with_the_missed_plan() -> None:
    case = waiting(with_plan(*PLAN), WaitStage.PLAN)
    # due Friday 10 April, grace until Tuesday 14 April: missed from Wednesday 15 April 00:00 Brussels
    assert not lifecycle.check_plan(case, datetime(2026, 4, 14, 21, 59, tzinfo=UTC)).changed
    transition = lifecycle.check_plan(case, datetime(2026, 4, 14, 22, 5, tzinfo=UTC))
    after = transition.case
    assert (after.status, after.payment_plan.status) == (CaseStatus.SUMMONS_SERVED, PlanStatus.MISSED)
    assert [e.detail_type for e in transition.events] == ["InstalmentMissed"]
    # unlike the plan wait's timeout task, the watch runs while the execution waits: its token is resumed
    assert (after.task, after.pending_resume.token) == (None, "token-1")
    assert after.pending_resume.output["nextStep"] == "AWAIT_DEBTOR"


def test_the_plan_watch_leaves_a_plan_paid_on_time_or_already_missed_alone() -> None:
    case = waiting(with_plan(*PLAN), WaitStage.PLAN)
    paid = pay(case, "652.26", on="2026-04-09", now=datetime(2026, 4, 9, 12, tzinfo=UTC)).case
    assert not lifecycle.check_plan(paid, datetime(2026, 4, 20, tzinfo=UTC)).changed
    missed = lifecycle.check_plan(case, datetime(2026, 4, 15, tzinfo=UTC)).case
    assert not lifecycle.check_plan(missed, datetime(2026, 4, 15, 1, tzinfo=UTC)).changed


def test_paying_the_whole_plan_ends_the_case_as_paid() -> None:
    case = pay(with_plan(*PLAN), "652.26", on="2026-04-09", now=datetime(2026, 4, 9, 12, tzinfo=UTC)).case
    case = pay(case, "652.27", on="2026-05-08", now=datetime(2026, 5, 8, 12, tzinfo=UTC)).case
    assert case.status is CaseStatus.PAID
    assert case.payment_plan.status is PlanStatus.COMPLETED


# --- the route to the PV and enforcement ----------------------------------------------------------

def test_the_end_of_the_debtors_month_moves_the_case_to_awaiting_pv() -> None:
    case = awaiting_pv()
    assert case.status is CaseStatus.AWAITING_PV
    assert case.timeline[-1].type is TimelineType.DEBTOR_MONTH_EXPIRED


def test_the_debtors_month_does_not_expire_before_its_last_day_ends() -> None:
    assert not lifecycle.expire_debtor_month(served(), MONTH_EXPIRES_AT - timedelta(seconds=1)).changed


def test_the_pv_is_requested_on_the_pv_earliest_date_not_before() -> None:
    assert not lifecycle.request_pv(awaiting_pv(), PV_EARLIEST_AT - timedelta(seconds=1)).changed
    transition = lifecycle.request_pv(awaiting_pv(), PV_EARLIEST_AT)
    assert [e.detail_type for e in transition.events] == ["PvRequested"]
    assert transition.events[0].detail["pvEarliest"] == "2026-04-28"


def test_pv_drawn_before_pv_earliest_is_refused() -> None:
    case = awaiting_pv()
    with pytest.raises(Conflict) as refused:
        lifecycle.apply_partner_event(case, event("PV_DRAWN", drawnOn="2026-04-27"), PV_EARLIEST_AT)
    assert refused.value.code == "PV_BEFORE_EARLIEST_DATE"


def test_pv_drawn_on_pv_earliest_is_accepted() -> None:
    assert pv_drawn().status is CaseStatus.PV_DRAWN


def test_an_enforceable_title_starts_the_enforcement() -> None:
    assert in_enforcement().status is CaseStatus.ENFORCEMENT


@pytest.mark.parametrize(("outcome", "amount", "status"), [
    ("RECOVERED", "1304.53", CaseStatus.PAID),
    ("UNRECOVERABLE", "0.00", CaseStatus.UNRECOVERABLE),
    ("UNRECOVERABLE", "200.00", CaseStatus.UNRECOVERABLE),
])
def test_the_end_of_enforcement_closes_the_case(outcome: str, amount: str, status: CaseStatus) -> None:
    case = lifecycle.apply_partner_event(in_enforcement(), event("ENFORCEMENT_CLOSED", outcome=outcome,
                                                                 amount=amount), datetime(2026, 6, 1, tzinfo=UTC)).case
    assert case.status is status
    assert case.collected == Decimal(amount)
    assert case.forwarded == min(Decimal(amount), Decimal("1250.00"))


@pytest.mark.parametrize(("stage", "type_", "fields"), [
    (submitted, "SUMMONS_SERVED", {"servedOn": "2026-03-16"}),
    (served, "SUMMONS_SERVED", {"servedOn": "2026-03-18"}),
    (submitted, "DEBTOR_PAYMENT", {"amount": "10.00", "paidOn": "2026-03-16"}),
    (accepted, "DEBTOR_CONTESTED", {"reason": "no", "on": "2026-03-16"}),
    (awaiting_pv, "PAYMENT_PLAN_AGREED", {"installments": [{"dueOn": "2026-05-01", "amount": "1304.53"}]}),
    (served, "PV_DRAWN", {"drawnOn": "2026-03-18"}),
    (awaiting_pv, "TITLE_ENFORCEABLE", {"on": "2026-04-21"}),
    (pv_drawn, "ENFORCEMENT_CLOSED", {"outcome": "RECOVERED", "amount": "0"}),
])
def test_an_event_that_does_not_fit_the_status_is_refused(stage, type_: str, fields: dict) -> None:
    case = stage()
    with pytest.raises(Conflict) as refused:
        lifecycle.apply_partner_event(case, event(type_, **fields), datetime(2026, 6, 1, tzinfo=UTC))
    assert refused.value.code == "EVENT_DOES_NOT_FIT"


def test_no_event_applies_to_a_closed_case() -> None:
    paid = pay(served(), str(TOTAL)).case
    with pytest.raises(Conflict) as refused:
        pay(paid, "1.00")
    assert refused.value.code == "CASE_CLOSED"


# --- creditor actions -----------------------------------------------------------------------------

def test_a_creditor_report_is_on_the_timeline_and_passed_on_to_go_solid() -> None:
    transition = lifecycle.apply_creditor_report(served(), report("CUSTOMER_CONTACTED", note="called me"), LATER)
    assert transition.case.status is CaseStatus.SUMMONS_SERVED
    assert transition.case.timeline[-1].type is TimelineType.CREDITOR_REPORT
    assert transition.case.timeline[-1].note == "called me"
    assert transition.events[0].detail_type == "CreditorReported"
    assert transition.events[0].detail["type"] == "CUSTOMER_CONTACTED"


def test_paid_directly_reduces_what_is_outstanding() -> None:
    case = lifecycle.apply_creditor_report(served(), report("PAID_DIRECTLY", amount="250.00"), LATER).case
    assert case.paid_directly == Decimal("250.00")
    assert case.principal_outstanding == Decimal("1000.00")
    assert case.outstanding == TOTAL - Decimal("250.00")
    assert case.status is CaseStatus.SUMMONS_SERVED


def test_the_invoices_paid_directly_in_full_close_the_case_as_paid() -> None:
    case = lifecycle.apply_creditor_report(served(), report("PAID_DIRECTLY", amount="1250.00"), LATER).case
    assert case.status is CaseStatus.PAID


def test_paid_directly_more_than_the_unpaid_invoices_is_refused() -> None:
    with pytest.raises(InvalidInput):
        lifecycle.apply_creditor_report(served(), report("PAID_DIRECTLY", amount="1250.01"), LATER)


def test_withdrawal_closes_the_case_and_resumes_the_waiting_task() -> None:
    case = waiting(served(), WaitStage.DEBTOR_MONTH)
    case = lifecycle.withdraw(case, "we settled", LATER).case
    assert case.status is CaseStatus.WITHDRAWN
    assert case.pending_resume.token == "token-1"
    assert case.pending_resume.output["terminal"] is True
    assert case.pending_events[-1].detail["reason"] == "we settled"


def test_a_closed_case_cannot_be_withdrawn() -> None:
    with pytest.raises(Conflict):
        lifecycle.withdraw(lifecycle.withdraw(served(), "once", LATER).case, "twice", LATER)


# --- workflow tokens and attention ----------------------------------------------------------------

def test_a_waiting_token_is_kept_until_the_case_moves_then_resumed_once() -> None:
    case = waiting(accepted(), WaitStage.SUMMONS_SERVICE)
    assert case.task.token == "token-1"
    moved = lifecycle.apply_partner_event(case, event("SUMMONS_SERVED", servedOn=SERVED_ON.isoformat()), LATER).case
    assert (moved.task, moved.pending_resume.token) == (None, "token-1")
    assert moved.pending_resume.output["status"] == "SUMMONS_SERVED"
    again = pay(moved.model_copy(update={"pending_resume": None}), "10.00").case
    assert again.pending_resume is None


def test_a_wait_registered_after_its_event_resumes_at_once() -> None:
    case = waiting(served(), WaitStage.SUMMONS_SERVICE, token="late-token")
    assert case.task is None
    assert case.pending_resume.token == "late-token"


def test_a_workflow_action_drops_a_stale_token() -> None:
    case = waiting(served(), WaitStage.DEBTOR_MONTH)
    assert lifecycle.expire_debtor_month(case, MONTH_EXPIRES_AT).case.task is None


def test_parking_flags_needs_attention_and_keeps_the_legal_status() -> None:
    transition = lifecycle.park(served(), "AwaitDebtor", "States.TaskFailed", "boom", LATER)
    assert transition.case.status is CaseStatus.SUMMONS_SERVED
    assert transition.case.attention is not None
    assert [a.metric for a in transition.alerts] == [lifecycle.NEEDS_ATTENTION]
    assert transition.events[0].detail_type == "CaseNeedsAttention"


def test_a_parked_case_still_takes_partner_events_and_closing_clears_the_flag() -> None:
    parked = lifecycle.park(served(), "AwaitDebtor", "States.TaskFailed", "boom", LATER).case
    paid = pay(parked, str(TOTAL)).case
    assert paid.status is CaseStatus.PAID
    assert paid.attention is None


def test_event_ids_are_unique_within_a_case() -> None:
    case = pay(in_enforcement(), str(TOTAL), now=datetime(2026, 6, 1, tzinfo=UTC)).case
    ids = [e.detail["eventId"] for e in case.pending_events]
    assert len(ids) == len(set(ids)) == case.events_emitted
