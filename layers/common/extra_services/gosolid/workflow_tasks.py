"""The tasks of the collection state machine (statemachines/go_solid_collection.asl.json): what
each Lambda task sends, and which use case runs it.

Every action task answers the case's WorkflowState, which the machine's Choice routes on and
whose timers are the next wait's timeout. A WAIT task only hands its task token to the case: the
execution resumes when the case moves on (SendTaskSuccess with a fresh WorkflowState) or times out."""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from extra_services.gosolid.case import CaseStatus, WaitStage
from extra_services.gosolid.service import GoSolidService
from extra_services.gosolid.workflow_state import WorkflowState

CaseId = Annotated[str, Field(alias="caseId", min_length=1, max_length=64)]


class _Task(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)
    case_id: CaseId


class ActionTask(_Task):
    action: Literal["SCREEN", "REQUEST_SUMMONS", "SUMMONS_OVERDUE", "DEBTOR_MONTH_EXPIRED", "INSTALMENT_DUE",
                    "REQUEST_PV", "PARTNER_SILENT"]


class WaitTask(_Task):
    action: Literal["WAIT"]
    stage: WaitStage | Literal["PARTNER"] = Field(description="PARTNER: what the bailiff owes in the current status")
    token: str = Field(min_length=1, max_length=4096)


class Failure(BaseModel):
    """What a Catch puts at ResultPath: Step Functions' Error and Cause."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    Error: str = "Unknown"
    Cause: str = ""


class ParkTask(_Task):
    action: Literal["PARK"]
    failure: Failure = Field(default_factory=Failure)
    last_state: dict[str, Any] = Field(default_factory=dict, alias="lastState",
                                       description="The state the failing step started from")

    @property
    def stage(self) -> str:
        status = self.last_state.get("status")
        return status if isinstance(status, str) and status in set(CaseStatus) else CaseStatus.SUBMITTED.value


Task = Annotated[ActionTask | WaitTask | ParkTask, Field(discriminator="action")]
_TASK: TypeAdapter[ActionTask | WaitTask | ParkTask] = TypeAdapter(Task)

_ACTIONS: dict[str, Callable[[GoSolidService, str], WorkflowState]] = {
    "SCREEN": GoSolidService.screen,
    "REQUEST_SUMMONS": GoSolidService.request_summons,
    "SUMMONS_OVERDUE": GoSolidService.summons_overdue,
    "DEBTOR_MONTH_EXPIRED": GoSolidService.debtor_month_expired,
    "INSTALMENT_DUE": GoSolidService.instalment_due,
    "REQUEST_PV": GoSolidService.request_pv,
    "PARTNER_SILENT": GoSolidService.partner_silent,
}


def parse_task(payload: dict[str, Any]) -> ActionTask | WaitTask | ParkTask:
    """Raises pydantic.ValidationError for a payload the ASL never sends (a bug: the task fails)."""
    return _TASK.validate_python(payload)


def run_task(service: GoSolidService, task: ActionTask | WaitTask | ParkTask) -> dict[str, Any]:
    if isinstance(task, WaitTask):
        if task.stage == "PARTNER":
            service.wait_for_partner(task.case_id, task.token)
        else:
            service.wait_for(task.case_id, task.stage, task.token)
        return {"caseId": task.case_id, "waiting": task.stage}
    if isinstance(task, ParkTask):
        state = service.park(task.case_id, task.stage, task.failure.Error, task.failure.Cause)
    else:
        state = _ACTIONS[task.action](service, task.case_id)
    return state.model_dump(mode="json")
