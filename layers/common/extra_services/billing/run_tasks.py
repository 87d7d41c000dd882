"""What statemachines/nowjobs_billing.asl.json sends to the billing run function, and what it answers.

  {"action": "PLAN", "runId", "input": <the execution's input>}
      -> {"runId", "weeks", "companies", "shifts", "batches": [0, 1, ...]} (the batches are in the manifest)
      the input may name a week to (re)bill: {"week": "2026-03-02"}; the schedule sends {"scheduledAt"}
  {"action": "BILL", "runId", "batch": n}               -> counts of one batch, and its failures
  {"action": "REPORT", "results": [BILL answer, ...]}   -> the run's counts, "failed": number of failures

The daily submission schedule sends {"scheduledAt": "<instant>"}: the run's name, for its lease."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from extra_services.billing.run import BatchResult, BillingRun, Failure, RunPlan


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class RunInput(_Model):
    week: date | None = Field(default=None, description="Monday of a week to bill again (ops); default: the "
                                                         "week before this Thursday's and four earlier ones")


RunId = Annotated[str, Field(alias="runId", min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.:-]+$")]


class PlanTask(_Model):
    action: Literal["PLAN"]
    run_id: RunId
    input: RunInput = Field(default_factory=RunInput)


class BillTask(_Model):
    action: Literal["BILL"]
    run_id: RunId
    batch: int = Field(ge=0)


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

    def to_domain(self) -> BatchResult:
        return BatchResult(self.companies, self.invoices_issued, self.invoices_completed, self.awaiting_mandate,
                           self.shifts_billed, tuple(Failure(f.company_id, f.week, f.code, f.message)
                                                     for f in self.failures))


class ReportTask(_Model):
    action: Literal["REPORT"]
    results: list[BatchResultIn]


class SubmissionTask(_Model):
    scheduled_at: str = Field(alias="scheduledAt", min_length=1, max_length=64)


Task = Annotated[PlanTask | BillTask | ReportTask, Field(discriminator="action")]
_TASK: TypeAdapter[PlanTask | BillTask | ReportTask] = TypeAdapter(Task)


def parse_task(payload: dict[str, Any]) -> PlanTask | BillTask | ReportTask:
    """Raises pydantic.ValidationError for a payload the ASL never sends (a bug: the task fails)."""
    return _TASK.validate_python(payload)


def run_task(run: BillingRun, task: PlanTask | BillTask | ReportTask) -> dict[str, Any]:
    if isinstance(task, PlanTask):
        return {"runId": task.run_id, **_plan_out(run.plan(task.run_id, task.input.week))}
    if isinstance(task, BillTask):
        return _result_out(run.bill_batch(task.run_id, task.batch))
    report = run.report(r.to_domain() for r in task.results)
    return {**_result_out(report), "failed": len(report.failures)}


def _plan_out(plan: RunPlan) -> dict[str, Any]:
    return {"weeks": [w.isoformat() for w in plan.weeks], "companies": plan.companies, "shifts": plan.shifts,
            "batches": list(range(plan.batches))}


def _result_out(result: BatchResult) -> dict[str, Any]:
    return {"companies": result.companies, "invoicesIssued": result.invoices_issued,
            "invoicesCompleted": result.invoices_completed, "awaitingMandate": result.awaiting_mandate,
            "shiftsBilled": result.shifts_billed,
            "failures": [{"companyId": f.company_id, "week": f.week.isoformat(), "code": f.code,
                          "message": f.message} for f in result.failures]}
