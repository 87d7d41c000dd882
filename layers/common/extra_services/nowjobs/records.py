"""How NOWJOBS aggregates are written in NowjobsTable (keys in repository.py): plain attribute maps,
camelCase, money and rates as exact decimal strings ("12.53"), instants as ISO 8601 UTC strings,
dates as YYYY-MM-DD. Pure: no I/O."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from extra_services.billing.billable import DiscountCodeState
from extra_services.billing.mandate import Mandate, MandateKind, Scheme
from extra_services.caller import Channel
from extra_services.clock import iso_instant
from extra_services.eligibility.declaration import DeclarationRecord
from extra_services.nowjobs.application import Application
from extra_services.nowjobs.company import Address, Company, Contact, SignedMandate
from extra_services.nowjobs.contract import Cancellation, Contract, Dimona, Rating
from extra_services.nowjobs.contributions import ContributionKind, ContributionShare
from extra_services.nowjobs.discount_code import WelcomeDiscount
from extra_services.nowjobs.invitation import Invitation
from extra_services.nowjobs.job_offer import JobOffer
from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.statuses import (
    AcquisitionChannel,
    CompanyStatus,
    ContractStatus,
    DimonaType,
    HoursConfirmedBy,
    InvitationChannel,
    OfferStatus,
    TimesheetStatus,
)
from extra_services.nowjobs.timesheet import Timesheet
from extra_services.nowjobs.wage_quote import ShiftLine
from extra_services.nowjobs.workers import Worker, WorkerStatus

Attributes = dict[str, Any]


# ------------------------------------------------------------------------------------------ scalars
def instant(at: datetime | None) -> str | None:
    return None if at is None else iso_instant(at)


def parse_instant(text: Any) -> datetime:
    return datetime.fromisoformat(str(text))


def maybe_instant(text: Any) -> datetime | None:
    return None if text is None else parse_instant(text)


def _int(value: Any) -> int:
    return int(value)


def _maybe_int(value: Any) -> int | None:
    return None if value is None else int(value)


# ------------------------------------------------------------------------------------ value objects
def shift_attrs(shift: Shift) -> Attributes:
    return {"start": iso_instant(shift.start), "end": iso_instant(shift.end), "breakMinutes": shift.break_minutes}


def shift_from(a: Attributes) -> Shift:
    return Shift(parse_instant(a["start"]), parse_instant(a["end"]), _int(a["breakMinutes"]))


def worker_attrs(worker: Worker) -> Attributes:
    return {"status": worker.status.value, "birthDate": worker.birth_date.isoformat(),
            "experienceMonths": worker.experience_months,
            "studentHoursUsedThisYear": worker.student_hours_used_this_year, "quotaYear": worker.quota_year}


def worker_from(a: Attributes) -> Worker:
    return Worker(WorkerStatus(a["status"]), date.fromisoformat(a["birthDate"]), _int(a["experienceMonths"]),
                  _int(a["studentHoursUsedThisYear"]), _maybe_int(a.get("quotaYear")))


def line_attrs(line: ShiftLine) -> Attributes:
    return {
        "shift": shift_attrs(line.shift), "workDate": line.work_date.isoformat(),
        "workedMinutes": line.worked_minutes, "holidayHours": str(line.holiday_hours),
        "hourlyWage": str(line.hourly_wage), "legalFloor": str(line.legal_floor),
        "grossWage": str(line.gross_wage), "employerContributions": str(line.employer_contributions),
        "contributions": [{"kind": s.kind.value, "rate": str(s.rate), "hours": str(s.hours)}
                          for s in line.contributions],
        "fees": str(line.fees), "total": str(line.total), "hours": str(line.hours),
        "studentQuotaHoursCounted": line.student_quota_hours_counted,
        "studentQuotaLeftBefore": line.student_quota_left_before,
    }


def line_from(a: Attributes) -> ShiftLine:
    return ShiftLine(
        shift=shift_from(a["shift"]), work_date=date.fromisoformat(a["workDate"]),
        worked_minutes=_int(a["workedMinutes"]), holiday_hours=Decimal(a["holidayHours"]),
        hourly_wage=Decimal(a["hourlyWage"]), legal_floor=Decimal(a["legalFloor"]),
        gross_wage=Decimal(a["grossWage"]),
        contributions=tuple(ContributionShare(ContributionKind(s["kind"]), Decimal(s["rate"]), Decimal(s["hours"]))
                            for s in a["contributions"]),
        employer_contributions=Decimal(a["employerContributions"]), fees=Decimal(a["fees"]),
        student_quota_hours_counted=_int(a["studentQuotaHoursCounted"]),
        student_quota_left_before=_maybe_int(a.get("studentQuotaLeftBefore")))


# -------------------------------------------------------------------------------------- aggregates
def company_attrs(c: Company) -> Attributes:
    m = c.mandate
    return {
        "type": "COMPANY", "companyId": c.company_id, "enterpriseNumber": c.enterprise_number, "name": c.name,
        "address": {"street": c.address.street, "postalCode": c.address.postal_code, "city": c.address.city,
                    "country": c.address.country},
        "contact": {"name": c.contact.name, "email": c.contact.email, "phone": c.contact.phone},
        "jointCommittees": list(c.joint_committees),
        "mandate": {"mandateId": m.mandate_id, "reference": m.mandate.reference,
                    "signedOn": m.mandate.signed_on.isoformat(), "debtorName": m.mandate.debtor_name,
                    "debtorIban": m.mandate.debtor_iban, "scheme": m.mandate.scheme.value,
                    "kind": m.mandate.kind.value, "signedAt": iso_instant(m.signed_at), "signedBy": m.signed_by},
        "acquisitionChannel": c.acquisition_channel.value, "registrationChannel": c.registration_channel.value,
        "declaration": c.declaration.as_item(), "registeredAt": iso_instant(c.registered_at),
        "activationDue": iso_instant(c.activation_due), "newToNowjobs": c.new_to_nowjobs,
        "status": c.status.value, "verifiedAt": instant(c.verified_at), "activatedAt": instant(c.activated_at),
        "refusedAt": instant(c.refused_at), "refusalReason": c.refusal_reason,
        "knownToNowjobs": c.known_to_nowjobs,
        "activationOverdueNotifiedAt": instant(c.activation_overdue_notified_at), "requestHash": c.request_hash,
        "version": c.version,
    }


def company_from(a: Attributes) -> Company:
    m, d = a["mandate"], a["declaration"]
    mandate = Mandate(reference=m["reference"], signed_on=date.fromisoformat(m["signedOn"]),
                      debtor_name=m["debtorName"], debtor_iban=m["debtorIban"], scheme=Scheme(m["scheme"]),
                      kind=MandateKind(m["kind"]))
    return Company(
        company_id=a["companyId"], enterprise_number=a["enterpriseNumber"], name=a["name"],
        address=Address(a["address"]["street"], a["address"]["postalCode"], a["address"]["city"],
                        a["address"]["country"]),
        contact=Contact(a["contact"]["name"], a["contact"]["email"], a["contact"]["phone"]),
        joint_committees=tuple(a["jointCommittees"]),
        mandate=SignedMandate(m["mandateId"], mandate, parse_instant(m["signedAt"]), m["signedBy"]),
        acquisition_channel=AcquisitionChannel(a["acquisitionChannel"]),
        registration_channel=Channel(a["registrationChannel"]),
        declaration=DeclarationRecord(d["customerId"], d["enterpriseNumber"], d["service"], d["wordingVersion"],
                                      Channel(d["channel"]), parse_instant(d["acceptedAt"])),
        registered_at=parse_instant(a["registeredAt"]), new_to_nowjobs=bool(a["newToNowjobs"]),
        status=CompanyStatus(a["status"]), verified_at=maybe_instant(a.get("verifiedAt")),
        activated_at=maybe_instant(a.get("activatedAt")), refused_at=maybe_instant(a.get("refusedAt")),
        refusal_reason=a.get("refusalReason"), known_to_nowjobs=bool(a.get("knownToNowjobs", False)),
        activation_overdue_notified_at=maybe_instant(a.get("activationOverdueNotifiedAt")),
        request_hash=a.get("requestHash"), version=_int(a["version"]))


def discount_attrs(d: WelcomeDiscount) -> Attributes:
    return {"type": "DISCOUNT_CODE", "companyId": d.company_id, "enterpriseNumber": d.enterprise_number,
            "code": d.code, "amount": str(d.amount), "issuedAt": iso_instant(d.issued_at), "state": d.state.value,
            "usedOnInvoice": d.used_on_invoice, "usedAt": instant(d.used_at), "version": d.version}


def discount_from(a: Attributes) -> WelcomeDiscount:
    return WelcomeDiscount(a["companyId"], a["enterpriseNumber"], a["code"], parse_instant(a["issuedAt"]),
                           Decimal(a["amount"]), DiscountCodeState(a["state"]), a.get("usedOnInvoice"),
                           maybe_instant(a.get("usedAt")), _int(a["version"]))


def offer_attrs(o: JobOffer) -> Attributes:
    return {"type": "OFFER", "offerId": o.offer_id, "companyId": o.company_id,
            "enterpriseNumber": o.enterprise_number, "title": o.title, "function": o.function,
            "jointCommittee": o.joint_committee, "location": o.location, "hourlyWage": str(o.hourly_wage),
            "statuses": [s.value for s in o.statuses], "positions": o.positions,
            "shifts": [shift_attrs(s) for s in o.shifts], "publishedAt": iso_instant(o.published_at),
            "status": o.status.value, "filledPositions": o.filled_positions, "requestHash": o.request_hash,
            "version": o.version}


def offer_from(a: Attributes) -> JobOffer:
    return JobOffer(
        offer_id=a["offerId"], company_id=a["companyId"], enterprise_number=a["enterpriseNumber"],
        title=a["title"], function=a["function"], joint_committee=a["jointCommittee"], location=a["location"],
        hourly_wage=Decimal(a["hourlyWage"]), statuses=tuple(WorkerStatus(s) for s in a["statuses"]),
        positions=_int(a["positions"]), shifts=tuple(shift_from(s) for s in a["shifts"]),
        published_at=parse_instant(a["publishedAt"]), status=OfferStatus(a["status"]),
        filled_positions=_int(a.get("filledPositions", 0)), request_hash=a.get("requestHash"),
        version=_int(a["version"]))


def invitation_attrs(i: Invitation) -> Attributes:
    return {"type": "INVITATION", "invitationId": i.invitation_id, "companyId": i.company_id,
            "enterpriseNumber": i.enterprise_number, "via": i.via.value, "recipient": i.recipient,
            "offerId": i.offer_id, "link": i.link, "createdAt": iso_instant(i.created_at),
            "expiresAt": iso_instant(i.expires_at)}


def invitation_from(a: Attributes) -> Invitation:
    return Invitation(a["invitationId"], a["companyId"], a["enterpriseNumber"], InvitationChannel(a["via"]),
                      a.get("recipient"), a.get("offerId"), a["link"], parse_instant(a["createdAt"]),
                      parse_instant(a["expiresAt"]))


def application_attrs(p: Application) -> Attributes:
    return {"type": "APPLICATION", "applicationId": p.application_id, "offerId": p.offer_id,
            "companyId": p.company_id, "enterpriseNumber": p.enterprise_number, "workerId": p.worker_id,
            "workerName": p.worker_name, "worker": worker_attrs(p.worker), "receivedAt": iso_instant(p.received_at),
            "contractId": p.contract_id}


def application_from(a: Attributes) -> Application:
    return Application(a["applicationId"], a["offerId"], a["companyId"], a["enterpriseNumber"], a["workerId"],
                       a.get("workerName"), worker_from(a["worker"]), parse_instant(a["receivedAt"]),
                       a.get("contractId"))


def _dimona_attrs(d: Dimona | None) -> Attributes | None:
    if d is None:
        return None
    return {"requestId": d.request_id, "type": d.type.value, "requestedAt": iso_instant(d.requested_at),
            "fileBefore": iso_instant(d.file_before), "replacesRequestId": d.replaces_request_id,
            "reference": d.reference, "confirmedAt": instant(d.confirmed_at), "rejectedAt": instant(d.rejected_at),
            "rejectionReason": d.rejection_reason}


def _dimona_from(a: Attributes | None) -> Dimona | None:
    if a is None:
        return None
    return Dimona(a["requestId"], DimonaType(a["type"]), parse_instant(a["requestedAt"]),
                  parse_instant(a["fileBefore"]), a.get("replacesRequestId"), a.get("reference"),
                  maybe_instant(a.get("confirmedAt")), maybe_instant(a.get("rejectedAt")), a.get("rejectionReason"))


def _cancellation_attrs(c: Cancellation | None) -> Attributes | None:
    if c is None:
        return None
    return {"reason": c.reason, "requestedAt": iso_instant(c.requested_at), "requestedBy": c.requested_by,
            "statusBefore": c.status_before.value, "cancelledAt": instant(c.cancelled_at),
            "refusedAt": instant(c.refused_at)}


def _cancellation_from(a: Attributes | None) -> Cancellation | None:
    if a is None:
        return None
    return Cancellation(a["reason"], parse_instant(a["requestedAt"]), a["requestedBy"],
                        ContractStatus(a["statusBefore"]), maybe_instant(a.get("cancelledAt")),
                        maybe_instant(a.get("refusedAt")))


def contract_attrs(c: Contract) -> Attributes:
    return {
        "type": "CONTRACT", "contractId": c.contract_id, "applicationId": c.application_id, "offerId": c.offer_id,
        "companyId": c.company_id, "enterpriseNumber": c.enterprise_number, "workerId": c.worker_id,
        "worker": worker_attrs(c.worker), "function": c.function, "jointCommittee": c.joint_committee,
        "location": c.location, "hourlyWage": str(c.hourly_wage), "shifts": [shift_attrs(s) for s in c.shifts],
        "createdAt": iso_instant(c.created_at), "proposedAt": iso_instant(c.proposed_at),
        "proposalVersion": c.proposal_version, "status": c.status.value, "acceptedAt": instant(c.accepted_at),
        "declinedAt": instant(c.declined_at), "dimona": _dimona_attrs(c.dimona),
        "supersededDimonaRequestId": c.superseded_dimona_request_id,
        "cancellation": _cancellation_attrs(c.cancellation), "version": c.version,
    }


def contract_from(a: Attributes) -> Contract:
    return Contract(
        contract_id=a["contractId"], application_id=a["applicationId"], offer_id=a["offerId"],
        company_id=a["companyId"], enterprise_number=a["enterpriseNumber"], worker_id=a["workerId"],
        worker=worker_from(a["worker"]), function=a["function"], joint_committee=a["jointCommittee"],
        location=a["location"], hourly_wage=Decimal(a["hourlyWage"]),
        shifts=tuple(shift_from(s) for s in a["shifts"]), created_at=parse_instant(a["createdAt"]),
        proposed_at=parse_instant(a["proposedAt"]), proposal_version=_int(a["proposalVersion"]),
        status=ContractStatus(a["status"]), accepted_at=maybe_instant(a.get("acceptedAt")),
        declined_at=maybe_instant(a.get("declinedAt")), dimona=_dimona_from(a.get("dimona")),
        superseded_dimona_request_id=a.get("supersededDimonaRequestId"),
        cancellation=_cancellation_from(a.get("cancellation")), version=_int(a["version"]))


def timesheet_attrs(t: Timesheet) -> Attributes:
    worked = t.worked
    return {
        "type": "TIMESHEET", "contractId": t.contract_id, "companyId": t.company_id,
        "enterpriseNumber": t.enterprise_number, "offerId": t.offer_id, "workerId": t.worker_id,
        "shiftId": t.shift_id, "planned": shift_attrs(t.planned), "remindAt": iso_instant(t.remind_at),
        "dueAt": iso_instant(t.due_at), "status": t.status.value, "remindedAt": instant(t.reminded_at),
        "worked": shift_attrs(worked) if worked is not None else None, "confirmedAt": instant(t.confirmed_at),
        "confirmedBy": t.confirmed_by.value if t.confirmed_by else None,
        "confirmedByCustomer": t.confirmed_by_customer, "line": line_attrs(t.line) if t.line else None,
        "isFlexiJob": t.is_flexi_job, "invoiceId": t.invoice_id, "version": t.version,
    }


def timesheet_from(a: Attributes) -> Timesheet:
    return Timesheet(
        contract_id=a["contractId"], company_id=a["companyId"], enterprise_number=a["enterpriseNumber"],
        offer_id=a["offerId"], worker_id=a["workerId"], planned=shift_from(a["planned"]),
        remind_at=parse_instant(a["remindAt"]), due_at=parse_instant(a["dueAt"]),
        status=TimesheetStatus(a["status"]), reminded_at=maybe_instant(a.get("remindedAt")),
        worked=shift_from(a["worked"]) if a.get("worked") else None,
        confirmed_at=maybe_instant(a.get("confirmedAt")),
        confirmed_by=HoursConfirmedBy(a["confirmedBy"]) if a.get("confirmedBy") else None,
        confirmed_by_customer=a.get("confirmedByCustomer"), line=line_from(a["line"]) if a.get("line") else None,
        is_flexi_job=bool(a.get("isFlexiJob", False)), invoice_id=a.get("invoiceId"), version=_int(a["version"]))


def rating_attrs(contract_id: str, r: Rating) -> Attributes:
    return {"type": "RATING", "contractId": contract_id, "score": r.score, "comment": r.comment,
            "ratedAt": iso_instant(r.rated_at), "ratedBy": r.rated_by}


def rating_from(a: Attributes) -> Rating:
    return Rating(_int(a["score"]), a.get("comment"), parse_instant(a["ratedAt"]), a["ratedBy"])
