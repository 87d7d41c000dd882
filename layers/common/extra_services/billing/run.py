"""The weekly billing run's steps, as statemachines/nowjobs_billing.asl.json calls them:

  PLAN    which weeks are billed (the week before the Thursday's, and four earlier ones for hours
          confirmed late) and which shifts are unbilled in them, through NOWJOBS' UnbilledByWeek index
          read by key (a Query per week, no Scan); the companies, cut into batches, go to the run's
          manifest in BillingTable, and the Map gets the batch numbers (a large week stays small);
  BILL    one batch: each company's weeks, oldest first (issuance.py does one company's week), its
          shifts read by key;
  REPORT  the totals, recorded as metrics; the machine fails (and alarms) when a company could not
          be billed, after every other company was.

A company's problem that retrying cannot cure (its record is gone, a line does not add up) is
reported and left for a person; everything else is raised, and the machine retries the batch:
every step is idempotent."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from extra_services.billing.calendar import InvoicingWeek
from extra_services.billing.issuance import Billed, IssuanceService
from extra_services.billing.plan import CompanyWeeks, WeekShifts, in_batches, weeks_to_bill
from extra_services.billing.ports import Metrics, UnbilledHours
from extra_services.billing.statuses import InvoiceStatus
from extra_services.clock import Clock, brussels_today
from extra_services.errors import InvalidInput, NotFound

BATCH_SIZE = 25  # companies per Map item: ~10 shifts each fit well inside one invocation's timeout


class RunManifests(Protocol):
    """BillingRepository: the batches a run's plan cut, by number."""

    def save_run_batch(self, run_id: str, number: int, batch: Sequence[CompanyWeeks]) -> None: ...

    def run_batch(self, run_id: str, number: int) -> list[CompanyWeeks] | None: ...


@dataclass(frozen=True)
class Failure:
    company_id: str
    week: date
    code: str
    message: str


@dataclass(frozen=True)
class BatchResult:
    """Counts only: the Map state gathers one per batch, and a week may have thousands of invoices."""

    companies: int = 0
    invoices_issued: int = 0
    invoices_completed: int = 0  # invoices an interrupted run had written, finished by this one
    awaiting_mandate: int = 0
    shifts_billed: int = 0
    failures: tuple[Failure, ...] = ()

    @classmethod
    def of(cls, companies: int, billed: Sequence[Billed], failures: Sequence[Failure]) -> BatchResult:
        return cls(companies=companies, invoices_issued=sum(1 for b in billed if b.new),
                   invoices_completed=sum(1 for b in billed if not b.new),
                   awaiting_mandate=sum(1 for b in billed if b.new and b.status is InvoiceStatus.AWAITING_MANDATE),
                   shifts_billed=sum(b.shifts for b in billed), failures=tuple(failures))

    def metrics(self) -> dict[str, int]:
        return {"NowjobsInvoicesIssued": self.invoices_issued, "NowjobsInvoicesAwaitingMandate": self.awaiting_mandate,
                "NowjobsShiftsBilled": self.shifts_billed, "NowjobsBillingFailures": len(self.failures)}


@dataclass(frozen=True)
class RunPlan:
    weeks: tuple[date, ...]
    companies: int
    shifts: int
    batches: int


class BillingRun:
    def __init__(self, issuance: IssuanceService, unbilled: UnbilledHours, manifests: RunManifests, clock: Clock,
                 metrics: Metrics) -> None:
        self.issuance = issuance
        self.unbilled = unbilled
        self.manifests = manifests
        self.clock = clock
        self.metrics = metrics

    def plan(self, run_id: str, requested_week: date | None = None) -> RunPlan:
        weeks = weeks_to_bill(brussels_today(self.clock), requested_week)
        by_company: dict[str, list[WeekShifts]] = {}
        for week in weeks:
            for company_id, keys in self.unbilled.unbilled_shifts(week.monday).items():
                by_company.setdefault(company_id, []).append(WeekShifts(week.monday, tuple(keys)))
        items = [CompanyWeeks(company, tuple(by_company[company])) for company in sorted(by_company)]
        batches = in_batches(items, BATCH_SIZE)
        for number, batch in enumerate(batches):
            self.manifests.save_run_batch(run_id, number, batch)
        shifts = sum(len(w.shifts) for item in items for w in item.weeks)
        return RunPlan(tuple(w.monday for w in weeks), len(items), shifts, len(batches))

    def bill_batch(self, run_id: str, number: int) -> BatchResult:
        batch = self.manifests.run_batch(run_id, number)
        if batch is None:
            raise NotFound(f"Run {run_id} planned no batch {number}.", code="RUN_BATCH_NOT_FOUND")
        billed: list[Billed] = []
        failures: list[Failure] = []
        for item in batch:
            for week in item.weeks:
                try:
                    billed += self.issuance.bill(item.company_id, InvoicingWeek(week.monday), week.shifts)
                except (InvalidInput, NotFound) as exc:  # retrying cannot cure these: a person must look
                    failures.append(Failure(item.company_id, week.monday, exc.code, exc.message))
        return BatchResult.of(len(batch), billed, failures)

    def report(self, results: Iterable[BatchResult]) -> BatchResult:
        """The whole run's counts, recorded as metrics (NowjobsBillingFailures > 0 fails the run)."""
        listed = list(results)
        report = BatchResult(
            companies=sum(r.companies for r in listed), invoices_issued=sum(r.invoices_issued for r in listed),
            invoices_completed=sum(r.invoices_completed for r in listed),
            awaiting_mandate=sum(r.awaiting_mandate for r in listed),
            shifts_billed=sum(r.shifts_billed for r in listed),
            failures=tuple(f for r in listed for f in r.failures))
        for name, value in report.metrics().items():
            self.metrics.record(name, value)
        return report
