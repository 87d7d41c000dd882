"""The weekly billing run's steps, as statemachines/nowjobs_billing.asl.json calls them:

  PLAN    which weeks are billed: the week before the Thursday's, and four earlier ones for hours
          confirmed late (or one week asked for by hand); it reads nothing, the Map gets one item a week;
  BILL    one page of a week: about PAGE_SHIFTS unbilled shifts read whole from NOWJOBS' UnbilledByWeek
          index (a company's shifts never split across pages), the page's companies read together, each
          company's week invoiced (issuance.py); it answers where the next page starts and the week's
          counts so far, and the machine loops until the week is read to its end;
  REPORT  the totals, recorded as metrics; the machine fails (and alarms) when a company could not
          be billed, after every other company was.

Every shift due is read once and every company billed once per page: the run reads what is due, not
what is stored. A company's problem that retrying cannot cure (its record is gone, a line does not add
up) is reported and left for a person; everything else is raised, and the machine retries the page:
every step is idempotent."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from msgspec import Struct

from extra_services.billing.calendar import InvoicingWeek
from extra_services.billing.issuance import Billed, IssuanceService
from extra_services.billing.plan import weeks_to_bill
from extra_services.billing.ports import BillableHours, Companies, Metrics
from extra_services.billing.statuses import InvoiceStatus
from extra_services.clock import Clock, brussels_today
from extra_services.errors import InvalidInput, NotFound
from extra_services.nowjobs.timesheet import Timesheet

PAGE_SHIFTS = 250  # shifts a BILL step reads at once: ~25 companies of ~10 shifts, well inside its timeout
LISTED_FAILURES = 50  # failures named in the run's state (all are counted): the state stays far below 256 KB


class Failure(Struct, frozen=True):
    company_id: str
    week: date
    code: str
    message: str


class BatchResult(Struct, frozen=True):
    """Counts only: the machine carries one per week, and a week may have thousands of invoices."""

    companies: int = 0  # a company with hours in two weeks counts twice
    invoices_issued: int = 0
    invoices_completed: int = 0  # invoices an interrupted run had written, finished by this one
    awaiting_mandate: int = 0
    shifts_billed: int = 0
    failures: tuple[Failure, ...] = ()  # the first LISTED_FAILURES
    failed: int = 0  # every company-week that could not be billed

    @classmethod
    def of(cls, companies: int, billed: Sequence[Billed], failures: Sequence[Failure]) -> BatchResult:
        return cls(companies=companies, invoices_issued=sum(1 for b in billed if b.new),
                   invoices_completed=sum(1 for b in billed if not b.new),
                   awaiting_mandate=sum(1 for b in billed if b.new and b.status is InvoiceStatus.AWAITING_MANDATE),
                   shifts_billed=sum(b.shifts for b in billed), failures=tuple(failures[:LISTED_FAILURES]),
                   failed=len(failures))

    @classmethod
    def total(cls, results: Iterable[BatchResult]) -> BatchResult:
        listed = list(results)
        return cls(companies=sum(r.companies for r in listed), invoices_issued=sum(r.invoices_issued for r in listed),
                   invoices_completed=sum(r.invoices_completed for r in listed),
                   awaiting_mandate=sum(r.awaiting_mandate for r in listed),
                   shifts_billed=sum(r.shifts_billed for r in listed),
                   failures=tuple(f for r in listed for f in r.failures)[:LISTED_FAILURES],
                   failed=sum(r.failed for r in listed))

    def metrics(self) -> dict[str, int]:
        return {"NowjobsInvoicesIssued": self.invoices_issued, "NowjobsInvoicesAwaitingMandate": self.awaiting_mandate,
                "NowjobsShiftsBilled": self.shifts_billed, "NowjobsBillingFailures": self.failed}


class PageResult(Struct, frozen=True):
    result: BatchResult
    after: dict[str, str] | None  # where the week's next page starts; None: the week is done


class BillingRun:
    def __init__(self, issuance: IssuanceService, hours: BillableHours, companies: Companies, clock: Clock,
                 metrics: Metrics) -> None:
        self.issuance = issuance
        self.hours = hours
        self.companies = companies
        self.clock = clock
        self.metrics = metrics

    def plan(self, requested_week: date | None = None) -> tuple[date, ...]:
        return tuple(w.monday for w in weeks_to_bill(brussels_today(self.clock), requested_week))

    def bill_page(self, week_monday: date, after: dict[str, str] | None) -> PageResult:
        week = InvoicingWeek(week_monday)
        page = self.hours.unbilled_page(week.monday, after, PAGE_SHIFTS)
        by_company: dict[str, list[Timesheet]] = {}
        for timesheet in page.timesheets:
            by_company.setdefault(timesheet.company_id, []).append(timesheet)
        profiles = self.companies.billing_profiles(by_company)
        billed: list[Billed] = []
        failures: list[Failure] = []
        for company_id, timesheets in by_company.items():
            try:
                billed += self.issuance.bill(company_id, week, timesheets, profiles.get(company_id))
            except (InvalidInput, NotFound) as exc:  # retrying cannot cure these: a person must look
                failures.append(Failure(company_id, week.monday, exc.code, exc.message))
        return PageResult(BatchResult.of(len(by_company), billed, failures), page.after)

    def report(self, results: Iterable[BatchResult]) -> BatchResult:
        """The whole run's counts, recorded as metrics (NowjobsBillingFailures > 0 fails the run)."""
        report = BatchResult.total(results)
        for name, value in report.metrics().items():
            self.metrics.record(name, value)
        return report
