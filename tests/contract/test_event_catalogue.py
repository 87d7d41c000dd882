"""docs/events/ is what tools/event_catalogue.py generates from the models, and the catalogue lists every
event the code publishes (found by reading the code, not by running it) and every schedule of the template.
What a real lifecycle emits is checked against the same models in
tests/integration/test_emitted_events_match_catalogue.py."""
from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from tools import event_catalogue as catalogue

# Calls that pass on a detail-type they did not choose: they relay events made elsewhere.
RELAYS = {
    "_deliver",                         # gosolid/service.py: publishes the case's pending events (emit)
    "domain_event_from_eventbridge",    # notifications/notifier.py: the envelope a rule delivers
}


@pytest.fixture(scope="module")
def published() -> catalogue.Published:
    return catalogue.published_detail_types()


def test_the_catalogue_is_what_the_code_gives() -> None:
    assert catalogue.drift() == [], "docs/events/ is out of date: run `make docs` (python -m tools.event_catalogue)"
    assert catalogue.main(["--check"]) == 0


def test_every_detail_type_the_code_publishes_is_catalogued_and_nothing_else(published) -> None:
    outbound = {detail_type for _, detail_type in catalogue.outbound_details()}
    missing = {t: where for t, where in published.detail_types.items() if t not in outbound}
    assert not missing, f"published but not in the catalogue (add a model to <context>/outbound_events.py): {missing}"
    assert outbound <= set(published.detail_types), (
        f"catalogued but published nowhere: {sorted(outbound - set(published.detail_types))}")
    readme = (catalogue.OUT / "README.md").read_text(encoding="utf-8")
    assert all(f"| `{t}` |" in readme for t in outbound)


def test_the_code_scan_sees_every_kind_of_publishing_call(published) -> None:
    """The scan finds constants (billing), texts and table rows (NOWJOBS) and `emit` (Go Solid); a call it
    cannot read is one of the known relays, never a new way of publishing."""
    assert {"DirectDebitBatchSubmitted", "CompanyRegistered", "ContractDeclined", "DimonaRejected",
            "CaseAccepted", "SummonsRequested"} <= set(published.detail_types)
    unknown = [where for where in published.unresolved if where.rsplit("(", 1)[-1].rstrip(")") not in RELAYS]
    assert not unknown, (f"a detail-type the scan cannot read: {unknown}; publish with a constant, or teach "
                         "tools/event_catalogue.py:published_detail_types to read it")


def test_every_outbound_model_refuses_what_it_does_not_describe() -> None:
    for (source, detail_type), model in catalogue.outbound_details().items():
        assert source.startswith("extra-services."), detail_type
        assert model.model_config.get("extra") == "forbid", detail_type


def test_every_schedule_of_the_template_is_catalogued_and_its_input_is_valid() -> None:
    schedules = catalogue.template_schedules()
    assert {s.name for s in schedules} >= {"ActivationTargets", "Timesheets", "WeeklyRun", "DailySubmission"}
    names = {e.name for e in catalogue.inbound_entries() if e.source == "scheduler"}
    inputs = catalogue.schedule_inputs()
    for schedule in schedules:
        assert schedule.name in names
        inputs[schedule.target].model_validate(schedule.input or {})


def test_every_event_the_notifier_renders_names_the_notifier_as_a_consumer() -> None:
    from extra_services.notifications.messages import _INBOX
    for detail_type in _INBOX:
        assert catalogue.NOTIFIER in catalogue.CONSUMERS[detail_type], detail_type


def test_every_schema_is_a_valid_json_schema_with_its_envelope() -> None:
    files = sorted(catalogue.SCHEMAS.glob("*.json"))
    assert len(files) == len(catalogue.entries())
    for path in files:
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert schema["x-event"]["direction"] in {"inbound", "outbound"}, path.name
        assert schema.get("properties"), path.name


def test_the_core_banking_and_feed_schemas_accept_what_the_demo_seeds() -> None:
    """The inbound schemas as published accept the demo's real events (local_stack/personas.py)."""
    from local_stack.personas import registry_events, seed_events
    by_slug = {e.slug: e for e in catalogue.entries()}
    sent = [("core-banking", t, d) for t, d in seed_events()] + list(registry_events())
    for source, detail_type, detail in sent:
        schema = json.loads((catalogue.OUT / by_slug[f"{source}.{detail_type}"].schema_file).read_text())
        Draft202012Validator(schema).validate(json.loads(json.dumps(detail, default=str)))
