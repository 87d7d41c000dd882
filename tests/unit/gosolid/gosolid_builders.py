"""Builders for Go Solid cases at each stage, on a fixed calendar (used by unit and integration tests).

Submitted Monday 16 March 2026 10:30 Brussels; accepted an hour later; served Wednesday 18 March:
response deadline Monday 20 April (18 April is a Saturday), PV earliest Tuesday 28 April."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import TypeAdapter

from extra_services.belgian_calendar import brussels_date
from extra_services.caller import Channel
from extra_services.eligibility.declaration import DeclarationRecord
from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import Case, WaitStage
from extra_services.gosolid.partner_events import PartnerEventIn
from extra_services.gosolid.requests import CaseRequest, CreditorReportIn
from extra_services.gosolid.screening import ScreeningDecision
from extra_services.gosolid.submission import claim_for

CREDITOR = "0403170701"
DEBTOR = "0202239951"
SUBMITTED_AT = datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
ACCEPTED_AT = SUBMITTED_AT + timedelta(hours=1)
SERVED_ON = date(2026, 3, 18)
RESPONSE_DEADLINE = date(2026, 4, 20)
MONTH_EXPIRES_AT = datetime(2026, 4, 20, 22, 0, tzinfo=UTC)     # 21 April 00:00 Brussels
PV_EARLIEST = date(2026, 4, 28)
PV_EARLIEST_AT = datetime(2026, 4, 27, 22, 0, tzinfo=UTC)

_EVENTS: TypeAdapter[PartnerEventIn] = TypeAdapter(PartnerEventIn)


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "creditorEnterpriseNumber": "BE 0403.170.701",
        "declaration": {"accepted": True, "wordingVersion": "2025-01"},
        "debtor": {"enterpriseNumber": "0202.239.951", "name": "Débiteur SA", "email": "ap@debiteur.be"},
        "invoices": [{"number": "F-2026-001", "issueDate": "2026-01-02", "dueDate": "2026-02-01", "amount": "1000.00"},
                     {"number": "F-2026-002", "issueDate": "2026-01-15", "dueDate": "2026-02-14", "amount": "250.00"}],
        "evidence": [{"kind": "INVOICE", "documentId": "doc-1"}, {"kind": "REMINDER", "documentId": "doc-2"}],
    }
    data.update(overrides)
    return data


def request(**overrides: Any) -> CaseRequest:
    return CaseRequest.model_validate(body(**overrides))


def declaration(at: datetime = SUBMITTED_AT, customer_id: str = "C-1") -> DeclarationRecord:
    return DeclarationRecord(customer_id, CREDITOR, "go-solid", "2025-01", Channel.MOBILE, at)


def event(type_: str, **fields: Any) -> PartnerEventIn:
    return _EVENTS.validate_python({"type": type_, **fields})


def report(type_: str, **fields: Any) -> CreditorReportIn:
    return CreditorReportIn.model_validate({"type": type_, **fields})


def submitted(**overrides: Any) -> Case:
    opened = request(**overrides)
    return lifecycle.open_case(opened, case_id="case-1", declaration=declaration(),
                               claim=claim_for(opened, brussels_date(SUBMITTED_AT)), now=SUBMITTED_AT).case


def accepted() -> Case:
    return lifecycle.decide(submitted(), ScreeningDecision((), 40), ACCEPTED_AT).case


def served() -> Case:
    case = lifecycle.request_summons(accepted(), ACCEPTED_AT).case
    return lifecycle.apply_partner_event(case, event("SUMMONS_SERVED", servedOn=SERVED_ON.isoformat()),
                                         datetime(2026, 3, 18, 15, tzinfo=UTC)).case


def awaiting_pv() -> Case:
    return lifecycle.expire_debtor_month(served(), MONTH_EXPIRES_AT).case


def pv_drawn() -> Case:
    case = lifecycle.request_pv(awaiting_pv(), PV_EARLIEST_AT).case
    return lifecycle.apply_partner_event(case, event("PV_DRAWN", drawnOn=PV_EARLIEST.isoformat()),
                                         PV_EARLIEST_AT + timedelta(hours=12)).case


def in_enforcement() -> Case:
    return lifecycle.apply_partner_event(pv_drawn(), event("TITLE_ENFORCEABLE", on="2026-05-12"),
                                         datetime(2026, 5, 12, 12, tzinfo=UTC)).case


def with_plan(*instalments: tuple[str, str]) -> Case:
    case = served()
    plan = event("PAYMENT_PLAN_AGREED", installments=[{"dueOn": d, "amount": a} for d, a in instalments])
    return lifecycle.apply_partner_event(case, plan, datetime(2026, 3, 25, 10, tzinfo=UTC)).case


def waiting(case: Case, stage: WaitStage, token: str = "token-1", now: datetime | None = None) -> Case:
    return lifecycle.register_wait(case, stage, token, now or case.status_since).case
