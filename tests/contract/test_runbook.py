"""docs/runbook.md keeps up with the alarms of template.yaml: every alarm has its section (what it means,
what to look at, what to do), the section is where the alarm's description sends the reader, and every
alarm notifies the alarm topic and is on the dashboard."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode import cfn_yaml

ROOT = Path(__file__).resolve().parents[2]
RUNBOOK = ROOT / "docs" / "runbook.md"
PARTS = ("**What it means.**", "**What to look at.**", "**What to do.**")


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    return dict(cfn_yaml.load(str(ROOT / "template.yaml"))["Resources"])


@pytest.fixture(scope="module")
def alarms(resources: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {lid: res.get("Properties") or {} for lid, res in resources.items()
             if res.get("Type") == "AWS::CloudWatch::Alarm"}
    assert found, "template.yaml declares no alarm"
    return found


@pytest.fixture(scope="module")
def sections() -> dict[str, str]:
    """The runbook's `### <name>` sections under "## The alarms", each with its text."""
    text = RUNBOOK.read_text(encoding="utf-8")
    alarms_part = text.split("\n## The alarms\n", 1)[1].split("\n## ", 1)[0]
    pieces = re.split(r"^### +(\S+) *$", alarms_part, flags=re.MULTILINE)
    return dict(zip(pieces[1::2], pieces[2::2], strict=True))


def test_every_alarm_of_the_template_has_its_runbook_section(alarms: dict[str, Any], sections: dict[str, str]):
    missing = sorted(set(alarms) - set(sections))
    assert not missing, f"alarms without a section in docs/runbook.md: {missing}"


def test_the_runbook_describes_no_alarm_the_template_does_not_have(alarms: dict[str, Any], sections: dict[str, str]):
    stale = sorted(set(sections) - set(alarms))
    assert not stale, f"runbook sections for alarms that are not in template.yaml: {stale}"


def test_every_section_says_what_it_means_what_to_look_at_and_what_to_do(sections: dict[str, str]):
    incomplete = {name: [p for p in PARTS if p not in body] for name, body in sections.items()}
    assert not {k: v for k, v in incomplete.items() if v}, incomplete


def test_every_alarm_points_at_its_section_and_is_named_after_its_logical_id(alarms: dict[str, Any]):
    for lid, props in alarms.items():
        assert f"Runbook: docs/runbook.md#{lid.lower()}" in props.get("AlarmDescription", ""), lid
        assert props.get("AlarmName") == {"Fn::Sub": f"${{AWS::StackName}}-{lid}"}, lid


def test_every_alarm_notifies_the_alarm_topic(alarms: dict[str, Any]):
    silent = [lid for lid, props in alarms.items() if props.get("AlarmActions") != [{"Ref": "AlarmTopic"}]]
    assert not silent, f"alarms that notify nobody: {silent}"


def test_every_alarm_is_on_the_dashboard(resources: dict[str, Any], alarms: dict[str, Any]):
    [body] = [res["Properties"]["DashboardBody"]["Fn::Sub"] for res in resources.values()
              if res.get("Type") == "AWS::CloudWatch::Dashboard"]
    shown = set(re.findall(r"\$\{(\w+)\.Arn\}", body if isinstance(body, str) else body[0]))
    assert set(alarms) <= shown, f"alarms missing from the dashboard: {sorted(set(alarms) - shown)}"


def test_the_dashboard_body_is_json_once_substituted(resources: dict[str, Any]):
    """CloudFormation refuses a dashboard whose body is not JSON: only `${...}` substitutions may differ."""
    [sub] = [res["Properties"]["DashboardBody"]["Fn::Sub"] for res in resources.values()
             if res.get("Type") == "AWS::CloudWatch::Dashboard"]
    body = json.loads(re.sub(r"\$\{[^}]+\}", "x", sub if isinstance(sub, str) else sub[0]))
    for widget in body["widgets"]:
        assert {"type", "x", "y", "width", "height", "properties"} <= set(widget), widget
        assert widget["x"] + widget["width"] <= 24, widget["properties"].get("title")
