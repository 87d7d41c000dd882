"""What the Go Solid routes answer (API.md, Go Solid): camelCase, money as "1250.00", dates
YYYY-MM-DD, instants ISO 8601 in UTC ("Z")."""
from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import Field

from extra_services.api_models import ApiModel
from extra_services.clock import iso_instant
from extra_services.gosolid.amounts import ClaimAmounts
from extra_services.gosolid.case import (
    Actor,
    Case,
    CaseStatus,
    CreditorReportType,
    EnforcementOutcome,
    EvidenceKind,
    PlanStatus,
    RejectionReason,
    TimelineEntry,
    TimelineType,
)
from extra_services.gosolid.deadlines import CaseDeadlines
from extra_services.money import format_money

Money = str


def _absent(value: Any) -> bool:
    return value is None or value == []


def _optional(description: str = "") -> Any:
    return Field(default=None, exclude_if=_absent, description=description or None)


class DebtorOut(ApiModel):
    enterprise_number: str
    name: str
    email: str | None = None
    phone: str | None = None


class CaseInvoiceOut(ApiModel):
    number: str
    issue_date: str
    due_date: str
    amount: Money
    currency: str


class EvidenceOut(ApiModel):
    kind: EvidenceKind
    document_id: str


class AmountsOut(ApiModel):
    principal: Money
    increase: Money
    flat_fee: Money
    total_claimed: Money
    collected: Money = Field(description="Received from the debtor by Go Solid's bailiff")
    forwarded_to_creditor: Money = Field(description="The invoices' part of what was collected (100 %)")
    paid_directly: Money = Field(description="What the creditor reported the debtor paid it directly")
    outstanding: Money = Field(description="What the debtor still owes on the file")


class DeadlinesOut(ApiModel):
    acceptance_decision_due: str
    summons_service_due: str | None
    response_deadline: str | None
    pv_earliest: str | None
    expected: list[str] = Field(description="Deadlines still projected (their event has not happened yet)")


class InstalmentOut(ApiModel):
    due_on: str
    amount: Money
    paid_amount: Money


class PaymentPlanOut(ApiModel):
    status: PlanStatus
    installments: list[InstalmentOut]


class TimelineEntryOut(ApiModel):
    at: str
    type: TimelineType
    by: Actor
    on: str | None = _optional("The day it happened, as the partner reported it")
    amount: Money | None = _optional()
    status: CaseStatus | None = _optional()
    reasons: list[RejectionReason] | None = _optional()
    report_type: CreditorReportType | None = _optional()
    outcome: EnforcementOutcome | None = _optional()
    instalment: int | None = _optional("1-based number of the instalment")
    note: str | None = _optional()


class CaseOut(ApiModel):
    case_id: str
    status: CaseStatus
    needs_attention: bool = Field(description="The workflow failed; the bank is looking into the case")
    rejection_reasons: list[RejectionReason]
    creditor_enterprise_number: str
    submitted_at: str
    debtor: DebtorOut
    invoices: list[CaseInvoiceOut]
    contractual_penalty_percent: str | None
    evidence: list[EvidenceOut]
    amounts: AmountsOut
    deadlines: DeadlinesOut
    creditor_owes_fees: bool
    payment_plan: PaymentPlanOut | None
    timeline: list[TimelineEntryOut]


class CaseSummaryOut(ApiModel):
    case_id: str
    status: CaseStatus
    needs_attention: bool
    creditor_enterprise_number: str
    submitted_at: str
    debtor: DebtorOut
    amounts: AmountsOut
    deadlines: DeadlinesOut


class CaseListOut(ApiModel):
    items: list[CaseSummaryOut]
    next_token: str | None = None


class QuoteInterestOut(ApiModel):
    number: str
    due_date: str
    amount: Money
    late_interest_days: int
    late_interest: Money


class QuoteAmountsOut(ApiModel):
    calculated_on: str
    principal: Money
    late_interest: Money
    contractual_penalty: Money
    increase_cap: Money
    increase: Money
    flat_fee: Money
    total_claimed: Money
    creditor_receives: Money = Field(description="100 % of the principal, if collected")
    creditor_pays: Money = Field(description="Go Solid is free for the creditor")


class QuoteOut(ApiModel):
    amounts: QuoteAmountsOut
    invoices: list[QuoteInterestOut]
    expected_timeline: DeadlinesOut
    notices: list[str]


# ----------------------------------------------------------------------------- mapping
def _at(at: datetime | None) -> str | None:
    return iso_instant(at) if at else None


def _money(amount: Decimal | None) -> str | None:
    return format_money(amount) if amount is not None else None


def amounts_out(case: Case) -> AmountsOut:
    claim = case.claim
    return AmountsOut(principal=format_money(claim.principal), increase=format_money(claim.increase),
                      flat_fee=format_money(claim.flat_fee), total_claimed=format_money(claim.total_claimed),
                      collected=format_money(case.collected), forwarded_to_creditor=format_money(case.forwarded),
                      paid_directly=format_money(case.paid_directly), outstanding=format_money(case.outstanding))


def deadlines_out(case: Case) -> DeadlinesOut:
    known = case.deadlines()
    return DeadlinesOut(
        acceptance_decision_due=iso_instant(known.acceptance_decision_due),
        summons_service_due=_at(known.summons_service_due),
        response_deadline=known.response_deadline.isoformat() if known.response_deadline else None,
        pv_earliest=known.pv_earliest.isoformat() if known.pv_earliest else None,
        expected=list(known.expected))


def timeline_entry_out(entry: TimelineEntry) -> TimelineEntryOut:
    return TimelineEntryOut(
        at=iso_instant(entry.at), type=entry.type, by=entry.by,
        on=entry.on.isoformat() if entry.on else None, amount=_money(entry.amount), status=entry.status,
        reasons=list(entry.reasons) or None, report_type=entry.report_type, outcome=entry.outcome,
        instalment=entry.instalment, note=entry.note)


def _debtor_out(case: Case) -> DebtorOut:
    d = case.debtor
    return DebtorOut(enterprise_number=d.enterprise_number, name=d.name, email=d.email, phone=d.phone)


def case_out(case: Case) -> CaseOut:
    plan = case.payment_plan
    penalty = case.claim.contractual_penalty_percent
    return CaseOut(
        case_id=case.case_id, status=case.status, needs_attention=case.attention is not None,
        rejection_reasons=list(case.rejection_reasons), creditor_enterprise_number=case.creditor_enterprise_number,
        submitted_at=iso_instant(case.submitted_at), debtor=_debtor_out(case),
        invoices=[CaseInvoiceOut(number=i.number, issue_date=i.issue_date.isoformat(), due_date=i.due_date.isoformat(),
                             amount=format_money(i.amount), currency=i.currency) for i in case.invoices],
        contractual_penalty_percent=None if penalty is None else str(penalty),
        evidence=[EvidenceOut(kind=e.kind, document_id=e.document_id) for e in case.evidence],
        amounts=amounts_out(case), deadlines=deadlines_out(case), creditor_owes_fees=case.creditor_owes_fees,
        payment_plan=None if plan is None else PaymentPlanOut(status=plan.status, installments=[
            InstalmentOut(due_on=i.due_on.isoformat(), amount=format_money(i.amount),
                          paid_amount=format_money(i.paid_amount)) for i in plan.instalments]),
        timeline=[timeline_entry_out(entry) for entry in case.timeline])


def case_summary_out(case: Case) -> CaseSummaryOut:
    return CaseSummaryOut(case_id=case.case_id, status=case.status, needs_attention=case.attention is not None,
                          creditor_enterprise_number=case.creditor_enterprise_number,
                          submitted_at=iso_instant(case.submitted_at), debtor=_debtor_out(case),
                          amounts=amounts_out(case), deadlines=deadlines_out(case))


def quote_out(amounts: ClaimAmounts, timeline: CaseDeadlines) -> QuoteOut:
    notices = [f"The late-interest rate for {semester} is not published yet; the last known rate was used."
               for semester in amounts.carried_forward_semesters]
    if amounts.increase_capped:
        notices.append("The increase is capped at 10 % of the principal.")
    return QuoteOut(
        amounts=QuoteAmountsOut(
            calculated_on=amounts.calculated_on.isoformat(), principal=format_money(amounts.principal),
            late_interest=format_money(amounts.late_interest),
            contractual_penalty=format_money(amounts.contractual_penalty),
            increase_cap=format_money(amounts.increase_cap), increase=format_money(amounts.increase),
            flat_fee=format_money(amounts.flat_fee), total_claimed=format_money(amounts.total_claimed),
            creditor_receives=format_money(amounts.principal), creditor_pays="0.00"),
        invoices=[QuoteInterestOut(number=line.invoice.number, due_date=line.invoice.due_date.isoformat(),
                                   amount=format_money(line.invoice.amount), late_interest_days=line.days,
                                   late_interest=format_money(line.interest)) for line in amounts.invoices],
        expected_timeline=DeadlinesOut(
            acceptance_decision_due=iso_instant(timeline.acceptance_decision_due),
            summons_service_due=iso_instant(timeline.summons_service_due),
            response_deadline=timeline.response_deadline.isoformat(), pv_earliest=timeline.pv_earliest.isoformat(),
            expected=["acceptanceDecisionDue", "summonsServiceDue", "responseDeadline", "pvEarliest"]),
        notices=notices)
