"""Outbound NOWJOBS domain events (source "extra-services.nowjobs"): the NOWJOBS platform, its Digital
Business Partner and the notifier are driven by these. Details are camelCase JSON; money "12.53"; instants
ISO 8601 UTC. A discount code itself never travels on the bus (it is e-mailed through the outbox)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from extra_services.clock import iso_instant
from extra_services.domain_events import DomainEvent
from extra_services.money import format_money
from extra_services.nowjobs.company import Company
from extra_services.nowjobs.contract import Contract
from extra_services.nowjobs.discount_code import WelcomeDiscount
from extra_services.nowjobs.job_offer import JobOffer
from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.statuses import ContractEventType, ContractStatus
from extra_services.nowjobs.timesheet import Timesheet

SOURCE = "extra-services.nowjobs"


def _event(detail_type: str, detail: dict[str, Any]) -> DomainEvent:
    return DomainEvent(SOURCE, detail_type, detail)


def _shifts(shifts: Sequence[Shift]) -> list[dict[str, Any]]:
    return [{"start": iso_instant(s.start), "end": iso_instant(s.end), "breakMinutes": s.break_minutes}
            for s in shifts]


def _company_ref(company: Company) -> dict[str, Any]:
    return {"companyId": company.company_id, "enterpriseNumber": company.enterprise_number}


def _contract_ref(contract: Contract) -> dict[str, Any]:
    return {"contractId": contract.contract_id, "companyId": contract.company_id,
            "enterpriseNumber": contract.enterprise_number, "offerId": contract.offer_id,
            "workerId": contract.worker_id, "proposalVersion": contract.proposal_version}


def company_registered(company: Company) -> DomainEvent:
    """For the Digital Business Partner, who contacts the company: hence the contact details."""
    return _event("CompanyRegistered", {
        **_company_ref(company), "name": company.name,
        "contact": {"name": company.contact.name, "email": company.contact.email, "phone": company.contact.phone},
        "jointCommittees": list(company.joint_committees), "acquisitionChannel": company.acquisition_channel.value,
        "registeredAt": iso_instant(company.registered_at), "activationDue": iso_instant(company.activation_due)})


def company_status_changed(company: Company) -> DomainEvent:
    """CompanyVerified, CompanyActivated or CompanyRefused, after the partner's event."""
    detail: dict[str, Any] = {**_company_ref(company), "status": company.status.value,
                              "activationDue": iso_instant(company.activation_due)}
    if company.activated_at is not None:
        detail |= {"activatedAt": iso_instant(company.activated_at),
                   "activationTargetMet": company.activation_target_met}
        return _event("CompanyActivated", detail)
    if company.refused_at is not None:
        return _event("CompanyRefused", detail | {"reason": company.refusal_reason,
                                                  "refusedAt": iso_instant(company.refused_at)})
    return _event("CompanyVerified", detail)


def activation_overdue(company: Company) -> DomainEvent:
    return _event("CompanyActivationOverdue", {
        **_company_ref(company), "status": company.status.value,
        "registeredAt": iso_instant(company.registered_at), "activationDue": iso_instant(company.activation_due)})


def job_offer_published(offer: JobOffer) -> DomainEvent:
    return _event("JobOfferPublished", {
        "offerId": offer.offer_id, "companyId": offer.company_id, "enterpriseNumber": offer.enterprise_number,
        "title": offer.title, "function": offer.function, "jointCommittee": offer.joint_committee,
        "location": offer.location, "hourlyWage": format_money(offer.hourly_wage),
        "statuses": [s.value for s in offer.statuses], "positions": offer.positions,
        "shifts": _shifts(offer.shifts), "publishedAt": iso_instant(offer.published_at)})


def contract_proposed(contract: Contract) -> DomainEvent:
    """Also sent when changed hours re-issue the proposal (a higher proposalVersion)."""
    return _event("ContractProposed", {
        **_contract_ref(contract), "applicationId": contract.application_id, "function": contract.function,
        "jointCommittee": contract.joint_committee, "location": contract.location,
        "hourlyWage": format_money(contract.hourly_wage), "shifts": _shifts(contract.shifts),
        "proposedAt": iso_instant(contract.proposed_at)})


def dimona_requested(contract: Contract) -> DomainEvent:
    dimona = contract.dimona
    if dimona is None:
        raise ValueError("no Dimona was requested for this contract")
    return _event("DimonaRequested", {
        **_contract_ref(contract), "dimonaRequestId": dimona.request_id, "dimonaType": dimona.type.value,
        "jointCommittee": contract.joint_committee, "workerStatus": contract.worker.status.value,
        "shifts": _shifts(contract.shifts), "fileBefore": iso_instant(dimona.file_before),
        "replacesDimonaRequestId": dimona.replaces_request_id, "requestedAt": iso_instant(dimona.requested_at)})


def _cancelled(contract: Contract) -> dict[str, Any]:
    cancellation = contract.cancellation
    return {"reason": cancellation.reason if cancellation else None,
            "cancelledAt": iso_instant(cancellation.cancelled_at)
            if cancellation and cancellation.cancelled_at else None}


_AFTER_PARTNER_EVENT: dict[ContractEventType, tuple[str, Callable[[Contract], dict[str, Any]]]] = {
    ContractEventType.DECLINED: ("ContractDeclined", lambda c: {}),
    ContractEventType.DIMONA_CONFIRMED: ("DimonaConfirmed",
                                         lambda c: {"dimonaReference": c.dimona.reference if c.dimona else None}),
    ContractEventType.DIMONA_REJECTED: ("DimonaRejected",
                                        lambda c: {"reason": c.dimona.rejection_reason if c.dimona else None}),
    ContractEventType.CANCELLATION_AGREED: ("ContractCancelled", _cancelled),
    ContractEventType.CANCELLATION_REFUSED: ("ContractCancellationRefused", lambda c: {}),
}


def contract_changed(contract: Contract, partner_event: ContractEventType | None = None) -> DomainEvent | None:
    """What a partner event (or, with None, the company's cancellation) tells the others."""
    detail = {**_contract_ref(contract), "status": contract.status.value}
    if partner_event is ContractEventType.ACCEPTED:
        return dimona_requested(contract)
    if partner_event is not None:
        detail_type, fields = _AFTER_PARTNER_EVENT[partner_event]
        return _event(detail_type, detail | fields(contract))
    if contract.status is ContractStatus.CANCELLATION_REQUESTED and contract.cancellation is not None:
        return _event("ContractCancellationRequested", detail | {"reason": contract.cancellation.reason})
    if contract.status is ContractStatus.CANCELLED:
        return _event("ContractCancelled", detail | _cancelled(contract))
    return None


def timesheet_reminder_due(timesheet: Timesheet) -> DomainEvent:
    return _event("TimesheetReminderDue", {
        "contractId": timesheet.contract_id, "companyId": timesheet.company_id,
        "enterpriseNumber": timesheet.enterprise_number, "workerId": timesheet.worker_id,
        "shiftStart": iso_instant(timesheet.planned.start), "dueAt": iso_instant(timesheet.due_at)})


def hours_confirmed(timesheet: Timesheet) -> DomainEvent:
    """NOWJOBS pays the worker from this; billing reads the same line from the table."""
    line, worked = timesheet.line, timesheet.worked
    detail: dict[str, Any] = {
        "contractId": timesheet.contract_id, "companyId": timesheet.company_id,
        "enterpriseNumber": timesheet.enterprise_number, "workerId": timesheet.worker_id,
        "shiftId": timesheet.shift_id, "shiftStart": iso_instant(timesheet.planned.start),
        "status": timesheet.status.value,
        "confirmedBy": timesheet.confirmed_by.value if timesheet.confirmed_by else None,
        "workedFrom": iso_instant(worked.start) if worked else None,
        "workedUntil": iso_instant(worked.end) if worked else None,
        "breakMinutes": worked.break_minutes if worked else None}
    if line is not None:
        detail |= {"workDate": line.work_date.isoformat(), "hours": str(line.hours),
                   "grossWage": format_money(line.gross_wage),
                   "employerContributions": format_money(line.employer_contributions),
                   "fees": format_money(line.fees), "total": format_money(line.total)}
    return _event("HoursConfirmed", detail)


def discount_code_issued(discount: WelcomeDiscount) -> DomainEvent:
    return _event("DiscountCodeIssued", {
        "companyId": discount.company_id, "enterpriseNumber": discount.enterprise_number,
        "amount": format_money(discount.amount), "issuedAt": iso_instant(discount.issued_at)})
