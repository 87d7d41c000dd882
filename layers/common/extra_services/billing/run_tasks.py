"""What statemachines/nowjobs_billing.asl.json sends to the billing run function, and what it answers.

  {"action": "PLAN", "input": <the execution's input>}      -> {"weeks": ["2026-02-02", ...]}
      the input may name a week to (re)bill: {"week": "2026-03-02"}; the schedule sends {"scheduledAt"}
  {"action": "BILL", "week", "after"?, "totals"?}           -> the same task for the week's next page:
      {"action": "BILL", "week", "after": <where it starts, or null when the week is done>,
       "totals": <the week's counts so far, failures included>}
  {"action": "REPORT", "results": [totals of each week]}    -> the run's counts, "failed": number of failures

The daily submission schedule sends {"scheduledAt": "<instant>"}: the run's name, for its lease
(SubmissionTask, in submission_task.py)."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter

from extra_services.billing.run import BatchResult, BillingRun, Failure
from extra_services.billing.submission_task import SubmissionTask

__all__ = ["BatchResultIn", "BillTask", "FailureIn", "PlanTask", "ReportTask", "RunInput", "SubmissionTask", "Task",
           "parse_task", "run_task"]

CursorPart = Annotated[str, StringConstraints(min_length=1, max_length=400)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class RunInput(_Model):
    week: date | None = Field(default=None, description="Monday of a week to bill again (ops); default: the "
                                                         "week before this Thursday's and four earlier ones")


class PlanTask(_Model):
    action: Literal["PLAN"]
    input: RunInput = Field(default_factory=RunInput)


class FailureIn(_Model):
    company_id: str = Field(alias="companyId")
    week: date
    code: str
    message: str


class BatchResultIn(_Model):
    companies: int = 0
    invoices_issued: int = Field(default=0, alias="invoicesIssued")
    invoices_completed: int = Field(default=0, alias="invoicesCompleted")
    awaiting_mandate: int = Field(default=0, alias="awaitingMandate")
    shifts_billed: int = Field(default=0, alias="shiftsBilled")
    failures: list[FailureIn] = Field(default_factory=list)
    failed: int | None = Field(default=None, description="every failure; the list names the first ones")

    def to_domain(self) -> BatchResult:
        return BatchResult(self.companies, self.invoices_issued, self.invoices_completed, self.awaiting_mandate,
                           self.shifts_billed, tuple(Failure(f.company_id, f.week, f.code, f.message)
                                                     for f in self.failures),
                           len(self.failures) if self.failed is None else self.failed)


class BillTask(_Model):
    action: Literal["BILL"]
    week: date
    after: dict[CursorPart, CursorPart] | None = Field(default=None, max_length=3)
    totals: BatchResultIn = Field(default_factory=BatchResultIn)


class ReportTask(_Model):
    action: Literal["REPORT"]
    results: list[BatchResultIn]


Task = Annotated[PlanTask | BillTask | ReportTask, Field(discriminator="action")]
_TASK: TypeAdapter[PlanTask | BillTask | ReportTask] = TypeAdapter(Task)


def parse_task(payload: dict[str, Any]) -> PlanTask | BillTask | ReportTask:
    """Raises pydantic.ValidationError for a payload the ASL never sends (a bug: the task fails)."""
    return _TASK.validate_python(payload)


def run_task(run: BillingRun, task: PlanTask | BillTask | ReportTask) -> dict[str, Any]:
    if isinstance(task, PlanTask):
        return {"weeks": [w.isoformat() for w in run.plan(task.input.week)]}
    if isinstance(task, BillTask):
        page = run.bill_page(task.week, task.after)
        if page.after is not None and page.after == task.after:
            raise RuntimeError(f"The page of week {task.week.isoformat()} did not move on.")  # never loop forever
        totals = BatchResult.total([task.totals.to_domain(), page.result])
        return {"action": "BILL", "week": task.week.isoformat(), "after": page.after, "totals": _result_out(totals)}
    return _result_out(run.report(r.to_domain() for r in task.results))


def _result_out(result: BatchResult) -> dict[str, Any]:
    return {"companies": result.companies, "invoicesIssued": result.invoices_issued,
            "invoicesCompleted": result.invoices_completed, "awaitingMandate": result.awaiting_mandate,
            "shiftsBilled": result.shifts_billed, "failed": result.failed,
            "failures": [{"companyId": f.company_id, "week": f.week.isoformat(), "code": f.code,
                          "message": f.message} for f in result.failures]}
