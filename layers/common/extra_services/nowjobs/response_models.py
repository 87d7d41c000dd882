"""What the NOWJOBS routes answer (API.md, NOWJOBS): camelCase, money "12.53", instants ISO 8601 with
offset, lists as {"items", "nextToken"}. Each model is built from the domain by its `of` constructor."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Generic, TypeVar

from pydantic import Field, PlainSerializer

from extra_services.api_models import ApiModel
from extra_services.billing.mandate import Scheme
from extra_services.nowjobs.application import Application
from extra_services.nowjobs.company import Company
from extra_services.nowjobs.contract import Contract, Rating
from extra_services.nowjobs.contributions import ContributionKind, ContributionShare
from extra_services.nowjobs.fields import Instant, Money
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
from extra_services.nowjobs.wage_quote import ShiftLine, WageQuote
from extra_services.nowjobs.workers import WorkerStatus

DecimalText = Annotated[Decimal, PlainSerializer(str, return_type=str)]  # hours "8.00", rates "0.28"
T = TypeVar("T")


class Page(ApiModel, Generic[T]):
    items: list[T]
    next_token: str | None = Field(default=None, description="Pass it back as ?nextToken= for the next page")


class ShiftOut(ApiModel):
    start: Instant
    end: Instant
    break_minutes: int

    @classmethod
    def of(cls, shift: Shift) -> ShiftOut:
        return cls(start=shift.start, end=shift.end, break_minutes=shift.break_minutes)


# ------------------------------------------------------------------------------------------ companies
class RegistrationOut(ApiModel):
    company_id: str
    status: CompanyStatus
    activation_due: Instant = Field(description="48 hours after registration: the activation target")


class MandateOut(ApiModel):
    reference: str
    scheme: Scheme
    signed_on: date
    iban: str = Field(description="Masked: country, check digits and last four characters")


class CompanyOut(ApiModel):
    company_id: str
    enterprise_number: str
    name: str
    status: CompanyStatus
    joint_committees: list[str]
    acquisition_channel: AcquisitionChannel
    direct_debit_mandate: MandateOut
    registered_at: Instant
    activation_due: Instant
    verified_at: Instant | None
    activated_at: Instant | None
    activation_target_met: bool | None
    refused_at: Instant | None
    refusal_reason: str | None

    @classmethod
    def of(cls, company: Company) -> CompanyOut:
        signed = company.mandate
        iban = signed.mandate.debtor_iban
        return cls(
            company_id=company.company_id, enterprise_number=company.enterprise_number, name=company.name,
            status=company.status, joint_committees=list(company.joint_committees),
            acquisition_channel=company.acquisition_channel,
            direct_debit_mandate=MandateOut(reference=signed.mandate.reference, scheme=signed.mandate.scheme,
                                            signed_on=signed.mandate.signed_on, iban=f"{iban[:4]}…{iban[-4:]}"),
            registered_at=company.registered_at, activation_due=company.activation_due,
            verified_at=company.verified_at, activated_at=company.activated_at,
            activation_target_met=company.activation_target_met, refused_at=company.refused_at,
            refusal_reason=company.refusal_reason)


# --------------------------------------------------------------------------------------------- offers
class JobOfferCreatedOut(ApiModel):
    offer_id: str
    status: OfferStatus


class JobOfferOut(ApiModel):
    offer_id: str
    company_id: str
    status: OfferStatus
    title: str
    function: str
    joint_committee: str
    location: str
    hourly_wage: Money
    statuses: list[WorkerStatus]
    positions: int
    filled_positions: int
    shifts: list[ShiftOut]
    published_at: Instant

    @classmethod
    def of(cls, offer: JobOffer) -> JobOfferOut:
        return cls(offer_id=offer.offer_id, company_id=offer.company_id, status=offer.status, title=offer.title,
                   function=offer.function, joint_committee=offer.joint_committee, location=offer.location,
                   hourly_wage=offer.hourly_wage, statuses=list(offer.statuses), positions=offer.positions,
                   filled_positions=offer.filled_positions, shifts=[ShiftOut.of(s) for s in offer.shifts],
                   published_at=offer.published_at)


class InvitationOut(ApiModel):
    invitation_id: str
    via: InvitationChannel
    link: str
    qr_code_svg: str = Field(description="Inline SVG of the link's QR code")
    expires_at: Instant

    @classmethod
    def of(cls, invitation: Invitation, qr_code_svg: str) -> InvitationOut:
        return cls(invitation_id=invitation.invitation_id, via=invitation.via, link=invitation.link,
                   qr_code_svg=qr_code_svg, expires_at=invitation.expires_at)


class InvitationTargetOut(ApiModel):
    """What an opened invitation leads to (for the NOWJOBS platform behind the link)."""

    invitation_id: str
    company_id: str
    company_name: str
    offer_id: str | None
    expires_at: Instant


# ------------------------------------------------------------------------------------------- quotes
class ContributionShareOut(ApiModel):
    kind: ContributionKind
    rate: DecimalText
    hours: DecimalText

    @classmethod
    def of(cls, share: ContributionShare) -> ContributionShareOut:
        return cls(kind=share.kind, rate=share.rate, hours=share.hours)


class QuoteLineOut(ApiModel):
    start: Instant
    end: Instant
    break_minutes: int
    work_date: date
    hours: DecimalText
    holiday_hours: DecimalText = Field(description="Hours on a Belgian legal holiday, paid double")
    hourly_wage: Money
    legal_floor: Money
    gross_wage: Money
    employer_contributions: Money
    contributions: list[ContributionShareOut]
    fees: Money
    total: Money
    student_quota_hours_counted: int

    @classmethod
    def of(cls, line: ShiftLine) -> QuoteLineOut:
        return cls(start=line.shift.start, end=line.shift.end, break_minutes=line.shift.break_minutes,
                   work_date=line.work_date, hours=line.hours, holiday_hours=line.holiday_hours,
                   hourly_wage=line.hourly_wage, legal_floor=line.legal_floor, gross_wage=line.gross_wage,
                   employer_contributions=line.employer_contributions,
                   contributions=[ContributionShareOut.of(s) for s in line.contributions], fees=line.fees,
                   total=line.total, student_quota_hours_counted=line.student_quota_hours_counted)


class WageQuoteOut(ApiModel):
    hours: DecimalText
    gross_wage: Money
    employer_contributions: Money
    contribution_rate: DecimalText
    contribution_rates: list[ContributionShareOut]
    fees: Money
    total: Money
    lines: list[QuoteLineOut]

    @classmethod
    def of(cls, quote: WageQuote) -> WageQuoteOut:
        return cls(hours=quote.hours, gross_wage=quote.gross_wage,
                   employer_contributions=quote.employer_contributions, contribution_rate=quote.contribution_rate,
                   contribution_rates=[ContributionShareOut.of(s) for s in quote.contribution_rates],
                   fees=quote.fees, total=quote.total, lines=[QuoteLineOut.of(line) for line in quote.lines])


# ------------------------------------------------------------------------------------- applications
class ApplicationCreatedOut(ApiModel):
    application_id: str


class WorkerOut(ApiModel):
    worker_id: str
    name: str | None
    status: WorkerStatus
    birth_date: date
    experience_months: int
    student_hours_used_this_year: int


class ProblemOut(ApiModel):
    code: str
    message: str


class ApplicationOut(ApiModel):
    application_id: str
    offer_id: str
    received_at: Instant
    worker: WorkerOut
    contract_id: str | None
    cost_quote: WageQuoteOut | None = Field(description="What hiring this candidate for the offer's shifts costs")
    cost_quote_problem: ProblemOut | None = Field(default=None, description="Why no quote could be made")

    @classmethod
    def of(cls, application: Application, quote: WageQuote | None,
           problem: ProblemOut | None = None) -> ApplicationOut:
        w = application.worker
        return cls(application_id=application.application_id, offer_id=application.offer_id,
                   received_at=application.received_at,
                   worker=WorkerOut(worker_id=application.worker_id, name=application.worker_name, status=w.status,
                                    birth_date=w.birth_date, experience_months=w.experience_months,
                                    student_hours_used_this_year=w.student_hours_used_this_year),
                   contract_id=application.contract_id,
                   cost_quote=WageQuoteOut.of(quote) if quote is not None else None, cost_quote_problem=problem)


# ---------------------------------------------------------------------------------------- contracts
class ContractProposalOut(ApiModel):
    contract_id: str
    status: ContractStatus
    proposal_version: int


class DimonaOut(ApiModel):
    request_id: str
    type: DimonaType
    requested_at: Instant
    file_before: Instant
    reference: str | None
    confirmed_at: Instant | None
    rejected_at: Instant | None
    rejection_reason: str | None


class CancellationOut(ApiModel):
    reason: str
    requested_at: Instant
    cancelled_at: Instant | None
    refused_at: Instant | None


class ContractOut(ApiModel):
    contract_id: str
    application_id: str
    offer_id: str
    company_id: str
    worker_id: str
    worker_status: WorkerStatus
    status: ContractStatus
    proposal_version: int
    function: str
    joint_committee: str
    location: str
    hourly_wage: Money
    shifts: list[ShiftOut]
    proposed_at: Instant
    accepted_at: Instant | None
    declined_at: Instant | None
    dimona: DimonaOut | None
    cancellation: CancellationOut | None
    cost_quote: WageQuoteOut

    @classmethod
    def of(cls, contract: Contract, quote: WageQuote) -> ContractOut:
        d, c = contract.dimona, contract.cancellation
        return cls(
            contract_id=contract.contract_id, application_id=contract.application_id, offer_id=contract.offer_id,
            company_id=contract.company_id, worker_id=contract.worker_id, worker_status=contract.worker.status,
            status=contract.status, proposal_version=contract.proposal_version, function=contract.function,
            joint_committee=contract.joint_committee, location=contract.location,
            hourly_wage=contract.hourly_wage, shifts=[ShiftOut.of(s) for s in contract.shifts],
            proposed_at=contract.proposed_at, accepted_at=contract.accepted_at, declined_at=contract.declined_at,
            dimona=None if d is None else DimonaOut(
                request_id=d.request_id, type=d.type, requested_at=d.requested_at, file_before=d.file_before,
                reference=d.reference, confirmed_at=d.confirmed_at, rejected_at=d.rejected_at,
                rejection_reason=d.rejection_reason),
            cancellation=None if c is None else CancellationOut(
                reason=c.reason, requested_at=c.requested_at, cancelled_at=c.cancelled_at, refused_at=c.refused_at),
            cost_quote=WageQuoteOut.of(quote))


class TimesheetOut(ApiModel):
    contract_id: str
    shift_id: str
    shift_start: Instant
    status: TimesheetStatus
    due_at: Instant = Field(description="13:00 Brussels on the next working day after the shift")
    worked_from: Instant | None
    worked_until: Instant | None
    break_minutes: int | None
    confirmed_at: Instant | None
    confirmed_by: HoursConfirmedBy | None
    line: QuoteLineOut | None = Field(description="What these hours cost: what the invoice charges")

    @classmethod
    def of(cls, timesheet: Timesheet) -> TimesheetOut:
        worked = timesheet.worked
        return cls(contract_id=timesheet.contract_id, shift_id=timesheet.shift_id,
                   shift_start=timesheet.planned.start, status=timesheet.status, due_at=timesheet.due_at,
                   worked_from=worked.start if worked else None, worked_until=worked.end if worked else None,
                   break_minutes=worked.break_minutes if worked else None, confirmed_at=timesheet.confirmed_at,
                   confirmed_by=timesheet.confirmed_by,
                   line=QuoteLineOut.of(timesheet.line) if timesheet.line is not None else None)


class RatingOut(ApiModel):
    contract_id: str
    score: int
    comment: str | None
    rated_at: Instant

    @classmethod
    def of(cls, contract_id: str, rating: Rating) -> RatingOut:
        return cls(contract_id=contract_id, score=rating.score, comment=rating.comment, rated_at=rating.rated_at)

