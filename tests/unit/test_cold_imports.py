"""A cold start does not load the libraries only some requests use (issue 7, figure 1): each handler module
is imported in a fresh interpreter, as Lambda imports it (its folder first, then the layer), and none of them
is loaded yet, and a Go Solid function loads none of the Go Solid modules only another one uses. A behaviour
check, not a timing: `make bench` times the imports."""
from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from dataclasses import is_dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "layers" / "common"
HANDLERS = sorted(d.name for d in (ROOT / "functions").iterdir() if (d / "app.py").is_file())
# Each is imported by the code path that uses it: IBAN/BIC checks (schwifty, which loads pycountry), the
# invitation QR code (segno), the pain.008 file (sepaxml, on lxml), the Belgian and TARGET2 holidays.
DEFERRED = frozenset({"schwifty", "pycountry", "segno", "sepaxml", "lxml", "holidays"})
LOADED_AFTER_IMPORT = "import json, sys, app; print(json.dumps(sorted(sys.modules)))"
# Only the API function's routes use these: the channels' bodies, answers and use cases, the claim's amounts,
# eligibility, idempotency.
_CHANNEL_ONLY = {"extra_services.gosolid.requests", "extra_services.gosolid.responses",
                 "extra_services.gosolid.service", "extra_services.gosolid.api_wiring",
                 "extra_services.gosolid.submission", "extra_services.gosolid.amounts",
                 "extra_services.eligibility.service", "aws_lambda_powertools.utilities.idempotency"}
# Only the partner function's callbacks, only the workflow function's tasks and plan watch, only the feeds function.
_PARTNER_ONLY = {"extra_services.gosolid.partner_events", "extra_services.gosolid.partner_service",
                 "extra_services.gosolid.partner_wiring"}
_WORKFLOW_ONLY = {"extra_services.gosolid.workflow_tasks", "extra_services.gosolid.workflow_wiring",
                  "extra_services.gosolid.collection_service", "extra_services.gosolid.screening"}
_FEEDS_ONLY = {"extra_services.gosolid.feed_consumer", "extra_services.gosolid.feed_wiring"}
# The registry and credit-bureau facts: stored by the feeds function, read by the screening task.
_FACTS = {"extra_services.gosolid.facts", "extra_services.gosolid.feeds"}
# What changes a case: every Go Solid function but the feeds one.
_CASE_CHANGES = {"extra_services.gosolid.case_service", "extra_services.gosolid.lifecycle",
                 "extra_services.gosolid.repository", "extra_services.gosolid.case"}
NOT_LOADED_BY = {
    "gosolid_api": _PARTNER_ONLY | _WORKFLOW_ONLY | _FEEDS_ONLY | _FACTS
                   | {"aws_lambda_powertools.utilities.idempotency"},
    "gosolid_partner": _CHANNEL_ONLY | _WORKFLOW_ONLY | _FEEDS_ONLY | _FACTS,
    "gosolid_workflow": _CHANNEL_ONLY | _PARTNER_ONLY | _FEEDS_ONLY,
    "gosolid_feeds": _CHANNEL_ONLY | _PARTNER_ONLY | _WORKFLOW_ONLY | _CASE_CHANGES,
}


def test_every_handler_is_checked() -> None:
    assert {"nowjobs_api", "billing_api", "billing_run", "eligibility_api", "notifications_api",
            "notifier", *NOT_LOADED_BY} <= set(HANDLERS)


def _loaded_after_import(handler: str) -> set[str]:
    folder = ROOT / "functions" / handler
    environment = os.environ | {"PYTHONPATH": os.pathsep.join([str(folder), str(LAYER)]),
                                "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-1"}
    done = subprocess.run([sys.executable, "-c", LOADED_AFTER_IMPORT], cwd=folder, env=environment,
                          capture_output=True, text=True, check=False, timeout=120)

    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize("handler", HANDLERS)
def test_importing_the_handler_loads_none_of_the_deferred_libraries(handler: str) -> None:
    loaded = {name.split(".")[0] for name in _loaded_after_import(handler)}

    assert not loaded & DEFERRED, f"{handler} loads {sorted(loaded & DEFERRED)} at cold start"


@pytest.mark.parametrize("handler", sorted(NOT_LOADED_BY))
def test_a_go_solid_handler_loads_only_the_go_solid_modules_it_uses(handler: str) -> None:
    loaded = _loaded_after_import(handler)

    assert not loaded & NOT_LOADED_BY[handler], f"{handler} loads {sorted(loaded & NOT_LOADED_BY[handler])}"


def test_the_layer_defines_no_dataclass_its_value_objects_are_structs() -> None:
    """A frozen dataclass compiles its generated methods when its module is imported, about 0.4 ms a class at
    every cold start; a msgspec Struct about 0.01 ms (docs/decisions/cold-start.md, decision 6)."""
    found = []
    for module_info in pkgutil.walk_packages([str(LAYER / "extra_services")], "extra_services."):
        module = importlib.import_module(module_info.name)
        found += [f"{module.__name__}.{name}" for name, value in vars(module).items()
                  if isinstance(value, type) and value.__module__ == module.__name__ and is_dataclass(value)]

    assert found == []
