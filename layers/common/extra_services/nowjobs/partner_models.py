"""What the NOWJOBS partner sends to its callback routes (API.md, NOWJOBS partner), and what only those routes
answer; the answers the channel routes give too (a company, a contract) are in response_models. The partner
function loads these and none of the channel's models (request_models, channel_responses)."""
from typing import Self

from pydantic import ConfigDict, Field, PastDate, model_validator

from extra_services.api_models import ApiModel
from extra_services.nowjobs.application import Application
from extra_services.nowjobs.company import Company, CompanyEvent
from extra_services.nowjobs.contract import ContractEvent
from extra_services.nowjobs.fields import MAX_REASON, Id, Instant
from extra_services.nowjobs.invitation import Invitation
from extra_services.nowjobs.statuses import CompanyEventType, ContractEventType
from extra_services.nowjobs.workers import Worker, WorkerStatus


class _PartnerRequest(ApiModel):
    """Partners may send more than we read: unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore")


class WorkerIn(_PartnerRequest):
    worker_id: Id
    name: str | None = Field(default=None, max_length=100)
    status: WorkerStatus
    birth_date: PastDate
    experience_months: int = Field(default=0, ge=0, le=720)
    student_hours_used_this_year: int = Field(default=0, ge=0, le=2000)

    def to_domain(self, quota_year: int) -> Worker:
        return Worker(self.status, self.birth_date, self.experience_months, self.student_hours_used_this_year,
                      quota_year=quota_year)


class ApplicationIn(_PartnerRequest):
    worker: WorkerIn


class CompanyEventIn(_PartnerRequest):
    type: CompanyEventType
    event_id: Id | None = Field(default=None, description="The partner's event id: a repeat has no effect")
    reason: str | None = Field(default=None, max_length=MAX_REASON)
    already_nowjobs_customer: bool = Field(default=False, description="ACTIVATED: the company was already "
                                                                      "a NOWJOBS customer (no welcome discount)")

    @model_validator(mode="after")
    def _refusal_has_reason(self) -> Self:
        if self.type is CompanyEventType.REFUSED and not (self.reason or "").strip():
            raise ValueError("a REFUSED event gives its reason")
        return self

    def to_domain(self) -> CompanyEvent:
        return CompanyEvent(self.type, self.event_id, self.reason, self.already_nowjobs_customer)


class ContractEventIn(_PartnerRequest):
    type: ContractEventType
    event_id: Id | None = None
    proposal_version: int | None = Field(default=None, ge=1)
    dimona_reference: str | None = Field(default=None, max_length=64)
    reason: str | None = Field(default=None, max_length=MAX_REASON)

    def to_domain(self) -> ContractEvent:
        return ContractEvent(self.type, self.event_id, self.proposal_version, self.dimona_reference, self.reason)


# ------------------------------------------------------------------------------------------ answers
class ApplicationCreatedOut(ApiModel):
    application_id: str

    @classmethod
    def of(cls, application: Application) -> Self:
        return cls(application_id=application.application_id)


class InvitationTargetOut(ApiModel):
    """What an opened invitation leads to (for the NOWJOBS platform behind the link)."""

    invitation_id: str
    company_id: str
    company_name: str
    offer_id: str | None
    expires_at: Instant

    @classmethod
    def of(cls, invitation: Invitation, company: Company) -> Self:
        return cls(invitation_id=invitation.invitation_id, company_id=company.company_id,
                   company_name=company.name, offer_id=invitation.offer_id, expires_at=invitation.expires_at)
