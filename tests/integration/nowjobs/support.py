"""Fakes and builders for the NOWJOBS repository and use-case tests (moto in-process)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import yaml

from extra_services.caller import Channel
from extra_services.clock import FixedClock
from extra_services.domain_events import DomainEvent
from extra_services.errors import Forbidden
from extra_services.nowjobs import repository
from extra_services.nowjobs.company_service import CompanyService
from extra_services.nowjobs.contract_service import ContractService
from extra_services.nowjobs.hiring_service import HiringService
from extra_services.nowjobs.partner_models import CompanyEventIn
from extra_services.nowjobs.ports import Actor, OutboxChannel
from extra_services.nowjobs.repository import NowjobsRepository
from extra_services.nowjobs.request_models import CompanyRegistrationIn, JobOfferIn

TABLE = "nowjobs-test"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Monday, 10:00 in Brussels
ENTERPRISE = "0403170701"
OTHER_ENTERPRISE = "0202239951"
ANNA = Actor("customer-anna", Channel.MOBILE)
STRANGER = Actor("customer-stranger", Channel.MOBILE)
BASE_URL = "https://jobs.example/i"


class _TemplateLoader(yaml.SafeLoader):
    """Reads CloudFormation short tags (!Ref) as plain strings."""


_TemplateLoader.add_constructor("!Ref", lambda loader, node: loader.construct_scalar(node))


def table_definition() -> dict[str, Any]:
    """The table as the repository's docstring documents it: the test proves the documented design."""
    doc = repository.__doc__ or ""
    snippet = doc.split("Intended template definition:", 1)[1].split("\nItems", 1)[0]
    properties: dict[str, Any] = yaml.load(snippet, Loader=_TemplateLoader)["NowjobsTable"]["Properties"]
    return {name: properties[name] for name in
            ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode")}


class FakeEligibility:
    def __init__(self, *usable: tuple[str, str]) -> None:
        self.usable = set(usable)

    def require_usable(self, customer_id: str, channel: Channel, enterprise_number: str) -> None:
        if (customer_id, enterprise_number) not in self.usable:
            raise Forbidden("not usable", code="NOT_USABLE_FOR_ENTERPRISE")


@dataclass
class FakeOutbox:
    sent: list[dict[str, Any]] = field(default_factory=list)

    def send(self, channel: OutboxChannel, recipient: str, subject: str, body: str, reference: str, *,
             kind: str = "NOWJOBS") -> None:
        if any(m["reference"] == reference for m in self.sent):
            return  # the real outbox is idempotent by reference
        self.sent.append({"channel": channel, "recipient": recipient, "subject": subject, "body": body,
                          "reference": reference, "kind": kind})


@dataclass
class FakePublisher:
    events: list[DomainEvent] = field(default_factory=list)

    def publish(self, *events: DomainEvent) -> None:
        self.events.extend(events)

    def of_type(self, detail_type: str) -> list[dict[str, Any]]:
        return [e.detail for e in self.events if e.detail_type == detail_type]


@dataclass
class World:
    repository: NowjobsRepository
    clock: FixedClock
    publisher: FakePublisher
    outbox: FakeOutbox
    eligibility: FakeEligibility
    companies: CompanyService
    hiring: HiringService
    contracts: ContractService

    def at(self, when: datetime) -> None:
        self.clock.at = when


def world() -> World:
    repo, clock = NowjobsRepository(TABLE), FixedClock(NOW)
    publisher, outbox = FakePublisher(), FakeOutbox()
    eligibility = FakeEligibility((ANNA.customer_id, ENTERPRISE))
    return World(repo, clock, publisher, outbox, eligibility,
                 CompanyService(repo, eligibility, clock, publisher, outbox),
                 HiringService(repo, eligibility, clock, publisher, outbox, invitation_base_url=BASE_URL),
                 ContractService(repo, eligibility, clock, publisher, outbox))


def registration(**overrides: Any) -> CompanyRegistrationIn:
    data: dict[str, Any] = {
        "enterpriseNumber": "BE 0403.170.701", "declaration": {"accepted": True, "wordingVersion": "2025-01"},
        "name": "Brasserie du Parc SRL", "address": {"street": "Parkstraat 1", "postalCode": "9000", "city": "Gent"},
        "contact": {"name": "Anna Peeters", "email": "anna@brasserie.example", "phone": "+32470123456"},
        "iban": "BE68539007547034", "jointCommittees": ["302"], "directDebitMandate": {"accepted": True},
        "acquisitionChannel": "MOBILE"}
    data.update(overrides)
    return CompanyRegistrationIn.model_validate(data)


def offer_request(**overrides: Any) -> JobOfferIn:
    data: dict[str, Any] = {
        "title": "Waiter", "function": "waiter", "jointCommittee": "302", "location": "Gent",
        "hourlyWage": "14.00", "statuses": ["FLEXI", "STUDENT", "REGULAR"], "positions": 1,
        "shifts": [{"start": "2026-03-04T09:00:00+01:00", "end": "2026-03-04T17:00:00+01:00", "breakMinutes": 30},
                   {"start": "2026-03-05T09:00:00+01:00", "end": "2026-03-05T13:00:00+01:00"}]}
    data.update(overrides)
    return JobOfferIn.model_validate(data)


def event(type_: str, **fields: Any) -> CompanyEventIn:
    return CompanyEventIn.model_validate({"type": type_, **fields})


def active_company(w: World, **overrides: Any) -> str:
    company_id = w.companies.register(ANNA, registration(**overrides)).company_id
    w.companies.apply_partner_event(company_id, event("VERIFIED"))
    w.companies.apply_partner_event(company_id, event("ACTIVATED"))
    return company_id
