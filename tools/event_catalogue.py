"""The event catalogue: every event that comes in or goes out, with its JSON schema from the pydantic models.

    python -m tools.event_catalogue            # writes docs/events/README.md and docs/events/schemas/*.json
    python -m tools.event_catalogue --check    # exits 1 when what is written differs from what the code gives

Inbound: the core-banking events (eligibility), the registry and credit-bureau feeds (Go Solid), the
partners' callbacks (Go Solid's bailiff, NOWJOBS, the bank) and the schedules of template.yaml.
Outbound: the domain events published on the bus (sources extra-services.*), whose details are described
by <context>/outbound_events.py. Who produces and consumes each event is said here (PRODUCERS,
CONSUMERS): an outbound event without them stops the generator. `published_detail_types()` finds, in the
code itself, every detail-type that is published, so the tests can hold the catalogue to it."""
from __future__ import annotations

import ast
import json
import sys
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from tools import generated_docs

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "layers" / "common" / "extra_services"
TEMPLATE = ROOT / "template.yaml"
OUT = ROOT / "docs" / "events"
SCHEMAS = OUT / "schemas"
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"

if str(PACKAGE.parent) not in sys.path:        # the layer, as Lambda has it in /opt/python
    sys.path.insert(0, str(PACKAGE.parent))

BUS = "EventBridge bus"
SCHEDULER = "EventBridge Scheduler"


@dataclass(frozen=True)
class Entry:
    name: str                       # the event, as the table names it
    direction: str                  # inbound | outbound
    source: str                     # EventBridge source, or the partner, or the scheduler
    detail_type: str                # EventBridge detail-type, a callback's `type` values, a schedule's expression
    producer: str
    consumers: tuple[str, ...]
    transport: str                  # the bus, an HTTP route, the scheduler
    model: Any                      # a pydantic model class or a type a TypeAdapter takes
    summary: str = ""
    optional: tuple[str, ...] = ()  # required by the model, but filled in when the sender leaves it out
    hidden: tuple[str, ...] = ()    # model fields no sender sends (internal discriminators)

    @property
    def slug(self) -> str:
        return f"{self.source.split(' ')[0]}.{self.name}"

    @property
    def schema_file(self) -> str:
        return f"schemas/{self.slug}.json"

    def schema(self) -> dict[str, Any]:
        body = TypeAdapter(self.model).json_schema(by_alias=True, mode="validation")
        properties = body.get("properties", {})
        for name in self.hidden:
            properties.pop(name, None)
        hidden_or_optional = set(self.hidden) | set(self.optional)
        if "required" in body:
            body["required"] = [r for r in body["required"] if r not in hidden_or_optional]
        described = {
            "$schema": JSON_SCHEMA, "title": self.name,
            "description": " ".join(p for p in (self.summary, _optional_note(self.optional)) if p),
            "x-event": {"direction": self.direction, "transport": self.transport, "source": self.source,
                        "detailType": self.detail_type, "producer": self.producer,
                        "consumers": list(self.consumers)},
        }
        body.pop("title", None)
        _drop_titles(body)
        model_description = body.pop("description", None)
        if model_description and not self.summary:
            described["description"] = " ".join(model_description.split())
        return {**described, **body}


def _drop_titles(schema: Any) -> None:
    """pydantic titles every field after its name ("Eventid"): noise in a catalogue, so they go."""
    if isinstance(schema, dict):
        if isinstance(schema.get("title"), str):
            del schema["title"]
        for key in ("properties", "$defs"):
            for inner in (schema.get(key) or {}).values():
                _drop_titles(inner)
        for key in ("items", "additionalProperties", "not"):
            _drop_titles(schema.get(key))
        for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
            for inner in schema.get(key) or ():
                _drop_titles(inner)


def _optional_note(optional: tuple[str, ...]) -> str:
    return f"When left out, {', '.join(optional)} is the event's envelope time." if optional else ""


# ---------------------------------------------------------------------------------------- inbound
def _literal_type(model: type[BaseModel]) -> str:
    annotation = model.model_fields["type"].annotation
    return " · ".join(str(v) for v in typing.get_args(annotation))


def _enum_values(enum: Iterable[Any]) -> str:
    return " · ".join(str(v.value) for v in enum)


def _union_members(annotated: Any) -> tuple[type[BaseModel], ...]:
    union = typing.get_args(annotated)[0] if typing.get_origin(annotated) is typing.Annotated else annotated
    return tuple(typing.get_args(union))


def inbound_entries() -> list[Entry]:
    from extra_services.billing.api_models import DirectDebitResultsIn
    from extra_services.billing.statuses import ResultStatus
    from extra_services.eligibility.events import EVENT_TYPES
    from extra_services.gosolid.feeds import (
        CREDIT_BUREAU_SOURCE,
        REGISTRY_SOURCE,
        CreditRiskChanged,
        EnterpriseRegistryChanged,
    )
    from extra_services.gosolid.partner_events import PartnerEventIn
    from extra_services.nowjobs.partner_models import ApplicationIn, CompanyEventIn, ContractEventIn
    from extra_services.nowjobs.statuses import CompanyEventType, ContractEventType

    entries = [Entry(name, "inbound", "core-banking", name, "core banking", ("EligibilityEventsFunction",), BUS,
                     model, summary=f"Core banking tells a change of {_WHAT_CHANGED.get(name, name)}: "
                                    "the eligibility projection keeps the newest per key (occurredAt).",
                     hidden=("kind",))
               for name, model in EVENT_TYPES.items()]
    entries += [
        Entry("EnterpriseRegistryChanged", "inbound", REGISTRY_SOURCE, "EnterpriseRegistryChanged",
              "the enterprise registry", ("GoSolidFeedsFunction",), BUS, EnterpriseRegistryChanged,
              summary="An enterprise's name, status, kind and country, which Go Solid screens debtors on.",
              optional=("occurredAt",)),
        Entry("CreditRiskChanged", "inbound", CREDIT_BUREAU_SOURCE, "CreditRiskChanged", "the credit bureau",
              ("GoSolidFeedsFunction",), BUS, CreditRiskChanged,
              summary="An enterprise's credit score (0-100, higher is safer), which Go Solid screens debtors on.",
              optional=("occurredAt",)),
    ]
    route = "POST /v1/partners/go-solid/cases/{caseId}/events"
    entries += [Entry(model.__name__.removesuffix("In"), "inbound", "go-solid (the bailiff)", _literal_type(model),
                      "Go Solid's bailiff", ("GoSolidPartnerFunction",), f"HTTP {route}", model,
                      summary=f"The bailiff's callback on a case ({_literal_type(model)}); a replay with the same "
                              "eventId or Idempotency-Key has no second effect.")
                for model in _union_members(PartnerEventIn)]
    entries += [
        Entry("CompanyEvent", "inbound", "nowjobs (Digital Business Partner)", _enum_values(CompanyEventType),
              "NOWJOBS' Digital Business Partner", ("NowjobsPartnerFunction",),
              "HTTP POST /v1/partners/nowjobs/companies/{companyId}/events", CompanyEventIn,
              summary="The verdict on a registered company: VERIFIED, REFUSED with a reason, ACTIVATED."),
        Entry("Application", "inbound", "nowjobs (the platform)", "", "the NOWJOBS platform",
              ("NowjobsPartnerFunction",), "HTTP POST /v1/partners/nowjobs/job-offers/{offerId}/applications",
              ApplicationIn, summary="A worker applies to a job offer (the same worker again: the first "
                                     "applicationId)."),
        Entry("ContractEvent", "inbound", "nowjobs (the platform)", _enum_values(ContractEventType),
              "the NOWJOBS platform", ("NowjobsPartnerFunction",),
              "HTTP POST /v1/partners/nowjobs/contracts/{contractId}/events", ContractEventIn,
              summary="The worker's answer to a proposal, the Dimona's outcome, the worker's answer to a "
                      "cancellation."),
        Entry("DirectDebitResults", "inbound", "bank (payment engine)", _enum_values(ResultStatus), "the bank",
              ("BillingPartnerFunction",), "HTTP POST /v1/partners/bank/direct-debit-results", DirectDebitResultsIn,
              summary="The results of a submitted pain.008 batch: each collection SETTLED or RETURNED with its "
                      "ISO 20022 reason code (a repeat has no effect)."),
    ]
    return entries + schedule_entries()


_WHAT_CHANGED = {"ProductChanged": "a product (account, insurance, credit) and its holder",
                 "MandateChanged": "a person's mandate on a product", "DigitalAccessChanged":
                 "a person's access to a digital channel"}


def schedule_inputs() -> dict[str, Any]:
    """The model of what each schedule's target receives (its Input), by the target's logical id."""
    from extra_services.billing.run_tasks import RunInput, SubmissionTask
    from extra_services.gosolid.workflow_tasks import CheckPlansTask
    from extra_services.nowjobs.schedule_tasks import ScheduledTask
    return {"NowjobsSchedulesFunction": ScheduledTask, "BillingSubmissionFunction": SubmissionTask,
            "NowjobsBillingStateMachine": RunInput, "GoSolidWorkflowFunction": CheckPlansTask}


@dataclass(frozen=True)
class Schedule:
    name: str                      # the event's logical id in template.yaml
    target: str                    # the function or state machine's logical id
    expression: str
    timezone: str
    input: dict[str, Any] | None


def template_schedules(template: Path = TEMPLATE) -> list[Schedule]:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    document = yaml.load(template.read_text(encoding="utf-8"), Loader=Loader)
    found = []
    for logical_id, resource in (document.get("Resources") or {}).items():
        for name, event in ((resource.get("Properties") or {}).get("Events") or {}).items():
            if event.get("Type") in {"Schedule", "ScheduleV2"}:
                props = event.get("Properties") or {}
                raw = props.get("Input")
                found.append(Schedule(name, logical_id, str(props.get("ScheduleExpression") or props.get("Schedule")),
                                      str(props.get("ScheduleExpressionTimezone") or "UTC"),
                                      json.loads(raw) if isinstance(raw, str) else raw))
    return found


def schedule_entries() -> list[Entry]:
    inputs = schedule_inputs()
    entries = []
    for schedule in template_schedules():
        if schedule.target not in inputs:
            raise KeyError(f"schedule {schedule.name} targets {schedule.target}: say in "
                           "tools/event_catalogue.py:schedule_inputs which model its Input is")
        sent = json.dumps(schedule.input) if schedule.input is not None else "the scheduler's default"
        entries.append(Entry(schedule.name, "inbound", "scheduler", f"{schedule.expression} ({schedule.timezone})",
                             SCHEDULER, (schedule.target,), SCHEDULER, inputs[schedule.target],
                             summary=f"template.yaml schedule {schedule.name} of {schedule.target}, "
                                     f"Input {sent}."))
    return entries


# --------------------------------------------------------------------------------------- outbound
NOTIFIER = "NotifierFunction"
BAILIFF = "Go Solid (the bailiff; delivery to agree: docs/decisions/gosolid-case-lifecycle.md)"
NOWJOBS = "the NOWJOBS platform"
PARTNER = "NOWJOBS' Digital Business Partner"
BANK = "the bank (payment engine)"
OPS = "operations (the case's needsAttention flag and alarm)"

PRODUCERS: dict[str, tuple[str, ...]] = {
    "CaseSubmitted": ("GoSolidApiFunction",),
    "CaseAccepted": ("GoSolidWorkflowFunction",),
    "CaseRejected": ("GoSolidWorkflowFunction",),
    "SummonsRequested": ("GoSolidWorkflowFunction",),
    "SummonsServed": ("GoSolidPartnerFunction",),
    "PaymentPlanAgreed": ("GoSolidPartnerFunction",),
    "PaymentForwarded": ("GoSolidPartnerFunction",),
    "InstalmentMissed": ("GoSolidWorkflowFunction",),
    "PvRequested": ("GoSolidWorkflowFunction",),
    "CreditorReported": ("GoSolidApiFunction",),
    "CaseClosed": ("GoSolidPartnerFunction", "GoSolidApiFunction"),
    "CaseNeedsAttention": ("GoSolidWorkflowFunction",),
    "CompanyRegistered": ("NowjobsApiFunction",),
    "CompanyVerified": ("NowjobsPartnerFunction",),
    "CompanyActivated": ("NowjobsPartnerFunction",),
    "CompanyRefused": ("NowjobsPartnerFunction",),
    "CompanyActivationOverdue": ("NowjobsSchedulesFunction",),
    "DiscountCodeIssued": ("NowjobsPartnerFunction",),
    "JobOfferPublished": ("NowjobsApiFunction",),
    "ContractProposed": ("NowjobsApiFunction",),
    "DimonaRequested": ("NowjobsPartnerFunction",),
    "ContractDeclined": ("NowjobsPartnerFunction",),
    "DimonaConfirmed": ("NowjobsPartnerFunction",),
    "DimonaRejected": ("NowjobsPartnerFunction",),
    "ContractCancellationRequested": ("NowjobsApiFunction",),
    "ContractCancelled": ("NowjobsApiFunction", "NowjobsPartnerFunction"),
    "ContractCancellationRefused": ("NowjobsPartnerFunction",),
    "TimesheetReminderDue": ("NowjobsSchedulesFunction",),
    "HoursConfirmed": ("NowjobsApiFunction", "NowjobsSchedulesFunction"),
    "InvoiceIssued": ("BillingRunFunction",),
    "DirectDebitBatchSubmitted": ("BillingSubmissionFunction",),
    "DirectDebitSettled": ("BillingPartnerFunction",),
    "DirectDebitReturned": ("BillingPartnerFunction",),
    "InvoiceNeedsAttention": ("BillingPartnerFunction",),
    "DirectDebitRedated": ("BillingSubmissionFunction",),
}

CONSUMERS: dict[str, tuple[str, ...]] = {
    "CaseSubmitted": (),
    "CaseAccepted": (NOTIFIER,),
    "CaseRejected": (NOTIFIER,),
    "SummonsRequested": (BAILIFF,),
    "SummonsServed": (NOTIFIER,),
    "PaymentPlanAgreed": (NOTIFIER,),
    "PaymentForwarded": (NOTIFIER,),
    "InstalmentMissed": (NOTIFIER,),
    "PvRequested": (BAILIFF,),
    "CreditorReported": (BAILIFF,),
    "CaseClosed": (NOTIFIER,),
    "CaseNeedsAttention": (OPS,),
    "CompanyRegistered": (PARTNER,),
    "CompanyVerified": (NOWJOBS,),
    "CompanyActivated": (NOWJOBS,),
    "CompanyRefused": (NOWJOBS,),
    "CompanyActivationOverdue": (PARTNER,),
    "DiscountCodeIssued": (NOWJOBS,),
    "JobOfferPublished": (NOWJOBS,),
    "ContractProposed": (NOWJOBS,),
    "DimonaRequested": (NOWJOBS,),
    "ContractDeclined": (NOWJOBS,),
    "DimonaConfirmed": (NOWJOBS,),
    "DimonaRejected": (NOWJOBS,),
    "ContractCancellationRequested": (NOWJOBS,),
    "ContractCancelled": (NOWJOBS,),
    "ContractCancellationRefused": (NOWJOBS,),
    "TimesheetReminderDue": (NOWJOBS,),
    "HoursConfirmed": (NOWJOBS,),
    "InvoiceIssued": (NOWJOBS,),
    "DirectDebitBatchSubmitted": (BANK,),
    "DirectDebitSettled": (NOWJOBS,),
    "DirectDebitReturned": (NOWJOBS,),
    "InvoiceNeedsAttention": (NOWJOBS,),
    "DirectDebitRedated": (NOWJOBS,),
}


def outbound_details() -> dict[tuple[str, str], Any]:
    """(source, detail-type) -> the model of its detail, for every outbound event."""
    from extra_services.billing import outbound_events as billing
    from extra_services.gosolid import outbound_events as gosolid
    from extra_services.nowjobs import outbound_events as nowjobs
    return {(module.SOURCE, detail_type): model for module in (gosolid, nowjobs, billing)
            for detail_type, model in module.DETAILS.items()}


def outbound_entries() -> list[Entry]:
    entries = []
    for (source, detail_type), model in outbound_details().items():
        if detail_type not in PRODUCERS or detail_type not in CONSUMERS:
            raise KeyError(f"{detail_type}: say who produces and who consumes it in tools/event_catalogue.py "
                           "(PRODUCERS, CONSUMERS)")
        entries.append(Entry(detail_type, "outbound", source, detail_type, " · ".join(PRODUCERS[detail_type]),
                             CONSUMERS[detail_type], BUS, model))
    return entries


def entries() -> list[Entry]:
    return inbound_entries() + outbound_entries()


# ------------------------------------------------------------------------------------ the documents
def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "—"


def readme(all_entries: list[Entry]) -> str:
    lines = [
        "# Event catalogue",
        "",
        "Every event that comes into the system or goes out of it, with the JSON schema of its detail (or body),",
        "generated from the pydantic models by `python -m tools.event_catalogue` (`make docs`); do not edit:",
        "tests/contract/test_event_catalogue.py fails when this page or a schema differs from the code, or when",
        "the code publishes a detail-type this page does not list, and",
        "tests/integration/test_emitted_events_match_catalogue.py validates what a real lifecycle emits against",
        "these models.",
        "",
        "- **Inbound on the bus** (`" + BUS + "`): core banking, the enterprise registry and the credit bureau put",
        "  events on the project's bus; rules deliver them to the consumer, which dead-letters a malformed one.",
        "- **Inbound callbacks** (HTTP): the partners call their routes with a partner token; the body's schema is",
        "  given, its `type` is the detail-type column. A bad body is a 422.",
        "- **Schedules** (`" + SCHEDULER + "`): the Input each schedule of template.yaml sends to its target.",
        "- **Outbound** (`extra-services.*` on the bus): domain events, published at least once (consumers",
        "  de-duplicate on the ids they carry). Details are camelCase; money is text with two decimals; instants",
        "  are ISO 8601 UTC to the second. The notifier's rule receives every one of them and renders those it",
        "  knows; partner-facing events reach the partners as docs/decisions describe.",
        "",
        "| event | direction | source | detail-type | producer | consumers | schema |",
        "|---|---|---|---|---|---|---|",
    ]
    for entry in all_entries:
        where = entry.transport if entry.transport not in {BUS, SCHEDULER} else ""
        source = f"`{entry.source}`" + (f"<br>{where}" if where else "")
        lines.append("| " + " | ".join(_cell(c) for c in (
            entry.name, entry.direction, source, f"`{entry.detail_type}`" if entry.detail_type else "", entry.producer,
            ", ".join(entry.consumers), f"[{entry.slug}.json]({entry.schema_file})")) + " |")
    return "\n".join(lines) + "\n"


def generated() -> dict[Path, str]:
    """Every file the catalogue is made of, with its text."""
    all_entries = entries()
    slugs = [e.slug for e in all_entries]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    if duplicates:
        raise ValueError(f"two events would share a schema file: {duplicates}")
    files = {OUT / "README.md": readme(all_entries)}
    for entry in all_entries:
        files[OUT / entry.schema_file] = json.dumps(entry.schema(), indent=2, ensure_ascii=False) + "\n"
    return files


def drift() -> list[str]:
    wanted = generated()
    problems = [f"{p.relative_to(ROOT)}: {'missing' if not p.exists() else 'out of date'}"
                for p, text in wanted.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    problems += [f"{p.relative_to(ROOT)}: no such event" for p in sorted(SCHEMAS.glob("*.json")) if p not in wanted]
    return problems


# ------------------------------------------------------------- what the code publishes, read statically
@dataclass
class Published:
    """The detail-types the code publishes, where; and the calls whose detail-type is not a constant."""

    detail_types: dict[str, list[str]] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)


@dataclass
class _Module:
    name: str
    path: Path
    tree: ast.Module
    constants: dict[str, Any]             # module-level NAME = "text" / {...} / (...)
    imports: dict[str, tuple[str, str | None]]   # local name -> (module, attribute or None)


def _modules(package: Path) -> dict[str, _Module]:
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants: dict[str, Any] = {}
        imports: dict[str, tuple[str, str | None]] = {}
        for node in tree.body:
            targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
            value = getattr(node, "value", None)
            for target in targets:
                if isinstance(target, ast.Name) and value is not None:
                    constants[target.id] = value
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    imports[alias.asname or alias.name] = (node.module, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    imports[alias.asname or alias.name] = (alias.name, None)
        modules[name] = _Module(name, path, tree, constants, imports)
    return modules


def _event_classes(modules: dict[str, _Module]) -> dict[str, int]:
    """Classes with a `detail_type` field (DomainEvent, PendingEvent): name -> its positional index."""
    found = {}
    for module in modules.values():
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ClassDef):
                fields = [s.target.id for s in node.body
                          if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
                if "detail_type" in fields:
                    found[node.name] = fields.index("detail_type")
    return found


def _functions(tree: ast.AST) -> Iterator[tuple[ast.FunctionDef | ast.AsyncFunctionDef, bool]]:
    """Every function, and whether it is a method (its first parameter is the instance)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield item, True
        elif isinstance(node, ast.Module):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield item, False


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _detail_type_argument(call: ast.Call, index: int) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "detail_type":
            return keyword.value
    return call.args[index] if len(call.args) > index and not isinstance(call.args[index], ast.Starred) else None


class _Resolver:
    def __init__(self, modules: dict[str, _Module]) -> None:
        self.modules = modules

    def constant(self, module: _Module, name: str) -> ast.expr | None:
        if name in module.constants:
            return module.constants[name]  # type: ignore[no-any-return]
        if name in module.imports:
            origin, attribute = module.imports[name]
            if attribute is not None and origin in self.modules:
                return self.constant(self.modules[origin], attribute)
        return None

    def strings(self, module: _Module, expr: ast.expr | None, function: ast.FunctionDef | ast.AsyncFunctionDef,
                ) -> list[str] | None:
        """The texts an expression can be; None when it is not made of constants."""
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return [expr.value]
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            target = module.imports.get(expr.value.id)
            if target is not None:
                origin = target[0] if target[1] is None else f"{target[0]}.{target[1]}"
                if origin in self.modules:
                    return self.strings(self.modules[origin], self.constant(self.modules[origin], expr.attr), function)
            return None
        if isinstance(expr, ast.Name):
            value = self.constant(module, expr.id)
            if value is not None:
                return self.strings(module, value, function)
            return self._unpacked_from_table(module, expr.id, function)
        return None

    def _unpacked_from_table(self, module: _Module, name: str, function: ast.FunctionDef | ast.AsyncFunctionDef,
                             ) -> list[str] | None:
        """`detail_type, fields = TABLE[key]` with TABLE a module-level dict of tuples (or of texts)."""
        for node in ast.walk(function):
            if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Subscript)
                    and isinstance(node.value.value, ast.Name)):
                continue
            table = self.constant(module, node.value.value.id)
            if not isinstance(table, ast.Dict):
                continue
            for target in node.targets:
                position = None
                if isinstance(target, ast.Name) and target.id == name:
                    position = -1
                elif isinstance(target, ast.Tuple):
                    names = [t.id if isinstance(t, ast.Name) else None for t in target.elts]
                    position = names.index(name) if name in names else None
                if position is None:
                    continue
                found: list[str] = []
                for value in table.values:
                    item = value if position == -1 else (value.elts[position] if isinstance(value, ast.Tuple) else None)
                    texts = self.strings(module, item, function)
                    if texts is None:
                        return None
                    found += texts
                return found
        return None


def _factories(modules: dict[str, _Module]) -> dict[str, int]:
    """Callables that make an event: name -> index of their detail-type argument. The classes with a
    `detail_type` field, then every function that hands one of its own parameters on to one of them."""
    factories = dict(_event_classes(modules))
    changed = True
    while changed:
        changed = False
        for module in modules.values():
            for function, is_method in _functions(module.tree):
                params = [a.arg for a in function.args.posonlyargs + function.args.args][1 if is_method else 0:]
                for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
                    called = _called_name(call)
                    argument = _detail_type_argument(call, factories[called]) if called in factories else None
                    if isinstance(argument, ast.Name) and argument.id in params and function.name not in factories:
                        factories[function.name] = params.index(argument.id)
                        changed = True
    return factories


def published_detail_types(package: Path = PACKAGE) -> Published:
    """Every detail-type the layer publishes, found in the code: calls of a class with a `detail_type` field
    (DomainEvent, PendingEvent) and of the functions that pass their own parameter on to one (`_event`,
    `emit`...), with the detail-type a text, a constant, or a row of a module-level table of them."""
    modules = _modules(package)
    factories = _factories(modules)
    resolver = _Resolver(modules)
    published = Published()
    for module in modules.values():
        for function, _ in _functions(module.tree):
            params = {a.arg for a in function.args.posonlyargs + function.args.args}
            for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
                called = _called_name(call)
                if called not in factories:
                    continue
                argument = _detail_type_argument(call, factories[called])
                if isinstance(argument, ast.Name) and argument.id in params and function.name in factories:
                    continue                           # a factory handing its parameter on
                where = f"{module.path.relative_to(ROOT).as_posix()}:{call.lineno} ({function.name})"
                texts = resolver.strings(module, argument, function)
                if texts is None:
                    published.unresolved.append(where)
                for text in texts or ():
                    published.detail_types.setdefault(text, []).append(where)
    return published


# -------------------------------------------------------------------------------------------- CLI
def main(argv: list[str] | None = None, write: Callable[[Path, str], None] | None = None) -> int:
    def generate() -> None:
        files = generated()
        SCHEMAS.mkdir(parents=True, exist_ok=True)
        generated_docs.write_changed(files, write)
        for stale in sorted(set(SCHEMAS.glob("*.json")) - set(files)):
            stale.unlink()
            print(f"removed {stale.relative_to(ROOT)}")
    return generated_docs.main("tools.event_catalogue", __doc__.split("\n")[0], "docs/events/", drift=drift,
                               generate=generate, argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
