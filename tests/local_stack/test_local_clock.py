"""The virtual clock over moto 5.2.5's Step Functions interpreter (in-process moto, no stack).
No test sleeps: every assertion right after advance()/settle() must already see the final state."""
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import boto3
import pytest
import time_machine
from botocore.exceptions import ClientError
from moto import mock_aws

from local_stack.functions import FunctionRegistry, route_moto_lambda_invokes
from local_stack.moto_fixes import MOTO_CONFIG, apply_moto_fixes
from local_stack.testing import execution_history, state_path
from local_stack.virtual_time import ClockError, SettleTimeout, VirtualClock, parse_duration

REGION, ROLE = "us-east-1", "arn:aws:iam::123456789012:role/sfn"
START = datetime(2030, 1, 1, tzinfo=UTC)


def day(n: float = 0, **kw: float) -> datetime:
    return START + timedelta(days=n, **kw)


def iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def lam(fn, payload, **extra):
    return {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": fn, "Payload": payload}, "ResultPath": None, **extra}


# reminder: Wait TimestampPath -> step -> Wait SecondsPath -> step
REMIND = {"StartAt": "WaitUntilDue", "States": {
    "WaitUntilDue": {"Type": "Wait", "TimestampPath": "$.due", "Next": "Remind"},
    "Remind": lam("log", {"id.$": "$.id", "step": "remind", "entered.$": "$$.State.EnteredTime"},
                  Next="WaitAgain"),
    "WaitAgain": {"Type": "Wait", "SecondsPath": "$.again", "Next": "Done"},
    "Done": lam("log", {"id.$": "$.id", "step": "done"}, End=True)}}

# approval: waitForTaskToken with TimeoutSecondsPath, the timeout caught
APPROVAL = {"StartAt": "Ask", "States": {
    "Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "ask", "Payload": {"token.$": "$$.Task.Token"}},
            "TimeoutSecondsPath": "$.timeout", "ResultPath": "$.answer",
            "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.err", "Next": "Expire"}],
            "Next": "Approved"},
    "Approved": lam("log", {"id": 0, "step": "approved"}, End=True),
    "Expire": lam("log", {"id": 0, "step": "expired"}, End=True)}}

# retry backoff 1 h, x2
CHARGE = {"StartAt": "Charge", "States": {
    "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
               "Retry": [{"ErrorEquals": ["CardDeclinedError"], "IntervalSeconds": 3600,
                          "BackoffRate": 2, "MaxAttempts": 3}],
               "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Declined"}],
               "ResultPath": None, "End": True},
    "Declined": {"Type": "Pass", "End": True}}}

# a parent whose handler starts a child; the child reports back with the token
PARENT = {"StartAt": "Spawn", "States": {
    "Spawn": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "spawn", "Payload": {"token.$": "$$.Task.Token", "wait.$": "$.wait"}},
              "ResultPath": "$.child", "End": True}}}
CHILD = {"StartAt": "Pause", "States": {
    "Pause": {"Type": "Wait", "SecondsPath": "$.wait", "Next": "Report"},
    "Report": lam("report", {"parentToken.$": "$.parentToken"}, End=True)}}


class CardDeclinedError(Exception):
    pass


@pytest.fixture
def env():
    clock = VirtualClock(START, settle_timeout=20)
    registry = FunctionRegistry()
    log, tokens = [], []

    def h_log(event, ctx):            # project code just calls datetime.now()
        log.append((event["id"], event["step"], datetime.now(UTC), clock.now(),  # noqa: TID251
                    event.get("entered")))
        return {}

    def h_ask(event, ctx):
        tokens.append(event["token"])
        return {}

    registry.register("log", h_log)
    registry.register("ask", h_ask)
    with mock_aws(config=MOTO_CONFIG), route_moto_lambda_invokes(registry, clock, lambda *a: None), \
            clock.patch_moto(), time_machine.travel(START, tick=False) as traveller:
        apply_moto_fixes()
        clock.listeners.append(traveller.move_to)      # datetime.now()/time.time() follow the clock
        sfn = boto3.client("stepfunctions", region_name=REGION)

        def machine(name, definition):
            return sfn.create_state_machine(name=name, definition=json.dumps(definition),
                                            roleArn=ROLE)["stateMachineArn"]

        def start(arn, **inp):
            return sfn.start_execution(stateMachineArn=arn, input=json.dumps(inp))["executionArn"]

        def status(ex):
            return sfn.describe_execution(executionArn=ex)["status"]

        yield SimpleNamespace(clock=clock, registry=registry, sfn=sfn, log=log, tokens=tokens,
                              machine=machine, start=start, status=status)


def test_two_timestamp_waits_run_in_time_order(env):
    arn = env.machine("remind", REMIND)
    e1 = env.start(arn, id=1, due=iso(day(10)), again=7 * 86400)
    e2 = env.start(arn, id=2, due=iso(day(30)), again=7 * 86400)
    env.clock.settle()
    assert env.log == []
    assert env.clock.stats()["next_due"] == "2030-01-11T00:00:00Z"

    env.clock.advance("P15D")
    assert env.clock.now() == day(15)
    # exactly e1's next step ran, and its handler saw the due time (day 10), not day 15
    assert [(i, s, t, c) for i, s, t, c, _ in env.log] == [(1, "remind", day(10), day(10))]
    assert env.log[0][4].startswith("2030-01-11T00:00:00")       # $$.State.EnteredTime
    assert (env.status(e1), env.status(e2)) == ("RUNNING", "RUNNING")
    events = execution_history(env.sfn, e1)
    assert state_path(events) == ["WaitUntilDue", "Remind", "WaitAgain"]
    assert events[-1]["type"] == "WaitStateEntered"
    assert events[-1]["timestamp"] == day(10)
    assert state_path(execution_history(env.sfn, e2)) == ["WaitUntilDue"]

    env.clock.advance("P15D")                                     # day 30
    assert [(i, s, t) for i, s, t, _, _ in env.log[1:]] == [(1, "done", day(17)), (2, "remind", day(30))]
    assert (env.status(e1), env.status(e2)) == ("SUCCEEDED", "RUNNING")
    env.clock.advance(days=7)                                     # day 37
    assert env.log[-1][:3] == (2, "done", day(37))
    assert env.status(e2) == "SUCCEEDED"


def test_task_token_answered_on_day_12(env):
    ex = env.start(env.machine("approval", APPROVAL), timeout=30 * 86400)
    env.clock.settle()
    assert len(env.tokens) == 1
    env.clock.advance("P12D")
    assert env.status(ex) == "RUNNING"
    env.sfn.send_task_success(taskToken=env.tokens[0], output=json.dumps({"plan": "pro"}))
    env.clock.settle()                                            # no sleep, no polling
    described = env.sfn.describe_execution(executionArn=ex)
    assert described["status"] == "SUCCEEDED"
    assert env.log[-1][1:3] == ("approved", day(12))
    assert json.loads(described["output"])["answer"] == {"plan": "pro"}
    env.clock.advance("P30D")                                     # the old 30-day timeout is gone
    assert [s for _, s, *_ in env.log] == ["approved"]


def test_task_token_times_out_on_day_30(env):
    ex = env.start(env.machine("approval", APPROVAL), timeout=30 * 86400)
    env.clock.advance("P29D")
    assert env.status(ex) == "RUNNING"
    assert env.log == []
    env.clock.advance("P1D")
    described = env.sfn.describe_execution(executionArn=ex)
    assert described["status"] == "SUCCEEDED"                     # caught -> Expire
    assert env.log[-1][1:3] == ("expired", day(30))
    assert json.loads(described["output"])["err"]["Error"] == "States.Timeout"
    assert [e["timestamp"] for e in execution_history(env.sfn, ex) if e["type"] == "TaskTimedOut"] == [day(30)]
    with pytest.raises(ClientError):
        env.sfn.send_task_success(taskToken=env.tokens[0], output="{}")


def test_one_big_advance_fires_a_timeout_at_its_own_time(env):
    ex = env.start(env.machine("approval", APPROVAL), timeout=30 * 86400)
    env.clock.advance("P40D")
    assert env.status(ex) == "SUCCEEDED"
    assert env.log[-1][1:3] == ("expired", day(30))
    assert env.clock.now() == day(40)


@pytest.fixture
def charge(env):
    attempts, fail_times = [], [2]

    def h_charge(event, ctx):
        attempts.append(datetime.now(UTC) - START)  # noqa: TID251
        if len(attempts) <= fail_times[0]:
            raise CardDeclinedError("declined")
        return {}

    env.registry.register("charge", h_charge)
    return SimpleNamespace(arn=env.machine("charge", CHARGE), attempts=attempts, fail=fail_times)


def test_retry_backoff_parks_and_resumes(env, charge):
    hour = timedelta(hours=1)
    ex = env.start(charge.arn)
    env.clock.settle()
    assert charge.attempts == [timedelta(0)]
    env.clock.advance("PT59M")
    assert charge.attempts == [timedelta(0)]
    env.clock.advance("PT1M")
    assert charge.attempts == [timedelta(0), hour]                # 1st retry after 3600 s
    env.clock.advance("PT1H59M")
    assert len(charge.attempts) == 2
    env.clock.advance("PT1M")
    assert charge.attempts == [timedelta(0), hour, 3 * hour]      # 2nd retry 7200 s later
    assert env.status(ex) == "SUCCEEDED"


def test_retries_exhausted_in_one_advance(env, charge):
    charge.fail[0] = 99
    ex = env.start(charge.arn)
    env.clock.advance("P1D")
    hour = timedelta(hours=1)
    assert charge.attempts == [timedelta(0), hour, 3 * hour, 7 * hour]
    assert env.clock.steps == 3
    described = env.sfn.describe_execution(executionArn=ex)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"])["err"]["Error"] == "CardDeclinedError"


@pytest.fixture
def nested(env):
    child_arn = env.machine("child", CHILD)
    children, reports = [], []

    def h_spawn(event, ctx):                       # a handler starts another execution
        client = boto3.client("stepfunctions", region_name=REGION)
        children.append(client.start_execution(
            stateMachineArn=child_arn,
            input=json.dumps({"parentToken": event["token"], "wait": event["wait"]}))["executionArn"])
        return {}

    def h_report(event, ctx):
        now = datetime.now(UTC)  # noqa: TID251
        reports.append(now)
        boto3.client("stepfunctions", region_name=REGION).send_task_success(
            taskToken=event["parentToken"], output=json.dumps({"reportedAt": iso(now)}))
        return {}

    env.registry.register("spawn", h_spawn)
    env.registry.register("report", h_report)
    return SimpleNamespace(parent=env.machine("parent", PARENT), children=children, reports=reports)


def test_handler_starts_an_execution_that_waits(env, nested):
    parent = env.start(nested.parent, wait=5 * 86400)
    env.clock.settle()
    assert len(nested.children) == 1
    assert (env.status(parent), env.status(nested.children[0])) == ("RUNNING", "RUNNING")
    env.clock.advance("P5D")
    assert (env.status(parent), env.status(nested.children[0])) == ("SUCCEEDED", "SUCCEEDED")
    out = json.loads(env.sfn.describe_execution(executionArn=parent)["output"])
    assert out["child"] == {"reportedAt": iso(day(5))}
    assert nested.reports == [day(5)]


def test_handler_starts_an_execution_that_finishes_at_once(env, nested):
    parent = env.start(nested.parent, wait=0)
    env.clock.settle()                    # child start-up + report + parent resume, no time moved
    assert env.status(parent) == "SUCCEEDED"
    assert env.status(nested.children[0]) == "SUCCEEDED"
    assert env.clock.now() == START


def test_fifty_parallel_executions_over_forty_days(env):
    arn = env.machine("remind", REMIND)
    t0 = time.perf_counter()
    executions = [env.start(arn, id=i, due=iso(day(1 + i % 35, minutes=i)), again=3 * 86400) for i in range(50)]
    env.clock.settle()
    env.clock.advance("P40D")
    wall = time.perf_counter() - t0
    assert [env.status(e) for e in executions] == ["SUCCEEDED"] * 50
    seen = {(i, s): t for i, s, t, _, _ in env.log}
    for i in range(50):
        assert seen[(i, "remind")] == day(1 + i % 35, minutes=i)
        assert seen[(i, "done")] == day(4 + i % 35, minutes=i)
    assert env.clock.stats() == {"active_threads": 0, "handlers_in_flight": 0, "parked": 0, "next_due": None}
    assert wall < 30


def test_parallel_branches_map_and_machine_timeout(env):
    par = env.machine("par", {"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Next": "M", "ResultPath": None, "Branches": [
            {"StartAt": "W1", "States": {"W1": {"Type": "Wait", "Seconds": 86400, "End": True}}},
            {"StartAt": "W2", "States": {"W2": {"Type": "Wait", "Seconds": 3 * 86400, "End": True}}}]},
        "M": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": None, "Next": "Log",
              "MaxConcurrency": 1,                                  # items run one after another
              "ItemProcessor": {"StartAt": "WI", "States": {
                  "WI": {"Type": "Wait", "SecondsPath": "$.s", "End": True}}}},
        "Log": lam("log", {"id": 7, "step": "after-map"}, End=True)}})
    ex = env.start(par, items=[{"s": 3600}, {"s": 7200}])
    env.clock.advance("P3DT2H")                  # branches end on day 3, item 1 (1 h) at 3d1h
    assert env.status(ex) == "RUNNING"
    env.clock.advance("PT1H")                    # item 2 (2 h) started at 3d1h, ends at 3d3h
    assert env.status(ex) == "SUCCEEDED"
    assert env.log[-1][1:3] == ("after-map", day(3, hours=3))

    slow = env.machine("slow", {"StartAt": "W", "TimeoutSeconds": 86400, "States": {
        "W": {"Type": "Wait", "Seconds": 5 * 86400, "End": True}}})
    ex2 = env.start(slow)
    env.clock.advance("P2D")
    assert env.sfn.describe_execution(executionArn=ex2)["status"] == "TIMED_OUT"
    assert [e["timestamp"] for e in execution_history(env.sfn, ex2)
            if e["type"] == "ExecutionTimedOut"] == [day(4, hours=3)]


def test_heartbeat_timeout_and_stop_execution(env):
    hb = env.machine("hb", {"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters": {"FunctionName": "ask", "Payload": {"token.$": "$$.Task.Token"}},
        "HeartbeatSeconds": 3600, "TimeoutSeconds": 7 * 86400, "End": True}}})
    ex = env.start(hb)
    env.clock.settle()
    for _ in range(30):                                   # heartbeats every 50 virtual minutes
        env.clock.advance(minutes=50)
        env.sfn.send_task_heartbeat(taskToken=env.tokens[0])
    assert env.status(ex) == "RUNNING"
    env.clock.advance(minutes=61)
    described = env.sfn.describe_execution(executionArn=ex)
    assert described["status"] == "FAILED"
    assert described["error"] == "States.Timeout"

    waiting = env.machine("w", {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400 * 100,
                                                                 "End": True}}})
    ex2 = env.start(waiting)
    env.clock.settle()
    env.sfn.stop_execution(executionArn=ex2)
    env.clock.settle()                                    # the Wait was interrupted, no advance
    assert env.status(ex2) == "ABORTED"


def test_start_execution_sync_child(env):
    child = env.machine("c", {"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 3 * 86400, "Next": "L"},
        "L": lam("log", {"id": 9, "step": "child"}, End=True)}})
    parent = env.machine("p", {"StartAt": "Run", "States": {"Run": {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
        "Parameters": {"StateMachineArn": child, "Input": {}}, "ResultPath": "$.r", "End": True}}})
    ex = env.start(parent)
    env.clock.settle()
    assert env.status(ex) == "RUNNING"
    env.clock.advance("P3D")
    assert env.status(ex) == "SUCCEEDED"
    assert env.log[-1][1:3] == ("child", day(3))


def test_settle_timeout_names_the_running_handler(env):
    entered, release = threading.Event(), threading.Event()
    env.registry.register("stuck", lambda e, c: entered.set() or (release.wait(10) and {}))
    ex = env.start(env.machine("stuck", {"StartAt": "S", "States": {"S": lam("stuck", {}, End=True)}}))
    assert entered.wait(10)                        # the handler is running (a real Event, no sleep)
    with pytest.raises(SettleTimeout) as err:
        env.clock.settle(timeout=0.3)
    assert "python handlers in flight=1 {'stuck': 1}" in str(err.value)
    assert "RUNNING" in str(err.value)
    release.set()
    env.clock.settle()
    assert env.status(ex) == "SUCCEEDED"


def test_advance_from_a_handler_is_refused(env):
    def handler(event, ctx):
        env.clock.advance(1)

    env.registry.register("bad", handler)
    ex = env.start(env.machine("bad", {"StartAt": "S", "States": {"S": lam("bad", {}, End=True)}}))
    env.clock.settle()
    described = env.sfn.describe_execution(executionArn=ex)
    assert described["status"] == "FAILED"
    assert "ClockError" in described["cause"]


def test_send_task_success_while_executions_start(env, monkeypatch):
    """moto race: send_task_* dereferences exec_worker.env of executions still starting."""
    from moto.stepfunctions.parser.backend import execution_worker
    ex = env.start(env.machine("approval", APPROVAL), timeout=86400)
    env.clock.settle()
    gate, original = threading.Event(), execution_worker.ExecutionWorker._execution_logic

    def slow_start(self):
        gate.wait(10)                  # hold the new execution in its start-up window
        original(self)

    monkeypatch.setattr(execution_worker.ExecutionWorker, "_execution_logic", slow_start)
    env.start(env.machine("a-first", REMIND), id=1, due=iso(day(1)), again=1)   # iterated first
    env.sfn.send_task_success(taskToken=env.tokens[0], output="{}")              # 500 without the fix
    gate.set()
    env.clock.settle()
    assert env.status(ex) == "SUCCEEDED"


def test_durations_and_instants(env):
    assert parse_duration("P3D") == timedelta(days=3)
    assert parse_duration("P1W2DT3H4M5.5S") == timedelta(days=9, hours=3, minutes=4, seconds=5.5)
    for bad in ("P1M", "P1Y", "PT", "3D", "P"):
        with pytest.raises(ValueError, match="unsupported ISO 8601 duration"):
            parse_duration(bad)
    env.clock.advance("PT2H")
    env.clock.set("2030-01-02T00:00:00Z")
    with pytest.raises(ValueError, match="cannot move the clock back"):
        env.clock.set("2030-01-01T00:00:00Z")
    with pytest.raises(ValueError, match="naive"):
        env.clock.set("2030-01-03T00:00:00")
    assert datetime.now(UTC) == day(1)            # noqa: TID251 - time-machine follows the clock


def test_busy_loop_during_advance_hits_the_safety_limit(env):
    spin = env.machine("spin", {"StartAt": "Due", "States": {
        "Due": {"Type": "Wait", "Seconds": 86400, "Next": "A"},
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "A"}],
              "Default": "A"}}})
    ex = env.start(spin, x=0)
    env.clock.settle_timeout = 0.5
    with pytest.raises(SettleTimeout) as err:
        env.clock.advance("P2D")
    message = str(err.value)
    assert "not idle after 0.5s wall time while advancing to 2030-01-03" in message
    assert "virtual now=2030-01-02T00:00:00" in message                 # stuck at the due time
    env.sfn.stop_execution(executionArn=ex)
    env.clock.settle()
    # moto race: a stop landing mid-Choice can end FAILED ("Could not set NextState ...")
    assert env.status(ex) in ("ABORTED", "FAILED")
    assert env.clock.now() == day(1)


def test_jsonata_waits(env):
    arn = env.machine("jsonata", {"QueryLanguage": "JSONata", "StartAt": "W1", "States": {
        "W1": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "Next": "W2"},
        "W2": {"Type": "Wait", "Timestamp": "{% $states.input.at %}", "Next": "Log"},
        "Log": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {"FunctionName": "log", "Payload": {"id": 5, "step": "jsonata"}}, "End": True}}})
    ex = env.start(arn, s=2 * 86400, at=iso(day(5)))
    env.clock.advance("P4D")
    assert env.status(ex) == "RUNNING"
    assert env.log == []
    env.clock.advance("P2D")
    assert env.status(ex) == "SUCCEEDED"
    assert env.log[-1][1:3] == ("jsonata", day(5))


def test_clock_refuses_to_be_used_after_close():
    clock = VirtualClock(START)
    clock.close()
    with pytest.raises(ClockError, match="closed"):
        clock.advance("PT1S")
