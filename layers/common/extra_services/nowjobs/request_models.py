"""What the NOWJOBS channel routes accept (API.md, NOWJOBS), with the rules that need no clock: each broken
rule is a 422 naming the field. Rules against the clock or the dated tables on a given day (in the future,
supported committee, legal floor) are checked by the use cases with the same 422. What the partner sends
is in partner_models."""
from datetime import date
from typing import Literal, Self

from pydantic import AwareDatetime, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from extra_services.api_models import ApiModel
from extra_services.billing.mandate import Scheme
from extra_services.eligibility.declaration import DeclarationInput
from extra_services.identifiers import EnterpriseNumber
from extra_services.nowjobs.company import Address, Contact
from extra_services.nowjobs.contract import MAX_SCORE, MIN_SCORE
from extra_services.nowjobs.fields import (
    MAX_REASON,
    Email,
    Iban,
    Id,
    JointCommittee,
    Phone,
    PositiveAmount,
    Text,
    validate_email,
    validate_phone,
)
from extra_services.nowjobs.job_offer import OfferDraft
from extra_services.nowjobs.schedule_rules import MAX_BREAK_MINUTES, MAX_SHIFTS, overlap_problem, shift_shape_problem
from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.statuses import AcquisitionChannel, InvitationChannel
from extra_services.nowjobs.workers import WorkerStatus

MAX_JOINT_COMMITTEES = 20
MAX_POSITIONS = 100


class _ChannelRequest(ApiModel):
    model_config = ConfigDict(extra="forbid")


class AddressIn(_ChannelRequest):
    street: Text
    postal_code: str = Field(pattern=r"^[A-Za-z0-9 -]{3,10}$")
    city: Text
    country: str = Field(default="BE", pattern=r"^[A-Z]{2}$", description="ISO 3166 alpha-2")

    def to_domain(self) -> Address:
        return Address(self.street, self.postal_code, self.city, self.country)


class ContactIn(_ChannelRequest):
    name: Text
    email: Email
    phone: Phone = Field(description="International format, e.g. +32470123456")

    def to_domain(self) -> Contact:
        return Contact(self.name, self.email, self.phone)


class DirectDebitMandateIn(_ChannelRequest):
    scheme: Scheme = Field(default=Scheme.B2B, description="B2B by default (businesses); CORE on request")
    accepted: Literal[True] = Field(description="The person signs the SEPA mandate electronically")


class CompanyRegistrationIn(_ChannelRequest):
    enterprise_number: EnterpriseNumber
    declaration: DeclarationInput | None = None
    name: Text
    address: AddressIn
    contact: ContactIn
    iban: Iban
    joint_committees: list[JointCommittee] = Field(min_length=1, max_length=MAX_JOINT_COMMITTEES)
    direct_debit_mandate: DirectDebitMandateIn
    acquisition_channel: AcquisitionChannel

    @field_validator("joint_committees")
    @classmethod
    def _distinct(cls, codes: list[str]) -> list[str]:
        return list(dict.fromkeys(codes))


class ShiftIn(_ChannelRequest):
    start: AwareDatetime
    end: AwareDatetime
    break_minutes: int = Field(default=0, ge=0, le=MAX_BREAK_MINUTES)

    @model_validator(mode="after")
    def _possible(self) -> Self:
        problem = shift_shape_problem(self.start, self.end, self.break_minutes)
        if problem is not None:
            raise ValueError(problem)
        return self

    def to_domain(self) -> Shift:
        return Shift(self.start, self.end, self.break_minutes)


def _no_overlap(shifts: list[ShiftIn]) -> list[ShiftIn]:
    problem = overlap_problem([s.to_domain() for s in shifts])
    if problem is not None:
        raise ValueError(problem)
    return shifts


class JobOfferIn(_ChannelRequest):
    title: Text
    function: Text
    joint_committee: JointCommittee
    location: Text
    hourly_wage: PositiveAmount = Field(description="Euro per hour, e.g. \"13.50\"; for flexi-jobbers incl. "
                                                    "the 7.67% flexi holiday pay")
    statuses: list[WorkerStatus] = Field(min_length=1, max_length=3)
    positions: int = Field(ge=1, le=MAX_POSITIONS)
    shifts: list[ShiftIn] = Field(min_length=1, max_length=MAX_SHIFTS)

    _shifts_do_not_overlap = field_validator("shifts")(_no_overlap)

    @field_validator("statuses")
    @classmethod
    def _distinct(cls, statuses: list[WorkerStatus]) -> list[WorkerStatus]:
        return list(dict.fromkeys(statuses))

    def to_draft(self) -> OfferDraft:
        return OfferDraft(self.title, self.function, self.joint_committee, self.location, self.hourly_wage,
                          tuple(self.statuses), self.positions, tuple(s.to_domain() for s in self.shifts))


class InvitationIn(_ChannelRequest):
    via: InvitationChannel
    recipient: str | None = Field(default=None, validate_default=True, max_length=254,
                                  description="E.164 phone for SMS/WHATSAPP, e-mail for EMAIL, none for QR")
    offer_id: Id | None = None

    @field_validator("recipient")
    @classmethod
    def _fits_channel(cls, recipient: str | None, info: ValidationInfo) -> str | None:
        via = info.data.get("via")
        if via is None:
            return recipient
        if via is InvitationChannel.QR:
            if recipient is not None:
                raise ValueError("a QR code invitation has no recipient")
            return None
        if recipient is None:
            raise ValueError(f"a recipient is required to send the invitation by {via.value}")
        return validate_email(recipient) if via is InvitationChannel.EMAIL else validate_phone(recipient)


class ContractProposalIn(_ChannelRequest):
    shifts: list[ShiftIn] | None = Field(default=None, min_length=1, max_length=MAX_SHIFTS,
                                         description="Changed hours; none: the offer's shifts")

    @field_validator("shifts")
    @classmethod
    def _no_overlap(cls, shifts: list[ShiftIn] | None) -> list[ShiftIn] | None:
        return None if shifts is None else _no_overlap(shifts)


class CancellationIn(_ChannelRequest):
    reason: str = Field(min_length=3, max_length=MAX_REASON)

    @field_validator("reason")
    @classmethod
    def _stripped(cls, reason: str) -> str:
        reason = " ".join(reason.split())
        if len(reason) < 3:
            raise ValueError("give the reason in a few words")
        return reason


class TimesheetIn(_ChannelRequest):
    shift_start: AwareDatetime = Field(description="Start of the planned shift the hours are for")
    worked_from: AwareDatetime | None = None
    worked_until: AwareDatetime | None = None
    break_minutes: int = Field(default=0, ge=0, le=MAX_BREAK_MINUTES)
    no_show: bool = Field(default=False, description="The worker did not work this shift: nothing is billed")

    @model_validator(mode="after")
    def _times_or_no_show(self) -> Self:
        has_times = self.worked_from is not None and self.worked_until is not None
        if self.no_show == has_times:
            raise ValueError("give workedFrom and workedUntil, or noShow: true")
        return self

    def worked(self) -> Shift | None:
        if self.worked_from is None or self.worked_until is None:
            return None
        return Shift(self.worked_from, self.worked_until, self.break_minutes)


class RatingIn(_ChannelRequest):
    score: int = Field(ge=MIN_SCORE, le=MAX_SCORE, description="1 (poor) to 5 (excellent)")
    comment: str | None = Field(default=None, max_length=1000)


class WageQuoteIn(_ChannelRequest):
    status: WorkerStatus
    birth_date: date
    experience_months: int = Field(default=0, ge=0, le=720)
    student_hours_used_this_year: int = Field(default=0, ge=0, le=2000)
    joint_committee: JointCommittee
    hourly_wage: PositiveAmount
    shifts: list[ShiftIn] = Field(min_length=1, max_length=MAX_SHIFTS)

    _shifts_do_not_overlap = field_validator("shifts")(_no_overlap)
