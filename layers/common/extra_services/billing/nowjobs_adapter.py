"""Billing's view of NOWJOBS: a company's billing profile (its mandate and contact), its welcome
discount through CompanyService, a confirmed shift by its key and ContractService.mark_billed."""
from __future__ import annotations

from extra_services.billing.invoice import DiscountCode
from extra_services.billing.ports import BillingProfile, ShiftKey
from extra_services.nowjobs.company_service import CompanyService
from extra_services.nowjobs.contract_service import ContractService
from extra_services.nowjobs.repository import NowjobsRepository
from extra_services.nowjobs.timesheet import Timesheet


class NowjobsDirectory:
    def __init__(self, repository: NowjobsRepository) -> None:
        self.repository = repository

    def billing_profile(self, company_id: str) -> BillingProfile | None:
        # CompanyService.get reads for a person; billing reads as the system.
        company = self.repository.get_company(company_id)
        if company is None:
            return None
        return BillingProfile(company_id=company.company_id, enterprise_number=company.enterprise_number,
                              name=company.name, contact_email=company.contact.email,
                              mandate=company.mandate.mandate)


class NowjobsCompanies(NowjobsDirectory):
    def __init__(self, companies: CompanyService) -> None:
        super().__init__(companies.repository)
        self.companies = companies

    def discount_code_for_billing(self, company_id: str) -> DiscountCode | None:
        return self.companies.discount_code_for_billing(company_id)

    def redeem_discount_code(self, company_id: str, code: str, invoice_id: str) -> None:
        self.companies.redeem_discount_code(company_id, code, invoice_id)


class NowjobsHours:
    def __init__(self, contracts: ContractService) -> None:
        self.contracts = contracts

    def timesheet(self, key: ShiftKey) -> Timesheet | None:
        return self.contracts.repository.get_timesheet(key.contract_id, key.shift_start)

    def mark_billed(self, timesheet: Timesheet, invoice_id: str) -> None:
        self.contracts.mark_billed(timesheet, invoice_id)
