"""What the NOWJOBS schedules ask for (the Input of each ScheduleV2 event in template.yaml) and what each
run measured: metric name -> count, recorded by the handler."""
from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from extra_services.nowjobs.company_service import CompanyService
from extra_services.nowjobs.contract_service import ContractService


class Task(StrEnum):
    ACTIVATION_TARGETS = "activation-targets"
    TIMESHEETS = "timesheets"


class ScheduledTask(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    task: Task


class Services(Protocol):
    @property
    def companies(self) -> CompanyService: ...

    @property
    def contracts(self) -> ContractService: ...


def run_task(scheduled: ScheduledTask, services: Services) -> dict[str, int]:
    if scheduled.task is Task.ACTIVATION_TARGETS:
        return services.companies.check_activation_targets().metrics()
    run = services.contracts.process_due_timesheets()
    return {"NowjobsTimesheetRemindersSent": len(run.reminded),
            "NowjobsHoursConfirmedByDefault": len(run.confirmed_by_default)}
