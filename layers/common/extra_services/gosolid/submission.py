"""Submission rules that need today's date, and the claim a case is opened with.

The request models check the shape (1-5 invoices, EUR, amounts, enterprise numbers, debtor is
not the creditor); here: every invoice is due (exigible) and not older than the late-interest
table, and a case carries the creditor's invoice as evidence for the summons (art. 1394/21)."""
from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from extra_services.errors import InvalidInput
from extra_services.gosolid.amounts import ClaimAmounts, InvoiceToRecover, claim_amounts
from extra_services.gosolid.case import Claim, EvidenceKind, InvoiceInterestLine
from extra_services.rates.late_interest import LATE_INTEREST_ANNUAL_PERCENT

if TYPE_CHECKING:
    from extra_services.gosolid.requests import CaseRequest

# Interest runs from the day after the due date: the table must cover that day.
OLDEST_DUE_DATE = LATE_INTEREST_ANNUAL_PERCENT.rows[0].valid_from - timedelta(days=1)


def check_invoice_dates(request: CaseRequest, today: date) -> None:
    """422 for an invoice not yet due, issued in the future, or older than the rate table."""
    details: list[dict[str, Any]] = []
    for index, invoice in enumerate(request.invoices):
        where = f"body.invoices[{index}]"
        if invoice.due_date > today:
            details.append({"field": f"{where}.dueDate",
                            "message": f"invoice {invoice.number} is not yet due (due {invoice.due_date.isoformat()})"})
        if invoice.issue_date > today:
            details.append({"field": f"{where}.issueDate",
                            "message": f"invoice {invoice.number} is dated in the future"})
        if invoice.due_date < OLDEST_DUE_DATE:
            details.append({"field": f"{where}.dueDate",
                            "message": f"invoice {invoice.number} fell due before {OLDEST_DUE_DATE.isoformat()}; "
                                       "Go Solid cannot compute its late interest"})
    if details:
        raise InvalidInput("Some invoices cannot be recovered: " + "; ".join(d["message"] for d in details) + ".",
                           details=details)


def check_evidence(request: CaseRequest) -> None:
    """The summons annexes the creditor's evidence: at least the invoice itself."""
    if not any(e.kind is EvidenceKind.INVOICE for e in request.evidence):
        raise InvalidInput("Attach at least one invoice document as evidence (kind INVOICE): the bailiff "
                           "annexes it to the summons.", code="EVIDENCE_MISSING",
                           details=[{"field": "body.evidence", "message": "at least one INVOICE document"}])


def amounts_for(request: CaseRequest, today: date) -> ClaimAmounts:
    return claim_amounts(
        [InvoiceToRecover(i.number, i.due_date, i.amount) for i in request.invoices], today,
        request.contractual_penalty.percent if request.contractual_penalty else None)


def claim_for(request: CaseRequest, today: date) -> Claim:
    amounts = amounts_for(request, today)
    return Claim(
        calculated_on=amounts.calculated_on, principal=amounts.principal, late_interest=amounts.late_interest,
        contractual_penalty_percent=amounts.contractual_penalty_percent,
        contractual_penalty=amounts.contractual_penalty, increase_cap=amounts.increase_cap,
        increase=amounts.increase, flat_fee=amounts.flat_fee, total_claimed=amounts.total_claimed,
        invoice_interest=tuple(InvoiceInterestLine(number=line.invoice.number, days=line.days,
                                                   interest=line.interest) for line in amounts.invoices),
        carried_forward_semesters=amounts.carried_forward_semesters)
