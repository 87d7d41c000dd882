"""What only the NOWJOBS channel routes answer (API.md, NOWJOBS), built from the domain by each model's `of`
constructor in the handler, and the lists they answer as {"items", "nextToken"}, parametrised once here (a
handler module loaded by file path, like the OpenAPI tool does, cannot parametrise a generic model itself).
The answers the partner routes give too are in response_models."""
from datetime import date
from typing import Generic, Self, TypeVar

from pydantic import Field

from extra_services.api_models import ApiModel
from extra_services.nowjobs.application import Candidate
from extra_services.nowjobs.company import Company
from extra_services.nowjobs.contract import Contract, Rating
from extra_services.nowjobs.fields import Instant, Money
from extra_services.nowjobs.invitation import Invitation, qr_code_svg
from extra_services.nowjobs.job_offer import JobOffer
from extra_services.nowjobs.response_models import CompanyOut, ContractOut, QuoteLineOut, ShiftOut, WageQuoteOut
from extra_services.nowjobs.statuses import (
    CompanyStatus,
    ContractStatus,
    HoursConfirmedBy,
    InvitationChannel,
    OfferStatus,
    TimesheetStatus,
)
from extra_services.nowjobs.timesheet import Timesheet
from extra_services.nowjobs.workers import WorkerStatus

T = TypeVar("T")


class Page(ApiModel, Generic[T]):
    items: list[T]
    next_token: str | None = Field(default=None, description="Pass it back as ?nextToken= for the next page")


# ------------------------------------------------------------------------------------------ companies
class RegistrationOut(ApiModel):
    company_id: str
    status: CompanyStatus
    activation_due: Instant = Field(description="48 hours after registration: the activation target")

    @classmethod
    def of(cls, company: Company) -> Self:
        return cls(company_id=company.company_id, status=company.status, activation_due=company.activation_due)


# --------------------------------------------------------------------------------------------- offers
class JobOfferCreatedOut(ApiModel):
    offer_id: str
    status: OfferStatus

    @classmethod
    def of(cls, offer: JobOffer) -> Self:
        return cls(offer_id=offer.offer_id, status=offer.status)


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
    def of(cls, offer: JobOffer) -> Self:
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
    def of(cls, invitation: Invitation) -> Self:
        return cls(invitation_id=invitation.invitation_id, via=invitation.via, link=invitation.link,
                   qr_code_svg=qr_code_svg(invitation.link), expires_at=invitation.expires_at)


# ------------------------------------------------------------------------------------- applications
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
    def of(cls, candidate: Candidate) -> Self:
        application, quote, problem = candidate.application, candidate.cost_quote, candidate.cost_quote_problem
        w = application.worker
        return cls(application_id=application.application_id, offer_id=application.offer_id,
                   received_at=application.received_at,
                   worker=WorkerOut(worker_id=application.worker_id, name=application.worker_name, status=w.status,
                                    birth_date=w.birth_date, experience_months=w.experience_months,
                                    student_hours_used_this_year=w.student_hours_used_this_year),
                   contract_id=application.contract_id,
                   cost_quote=WageQuoteOut.of(quote) if quote is not None else None,
                   cost_quote_problem=None if problem is None else ProblemOut(code=problem.code,
                                                                              message=problem.message))


# ---------------------------------------------------------------------------------------- contracts
class ContractProposalOut(ApiModel):
    contract_id: str
    status: ContractStatus
    proposal_version: int

    @classmethod
    def of(cls, contract: Contract) -> Self:
        return cls(contract_id=contract.contract_id, status=contract.status,
                   proposal_version=contract.proposal_version)


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
    def of(cls, timesheet: Timesheet) -> Self:
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
    def of(cls, contract_id: str, rating: Rating) -> Self:
        return cls(contract_id=contract_id, score=rating.score, comment=rating.comment, rated_at=rating.rated_at)


# -------------------------------------------------------------------------------------------- lists
CompanyPage = Page[CompanyOut]
JobOfferPage = Page[JobOfferOut]
ApplicationPage = Page[ApplicationOut]
ContractPage = Page[ContractOut]
TimesheetPage = Page[TimesheetOut]
