"""The details of the domain events a Go Solid case publishes (source `extra-services.gosolid`), as
models: what gosolid/case_events.py and lifecycle.py write, for the event catalogue (docs/events/).

Every detail starts with the same five fields (eventId, occurredAt, caseId, creditorEnterpriseNumber,
submittedBy: _Change.emit in lifecycle.py); the rest is the keyword arguments of each `emit`."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from extra_services.event_details import Day, EnterpriseNumberText, EventDetail, Instant, Money
from extra_services.gosolid import case_events as ev
from extra_services.gosolid.case import CaseStatus, CreditorReportType, EvidenceKind, RejectionReason

SOURCE = ev.SOURCE


class CaseEventDetail(EventDetail):
    event_id: str = Field(description="Unique per case and stable across retries: consumers de-duplicate on it")
    occurred_at: Instant
    case_id: str
    creditor_enterprise_number: EnterpriseNumberText
    submitted_by: str = Field(description="The customer id of the person who submitted the case (the notifier's "
                                          "recipient); partner-facing rules drop it")


class CaseSubmitted(CaseEventDetail):
    """A creditor submitted a case; screening follows (decision due within 4 working hours)."""

    debtor_enterprise_number: EnterpriseNumberText
    total_claimed: Money
    acceptance_decision_due: Instant


class CaseAccepted(CaseEventDetail):
    """Screening accepted the case; the summons is requested next."""

    debtor_enterprise_number: EnterpriseNumberText
    debtor_name: str
    accepted_at: Instant
    summons_service_due: Instant | None
    decided_late: bool = Field(description="The screening decided after its 4-working-hour limit")


class CaseRejected(CaseEventDetail):
    """Screening rejected the case, with the reasons."""

    debtor_enterprise_number: EnterpriseNumberText
    debtor_name: str
    reasons: list[RejectionReason]


class CreditorRef(EventDetail):
    enterprise_number: EnterpriseNumberText


class SummonsDebtor(EventDetail):
    enterprise_number: EnterpriseNumberText
    name: str
    email: str | None
    phone: str | None


class SummonsInvoice(EventDetail):
    number: str
    issue_date: Day
    due_date: Day
    amount: Money
    currency: str
    late_interest_days: int
    late_interest: Money


class SummonsAmounts(EventDetail):
    calculated_on: Day
    principal: Money
    late_interest: Money
    contractual_penalty_percent: str | None
    contractual_penalty: Money
    increase_cap: Money
    increase: Money
    flat_fee: Money
    total_claimed: Money


class SummonsEvidence(EventDetail):
    kind: EvidenceKind
    document_id: str


class SummonsRequested(CaseEventDetail):
    """Everything the bailiff needs for a summons under art. 1394/21 Judicial Code."""

    creditor: CreditorRef
    debtor: SummonsDebtor
    invoices: list[SummonsInvoice]
    amounts: SummonsAmounts
    evidence: list[SummonsEvidence]
    summons_service_due: Instant | None


class SummonsServed(CaseEventDetail):
    """The bailiff served the summons: the debtor's month runs to responseDeadline."""

    debtor_name: str
    served_on: Day
    response_deadline: Day | None
    pv_earliest: Day | None


class AgreedInstalment(EventDetail):
    due_on: Day
    amount: Money


class PaymentPlanAgreed(CaseEventDetail):
    """The debtor agreed a payment plan with the bailiff."""

    debtor_name: str
    installments: list[AgreedInstalment]


class PaymentForwarded(CaseEventDetail):
    """A debtor's payment was received; the invoices' part is forwarded to the creditor."""

    debtor_name: str
    amount: Money = Field(description="The part of the payment forwarded to the creditor")
    paid_on: Day
    collected: Money = Field(description="What the debtor paid")
    forwarded_total: Money
    outstanding: Money


class InstalmentMissed(CaseEventDetail):
    """An instalment was not paid by the end of its grace period: the route to the PV resumes."""

    debtor_name: str
    instalment: Annotated[int, Field(ge=1, description="1-based, as the debtor's plan numbers them")]
    due_on: Day
    amount: Money
    paid_amount: Money
    status: CaseStatus


class PvDebtor(EventDetail):
    enterprise_number: EnterpriseNumberText
    name: str


class PvRequested(CaseEventDetail):
    """The PV of non-contestation is requested from the bailiff (on the PV-earliest date)."""

    debtor: PvDebtor
    served_on: Day | None
    response_deadline: Day | None
    pv_earliest: Day
    outstanding: Money


class CreditorReported(CaseEventDetail):
    """The creditor reported contact, an arrangement or a direct payment; passed on to Go Solid."""

    type: CreditorReportType
    status: CaseStatus
    amount: Money | None
    note: str | None


class CaseClosed(CaseEventDetail):
    """The case ended: PAID, UNRECOVERABLE, CONTESTED or WITHDRAWN (REJECTED is CaseRejected)."""

    status: CaseStatus
    debtor_name: str
    collected: Money
    forwarded_to_creditor: Money
    paid_directly: Money
    creditor_owes_fees: bool
    reason: str | None = Field(description="The creditor's reason, for a withdrawal")


class CaseNeedsAttention(CaseEventDetail):
    """The workflow parked the case (an unexpected failure, or the bailiff silent past its escalation): a person
    follows up."""

    status: CaseStatus
    stage: Annotated[str, Field(max_length=64)]
    error: Annotated[str, Field(max_length=128)]


DETAILS: dict[str, type[CaseEventDetail]] = {
    ev.CASE_SUBMITTED: CaseSubmitted,
    ev.CASE_ACCEPTED: CaseAccepted,
    ev.CASE_REJECTED: CaseRejected,
    ev.SUMMONS_REQUESTED: SummonsRequested,
    ev.SUMMONS_SERVED: SummonsServed,
    ev.PAYMENT_PLAN_AGREED: PaymentPlanAgreed,
    ev.PAYMENT_FORWARDED: PaymentForwarded,
    ev.INSTALMENT_MISSED: InstalmentMissed,
    ev.PV_REQUESTED: PvRequested,
    ev.CREDITOR_REPORTED: CreditorReported,
    ev.CASE_CLOSED: CaseClosed,
    ev.CASE_NEEDS_ATTENTION: CaseNeedsAttention,
}
