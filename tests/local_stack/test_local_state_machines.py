"""State machines from the template: DefinitionUri + DefinitionSubstitutions, Wait and
waitForTaskToken on the virtual clock, started by an EventBridge rule and by a ScheduleV2 event."""
import json

from local_stack.testing import execution_history, state_path
from tests.local_stack.support import at, bearer, items


def executions(stack, lid):
    sfn = stack.client("stepfunctions")
    found = sfn.list_executions(stateMachineArn=stack.state_machines[lid])["executions"]
    return sorted(found, key=lambda e: e["startDate"])


def test_state_machines_created_with_their_substitutions(stack):
    assert stack.state_machines == {
        "ApprovalMachine": "arn:aws:states:us-east-1:123456789012:stateMachine:local-approval",
        "SweepMachine": "arn:aws:states:us-east-1:123456789012:stateMachine:SweepMachine"}
    described = stack.client("stepfunctions").describe_state_machine(
        stateMachineArn=stack.state_machines["ApprovalMachine"])
    definition = json.loads(described["definition"])
    assert definition["States"]["Record"]["Parameters"]["TableName"] == "local-cases"
    assert definition["States"]["AskApprover"]["Parameters"]["FunctionName"] == \
        "arn:aws:lambda:us-east-1:123456789012:function:StepsFunction"
    entry = definition["States"]["Announce"]["Parameters"]["Entries"][0]
    assert (entry["EventBusName"], entry["Source"]) == ("local-bus", "local.approvals")
    assert "${" not in described["definition"]
    env = stack.function("CasesFunction").env                         # !Ref = ARN, !GetAtt .Name
    assert env["APPROVAL_MACHINE_ARN"] == stack.state_machines["ApprovalMachine"]
    assert env["APPROVAL_MACHINE_NAME"] == "local-approval"


def test_approval_through_the_api_with_wait_and_task_token(stack, http):
    auth = {"Authorization": bearer()}
    _, case, _ = http.post("/v1/cases", {"title": "big", "priority": 2, "needsApproval": True}, headers=auth)
    case_id = case["caseId"]
    stack.clock.settle()
    [execution] = executions(stack, "ApprovalMachine")                 # started by the rule (InputPath)
    assert execution["status"] == "RUNNING"
    [started] = items(stack, f"APPROVAL#{case_id}")                    # DynamoDB service integration
    assert started["at"].startswith("2030-03-29T00:00:00")

    stack.clock.advance("PT23H59M")                                     # cooling off: 86400 s
    assert [i["sk"] for i in items(stack, f"CASE#{case_id}")] == ["META"]
    assert http.post(f"/v1/cases/{case_id}/approve", headers=auth).status == 404
    stack.clock.advance("PT1M")
    token = next(i for i in items(stack, f"CASE#{case_id}") if i["sk"] == "TOKEN")
    assert token["askedAt"] == "2030-03-30T00:00:00+00:00"

    stack.clock.advance("PT2H")
    status, body, _ = http.post(f"/v1/cases/{case_id}/approve", headers=auth)   # SendTaskSuccess
    assert (status, body) == (200, {"caseId": case_id, "approved": True, "machine": "local-approval"})
    stack.clock.settle()
    sfn = stack.client("stepfunctions")
    assert sfn.describe_execution(executionArn=execution["executionArn"])["status"] == "SUCCEEDED"
    assert state_path(execution_history(sfn, execution["executionArn"])) == \
        ["Record", "CoolingOff", "AskApprover", "Announce"]
    # Announce put ApprovalGranted on the bus: the notifier's second rule consumed it
    [notified] = items(stack, f"NOTIFY#{case_id}")
    assert (notified["detailType"], notified["sk"]) == ("ApprovalGranted", "2030-03-30T02:00:00+00:00")


def test_unanswered_approval_expires_after_ten_days(stack, http):
    _, case, _ = http.post("/v1/cases", {"title": "slow", "priority": 1, "needsApproval": True},
                           headers={"Authorization": bearer()})
    stack.clock.advance("P10DT23H59M")                     # asked on day 1, 10-day timeout
    [execution] = executions(stack, "ApprovalMachine")
    assert execution["status"] == "RUNNING"
    stack.clock.advance("PT1M")
    sfn = stack.client("stepfunctions")
    assert sfn.describe_execution(executionArn=execution["executionArn"])["status"] == "SUCCEEDED"
    expired = next(i for i in items(stack, f"CASE#{case['caseId']}") if i["sk"] == "EXPIRED")
    assert expired["at"] == at(2030, 4, 9).isoformat()
    assert state_path(execution_history(sfn, execution["executionArn"]))[-1] == "Expired"


def test_parallel_approvals_each_at_their_own_time(stack, http):
    auth = {"Authorization": bearer()}
    ids = []
    for hours in range(3):
        _, case, _ = http.post("/v1/cases", {"title": f"p{hours}", "priority": 1, "needsApproval": True}, headers=auth)
        ids.append(case["caseId"])
        stack.clock.advance(hours=1)
    stack.clock.advance("P1D")                             # each asked 24 h after its own start
    asked = [next(i for i in items(stack, f"CASE#{cid}") if i["sk"] == "TOKEN")["askedAt"] for cid in ids]
    assert asked == [at(2030, 3, 30, h).isoformat() for h in range(3)]
    assert [e["status"] for e in executions(stack, "ApprovalMachine")] == ["RUNNING"] * 3


def test_schedule_v2_starts_a_state_machine(stack):
    stack.clock.advance("P1D")                             # 02:00 Brussels = 01:00Z in March (CET)
    [execution] = executions(stack, "SweepMachine")
    assert execution["status"] == "SUCCEEDED"
    [run] = items(stack, "JOB#sweep")
    assert (run["sk"], run["job"], run["scheduledAt"]) == \
        (at(2030, 3, 29, 1).isoformat(), "sweep", "2030-03-29T01:00:00Z")


def test_step_functions_created_at_runtime_reach_template_handlers(stack):
    sfn = stack.client("stepfunctions")
    arn = sfn.create_state_machine(name="weekly-later", roleArn="arn:aws:iam::123456789012:role/x",
                                   definition=json.dumps({"StartAt": "W", "States": {
                                       "W": {"Type": "Wait", "Seconds": 86400, "Next": "Run"},
                                       "Run": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                               "Parameters": {"FunctionName": "WeeklyReportFunction",
                                                              "Payload": {"scheduledTime.$": "$$.State.EnteredTime"}},
                                               "End": True}}}))["stateMachineArn"]
    ex = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    stack.clock.advance("PT23H")
    assert items(stack, "JOB#weekly") == []
    stack.clock.advance("PT1H")
    [run] = items(stack, "JOB#weekly")
    assert run["sk"] == "2030-03-30T00:00:00+00:00"
    assert sfn.describe_execution(executionArn=ex)["status"] == "SUCCEEDED"
