"""A job offer: published at once by an active company (RULES.md §3). Pure rules."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from msgspec import Struct

from extra_services.errors import InvalidInput
from extra_services.nowjobs.company import Company, require_active
from extra_services.nowjobs.legal_floor import check_wage_for_any_worker
from extra_services.nowjobs.schedule_rules import check_shifts_ahead
from extra_services.nowjobs.shift_hours import Shift, work_date
from extra_services.nowjobs.statuses import OfferStatus
from extra_services.nowjobs.workers import WorkerStatus


class OfferDraft(Struct, frozen=True):
    title: str
    function: str
    joint_committee: str
    location: str
    hourly_wage: Decimal
    statuses: tuple[WorkerStatus, ...]
    positions: int
    shifts: tuple[Shift, ...]


class JobOffer(Struct, frozen=True):
    offer_id: str
    company_id: str
    enterprise_number: str
    title: str
    function: str
    joint_committee: str
    location: str
    hourly_wage: Decimal
    statuses: tuple[WorkerStatus, ...]
    positions: int
    shifts: tuple[Shift, ...]
    published_at: datetime
    status: OfferStatus = OfferStatus.PUBLISHED
    filled_positions: int = 0  # contracts proposed and not declined or cancelled
    request_hash: str | None = None  # of the creating body, when it came with an Idempotency-Key
    version: int = 0

    @property
    def first_shift_start(self) -> datetime:
        return min(shift.start for shift in self.shifts)


def check_offer(company: Company, draft: OfferDraft, now: datetime) -> None:
    """409 before activation; 422 for a committee the company did not register, a shift in the past or
    too far ahead, or a wage below the floor of any worker of an accepted status on any shift's date."""
    require_active(company)
    if draft.joint_committee not in company.joint_committees:
        raise InvalidInput(f"Joint committee {draft.joint_committee} is not one the company registered "
                           f"({', '.join(company.joint_committees)}).", code="JOINT_COMMITTEE_NOT_REGISTERED",
                           details=[{"field": "jointCommittee", "message": "not registered by the company"}])
    check_shifts_ahead(draft.shifts, now)
    check_wage_for_statuses(draft.statuses, draft.joint_committee, draft.hourly_wage, draft.shifts)


def check_wage_for_statuses(statuses: Sequence[WorkerStatus], joint_committee: str, hourly_wage: Decimal,
                            shifts: Sequence[Shift]) -> None:
    for day in sorted({work_date(shift.start) for shift in shifts}):
        for status in statuses:
            check_wage_for_any_worker(status, joint_committee, hourly_wage, day)


def publish(draft: OfferDraft, *, offer_id: str, company: Company, now: datetime,
            request_hash: str | None = None) -> JobOffer:
    return JobOffer(
        offer_id=offer_id, company_id=company.company_id, enterprise_number=company.enterprise_number,
        title=draft.title, function=draft.function, joint_committee=draft.joint_committee,
        location=draft.location, hourly_wage=draft.hourly_wage, statuses=draft.statuses,
        positions=draft.positions, shifts=tuple(sorted(draft.shifts, key=lambda s: s.start)), published_at=now,
        request_hash=request_hash)
