"""Collaborators of the billing routes (BillingApiFunction), built once per cold start (never at import)."""
from __future__ import annotations

from functools import cache, cached_property

from extra_services.billing.nowjobs_adapter import NowjobsDirectory
from extra_services.billing.ports import BillingProfile
from extra_services.billing.reads import BillingReads
from extra_services.billing.repository import BillingRepository
from extra_services.billing.wiring import ApiSettings
from extra_services.clock import SystemClock
from extra_services.eligibility.wiring import eligibility_service


class NowjobsDirectoryOnFirstUse:
    """The routes' CompanyDirectory. Only a company's invoice list reads NOWJOBS: its repository, which imports
    the whole NOWJOBS domain, is imported on that route's first request rather than at every cold start."""

    def __init__(self, table: str) -> None:
        self.table = table

    @cached_property
    def directory(self) -> NowjobsDirectory:
        from extra_services.nowjobs.repository import NowjobsRepository  # noqa: PLC0415

        return NowjobsDirectory(NowjobsRepository(self.table))

    def billing_profile(self, company_id: str) -> BillingProfile | None:
        return self.directory.billing_profile(company_id)


@cache
def reads() -> BillingReads:
    settings = ApiSettings.from_environ()
    return BillingReads(BillingRepository(settings.table, SystemClock()),
                        NowjobsDirectoryOnFirstUse(settings.nowjobs_table), eligibility_service(), settings.creditor())
