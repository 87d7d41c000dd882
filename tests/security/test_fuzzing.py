"""Issue 6, part 4: hostile input is harmless. schemathesis generates requests from docs/openapi.json (the
document the local stack serves at /docs/openapi.json) for every operation, valid ones and invalid
ones, sends them to the local stack with a valid credential of the operation's kind, and checks each
answer: never a 5xx, and the status code and the body as documented.

Deterministic (derandomized Hypothesis, no example database); at least TARGET_REQUESTS requests in
all, spread over the operations, however many there are."""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.security.figures import FIGURES
from tests.security.providers import partner_of
from tests.security.world import OWNER

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
TARGET_REQUESTS = 1000
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]

schema = schemathesis.openapi.from_path(DOCUMENT)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], deterministic=True,
                                with_security_parameters=False)
# API Gateway knows no TRACE or QUERY method (the local stack's HTTP server answers them 501 itself).
schema.config.phases.coverage.unexpected_methods = {"get", "put", "post", "delete", "patch", "options"}

_DOC = json.loads(DOCUMENT.read_text())
_OPERATIONS = [(path, method, op) for path, ops in _DOC["paths"].items() for method, op in ops.items()]
# An operation without parameters or body has one request to generate; the others share the target.
_WITH_INPUT = sum(1 for _, _, op in _OPERATIONS if op.get("parameters") or op.get("requestBody"))
EXAMPLES_PER_OPERATION = max(25, math.ceil(TARGET_REQUESTS * 1.15 / max(_WITH_INPUT, 1)))

COUNTS: Counter[str] = Counter()
OPERATIONS_SEEN: set[str] = set()


def _scheme(path: str, method: str) -> str:
    security = _DOC["paths"][path][method].get("security") or [{}]
    return next(iter(security[0]), "channelToken")


@pytest.fixture(scope="module")
def credentials(security_app):
    """A valid credential per kind: channel routes as B's owner, partner routes as their partner."""
    return {"channelToken": security_app.person(OWNER),
            **{f"partner:{p}": security_app.partner(p) for p in ("go-solid", "nowjobs", "bank")}}


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    FIGURES.add("4", "operations fuzzed", len(OPERATIONS_SEEN))
    for name in ("requests", "5xx", "schema violations"):
        FIGURES.add("4", name, COUNTS[name])


def _check_one_request(case: Any, security_app: Any, credentials: dict[str, dict[str, str]]) -> None:
    path, method = case.operation.path, case.operation.method.lower()
    scheme = _scheme(path, method)
    headers = credentials["channelToken"] if scheme == "channelToken" else credentials[f"partner:{partner_of(path)}"]
    response = case.call(base_url=security_app.app.url, headers=headers)
    COUNTS["requests"] += 1
    OPERATIONS_SEEN.add(f"{method.upper()} {path}")
    COUNTS["5xx"] += response.status_code >= 500
    try:
        case.validate_response(response, checks=CHECKS)
    except Exception:
        COUNTS["schema violations"] += response.status_code < 500
        raise


def _operation_test(index: int, path: str, method: str) -> Callable[..., None]:
    """One test per operation (distinct test ids, so that pytest-xdist runs every one of them)."""
    def test(case: Any, security_app: Any, credentials: dict[str, dict[str, str]]) -> None:
        _check_one_request(case, security_app, credentials)

    slug = re.sub(r"[^a-z0-9]+", "_", f"{method} {path}".lower()).strip("_")
    test.__name__ = test.__qualname__ = f"test_fuzz_{index:02d}_{slug}"
    test.__doc__ = f"{method.upper()} {path}: no 5xx, every answer as documented"
    fuzzed = settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, database=None, deadline=None,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))(test)
    return schema.include(method=method.upper(), path=path).parametrize()(fuzzed)


for _index, (_path, _method, _) in enumerate(_OPERATIONS):
    _test = _operation_test(_index, _path, _method)
    globals()[_test.__name__] = _test


def test_the_fuzzing_reached_its_number_of_requests():
    assert COUNTS["requests"] >= TARGET_REQUESTS, (
        f"only {COUNTS['requests']} requests over {len(_OPERATIONS)} operations: raise EXAMPLES_PER_OPERATION")
