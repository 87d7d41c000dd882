"""The NOWJOBS resources of template.yaml: schedules on Brussels time with retries and a dead-letter queue,
the alarm on the metric the activation check records, no wildcard permission."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode import cfn_yaml

from extra_services.nowjobs.schedule_tasks import ScheduledTask, Task

ROOT = Path(__file__).resolve().parents[3]
MINE = {"NowjobsApiFunction", "NowjobsPartnerFunction", "NowjobsSchedulesFunction", "NowjobsSchedulerRole",
        "NowjobsActivationOverdueAlarm"}       # billing's NOWJOBS resources have their own tests


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    template: dict[str, Any] = cfn_yaml.load(str(ROOT / "template.yaml"))
    return {k: v for k, v in template["Resources"].items() if k in MINE}


def test_each_schedule_runs_a_known_task_on_brussels_time_with_retries_and_a_dead_letter_queue(resources) -> None:
    events = resources["NowjobsSchedulesFunction"]["Properties"]["Events"]
    tasks = set()
    for event in events.values():
        props = event["Properties"]
        assert event["Type"] == "ScheduleV2"
        assert props["ScheduleExpressionTimezone"] == "Europe/Brussels"
        assert props["RetryPolicy"]["MaximumRetryAttempts"] >= 1 and "DeadLetterConfig" in props
        tasks.add(ScheduledTask.model_validate_json(props["Input"]).task)
    assert tasks == set(Task)
    function = resources["NowjobsSchedulesFunction"]["Properties"]
    assert function["DeadLetterQueue"] and function["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]


def test_the_activation_alarm_watches_what_the_schedule_records(resources) -> None:
    alarm = resources["NowjobsActivationOverdueAlarm"]["Properties"]
    function = resources["NowjobsSchedulesFunction"]["Properties"]

    assert alarm["MetricName"] == "NowjobsActivationsOverdue"
    assert alarm["Dimensions"] == [{"Name": "service",
                                    "Value": function["Environment"]["Variables"]["POWERTOOLS_SERVICE_NAME"]}]
    assert alarm["AlarmActions"]


def test_no_nowjobs_permission_uses_a_wildcard(resources) -> None:
    for name, resource in resources.items():
        for policy in resource["Properties"].get("Policies", []):
            statements = policy.get("Statement") or policy.get("PolicyDocument", {}).get("Statement", [])
            for statement in statements:
                assert not any("*" in action for action in statement["Action"]), name
                assert statement["Resource"] != "*", name
