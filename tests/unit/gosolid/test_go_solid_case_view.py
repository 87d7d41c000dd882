"""The case as the creditor sees it (API.md GET /v1/go-solid/cases/{caseId})."""
from __future__ import annotations

from datetime import UTC, datetime

from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import RejectionReason
from extra_services.gosolid.responses import case_out
from extra_services.gosolid.screening import ScreeningDecision
from tests.unit.gosolid.gosolid_builders import event, submitted, with_plan


def test_the_case_has_exactly_the_fields_of_api_md_plus_documented_additions() -> None:
    out = case_out(submitted()).model_dump(mode="json")
    assert set(out) >= {"caseId", "status", "rejectionReasons", "creditorEnterpriseNumber", "debtor", "invoices",
                        "amounts", "deadlines", "creditorOwesFees", "paymentPlan", "timeline"}
    assert set(out["amounts"]) >= {"principal", "increase", "flatFee", "totalClaimed", "collected",
                                   "forwardedToCreditor"}
    assert set(out["deadlines"]) >= {"acceptanceDecisionDue", "summonsServiceDue", "responseDeadline", "pvEarliest"}
    assert out["amounts"]["principal"] == "1250.00"
    assert out["invoices"][0] == {"number": "F-2026-001", "issueDate": "2026-01-02", "dueDate": "2026-02-01",
                                  "amount": "1000.00", "currency": "EUR"}
    assert out["debtor"]["enterpriseNumber"] == "0202239951"


def test_before_acceptance_all_four_deadlines_are_shown_as_expected() -> None:
    deadlines = case_out(submitted()).model_dump(mode="json")["deadlines"]
    assert deadlines == {"acceptanceDecisionDue": "2026-03-16T13:30:00Z", "summonsServiceDue": "2026-03-20T16:00:00Z",
                         "responseDeadline": "2026-04-20", "pvEarliest": "2026-04-28",
                         "expected": ["summonsServiceDue", "responseDeadline", "pvEarliest"]}


def test_a_rejected_case_shows_only_the_deadline_that_applied() -> None:
    rejected = lifecycle.decide(submitted(), ScreeningDecision((RejectionReason.CONSUMER_DEBTOR,), 40),
                                datetime(2026, 3, 16, 10, tzinfo=UTC)).case
    out = case_out(rejected).model_dump(mode="json")
    assert out["rejectionReasons"] == ["CONSUMER_DEBTOR"]
    assert out["deadlines"]["summonsServiceDue"] is None
    assert out["deadlines"]["pvEarliest"] is None


def test_the_timeline_lists_events_with_times_and_only_the_fields_each_has() -> None:
    timeline = case_out(with_plan(("2026-04-10", "1304.53"))).model_dump(mode="json")["timeline"]
    assert timeline[0] == {"at": "2026-03-16T09:30:00Z", "type": "SUBMITTED", "by": "CREDITOR", "amount": "1304.53"}
    assert timeline[1] == {"at": "2026-03-16T10:30:00Z", "type": "ACCEPTED", "by": "SYSTEM"}
    assert {"at": "2026-03-18T15:00:00Z", "type": "SUMMONS_SERVED", "by": "PARTNER", "on": "2026-03-18"} in timeline


def test_the_payment_plan_shows_each_instalment_with_what_was_paid() -> None:
    case = with_plan(("2026-04-10", "652.26"), ("2026-05-11", "652.27"))
    case = lifecycle.apply_partner_event(case, event("DEBTOR_PAYMENT", amount="100.00", paidOn="2026-04-01"),
                                         datetime(2026, 4, 1, 10, tzinfo=UTC)).case
    plan = case_out(case).model_dump(mode="json")["paymentPlan"]
    assert plan == {"status": "ACTIVE", "installments": [
        {"dueOn": "2026-04-10", "amount": "652.26", "paidAmount": "100.00"},
        {"dueOn": "2026-05-11", "amount": "652.27", "paidAmount": "0.00"}]}
