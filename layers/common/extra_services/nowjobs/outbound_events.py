"""The details of the NOWJOBS domain events (source `extra-services.nowjobs`), as models: what
nowjobs/events.py writes, for the event catalogue (docs/events/). A discount code itself never travels
on the bus (it is e-mailed through the outbox)."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from extra_services.event_details import Day, DecimalText, EnterpriseNumberText, EventDetail, Instant, Money
from extra_services.nowjobs import events as ev
from extra_services.nowjobs.statuses import (
    AcquisitionChannel,
    CompanyStatus,
    ContractStatus,
    DimonaType,
    HoursConfirmedBy,
    TimesheetStatus,
)
from extra_services.nowjobs.workers import WorkerStatus

SOURCE = ev.SOURCE
Version = Annotated[int, Field(ge=1, description="Changed hours re-issue the proposal with a higher version")]


class ShiftDetail(EventDetail):
    start: Instant
    end: Instant
    break_minutes: Annotated[int, Field(ge=0)]


class CompanyRef(EventDetail):
    company_id: str
    enterprise_number: EnterpriseNumberText


class ContactDetail(EventDetail):
    name: str
    email: str
    phone: str


class CompanyRegistered(CompanyRef):
    """For the Digital Business Partner, who contacts the company: hence the contact details."""

    name: str
    contact: ContactDetail
    joint_committees: list[str]
    acquisition_channel: AcquisitionChannel
    registered_at: Instant
    activation_due: Instant = Field(description="48 hours after registration (RULES.md)")


class CompanyVerified(CompanyRef):
    """The Digital Business Partner verified the company."""

    status: CompanyStatus
    activation_due: Instant


class CompanyActivated(CompanyVerified):
    """The company is active on NOWJOBS (activationTargetMet: within 48 hours of registration)."""

    activated_at: Instant
    activation_target_met: bool


class CompanyRefused(CompanyVerified):
    """The Digital Business Partner refused the company, with its reason."""

    reason: str | None
    refused_at: Instant


class CompanyActivationOverdue(CompanyRef):
    """48 hours passed since registration without activation (told once)."""

    status: CompanyStatus
    registered_at: Instant
    activation_due: Instant


class DiscountCodeIssued(CompanyRef):
    """A welcome discount was issued to a newly activated company (the code goes by e-mail)."""

    amount: Money
    issued_at: Instant


class JobOfferPublished(CompanyRef):
    """A company published a job offer; the platform's workers may apply."""

    offer_id: str
    title: str
    function: str
    joint_committee: str
    location: str
    hourly_wage: Money
    statuses: list[WorkerStatus]
    positions: Annotated[int, Field(ge=1)]
    shifts: list[ShiftDetail]
    published_at: Instant


class ContractRef(EventDetail):
    contract_id: str
    company_id: str
    enterprise_number: EnterpriseNumberText
    offer_id: str
    worker_id: str
    proposal_version: Version


class ContractProposed(ContractRef):
    """Also sent when changed hours re-issue the proposal (a higher proposalVersion)."""

    application_id: str
    function: str
    joint_committee: str
    location: str
    hourly_wage: Money
    shifts: list[ShiftDetail]
    proposed_at: Instant


class DimonaRequested(ContractRef):
    """The worker accepted the proposal: the Dimona is requested."""

    dimona_request_id: str = Field(description="{contractId}-v{proposalVersion}: consumers de-duplicate on it")
    dimona_type: DimonaType
    joint_committee: str
    worker_status: WorkerStatus
    shifts: list[ShiftDetail]
    file_before: Instant
    replaces_dimona_request_id: str | None
    requested_at: Instant


class ContractStatusChanged(ContractRef):
    status: ContractStatus


class ContractDeclined(ContractStatusChanged):
    """The worker declined the proposal."""


class DimonaConfirmed(ContractStatusChanged):
    """The Dimona was confirmed: the contract stands."""

    dimona_reference: str | None


class DimonaRejected(ContractStatusChanged):
    """The Dimona was rejected."""

    reason: str | None


class ContractCancellationRequested(ContractStatusChanged):
    """The company asked to cancel an accepted contract; the worker's agreement is awaited."""

    reason: str


class ContractCancelled(ContractStatusChanged):
    """The contract is cancelled (at once before acceptance, else with the worker's agreement)."""

    reason: str | None
    cancelled_at: Instant | None


class ContractCancellationRefused(ContractStatusChanged):
    """The worker refused the cancellation: the contract stands."""


class TimesheetRef(EventDetail):
    contract_id: str
    company_id: str
    enterprise_number: EnterpriseNumberText
    worker_id: str
    shift_start: Instant


class TimesheetReminderDue(TimesheetRef):
    """The company has not confirmed a shift's hours; its deadline is dueAt."""

    due_at: Instant


class HoursConfirmed(TimesheetRef):
    """NOWJOBS pays the worker from this. The line's fields come only with hours to bill (not NOT_WORKED)."""

    shift_id: str
    status: TimesheetStatus
    confirmed_by: HoursConfirmedBy | None
    worked_from: Instant | None
    worked_until: Instant | None
    break_minutes: int | None
    work_date: Day | None = None
    hours: DecimalText | None = None
    gross_wage: Money | None = None
    employer_contributions: Money | None = None
    fees: Money | None = None
    total: Money | None = None


DETAILS: dict[str, type[EventDetail]] = {
    "CompanyRegistered": CompanyRegistered,
    "CompanyVerified": CompanyVerified,
    "CompanyActivated": CompanyActivated,
    "CompanyRefused": CompanyRefused,
    "CompanyActivationOverdue": CompanyActivationOverdue,
    "DiscountCodeIssued": DiscountCodeIssued,
    "JobOfferPublished": JobOfferPublished,
    "ContractProposed": ContractProposed,
    "DimonaRequested": DimonaRequested,
    "ContractDeclined": ContractDeclined,
    "DimonaConfirmed": DimonaConfirmed,
    "DimonaRejected": DimonaRejected,
    "ContractCancellationRequested": ContractCancellationRequested,
    "ContractCancelled": ContractCancelled,
    "ContractCancellationRefused": ContractCancellationRefused,
    "TimesheetReminderDue": TimesheetReminderDue,
    "HoursConfirmed": HoursConfirmed,
}
