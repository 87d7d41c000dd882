"""A cold start does not load the libraries only some requests use (issue 7, figure 1): each handler module
is imported in a fresh interpreter, as Lambda imports it (its folder first, then the layer), and none of them
is loaded yet. A behaviour check, not a timing: `make bench` times the imports. The Go Solid functions are
left out (their own work)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "layers" / "common"
HANDLERS = sorted(d.name for d in (ROOT / "functions").iterdir()
                  if (d / "app.py").is_file() and not d.name.startswith("gosolid_"))
# Each is imported by the code path that uses it: IBAN/BIC checks (schwifty, which loads pycountry), the
# invitation QR code (segno), the pain.008 file (sepaxml, on lxml), the Belgian and TARGET2 holidays.
DEFERRED = frozenset({"schwifty", "pycountry", "segno", "sepaxml", "lxml", "holidays"})
LOADED_AFTER_IMPORT = "import json, sys, app; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"


def test_every_handler_but_go_solid_is_checked() -> None:
    assert {"nowjobs_api", "billing_api", "billing_run", "eligibility_api", "notifications_api",
            "notifier"} <= set(HANDLERS)


@pytest.mark.parametrize("handler", HANDLERS)
def test_importing_the_handler_loads_none_of_the_deferred_libraries(handler: str) -> None:
    folder = ROOT / "functions" / handler
    environment = os.environ | {"PYTHONPATH": os.pathsep.join([str(folder), str(LAYER)]),
                                "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-1"}
    done = subprocess.run([sys.executable, "-c", LOADED_AFTER_IMPORT], cwd=folder, env=environment,
                          capture_output=True, text=True, check=False, timeout=120)

    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert not loaded & DEFERRED, f"{handler} loads {sorted(loaded & DEFERRED)} at cold start"
