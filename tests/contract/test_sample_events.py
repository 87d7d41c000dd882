"""The sample events in events/ stay true: `sam local invoke <LogicalId> -e events/<file>.json` gets an
event its handler accepts.

- Coverage (static): every function of template.yaml has samples, and so does every API route, every
  EventBridge rule source, every schedule's input and every Lambda Task state of the state machines.
- Shape (static): each sample parses into what its handler expects: Powertools' event classes, the
  route's pydantic body model and the caller the authorizer context gives; the event and task models.
- Behaviour: each journey below invokes its samples on the real handlers of a fresh local stack
  (make_app), with the data they need seeded first over the public routes. Ids in the samples are
  examples: each is swapped for the id of what was seeded (World.swap)."""
from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin, get_type_hints

import pytest
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent, EventBridgeEvent
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerTokenEvent,
)
from pydantic import TypeAdapter

from local_stack.template import load_template
from local_stack.testing import HttpClient
from local_stack.virtual_time import parse_instant

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "events"
SCHEDULED_TIME = "<aws.scheduler.scheduled-time>"
RESOURCES: dict[str, Any] = load_template(ROOT / "template.yaml")["Resources"]
FUNCTIONS = {lid: r["Properties"] for lid, r in RESOURCES.items() if r["Type"] == "AWS::Serverless::Function"}
SAMPLES = sorted(p.stem for p in EVENTS.glob("*.json"))


def code_dir(lid: str) -> str:
    return Path(str(FUNCTIONS[lid]["CodeUri"])).name


def sample_dir(name: str) -> str:
    return name.split("-", 1)[0]


def function_for(name: str) -> str:
    """The logical id a sample is for: the only function of its code folder, or (a folder shared by
    several functions, like functions/authorizer) the one whose id starts with the sample's first word:
    authorizer-channel-token.json -> ChannelAuthorizerFunction."""
    candidates = [lid for lid in FUNCTIONS if code_dir(lid) == sample_dir(name)]
    if len(candidates) > 1:
        word = name.split("-")[1]
        candidates = [lid for lid in candidates if lid.lower().startswith(word)]
    assert len(candidates) == 1, f"{name}.json: which function? {candidates or 'no code folder of that name'}"
    return candidates[0]


@cache
def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text())
    return data


def samples_of(lid: str) -> list[str]:
    return [name for name in SAMPLES if function_for(name) == lid]


# ======================================================================================== coverage
def test_every_function_has_a_sample_and_every_sample_a_function() -> None:
    assert SAMPLES, "events/ has no samples"
    assert [lid for lid in FUNCTIONS if not samples_of(lid)] == []
    for name in SAMPLES:
        function_for(name)


def test_every_api_route_has_a_sample() -> None:
    missing = []
    for lid, props in FUNCTIONS.items():
        for event in (props.get("Events") or {}).values():
            if event["Type"] == "Api":
                route = (event["Properties"]["Method"].upper(), event["Properties"]["Path"])
                if not any((load(n).get("httpMethod"), load(n).get("resource")) == route for n in samples_of(lid)):
                    missing.append((lid, *route))
    assert missing == []


def _matches(source: str, wanted: Any) -> bool:
    return source == wanted or (isinstance(wanted, dict) and source.startswith(wanted.get("prefix", "\0")))


def test_every_rule_source_has_an_eventbridge_sample() -> None:
    missing = []
    for lid, props in FUNCTIONS.items():
        for event in (props.get("Events") or {}).values():
            if event["Type"] in ("EventBridgeRule", "CloudWatchEvent"):
                for wanted in event["Properties"]["Pattern"].get("source", []):
                    if not any(_matches(str(load(n).get("source")), wanted) and "detail-type" in load(n)
                               for n in samples_of(lid)):
                        missing.append((lid, wanted))
    assert missing == []


def test_every_sqs_consumer_has_an_sqs_sample() -> None:
    consumers = [lid for lid, props in FUNCTIONS.items()
                 if any(e["Type"] == "SQS" for e in (props.get("Events") or {}).values())]
    for lid in consumers:       # none today: every queue of the template is a dead-letter queue
        assert any(r.get("eventSource") == "aws:sqs" for n in samples_of(lid) for r in load(n).get("Records", [])), lid


def _same_input(sample: Any, schedule_input: dict[str, Any]) -> bool:
    return isinstance(sample, dict) and sample.keys() == schedule_input.keys() and all(
        v == SCHEDULED_TIME or sample[k] == v for k, v in schedule_input.items())


def test_every_schedule_input_has_a_sample() -> None:
    missing = []
    for lid, resource in RESOURCES.items():
        for event in (resource.get("Properties", {}).get("Events") or {}).values():
            if event["Type"] not in ("ScheduleV2", "Schedule"):
                continue
            wanted = json.loads(event["Properties"].get("Input", "{}"))
            if resource["Type"] == "AWS::Serverless::Function":
                found = any(_same_input(load(n), wanted) for n in samples_of(lid))
            else:   # a state machine: its first task receives the input in the field the ASL maps "$" to
                first = next(task for task in task_states(lid) if task.name == task.machine["StartAt"])
                found = _same_input(load(first.sample).get(first.whole_input_field or ""), wanted)
            if not found:
                missing.append((lid, wanted))
    assert missing == []


class TaskState:
    """A Lambda Task state of a state machine of the template: the payload its Parameters build."""

    def __init__(self, machine: dict[str, Any], name: str, payload: dict[str, Any], function: str) -> None:
        self.machine, self.name, self.payload, self.function = machine, name, payload, function
        self.sample = f"{code_dir(function)}-{re.sub(r'(?<!^)(?=[A-Z])', '-', name).lower()}"
        self.whole_input_field = next((k[:-2] for k, v in payload.items() if k.endswith(".$") and v == "$"), None)


def task_states(machine_lid: str) -> list[TaskState]:
    props = RESOURCES[machine_lid]["Properties"]
    machine = json.loads((ROOT / props["DefinitionUri"]).read_text())
    functions = {f"${{{k}}}": v["Fn::GetAtt"][0] if isinstance(v, dict) else v
                 for k, v in (props.get("DefinitionSubstitutions") or {}).items()}
    found: list[TaskState] = []

    def walk(states: dict[str, Any], item_selector: dict[str, Any] | None) -> None:
        for name, state in states.items():
            params = state.get("Parameters") or {}
            if state["Type"] == "Task" and str(state.get("Resource", "")).startswith("arn:aws:states:::lambda:invoke"):
                payload = params.get("Payload")
                if payload is None and params.get("Payload.$") == "$":
                    payload = item_selector          # a Map's item processor: the item is the payload
                assert isinstance(payload, dict), f"{machine_lid}.{name}: a payload this test cannot read"
                found.append(TaskState(machine, name, payload, functions[params["FunctionName"]]))
            processor = state.get("ItemProcessor") or state.get("Iterator")
            if processor:
                walk(processor["States"], state.get("ItemSelector") or state.get("Parameters"))
            for branch in state.get("Branches", []):
                walk(branch["States"], None)

    walk(machine["States"], None)
    return found


STATE_MACHINES = [lid for lid, r in RESOURCES.items() if r["Type"] == "AWS::Serverless::StateMachine"]


@pytest.mark.parametrize("machine", STATE_MACHINES)
def test_every_task_state_has_a_sample_with_its_payload(machine: str) -> None:
    for task in task_states(machine):
        assert task.sample in SAMPLES, f"{machine}.{task.name}: add events/{task.sample}.json"
        sample = load(task.sample)
        for key, value in task.payload.items():
            if key.endswith(".$"):
                assert key[:-2] in sample, f"{task.sample}.json lacks {key[:-2]} ({value})"
            else:
                assert sample.get(key) == value, f"{task.sample}.json: {key} is {value!r} in the ASL"
        assert set(sample) == {k.removesuffix(".$") for k in task.payload}, task.sample


def test_the_readme_lists_every_sample() -> None:
    readme = (EVENTS / "README.md").read_text()
    listed = set(re.findall(r"([a-z0-9_]+-[a-z0-9-]+)\.json", readme))
    assert sorted(set(SAMPLES) - listed) == [], "events/README.md does not list these samples"
    assert sorted(listed - set(SAMPLES)) == [], "events/README.md lists samples that do not exist"


# =========================================================================================== shape
@cache
def resolver_of(function_dir: str) -> Any:
    path = ROOT / "functions" / function_dir / "app.py"
    spec = importlib.util.spec_from_file_location(f"sample_events_{function_dir}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.app


def body_type(function_dir: str, method: str, resource: str) -> Any:
    """The type the route's Body() parameter is annotated with; None for a route without a body."""
    resolver = resolver_of(function_dir)
    path = re.sub(r"\{(\w+)\}", r"<\1>", resource)
    routes = [r for r in [*resolver._static_routes, *resolver._dynamic_routes] if r.method == method and r.path == path]
    assert len(routes) == 1, f"functions/{function_dir}: no route {method} {resource}"
    for hint in get_type_hints(routes[0].func, include_extras=True).values():
        if get_origin(hint) is Annotated and any(isinstance(m, Body) for m in hint.__metadata__):
            return get_args(hint)[0]
    return None


def _eligibility_fact(event: EventBridgeEvent) -> Any:
    from extra_services.eligibility.events import EVENT_TYPES
    return EVENT_TYPES[event.detail_type].model_validate(event.detail)


def _feed_fact(event: EventBridgeEvent) -> Any:
    from extra_services.gosolid.feeds import feed_event
    fact = feed_event(event.detail_type, dict(event.detail), parse_instant(event.time))
    assert fact is not None, f"the feed consumer ignores {event.detail_type}"
    return fact


def _notifications(event: EventBridgeEvent) -> Any:
    from extra_services.notifications.notifier import domain_event_from_eventbridge, notifications_for
    return notifications_for(domain_event_from_eventbridge(event.raw_event))


def _workflow_task(payload: dict[str, Any]) -> Any:
    from extra_services.gosolid.workflow_tasks import parse_task
    return parse_task(payload)


def _billing_task(payload: dict[str, Any]) -> Any:
    from extra_services.billing.run_tasks import parse_task
    return parse_task(payload)


def _submission_task(payload: dict[str, Any]) -> Any:
    from extra_services.billing.run_tasks import SubmissionTask
    return SubmissionTask.model_validate(payload)


def _schedule_task(payload: dict[str, Any]) -> Any:
    from extra_services.nowjobs.schedule_tasks import ScheduledTask
    return ScheduledTask.model_validate(payload)


# What each event-driven function makes of its event (the same calls its handler makes).
EVENTBRIDGE_PARSERS: dict[str, Callable[[EventBridgeEvent], Any]] = {
    "eligibility_events": _eligibility_fact, "gosolid_feeds": _feed_fact, "notifier": _notifications}
PAYLOAD_PARSERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "gosolid_workflow": _workflow_task, "billing_run": _billing_task, "billing_submission": _submission_task,
    "nowjobs_schedules": _schedule_task}


@pytest.mark.parametrize("name", SAMPLES)
def test_the_sample_parses_into_what_its_handler_expects(name: str) -> None:
    from extra_services.caller import caller_from_authorizer

    sample, folder = load(name), sample_dir(name)
    if "httpMethod" in sample:
        event = APIGatewayProxyEvent(sample)
        assert event.path.startswith("/v1/") and event.request_context.stage and event.request_context.request_id
        context = sample["requestContext"]["authorizer"]
        assert context["principalId"] and isinstance(context["integrationLatency"], int)
        caller_from_authorizer(context)                       # the identity the handler rebuilds
        model = body_type(folder, event.http_method, event.resource)
        if model is not None:
            TypeAdapter(model).validate_python(event.json_body)
        else:
            assert event.body is None, f"{name}: a body on a route that reads none"
    elif sample.get("type") == "TOKEN":
        token_event = APIGatewayAuthorizerTokenEvent(sample)
        assert re.fullmatch(r"Bearer [-0-9A-Za-z_]+\.[-0-9A-Za-z_]+\.[-0-9A-Za-z_]+", token_event.authorization_token)
        arn = token_event.parsed_arn
        assert arn.api_id and arn.stage and arn.http_method and arn.resource
    elif "detail-type" in sample:
        bus_event = EventBridgeEvent(sample)
        assert bus_event.get_id and bus_event.account and bus_event.region and bus_event.time
        assert folder in EVENTBRIDGE_PARSERS, f"{name}: say in EVENTBRIDGE_PARSERS how {folder} reads its events"
        EVENTBRIDGE_PARSERS[folder](bus_event)
    else:
        assert folder in PAYLOAD_PARSERS, f"{name}: say in PAYLOAD_PARSERS how {folder} reads its payload"
        PAYLOAD_PARSERS[folder](sample)


# ======================================================================================= behaviour
def find(data: Any, key: str) -> str | None:
    """The first string value of `key` in a sample, looking into JSON bodies too."""
    if isinstance(data, dict):
        if isinstance(data.get(key), str):
            return str(data[key])
        values = list(data.values())
    elif isinstance(data, list):
        values = data
    elif isinstance(data, str) and data[:1] in "{[":
        try:
            return find(json.loads(data), key)
        except ValueError:
            return None
    else:
        return None
    return next((found for v in values if (found := find(v, key)) is not None), None)


class World:
    """A fresh local stack: samples invoked on its handlers, data seeded over its HTTP routes."""

    def __init__(self, app: Any) -> None:
        self.app, self.stack = app, app.stack
        self.invoked: list[str] = []

    def event(self, name: str, swap: dict[str, str] | None = None) -> dict[str, Any]:
        text = (EVENTS / f"{name}.json").read_text()
        for key, real in (swap or {}).items():
            example = find(load(name), key)
            assert example, f"{name}.json has no {key} to swap"
            text = text.replace(example, real)
        event: dict[str, Any] = json.loads(text)
        return event

    def invoke(self, name: str, swap: dict[str, str] | None = None) -> Any:
        result = self.stack.invoke(function_for(name), self.event(name, swap))
        self.invoked.append(name)
        self.stack.clock.settle()                      # what it set off runs now
        return result

    def api(self, name: str, status: int, swap: dict[str, str] | None = None) -> Any:
        result = self.invoke(name, swap)
        assert result["statusCode"] == status, f"{name}: {result['statusCode']} {result.get('body')}"
        body = result.get("body")
        try:
            return json.loads(body) if body else None
        except ValueError:
            return body

    def http(self, method: str, path: str, body: Any = None, *, status: int = 200, partner: str | None = None,
             customer: str = "C-BART") -> Any:
        token = self.app.partner_token(partner) if partner else self.app.token_for(customer)
        with HttpClient(self.app.url, headers={"Authorization": f"Bearer {token}"}) as client:
            answer = client.request(method, path, body)
        assert answer.status == status, (method, path, answer.status, answer.body)
        return answer.body

    def at(self, instant: str) -> None:
        self.stack.clock.set(parse_instant(instant))


@pytest.fixture
def world(make_app: Callable[..., Any], request: pytest.FixtureRequest) -> Iterator[World]:
    seeded = getattr(request, "param", True)
    world = World(make_app(seed=seeded))
    yield world
    assert world.stack.failures == [], [(f.function, f.source) for f in world.stack.failures]


def body_of(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(load(name)["body"])
    return body


IDENTITY = ["authorizer-channel-token", "authorizer-partner-token"]


@pytest.mark.parametrize("world", [False], indirect=True)
def test_the_authorizer_samples_with_tokens_of_the_local_identity_provider(world: World) -> None:
    channel = world.invoke("authorizer-channel-token",
                           {"authorizationToken": f"Bearer {world.app.token_for('C-BART')}"})
    partner = world.invoke("authorizer-partner-token",
                           {"authorizationToken": f"Bearer {world.app.partner_token('go-solid')}"})
    for policy in (channel, partner):
        assert policy["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    assert channel["context"] == {"kind": "channel", "customerId": "C-BART", "channel": "mobile"}
    assert partner["context"] == {"kind": "partner", "partner": "go-solid"}
    assert world.invoked == IDENTITY


ELIGIBILITY = ["eligibility_events-product-changed", "eligibility_events-mandate-changed",
               "eligibility_events-digital-access-changed", "eligibility_api-get-extra-services",
               "eligibility_api-get-enterprise-extra-services", "eligibility_api-ops-get-customer-extra-services"]


@pytest.mark.parametrize("world", [False], indirect=True)
def test_the_core_banking_samples_make_bart_usable_and_the_eligibility_routes_say_so(world: World) -> None:
    for name in ELIGIBILITY[:3]:
        assert world.invoke(name).get("outcome") != "dead-lettered", name
    overview = world.api("eligibility_api-get-extra-services", 200)
    assert {"enterpriseNumber": "1234567401", "usable": True, "reasons": []} in overview["enterprises"]
    assert world.api("eligibility_api-get-enterprise-extra-services", 200)["usable"] is True
    assert world.api("eligibility_api-ops-get-customer-extra-services", 200) == overview
    assert world.invoked == ELIGIBILITY


GO_SOLID = ["gosolid_feeds-enterprise-registry-changed", "gosolid_feeds-credit-risk-changed", "gosolid_api-post-quote",
            "gosolid_api-post-case", "gosolid_api-get-case", "gosolid_api-list-cases",
            "gosolid_api-post-creditor-report",
            *[task.sample for task in task_states("GoSolidCollectionStateMachine")],
            "gosolid_api-post-withdrawal", "gosolid_partner-summons-served", "gosolid_partner-debtor-payment",
            "gosolid_workflow-plan-watch", "notifier-gosolid-case-accepted", "notifier-gosolid-case-closed",
            "notifier-nowjobs-company-activated",
            "notifications_api-get-notifications"]


def test_the_go_solid_samples_from_quote_to_paid(world: World) -> None:
    for name in GO_SOLID[:2]:
        assert world.invoke(name).get("outcome") != "dead-lettered", name
    assert world.api("gosolid_api-post-quote", 200)["amounts"]["totalClaimed"] == "1048.34"
    case_id = world.api("gosolid_api-post-case", 202)["caseId"]
    case = {"caseId": case_id}
    assert world.api("gosolid_api-get-case", 200, case)["status"] == "ACCEPTED"        # screened at once
    assert [c["caseId"] for c in world.api("gosolid_api-list-cases", 200)["items"]] == [case_id]
    assert world.api("gosolid_api-post-creditor-report", 200, case)["caseId"] == case_id

    # The workflow's tasks on a case of their own (their example task token is nobody's).
    other = world.http("POST", "/v1/go-solid/cases", {**body_of("gosolid_api-post-case"), "invoices": [
        {"number": "B-2026-015", "issueDate": "2026-01-09", "dueDate": "2026-02-08", "amount": "640.00"}]},
        status=202)["caseId"]
    for task in task_states("GoSolidCollectionStateMachine"):
        result = world.invoke(task.sample, {"caseId": other})
        assert other in json.dumps(result), (task.sample, result)
    assert world.api("gosolid_api-post-withdrawal", 200, {"caseId": other})["status"] == "WITHDRAWN"

    world.at("2026-03-03T09:00:00Z")                   # Tuesday 10:00: the bailiff serves the summons
    assert world.api("gosolid_partner-summons-served", 200, case)["applied"] is True
    world.at("2026-03-04T10:00:00Z")                   # the debtor pays the next day
    assert world.api("gosolid_partner-debtor-payment", 200, case)["applied"] is True
    assert world.http("GET", f"/v1/go-solid/cases/{case_id}")["status"] == "PAID"
    assert world.invoke("gosolid_workflow-plan-watch") == {"lookedAt": 0, "plansMissed": 0, "stoppedEarly": False}

    accepted = world.invoke("notifier-gosolid-case-accepted")
    assert (accepted["outcome"], accepted["inbox"], accepted["outbox"]) == ("notified", 1, 1)
    assert world.invoke("notifier-gosolid-case-closed")["outcome"] == "notified"
    assert world.invoke("notifier-nowjobs-company-activated")["outcome"] == "notified"   # nothing for the inbox
    inbox = world.api("notifications_api-get-notifications", 200)["items"]
    assert {"Go Solid: case accepted", "Go Solid: case closed, paid"} <= {n["title"] for n in inbox}
    assert world.invoked == GO_SOLID


NOWJOBS = ["nowjobs_api-register-company", "nowjobs_api-list-companies", "nowjobs_api-get-company",
           "nowjobs_partner-company-verified", "nowjobs_partner-company-activated", "nowjobs_api-create-job-offer",
           "nowjobs_api-list-job-offers", "nowjobs_api-get-job-offer", "nowjobs_api-create-invitation",
           "nowjobs_partner-open-invitation", "nowjobs_api-quote-wage", "nowjobs_partner-application",
           "nowjobs_api-list-applications", "nowjobs_api-propose-contract", "nowjobs_api-list-contracts",
           "nowjobs_api-get-contract", "nowjobs_partner-contract-accepted", "nowjobs_partner-contract-dimona-confirmed",
           "nowjobs_schedules-activation-targets", "nowjobs_schedules-timesheets", "nowjobs_api-confirm-hours",
           "nowjobs_api-list-timesheets", "nowjobs_api-rate-worker", "nowjobs_api-cancel-contract"]


def test_the_nowjobs_samples_from_registration_to_rated_hours(world: World) -> None:
    company_id = world.api("nowjobs_api-register-company", 201)["companyId"]
    company = {"companyId": company_id}
    assert [c["companyId"] for c in world.api("nowjobs_api-list-companies", 200)["items"]] == [company_id]
    assert world.api("nowjobs_api-get-company", 200, company)["status"] == "PENDING_VERIFICATION"
    assert world.api("nowjobs_partner-company-verified", 200, company)["status"] == "VERIFIED"
    assert world.api("nowjobs_partner-company-activated", 200, company)["status"] == "ACTIVE"

    offer_id = world.api("nowjobs_api-create-job-offer", 201, company)["offerId"]
    offer = {"offerId": offer_id}
    assert [o["offerId"] for o in world.api("nowjobs_api-list-job-offers", 200, company)["items"]] == [offer_id]
    assert world.api("nowjobs_api-get-job-offer", 200, offer)["offerId"] == offer_id
    invitation = world.api("nowjobs_api-create-invitation", 200, {**company, **offer})["invitationId"]
    assert world.api("nowjobs_partner-open-invitation", 200, {"invitationId": invitation})["offerId"] == offer_id
    assert world.api("nowjobs_api-quote-wage", 200)["total"]
    application = world.api("nowjobs_partner-application", 200, offer)["applicationId"]
    [candidate] = world.api("nowjobs_api-list-applications", 200, offer)["items"]
    assert candidate["applicationId"] == application and candidate["costQuote"]["total"]

    contract_id = world.api("nowjobs_api-propose-contract", 200, {"applicationId": application})["contractId"]
    contract = {"contractId": contract_id}
    assert [c["contractId"] for c in world.api("nowjobs_api-list-contracts", 200, company)["items"]] == [contract_id]
    assert world.api("nowjobs_api-get-contract", 200, contract)["status"] == "PROPOSED"
    assert world.api("nowjobs_partner-contract-accepted", 200, contract)["status"] == "DIMONA_REQUESTED"
    assert world.api("nowjobs_partner-contract-dimona-confirmed", 200, contract)["status"] == "DIMONA_CONFIRMED"
    for name in ("nowjobs_schedules-activation-targets", "nowjobs_schedules-timesheets"):
        counts = world.invoke(name)
        assert counts and all(isinstance(v, int) for v in counts.values()), (name, counts)

    world.at("2026-03-05T16:30:00Z")                   # Thursday 17:30: the first shift is over
    assert world.api("nowjobs_api-confirm-hours", 200, contract)["status"] == "CONFIRMED"
    sheets = world.api("nowjobs_api-list-timesheets", 200, contract)["items"]
    assert [t["status"] for t in sheets][:1] == ["CONFIRMED"]
    assert world.api("nowjobs_api-rate-worker", 200, contract)["score"] == 5
    assert world.api("nowjobs_api-cancel-contract", 200, contract)["contractId"] == contract_id
    assert world.invoked == NOWJOBS


BILLING = ["billing_run-plan-week", *[task.sample for task in task_states("NowjobsBillingStateMachine")],
           "billing_api-list-invoices", "billing_api-get-invoice", "billing_submission-daily-submission",
           "billing_api-get-pain008", "billing_partner-direct-debit-settled", "billing_partner-direct-debit-returned"]


def test_the_billing_samples_from_the_weekly_run_to_the_bank_results(world: World) -> None:
    company_id = hours_worked_in_the_week_of_2_march(world)
    world.at("2026-03-12T04:00:00Z")                   # Thursday, an hour before the weekly run's schedule
    assert "2026-03-02" in json.dumps(world.invoke("billing_run-plan-week"))
    for task in task_states("NowjobsBillingStateMachine"):     # Plan, bill the week, Report: as the ASL runs them
        assert isinstance(world.invoke(task.sample), dict), task.sample

    [invoice] = world.api("billing_api-list-invoices", 200, {"companyId": company_id})["items"]
    collection = world.api("billing_api-get-invoice", 200, {"invoiceId": invoice["invoiceId"]})["collection"]
    assert (invoice["issuedOn"], collection["status"]) == ("2026-03-12", "PRENOTIFIED")

    world.at("2026-03-24T05:30:00Z")                   # Tuesday, before the daily schedule: the sample runs it
    [batch_id] = world.invoke("billing_submission-daily-submission")["batches"]
    assert collection["endToEndId"] in world.api("billing_api-get-pain008", 200, {"batchId": batch_id})
    world.at("2026-03-26T09:00:00Z")                   # the due date: the bank settles
    results = {"batchId": batch_id, "endToEndId": collection["endToEndId"]}
    assert world.api("billing_partner-direct-debit-settled", 200, results)["results"][0]["status"] == "SETTLED"
    assert world.http("GET", f"/v1/nowjobs/invoices/{invoice['invoiceId']}")["status"] == "PAID"
    world.at("2026-03-26T15:00:00Z")                   # and comes back the same day (insufficient funds)
    assert world.api("billing_partner-direct-debit-returned", 200, results)["results"][0]["status"] == "RETURNED"
    assert world.http("GET", f"/v1/nowjobs/invoices/{invoice['invoiceId']}")["statusReason"] == "AM04"
    assert world.invoked == BILLING


def hours_worked_in_the_week_of_2_march(world: World) -> str:
    """Over the public routes: Bart's bakery registered and activated, Karim hired for Thursday and
    Friday, both shifts confirmed (the requests are the NOWJOBS samples' bodies)."""
    company_id = world.http("POST", "/v1/nowjobs/companies", body_of("nowjobs_api-register-company"),
                            status=201)["companyId"]
    for kind in ("VERIFIED", "ACTIVATED"):
        world.http("POST", f"/v1/partners/nowjobs/companies/{company_id}/events", {"type": kind}, partner="nowjobs")
    offer_id = world.http("POST", f"/v1/nowjobs/companies/{company_id}/job-offers",
                          body_of("nowjobs_api-create-job-offer"), status=201)["offerId"]
    application_id = world.http("POST", f"/v1/partners/nowjobs/job-offers/{offer_id}/applications",
                                body_of("nowjobs_partner-application"), partner="nowjobs")["applicationId"]
    contract_id = world.http("POST", f"/v1/nowjobs/applications/{application_id}/contract-proposal")["contractId"]
    for kind in ("ACCEPTED", "DIMONA_CONFIRMED"):
        world.http("POST", f"/v1/partners/nowjobs/contracts/{contract_id}/events",
                   {"type": kind, "proposalVersion": 1}, partner="nowjobs")
    thursday = body_of("nowjobs_api-confirm-hours")
    world.at("2026-03-05T16:30:00Z")
    world.http("POST", f"/v1/nowjobs/contracts/{contract_id}/timesheets", thursday)
    world.at("2026-03-06T13:00:00Z")
    world.http("POST", f"/v1/nowjobs/contracts/{contract_id}/timesheets", {
        "shiftStart": "2026-03-06T09:00:00+01:00", "workedFrom": "2026-03-06T09:00:00+01:00",
        "workedUntil": "2026-03-06T13:00:00+01:00"})
    return str(company_id)


def test_the_journeys_invoke_every_sample_once() -> None:
    journeys = IDENTITY + ELIGIBILITY + GO_SOLID + NOWJOBS + BILLING
    assert sorted(journeys) == SAMPLES
