"""The tasks of the collection state machine (statemachines/go_solid_collection.asl.json): what
each Lambda task sends, and which use case runs it.

Every action task answers the case's WorkflowState: its `nextStep` is what the machine's one
Choice routes on, its timers the next wait's timeout. A WAIT task asks the bailiff for what its
stage needs (the summons, the PV) and hands its task token to the case: the execution resumes
when the case moves on (SendTaskSuccess with a fresh WorkflowState) or times out.

CHECK_PLANS is not a task of the machine but the hourly schedule of the same function (the plan
watch): it resumes the plan's wait of every case whose running plan has an instalment past its
grace."""
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from extra_services.gosolid.case import CaseStatus, WaitStage
from extra_services.gosolid.collection_service import CollectionService
from extra_services.gosolid.workflow_state import WorkflowState

CaseId = Annotated[str, Field(alias="caseId", min_length=1, max_length=64)]


class _Task(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)
    case_id: CaseId


class ActionTask(_Task):
    action: Literal["SCREEN", "DEBTOR_MONTH_EXPIRED", "PLAN_DUE", "PARTNER_LATE"]


class WaitTask(_Task):
    action: Literal["WAIT"]
    stage: WaitStage
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


class CheckPlansTask(BaseModel):
    """The Input of the plan watch's schedule (template.yaml, GoSolidWorkflowFunction)."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    action: Literal["CHECK_PLANS"]


AnyTask = ActionTask | WaitTask | ParkTask | CheckPlansTask
Task = Annotated[AnyTask, Field(discriminator="action")]
_TASK: TypeAdapter[AnyTask] = TypeAdapter(Task)

_ACTIONS: dict[str, Callable[[CollectionService, str], WorkflowState]] = {
    "SCREEN": CollectionService.screen,
    "DEBTOR_MONTH_EXPIRED": CollectionService.debtor_month_expired,
    "PLAN_DUE": CollectionService.plan_due,
    "PARTNER_LATE": CollectionService.partner_late,
}


def parse_task(payload: dict[str, Any]) -> AnyTask:
    """Raises pydantic.ValidationError for a payload the ASL never sends (a bug: the task fails)."""
    return _TASK.validate_python(payload)


def run_task(service: CollectionService, task: AnyTask, *,
             keep_going: Callable[[], bool] = lambda: True) -> dict[str, Any]:
    """`keep_going`: whether the plan watch may take another case (the Lambda's time left)."""
    if isinstance(task, CheckPlansTask):
        run = service.watch_plans(keep_going=keep_going)
        return {"lookedAt": run.looked_at, "plansMissed": len(run.plans_missed), "stoppedEarly": run.stopped_early}
    if isinstance(task, WaitTask):
        service.wait_for(task.case_id, task.stage, task.token)
        return {"caseId": task.case_id, "waiting": task.stage.value}
    if isinstance(task, ParkTask):
        state = service.park(task.case_id, task.stage, task.failure.Error, task.failure.Cause)
    else:
        state = _ACTIONS[task.action](service, task.case_id)
    return state.model_dump(mode="json")
