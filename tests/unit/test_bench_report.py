"""The benchmark's table (tools/bench): rendering, and the pure helpers its figures rely on. The
benchmark itself runs with `make bench`, never in the tests."""
from __future__ import annotations

from tools.bench.cold_import import heaviest_chain, parse_importtime
from tools.bench.report import render_console, render_markdown
from tools.bench.seeding import Graph
from tools.bench.support import Figure


def figure() -> Figure:
    f = Figure(2, "AWS calls per operation")
    f.add("eligibility read", "1: dynamodb.Query", "= 1 DynamoDB call", "PASS")
    f.add("case read", "2: dynamodb.GetItem, dynamodb.Query", "= 1", "FAIL", "one read too many")
    f.pending("billing", "no billing run in template.yaml")
    f.details = "| operation | calls |\n|---|---|\n| GET /v1/extra-services | 1 |"
    return f


def test_the_console_table_has_one_line_per_row_with_its_verdict() -> None:
    lines = render_console([figure()]).splitlines()

    assert lines[0].split() == ["figure", "measure", "value", "target", "result"]
    assert len(lines) == 2 + 3
    assert lines[2].endswith("PASS")
    assert lines[3].endswith("FAIL (one read too many)")
    assert lines[4].endswith("PENDING (no billing run in template.yaml)")


def test_the_markdown_records_the_machine_the_date_and_the_details() -> None:
    text = render_markdown([figure()], took=12.0)

    assert "- **Machine:** " in text and " cores, " in text and "- **Python:** " in text
    assert "- **Date:** " in text and "1 PASS, 1 FAIL, 1 PENDING" in text
    assert "| 2 AWS calls per operation | case read | 2: dynamodb.GetItem, dynamodb.Query | = 1 | FAIL" in text
    assert "## 2. AWS calls per operation" in text and "| GET /v1/extra-services | 1 |" in text


def test_the_import_tree_is_rebuilt_from_python_x_importtime() -> None:
    stderr = "\n".join([
        "import time: self [us] | cumulative | imported package",
        "import time:       100 |        100 |     botocore.compat",
        "import time:      2000 |       5100 |   boto3",
        "import time:       300 |        300 |   json",
        "import time:       500 |       5900 | app",
    ])
    [root] = parse_importtime(stderr)

    assert (root.name, root.cumulative_us, [c.name for c in root.children]) == ("app", 5900, ["boto3", "json"])
    assert [n.name for n in heaviest_chain([root], "app", floor_us=1000)] == ["app", "boto3"]


def test_a_graph_copy_gets_fresh_identifiers_everywhere_and_keeps_keywords_and_dates() -> None:
    company = "2b7f0c1e-5d1a-4c7e-9a51-3f0f6f0c8e11"
    items = {"NowjobsTable": [
        {"pk": {"S": f"COMPANY#{company}"}, "sk": {"S": "COMPANY"}, "enterpriseNumber": {"S": "0403170701"}},
        {"pk": {"S": "ENTERPRISE#0403170701"}, "sk": {"S": "NOWJOBS_REGISTRATION"}, "companyId": {"S": company}},
        {"pk": {"S": f"CONTRACT#{company}"}, "sk": {"S": "TIMESHEET#2026-03-09T07:00:00Z"}},
        {"pk": {"S": "COUNTER#INVOICES"}, "sk": {"S": "COUNTER"}},
    ]}
    graph = Graph(items, seed=1)

    [copy] = graph.copy().values()

    assert len(graph) == 3                                   # the counter has no identifier: not copied
    new_company = copy[0]["pk"]["S"].removeprefix("COMPANY#")
    new_number = copy[1]["pk"]["S"].removeprefix("ENTERPRISE#")
    assert new_company != company and copy[1]["companyId"]["S"] == new_company
    assert new_number != "0403170701" and copy[0]["enterpriseNumber"]["S"] == new_number
    assert (int(new_number[:8]) + int(new_number[8:])) % 97 == 0            # a valid enterprise number
    assert copy[2]["sk"]["S"] == "TIMESHEET#2026-03-09T07:00:00Z"
