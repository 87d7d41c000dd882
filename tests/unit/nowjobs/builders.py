"""Builders of NOWJOBS domain values for the rule tests (pure, no I/O)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from msgspec.structs import replace

from extra_services.billing.mandate import Mandate, Scheme, mandate_reference_for
from extra_services.caller import Channel
from extra_services.eligibility.declaration import DeclarationRecord
from extra_services.nowjobs.application import Application
from extra_services.nowjobs.company import Address, Company, Contact, SignedMandate
from extra_services.nowjobs.contract import Contract, ContractEvent, apply_contract_event, propose
from extra_services.nowjobs.job_offer import JobOffer
from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.statuses import AcquisitionChannel, CompanyStatus, ContractEventType
from extra_services.nowjobs.workers import Worker, WorkerStatus

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Monday 2 March 2026, 10:00 in Brussels
ADULT = date(1990, 5, 17)
ENTERPRISE = "0403170701"
MANDATE_ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS)


def shift(day: date, start: int, end: int, break_minutes: int = 0) -> Shift:
    return Shift(local(day, start), local(day, end), break_minutes)


WEDNESDAY = date(2026, 3, 4)
THURSDAY = date(2026, 3, 5)
SHIFTS = (shift(WEDNESDAY, 9, 17, 30), shift(THURSDAY, 9, 13))


def company(**overrides: Any) -> Company:
    values: dict[str, Any] = {
        "company_id": "company-1", "enterprise_number": ENTERPRISE, "name": "Brasserie du Parc SRL",
        "address": Address("Parkstraat 1", "9000", "Gent", "BE"),
        "contact": Contact("Anna Peeters", "anna@brasserie.example", "+32470123456"),
        "joint_committees": ("302",),
        "mandate": SignedMandate(MANDATE_ID, Mandate(mandate_reference_for(MANDATE_ID), NOW.date(),
                                                     "Brasserie du Parc SRL", "BE68539007547034", Scheme.B2B),
                                 NOW, "customer-1"),
        "acquisition_channel": AcquisitionChannel.MOBILE, "registration_channel": Channel.MOBILE,
        "declaration": DeclarationRecord("customer-1", ENTERPRISE, "nowjobs", "2025-01", Channel.MOBILE, NOW),
        "registered_at": NOW, "new_to_nowjobs": True,
    }
    values.update(overrides)
    return Company(**values)


def active_company(**overrides: Any) -> Company:
    return company(status=CompanyStatus.ACTIVE, verified_at=NOW, activated_at=NOW + timedelta(hours=5),
                   **overrides)


def offer(**overrides: Any) -> JobOffer:
    values: dict[str, Any] = {
        "offer_id": "offer-1", "company_id": "company-1", "enterprise_number": ENTERPRISE, "title": "Waiter",
        "function": "waiter", "joint_committee": "302", "location": "Gent", "hourly_wage": Decimal("14.00"),
        "statuses": (WorkerStatus.STUDENT, WorkerStatus.FLEXI, WorkerStatus.REGULAR), "positions": 2,
        "shifts": SHIFTS, "published_at": NOW,
    }
    values.update(overrides)
    return JobOffer(**values)


def worker(status: WorkerStatus = WorkerStatus.FLEXI, **overrides: Any) -> Worker:
    return Worker(status, ADULT, quota_year=2026, **overrides)


def application(status: WorkerStatus = WorkerStatus.FLEXI, **overrides: Any) -> Application:
    values: dict[str, Any] = {
        "application_id": "application-1", "offer_id": "offer-1", "company_id": "company-1",
        "enterprise_number": ENTERPRISE, "worker_id": "worker-1", "worker_name": "Jan",
        "worker": worker(status), "received_at": NOW,
    }
    values.update(overrides)
    return Application(**values)


def proposed(status: WorkerStatus = WorkerStatus.FLEXI, shifts: tuple[Shift, ...] = SHIFTS) -> Contract:
    return propose(application(status), offer(), shifts, contract_id="contract-1", now=NOW)


def after_events(contract: Contract, *types: ContractEventType, at: datetime = NOW) -> Contract:
    for event_type in types:
        changed = apply_contract_event(contract, ContractEvent(event_type), at)
        assert changed is not None, f"{event_type} had no effect"
        contract = replace(changed, version=changed.version + 1)
    return contract


def confirmed(status: WorkerStatus = WorkerStatus.FLEXI, shifts: tuple[Shift, ...] = SHIFTS) -> Contract:
    return after_events(proposed(status, shifts), ContractEventType.ACCEPTED, ContractEventType.DIMONA_CONFIRMED)
