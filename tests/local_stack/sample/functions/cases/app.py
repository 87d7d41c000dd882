from __future__ import annotations  # string annotations: resolved later by Powertools

import json
import os
from typing import Annotated

import boto3
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, Field
from sample_shared import store
from utils import label, new_case_id  # clashes with functions/public/utils.py by name

TABLE = store.cases_table()
EVENTS = boto3.client("events")
SFN = boto3.client("stepfunctions")
BUS = os.environ["EVENT_BUS_NAME"]
app = APIGatewayRestResolver(enable_validation=True)


class CaseIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    priority: int = Field(ge=1, le=5)
    needs_approval: bool = Field(default=False, alias="needsApproval")


class CaseOut(BaseModel):
    case_id: str = Field(serialization_alias="caseId")
    title: str
    priority: int
    owner: str
    utils: str


def _authorizer() -> dict:
    return app.current_event.raw_event["requestContext"]["authorizer"]


@app.post("/v1/cases")
def create_case(case: CaseIn):
    case_id = new_case_id()
    owner = _authorizer()["principalId"]
    TABLE.put_item(Item={"pk": f"CASE#{case_id}", "sk": "META", "title": case.title,
                         "priority": case.priority, "owner": owner})
    detail = {"caseId": case_id, "priority": case.priority, "title": case.title,
              "needsApproval": case.needs_approval, "coolingOffSeconds": 86400}
    EVENTS.put_events(Entries=[{"EventBusName": BUS, "Source": "cases.api", "DetailType": "CaseCreated",
                                "Detail": json.dumps(detail)}])
    return {"caseId": case_id}, 201


@app.get("/v1/cases/<case_id>")
def get_case(case_id: Annotated[str, Path(min_length=3)], verbose: Annotated[bool, Query()] = False):
    item = TABLE.get_item(Key={"pk": f"CASE#{case_id}", "sk": "META"}).get("Item")
    if not item:
        raise NotFoundError(f"case {case_id} not found")
    out = CaseOut(case_id=case_id, title=item["title"], priority=int(item["priority"]), owner=item["owner"],
                  utils=label() if verbose else "")
    return out.model_dump(by_alias=True)


@app.post("/v1/cases/<case_id>/approve")
def approve_case(case_id: str):
    item = TABLE.get_item(Key={"pk": f"CASE#{case_id}", "sk": "TOKEN"}).get("Item")
    if not item:
        raise NotFoundError(f"case {case_id} awaits no approval")
    SFN.send_task_success(taskToken=item["token"], output=json.dumps({"by": _authorizer()["principalId"]}))
    TABLE.delete_item(Key={"pk": f"CASE#{case_id}", "sk": "TOKEN"})
    return {"caseId": case_id, "approved": True, "machine": os.environ["APPROVAL_MACHINE_NAME"]}


@app.route("/v1/cases/<case_id>/files/.+", method=["GET", "PUT", "DELETE"])
def case_file(case_id: str):
    ev = app.current_event
    return {"caseId": case_id, "proxy": ev.path_parameters["proxy"], "method": ev.http_method,
            "resource": ev.resource, "bodyLength": len(ev.decoded_body or ""), "base64": ev.is_base64_encoded}


@app.get("/v1/admin/stats")
def admin_stats():
    return {"role": _authorizer()["role"], "jwtSecretVisible": _authorizer()["jwtSecretVisible"]}


def lambda_handler(event, context):
    return app.resolve(event, context)
