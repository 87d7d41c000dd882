"""What billing needs from NOWJOBS and from the outside, as small interfaces: the wiring plugs in the
NOWJOBS services (nowjobs_adapter.py) and the real adapters, tests pass fakes."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

from msgspec import Struct

from extra_services.billing.billable import DiscountCode
from extra_services.billing.mandate import Mandate
from extra_services.nowjobs.ports import EventPublisher, Outbox, OutboxChannel, UsableCheck

if TYPE_CHECKING:  # annotations only: the billing functions other than the run never load NOWJOBS' repository
    from extra_services.nowjobs.repository import UnbilledPage
    from extra_services.nowjobs.timesheet import Timesheet

__all__ = ["BillableHours", "BillingProfile", "Companies", "CompanyDirectory", "EventPublisher", "Metrics", "Outbox",
           "OutboxChannel", "UsableCheck"]


class BillingProfile(Struct, frozen=True):
    """What an invoice needs to know about the company it is for."""

    company_id: str
    enterprise_number: str
    name: str
    contact_email: str
    mandate: Mandate | None  # the SEPA mandate signed at registration


class CompanyDirectory(Protocol):
    def billing_profile(self, company_id: str) -> BillingProfile | None: ...


class Companies(CompanyDirectory, Protocol):
    def billing_profiles(self, company_ids: Collection[str]) -> dict[str, BillingProfile]:
        """Those of the companies that exist, read together (one item each)."""

    def claim_discount(self, company_id: str, invoice_id: str) -> DiscountCode | None:
        """The welcome discount, marked used by this invoice in the same step: None when the company has
        none or another invoice used it; the same code again when repeated for the same invoice."""


class BillableHours(Protocol):
    def unbilled_page(self, week_monday: date, after: dict[str, str] | None, size: int) -> UnbilledPage:
        """About `size` confirmed, not yet invoiced shifts of the week from `after` on (whole companies)."""

    def current(self, timesheets: Sequence[Timesheet]) -> list[Timesheet]:
        """The same timesheets read again, strongly consistent (after losing a race with another run)."""

    def mark_billed(self, timesheet: Timesheet, invoice_id: str) -> None:
        """Takes the hours out of UnbilledByWeek (conditional); repeating it for the same invoice is harmless."""


class Metrics(Protocol):
    def record(self, metric: str, value: float) -> None:
        """A count, as a CloudWatch metric (the alarms watch some of them)."""
