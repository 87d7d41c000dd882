"""Billing's view of NOWJOBS: a company's billing profile (its mandate and contact), read one by one for
the routes and together for the run, its welcome discount claimed for an invoice, the week's unbilled
hours page by page, and ContractService.mark_billed."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import TYPE_CHECKING

from extra_services.billing.ports import BillingProfile

if TYPE_CHECKING:  # the wiring passes the NOWJOBS repository and service in: this module need not load them
    from extra_services.billing.billable import DiscountCode
    from extra_services.clock import Clock
    from extra_services.nowjobs.company import Company
    from extra_services.nowjobs.contract_service import ContractService
    from extra_services.nowjobs.repository import NowjobsRepository, UnbilledPage
    from extra_services.nowjobs.timesheet import Timesheet


def _profile(company: Company) -> BillingProfile:
    return BillingProfile(company_id=company.company_id, enterprise_number=company.enterprise_number,
                          name=company.name, contact_email=company.contact.email, mandate=company.mandate.mandate)


class NowjobsDirectory:
    def __init__(self, repository: NowjobsRepository) -> None:
        self.repository = repository

    def billing_profile(self, company_id: str) -> BillingProfile | None:
        # CompanyService.get reads for a person; billing reads as the system.
        company = self.repository.get_company(company_id)
        return None if company is None else _profile(company)


class NowjobsCompanies(NowjobsDirectory):
    def __init__(self, repository: NowjobsRepository, clock: Clock) -> None:
        super().__init__(repository)
        self.clock = clock

    def billing_profiles(self, company_ids: Collection[str]) -> dict[str, BillingProfile]:
        return {company_id: _profile(company)
                for company_id, company in self.repository.get_companies(company_ids).items()}

    def claim_discount(self, company_id: str, invoice_id: str) -> DiscountCode | None:
        discount = self.repository.claim_discount(company_id, invoice_id, self.clock.now())
        return None if discount is None else discount.for_billing()


class NowjobsHours:
    def __init__(self, contracts: ContractService) -> None:
        self.contracts = contracts

    def unbilled_page(self, week_monday: date, after: dict[str, str] | None, size: int) -> UnbilledPage:
        return self.contracts.repository.unbilled_page(week_monday, after=after, size=size)

    def current(self, timesheets: Sequence[Timesheet]) -> list[Timesheet]:
        return self.contracts.repository.get_timesheets([(t.contract_id, t.planned.start) for t in timesheets],
                                                        consistent=True)

    def mark_billed(self, timesheet: Timesheet, invoice_id: str) -> None:
        self.contracts.mark_billed(timesheet, invoice_id)
