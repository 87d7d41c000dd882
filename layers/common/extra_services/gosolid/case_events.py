"""The domain events a Go Solid case publishes (source `extra-services.gosolid`).

Every detail carries eventId (unique per case, stable across retries of the same change:
consumers de-duplicate on it), occurredAt, caseId, creditorEnterpriseNumber and submittedBy
(the customer id of the person who submitted: the notifier's recipient). Partner-facing rules
should drop submittedBy with an input transformer."""
from __future__ import annotations

from typing import Any

from extra_services.clock import iso_instant
from extra_services.gosolid.case import Case
from extra_services.money import format_money

SOURCE = "extra-services.gosolid"

CASE_SUBMITTED = "CaseSubmitted"
CASE_ACCEPTED = "CaseAccepted"
CASE_REJECTED = "CaseRejected"
SUMMONS_REQUESTED = "SummonsRequested"
SUMMONS_SERVED = "SummonsServed"
PAYMENT_PLAN_AGREED = "PaymentPlanAgreed"
PAYMENT_FORWARDED = "PaymentForwarded"
INSTALMENT_MISSED = "InstalmentMissed"
PV_REQUESTED = "PvRequested"
CREDITOR_REPORTED = "CreditorReported"
CASE_CLOSED = "CaseClosed"
CASE_NEEDS_ATTENTION = "CaseNeedsAttention"


def summons_content(case: Case) -> dict[str, Any]:
    """Everything the bailiff needs for a summons under art. 1394/21 (SummonsRequested)."""
    claim = case.claim
    interest = {line.number: line for line in claim.invoice_interest}
    return {
        "creditor": {"enterpriseNumber": case.creditor_enterprise_number},
        "debtor": {"enterpriseNumber": case.debtor.enterprise_number, "name": case.debtor.name,
                   "email": case.debtor.email, "phone": case.debtor.phone},
        "invoices": [{"number": i.number, "issueDate": i.issue_date.isoformat(), "dueDate": i.due_date.isoformat(),
                      "amount": format_money(i.amount), "currency": i.currency,
                      "lateInterestDays": interest[i.number].days,
                      "lateInterest": format_money(interest[i.number].interest)} for i in case.invoices],
        "amounts": {"calculatedOn": claim.calculated_on.isoformat(), "principal": format_money(claim.principal),
                    "lateInterest": format_money(claim.late_interest),
                    "contractualPenaltyPercent": (None if claim.contractual_penalty_percent is None
                                                  else str(claim.contractual_penalty_percent)),
                    "contractualPenalty": format_money(claim.contractual_penalty),
                    "increaseCap": format_money(claim.increase_cap), "increase": format_money(claim.increase),
                    "flatFee": format_money(claim.flat_fee), "totalClaimed": format_money(claim.total_claimed)},
        "evidence": [{"kind": e.kind.value, "documentId": e.document_id} for e in case.evidence],
        "summonsServiceDue": iso_instant(case.summons_service_due) if case.summons_service_due else None,
    }
