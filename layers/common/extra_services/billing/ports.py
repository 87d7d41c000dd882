"""What billing needs from NOWJOBS and from the outside, as small interfaces: the wiring plugs in the
NOWJOBS services (nowjobs_adapter.py) and the real adapters, tests pass fakes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from extra_services.billing.invoice import DiscountCode
from extra_services.billing.mandate import Mandate
from extra_services.nowjobs.ports import EventPublisher, Outbox, OutboxChannel, UsableCheck
from extra_services.nowjobs.timesheet import Timesheet

__all__ = ["BillableHours", "BillingProfile", "Companies", "CompanyDirectory", "EventPublisher", "Metrics", "Outbox",
           "OutboxChannel", "ShiftKey", "UnbilledHours", "UsableCheck"]


@dataclass(frozen=True)
class BillingProfile:
    """What an invoice needs to know about the company it is for."""

    company_id: str
    enterprise_number: str
    name: str
    contact_email: str
    mandate: Mandate | None  # the SEPA mandate signed at registration


class CompanyDirectory(Protocol):
    def billing_profile(self, company_id: str) -> BillingProfile | None: ...


class Companies(CompanyDirectory, Protocol):
    def discount_code_for_billing(self, company_id: str) -> DiscountCode | None: ...

    def redeem_discount_code(self, company_id: str, code: str, invoice_id: str) -> None:
        """Single use; repeating it for the same invoice is harmless; Conflict DISCOUNT_CODE_ALREADY_USED
        when another invoice used it."""


@dataclass(frozen=True)
class ShiftKey:
    """A timesheet's key: the contract and the shift's planned start."""

    contract_id: str
    shift_start: datetime


class BillableHours(Protocol):
    def timesheet(self, key: ShiftKey) -> Timesheet | None: ...

    def mark_billed(self, timesheet: Timesheet, invoice_id: str) -> None:
        """Takes the hours out of UnbilledByWeek (conditional); repeating it for the same invoice is harmless."""


class UnbilledHours(Protocol):
    def unbilled_shifts(self, week_monday: date) -> dict[str, list[ShiftKey]]:
        """Company id -> the keys of its confirmed shifts of that week not yet invoiced."""


class Metrics(Protocol):
    def record(self, metric: str, value: float) -> None:
        """A count, as a CloudWatch metric (the alarms watch some of them)."""
