"""The Go Solid case aggregate: what is stored, and what follows from it (amounts, deadlines).

Statuses are API.md's. "Needs attention" is not a status: a parked case keeps its legal
position (the debtor's rights do not change because our workflow failed), so it is an
`attention` flag beside the status, shown as `needsAttention` in the API
(docs/decisions/gosolid-case-lifecycle.md)."""
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict

from extra_services.caller import Channel
from extra_services.gosolid.deadlines import (
    acceptance_decision_due,
    case_deadlines,
    debtor_month_expires_at,
    pv_earliest,
    response_deadline,
    summons_service_due,
)
from extra_services.money import ZERO


class EvidenceKind(StrEnum):
    INVOICE = "INVOICE"
    ORDER = "ORDER"
    CONTRACT = "CONTRACT"
    REMINDER = "REMINDER"


class CreditorReportType(StrEnum):
    CUSTOMER_CONTACTED = "CUSTOMER_CONTACTED"
    ARRANGEMENT = "ARRANGEMENT"
    PAID_DIRECTLY = "PAID_DIRECTLY"


class EnforcementOutcome(StrEnum):
    RECOVERED = "RECOVERED"
    UNRECOVERABLE = "UNRECOVERABLE"


class CaseStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    SUMMONS_SERVED = "SUMMONS_SERVED"
    PAYMENT_PLAN = "PAYMENT_PLAN"
    AWAITING_PV = "AWAITING_PV"
    PV_DRAWN = "PV_DRAWN"
    ENFORCEMENT = "ENFORCEMENT"
    PAID = "PAID"
    UNRECOVERABLE = "UNRECOVERABLE"
    CONTESTED = "CONTESTED"
    WITHDRAWN = "WITHDRAWN"


TERMINAL = frozenset({CaseStatus.REJECTED, CaseStatus.PAID, CaseStatus.UNRECOVERABLE,
                      CaseStatus.CONTESTED, CaseStatus.WITHDRAWN})


class RejectionReason(StrEnum):
    DEBTOR_NOT_REGISTERED = "DEBTOR_NOT_REGISTERED"
    DEBTOR_INACTIVE = "DEBTOR_INACTIVE"
    PUBLIC_AUTHORITY = "PUBLIC_AUTHORITY"
    CONSUMER_DEBTOR = "CONSUMER_DEBTOR"
    INSOLVENT_DEBTOR = "INSOLVENT_DEBTOR"
    CREDITOR_NOT_ELIGIBLE = "CREDITOR_NOT_ELIGIBLE"


class TimelineType(StrEnum):
    SUBMITTED = "SUBMITTED"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    SUMMONS_REQUESTED = "SUMMONS_REQUESTED"
    SUMMONS_SERVED = "SUMMONS_SERVED"
    DEBTOR_PAYMENT = "DEBTOR_PAYMENT"
    PAYMENT_FORWARDED = "PAYMENT_FORWARDED"
    PAYMENT_PLAN_AGREED = "PAYMENT_PLAN_AGREED"
    INSTALMENT_MISSED = "INSTALMENT_MISSED"
    PAYMENT_PLAN_ENDED = "PAYMENT_PLAN_ENDED"
    DEBTOR_CONTESTED = "DEBTOR_CONTESTED"
    DEBTOR_MONTH_EXPIRED = "DEBTOR_MONTH_EXPIRED"
    PV_REQUESTED = "PV_REQUESTED"
    PV_DRAWN = "PV_DRAWN"
    TITLE_ENFORCEABLE = "TITLE_ENFORCEABLE"
    ENFORCEMENT_CLOSED = "ENFORCEMENT_CLOSED"
    CREDITOR_REPORT = "CREDITOR_REPORT"
    WITHDRAWN = "WITHDRAWN"
    CLOSED = "CLOSED"


class Actor(StrEnum):
    CREDITOR = "CREDITOR"
    PARTNER = "PARTNER"      # Go Solid and its bailiff, through the partner callbacks
    SYSTEM = "SYSTEM"


class WaitStage(StrEnum):
    """What a `.waitForTaskToken` state of the collection workflow is waiting for."""

    SUMMONS_SERVICE = "SUMMONS_SERVICE"
    DEBTOR_MONTH = "DEBTOR_MONTH"
    PLAN = "PLAN"
    PV = "PV"
    TITLE = "TITLE"
    ENFORCEMENT = "ENFORCEMENT"


WAITING_STATUS: dict[WaitStage, CaseStatus] = {
    WaitStage.SUMMONS_SERVICE: CaseStatus.ACCEPTED,
    WaitStage.DEBTOR_MONTH: CaseStatus.SUMMONS_SERVED,
    WaitStage.PLAN: CaseStatus.PAYMENT_PLAN,
    WaitStage.PV: CaseStatus.AWAITING_PV,
    WaitStage.TITLE: CaseStatus.PV_DRAWN,
    WaitStage.ENFORCEMENT: CaseStatus.ENFORCEMENT,
}

# The statuses in which the case waits for Go Solid's bailiff (not for the debtor).
PARTNER_WAIT: dict[CaseStatus, WaitStage] = {
    CaseStatus.ACCEPTED: WaitStage.SUMMONS_SERVICE,
    CaseStatus.AWAITING_PV: WaitStage.PV,
    CaseStatus.PV_DRAWN: WaitStage.TITLE,
    CaseStatus.ENFORCEMENT: WaitStage.ENFORCEMENT,
}


class PlanStatus(StrEnum):
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    MISSED = "MISSED"


class _Value(BaseModel):
    # defer_build: the schemas are built on first use, as for the API models (extra_services.api_models).
    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)


class Debtor(_Value):
    enterprise_number: str
    name: str
    email: str | None = None
    phone: str | None = None


class Invoice(_Value):
    number: str
    issue_date: date
    due_date: date
    amount: Decimal
    currency: str = "EUR"


class Evidence(_Value):
    kind: EvidenceKind
    document_id: str


class InvoiceInterestLine(_Value):
    number: str
    days: int
    interest: Decimal


class Claim(_Value):
    """What the summons claims, computed once on the submission date (amounts.py)."""

    calculated_on: date
    principal: Decimal
    late_interest: Decimal
    contractual_penalty_percent: Decimal | None = None
    contractual_penalty: Decimal
    increase_cap: Decimal
    increase: Decimal
    flat_fee: Decimal
    total_claimed: Decimal
    invoice_interest: tuple[InvoiceInterestLine, ...] = ()
    carried_forward_semesters: tuple[str, ...] = ()


class Instalment(_Value):
    due_on: date
    amount: Decimal
    paid_amount: Decimal = ZERO

    @property
    def left(self) -> Decimal:
        return max(self.amount - self.paid_amount, ZERO)

    @property
    def paid(self) -> bool:
        return self.left == ZERO


class PaymentPlan(_Value):
    agreed_at: AwareDatetime
    status: PlanStatus = PlanStatus.ACTIVE
    instalments: tuple[Instalment, ...]

    def first_unpaid(self) -> int | None:
        """Index of the instalment the debtor must pay next, while the plan runs."""
        if self.status is not PlanStatus.ACTIVE:
            return None
        return next((i for i, instalment in enumerate(self.instalments) if not instalment.paid), None)


class TimelineEntry(_Value):
    at: AwareDatetime
    type: TimelineType
    by: Actor
    on: date | None = None
    amount: Decimal | None = None
    status: CaseStatus | None = None
    reasons: tuple[RejectionReason, ...] = ()
    report_type: CreditorReportType | None = None
    outcome: EnforcementOutcome | None = None
    instalment: int | None = None     # 1-based, as the debtor's plan numbers them
    note: str | None = None


class WaitingTask(_Value):
    """The task token of the workflow state waiting on this case, and the progress it waits from."""

    token: str
    stage: WaitStage
    marker: str
    since: AwareDatetime


class PendingEvent(_Value):
    """A domain event written with the change that caused it, published after the write."""

    detail_type: str
    detail: dict[str, Any]


class PendingResume(_Value):
    """A task token to resume after the write (SendTaskSuccess), with the workflow's output."""

    token: str
    output: dict[str, Any]


class Attention(_Value):
    stage: str
    error: str
    cause: str
    since: AwareDatetime


class KnownDeadlines(_Value):
    acceptance_decision_due: AwareDatetime
    summons_service_due: AwareDatetime | None = None
    response_deadline: date | None = None
    pv_earliest: date | None = None
    expected: tuple[str, ...] = ()


class Case(_Value):
    case_id: str
    version: int = 0
    status: CaseStatus
    status_since: AwareDatetime
    submitted_at: AwareDatetime
    submitted_by: str
    submitted_via: Channel
    declaration: dict[str, str]
    creditor_enterprise_number: str
    debtor: Debtor
    invoices: tuple[Invoice, ...]
    evidence: tuple[Evidence, ...] = ()
    claim: Claim
    collected: Decimal = ZERO
    forwarded: Decimal = ZERO
    paid_directly: Decimal = ZERO
    rejection_reasons: tuple[RejectionReason, ...] = ()
    creditor_owes_fees: bool = False
    decided_at: AwareDatetime | None = None
    accepted_at: AwareDatetime | None = None
    summons_requested_at: AwareDatetime | None = None
    served_on: date | None = None
    pv_requested_at: AwareDatetime | None = None
    pv_drawn_on: date | None = None
    title_enforceable_on: date | None = None
    closed_at: AwareDatetime | None = None
    payment_plan: PaymentPlan | None = None
    timeline: tuple[TimelineEntry, ...] = ()
    task: WaitingTask | None = None
    pending_events: tuple[PendingEvent, ...] = ()
    pending_resume: PendingResume | None = None
    attention: Attention | None = None
    events_emitted: int = 0
    request_hash: str | None = None     # of the submitted body: an Idempotency-Key replay must match it

    # ------------------------------------------------------------------ state
    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL

    @property
    def outstanding(self) -> Decimal:
        """What the debtor still owes on the file (principal + increase + flat fee)."""
        return max(self.claim.total_claimed - self.collected - self.paid_directly, ZERO)

    @property
    def principal_outstanding(self) -> Decimal:
        """The part of the invoices the creditor has not received yet (collected or directly)."""
        return max(self.claim.principal - self.forwarded - self.paid_directly, ZERO)

    def progress_marker(self) -> str:
        """Changes whenever a waiting workflow state should move on: only the status. An
        instalment paid keeps the plan's wait (the whole plan is awaited at once)."""
        return self.status.value

    # -------------------------------------------------------------- deadlines
    @property
    def response_deadline(self) -> date | None:
        return response_deadline(self.served_on) if self.served_on else None

    @property
    def pv_earliest(self) -> date | None:
        answer_due = self.response_deadline
        return pv_earliest(answer_due) if answer_due else None

    @property
    def debtor_month_expires_at(self) -> datetime | None:
        answer_due = self.response_deadline
        return debtor_month_expires_at(answer_due) if answer_due else None

    @property
    def summons_service_due(self) -> datetime | None:
        return summons_service_due(self.accepted_at) if self.accepted_at else None

    def deadlines(self) -> KnownDeadlines:
        """The four deadlines: fixed once their event happened, expected (each missing event at
        its limit) while it may still happen, absent when it never will (rejected, withdrawn...)."""
        expected = case_deadlines(self.submitted_at, accepted_at=self.accepted_at, served_on=self.served_on)
        may_be_accepted = self.status is CaseStatus.SUBMITTED
        may_be_served = self.served_on is None and self.status in {CaseStatus.SUBMITTED, CaseStatus.ACCEPTED}
        known = KnownDeadlines(acceptance_decision_due=acceptance_decision_due(self.submitted_at))
        if self.accepted_at is not None or may_be_accepted:
            known = known.model_copy(update={"summons_service_due": expected.summons_service_due})
        if self.served_on is not None or may_be_served:
            known = known.model_copy(update={"response_deadline": expected.response_deadline,
                                             "pv_earliest": expected.pv_earliest})
        names = (["summonsServiceDue"] if may_be_accepted else []) + (
            ["responseDeadline", "pvEarliest"] if may_be_served else [])
        return known.model_copy(update={"expected": tuple(names)})
