"""Demo personas: the people and enterprises the local stack seeds at start, through the real
path (core-banking events on the bus, consumed by the eligibility function). Each persona shows
one case of the eligibility matrix (RULES.md §1); the e2e tests use the same ones."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEED_TIME = "2026-01-05T08:00:00Z"   # before any LOCAL_CLOCK_START a demo would use


@dataclass(frozen=True)
class Enterprise:
    number: str
    name: str
    holder_customer_id: str          # the enterprise's own customer id at the bank


@dataclass(frozen=True)
class Persona:
    customer_id: str
    description: str
    expectation: str                 # what GET /v1/extra-services shows for this person
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


ANNA_SOLE_TRADER = Enterprise("0403170701", "Anna Peeters Consultancy (sole trader)", "C-ANNA")
BAKERY = Enterprise("1234567401", "Bakkerij Janssens BV", "C-BAKERY")
GARAGE = Enterprise("0789123407", "Garage Dubois SRL", "C-GARAGE")


def product(pid: str, holder: str, kind: str, *, segment: str = "PROFESSIONAL", enterprise: str | None = None,
            status: str = "ACTIVE", at: str = SEED_TIME) -> tuple[str, dict[str, Any]]:
    detail = {"productId": pid, "holderCustomerId": holder, "productType": kind, "segment": segment,
              "status": status, "occurredAt": at}
    if enterprise:
        detail["enterpriseNumber"] = enterprise
    return "ProductChanged", detail


def mandate(mid: str, customer: str, pid: str, powers: str, *, status: str = "ACTIVE",
            at: str = SEED_TIME) -> tuple[str, dict[str, Any]]:
    return "MandateChanged", {"mandateId": mid, "customerId": customer, "productId": pid, "powers": powers,
                              "status": status, "occurredAt": at}


def access(customer: str, channel: str, status: str = "ACTIVE", at: str = SEED_TIME) -> tuple[str, dict[str, Any]]:
    return "DigitalAccessChanged", {"customerId": customer, "channel": channel, "status": status, "occurredAt": at}


def both_channels(customer: str) -> list[tuple[str, dict[str, Any]]]:
    return [access(customer, "MOBILE"), access(customer, "TOUCH")]


# The enterprises' own products (held by the enterprise's customer id, reached through mandates).
ENTERPRISE_PRODUCTS = [
    product("P-BAKERY-CURRENT", BAKERY.holder_customer_id, "CURRENT_ACCOUNT", enterprise=BAKERY.number),
    product("P-BAKERY-SAVINGS", BAKERY.holder_customer_id, "SAVINGS_ACCOUNT", enterprise=BAKERY.number),
    product("P-BAKERY-INSURANCE", BAKERY.holder_customer_id, "INSURANCE", enterprise=BAKERY.number),
    product("P-GARAGE-CURRENT", GARAGE.holder_customer_id, "CURRENT_ACCOUNT", enterprise=GARAGE.number),
    product("P-GARAGE-CREDIT", GARAGE.holder_customer_id, "CREDIT", enterprise=GARAGE.number),
]

PERSONAS = [
    Persona("C-ANNA", "Anna, sole trader holding her professional account in her own name",
            f"visible; usable for {ANNA_SOLE_TRADER.number}",
            [product("P-ANNA-PRO", "C-ANNA", "CURRENT_ACCOUNT", enterprise=ANNA_SOLE_TRADER.number),
             product("P-ANNA-PRIVATE", "C-ANNA", "CURRENT_ACCOUNT", segment="PRIVATE"),
             *both_channels("C-ANNA")]),
    Persona("C-BART", "Bart, FULL mandate on the bakery's current account",
            f"visible; usable for {BAKERY.number}",
            [mandate("M-BART", "C-BART", "P-BAKERY-CURRENT", "FULL"), *both_channels("C-BART")]),
    Persona("C-CHRIS", "Chris, CONTRACTING mandate on the bakery's savings account",
            f"visible; usable for {BAKERY.number}",
            [mandate("M-CHRIS", "C-CHRIS", "P-BAKERY-SAVINGS", "CONTRACTING"), *both_channels("C-CHRIS")]),
    Persona("C-DINA", "Dina, VIEW_ONLY mandate on the bakery's current account",
            f"visible; not usable for {BAKERY.number} (NO_ADEQUATE_MANDATE)",
            [mandate("M-DINA", "C-DINA", "P-BAKERY-CURRENT", "VIEW_ONLY"), *both_channels("C-DINA")]),
    Persona("C-EMMA", "Emma, FULL mandates on the garage's credit only (no account)",
            f"visible; not usable for {GARAGE.number} (NO_ADEQUATE_MANDATE)",
            [mandate("M-EMMA", "C-EMMA", "P-GARAGE-CREDIT", "FULL"), *both_channels("C-EMMA")]),
    Persona("C-FRANK", "Frank, private products only", "not visible (NO_PROFESSIONAL_PRODUCT)",
            [product("P-FRANK-PRIVATE", "C-FRANK", "SAVINGS_ACCOUNT", segment="PRIVATE"), *both_channels("C-FRANK")]),
    Persona("C-GERT", "Gert, his mandate on the garage's account was revoked", "not visible (NO_PROFESSIONAL_PRODUCT)",
            [mandate("M-GERT", "C-GERT", "P-GARAGE-CURRENT", "FULL"),
             mandate("M-GERT", "C-GERT", "P-GARAGE-CURRENT", "FULL", status="REVOKED",
                     at="2026-01-05T09:00:00Z"),
             *both_channels("C-GERT")]),
    Persona("C-HILDE", "Hilde, her only professional account is closed", "not visible (NO_PROFESSIONAL_PRODUCT)",
            [product("P-HILDE-PRO", "C-HILDE", "CURRENT_ACCOUNT", enterprise="0891234515", status="CLOSED"),
             *both_channels("C-HILDE")]),
    Persona("C-ILSE", "Ilse, FULL mandate on the garage's account, CBC Mobile access blocked",
            f"visible; usable for {GARAGE.number} through CBC Touch only (NO_DIGITAL_ACCESS on mobile)",
            [mandate("M-ILSE", "C-ILSE", "P-GARAGE-CURRENT", "FULL"),
             access("C-ILSE", "MOBILE", "BLOCKED"), access("C-ILSE", "TOUCH")]),
]


def seed_events() -> list[tuple[str, dict[str, Any]]]:
    """Every core-banking event of the demo, enterprise products first."""
    return ENTERPRISE_PRODUCTS + [e for p in PERSONAS for e in p.events]


# ---------------------------------------------------------------------------------- Go Solid
@dataclass(frozen=True)
class RegisteredEnterprise:
    """What the enterprise registry and the credit bureau say about an enterprise (Go Solid screens
    creditor and debtor on these facts, RULES.md §2)."""

    number: str
    name: str
    kind: str = "COMPANY"
    status: str = "ACTIVE"
    score: int = 75
    country: str = "BE"
    description: str = ""


# Debtors for Go Solid demo cases; what each does on the local stack: local_stack/simulators/gosolid.py.
GO_SOLID_HEALTHY_DEBTOR = RegisteredEnterprise("0432109858", "Brasserie Dupont SRL", score=82,
                                               description="accepted; pays in full 10 days after the summons")
GO_SOLID_PLAN_DEBTOR = RegisteredEnterprise("0456012341", "Atelier Claes BV", score=58,
                                            description="accepted; agrees 3 monthly instalments and pays them")
GO_SOLID_SILENT_DEBTOR = RegisteredEnterprise("0888012630", "Imprimerie Lenoir SA", score=64,
                                              description="accepted; never answers: PV, enforcement recovers it all")
GO_SOLID_EMPTY_DEBTOR = RegisteredEnterprise("0457012431", "Studio Vide SRL", score=41,
                                             description="accepted; never answers: PV, enforcement unrecoverable")
GO_SOLID_BANKRUPT_DEBTOR = RegisteredEnterprise("0555012323", "Menuiserie Lambert SA", status="BANKRUPT", score=12,
                                                description="rejected: DEBTOR_INACTIVE (and INSOLVENT_DEBTOR)")
GO_SOLID_PUBLIC_DEBTOR = RegisteredEnterprise("0666012490", "Commune de Modave", kind="PUBLIC_AUTHORITY", score=95,
                                              description="rejected: PUBLIC_AUTHORITY")
GO_SOLID_LOW_SCORE_DEBTOR = RegisteredEnterprise("0777012560", "Transport Vermeulen BV", score=25,
                                                 description="rejected: INSOLVENT_DEBTOR (score 25 < 40)")
GO_SOLID_DEBTORS = [GO_SOLID_HEALTHY_DEBTOR, GO_SOLID_PLAN_DEBTOR, GO_SOLID_SILENT_DEBTOR, GO_SOLID_EMPTY_DEBTOR,
                    GO_SOLID_BANKRUPT_DEBTOR, GO_SOLID_PUBLIC_DEBTOR, GO_SOLID_LOW_SCORE_DEBTOR]
GO_SOLID_CREDITORS = [
    RegisteredEnterprise(ANNA_SOLE_TRADER.number, ANNA_SOLE_TRADER.name, kind="SOLE_TRADER"),
    RegisteredEnterprise(BAKERY.number, BAKERY.name),
    RegisteredEnterprise(GARAGE.number, GARAGE.name),
]


def registry_events(at: str = SEED_TIME) -> list[tuple[str, str, dict[str, Any]]]:
    """(source, detail type, detail) of the registry and credit-bureau facts of the demo enterprises."""
    events: list[tuple[str, str, dict[str, Any]]] = []
    for e in GO_SOLID_CREDITORS + GO_SOLID_DEBTORS:
        events.append(("enterprise-registry", "EnterpriseRegistryChanged", {
            "enterpriseNumber": e.number, "name": e.name, "status": e.status, "kind": e.kind,
            "country": e.country, "occurredAt": at}))
        events.append(("credit-bureau", "CreditRiskChanged",
                       {"enterpriseNumber": e.number, "score": e.score, "occurredAt": at}))
    return events


# ---------------------------------------------------------------------------------- NOWJOBS billing
@dataclass(frozen=True)
class BankDebtor:
    """An account the simulated bank (local_stack/simulators/bank.py) treats in a set way."""

    iban: str
    description: str
    first_direct_debit_returned_with: str  # ISO 20022 reason code of the return of its first (FRST) debit


# Every direct debit settles on its due date, except the first one from these accounts, which the bank
# returns two TARGET days later (after settling it, as a real return comes). The garage registering with
# NOWJOBS with this IBAN (C-ILSE, through CBC Touch) shows a return, the new attempt and its settlement.
BANK_DEBTOR_SHORT_OF_FUNDS = BankDebtor("BE79734234567833", "Garage Dubois SRL's NOWJOBS account: its first "
                                        "direct debit comes back for insufficient funds", "AM04")
BANK_DEBTORS = [BANK_DEBTOR_SHORT_OF_FUNDS]
