"""A NOWJOBS function loads only what its own routes or tasks use (figure 1 of `make bench`,
docs/decisions/cold-start.md): the use cases answer with the domain and each handler shapes the answer with
the models of its own routes. So the partner function loads none of the channel's request and answer
models nor the channel's wiring (eligibility check, Idempotency-Key); the channel API none of the partner's
models nor the schedules' tasks; the schedules no API model at all; nor does the billing run, which
composes the NOWJOBS ContractService. A behaviour check, not a timing: `make bench` times the imports."""
from __future__ import annotations

import pytest

from tests.unit.test_cold_imports import HANDLERS, _loaded_after_import

NOWJOBS = "extra_services.nowjobs"
CHANNEL_ONLY = {f"{NOWJOBS}.request_models", f"{NOWJOBS}.channel_responses", f"{NOWJOBS}.wiring",
                "extra_services.eligibility.wiring", "extra_services.eligibility.service",
                "extra_services.gosolid.idempotency", "aws_lambda_powertools.utilities.idempotency"}
PARTNER_ONLY = {f"{NOWJOBS}.partner_models"}
SCHEDULES_ONLY = {f"{NOWJOBS}.schedule_tasks"}
API_MODELS = {f"{NOWJOBS}.fields", f"{NOWJOBS}.request_models", f"{NOWJOBS}.partner_models",
              f"{NOWJOBS}.response_models", f"{NOWJOBS}.channel_responses"}
NOT_LOADED_BY = {
    # Powertools idempotency is loaded by the first POST with an Idempotency-Key (gosolid/idempotency.py)
    "nowjobs_api": PARTNER_ONLY | SCHEDULES_ONLY | {"aws_lambda_powertools.utilities.idempotency"},
    "nowjobs_partner": CHANNEL_ONLY | SCHEDULES_ONLY,
    "nowjobs_schedules": CHANNEL_ONLY | API_MODELS,
    "billing_run": CHANNEL_ONLY | SCHEDULES_ONLY | API_MODELS,
}


def test_every_nowjobs_handler_is_checked() -> None:
    assert {h for h in HANDLERS if h.startswith("nowjobs_")} <= set(NOT_LOADED_BY) <= set(HANDLERS)


@pytest.mark.parametrize("handler", sorted(NOT_LOADED_BY))
def test_a_function_loads_only_the_nowjobs_modules_its_routes_use(handler: str) -> None:
    loaded = _loaded_after_import(handler)

    assert f"{NOWJOBS}.repository" in loaded  # the check imports what it means to
    assert not loaded & NOT_LOADED_BY[handler], f"{handler} loads {sorted(loaded & NOT_LOADED_BY[handler])}"
