"""The cast of the security tests: two enterprises and the people around them, seeded on a local stack
through the real event path (core-banking events on the bus), and every kind of credential.

Enterprise B is the one whose data must not leak; its owner creates the resources the matrix probes.
The people who probe them: a person with no relation to B, a VIEW_ONLY mandate on B, a mandate on B
that was revoked, and the owner of enterprise A (a valid person of *another* enterprise)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from local_stack.application import Application
from local_stack.testing import HttpClient

SEEDED_AT = "2026-01-05T08:00:00Z"
REVOKED_AT = "2026-01-05T09:00:00Z"


def enterprise_number(base: int) -> str:
    """A valid Belgian enterprise number: 8 digits and their mod-97 check."""
    return f"{base:08d}{97 - base % 97:02d}"


def dotted(number: str) -> str:
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


@dataclass(frozen=True)
class Enterprise:
    number: str
    name: str
    holder: str                       # the enterprise's own customer id at the bank
    current: str                      # product ids
    savings: str
    iban: str


@dataclass(frozen=True)
class Person:
    key: str                          # the matrix case this person plays
    customer_id: str
    description: str
    knows: frozenset[str] = frozenset()   # of B's markers: what this person may legitimately see


B = Enterprise(enterprise_number(4441001), "Victim Brewery Security BV", "C-SECB-HOLDER", "P-SECB-CURRENT",
               "P-SECB-SAVINGS", "BE68539007547034")
A = Enterprise(enterprise_number(5552002), "Other Bakery Security SRL", "C-SECA-HOLDER", "P-SECA-CURRENT",
               "P-SECA-SAVINGS", "BE48001123456727")
DEBTOR = Enterprise(enterprise_number(6663003), "Debtor Of B Security SA", "C-SECD-HOLDER", "P-SECD-CURRENT",
                    "P-SECD-SAVINGS", "BE71096123456769")

OWNER = Person("owner", "C-SECB-OWNER", "FULL mandate on B's current account (the rightful caller)")
NO_RELATION = Person("no_relation", "C-SEC-STRANGER", "a customer with private products only")
VIEW_ONLY = Person("view_only", "C-SECB-VIEWER", "VIEW_ONLY mandate on B's current account",
                   frozenset({B.number, dotted(B.number), B.current}))
REVOKED = Person("revoked", "C-SECB-REVOKED", "FULL mandate on B's current account, revoked")
OTHER_ENTERPRISE = Person("other_enterprise", "C-SECA-OWNER", "FULL mandate on A: a valid person of another "
                                                              "enterprise, using B's resource ids")
PROBERS = (NO_RELATION, VIEW_ONLY, REVOKED, OTHER_ENTERPRISE)

# B's data: none of it may reach a prober unless the prober knows it or sent it in the request.
B_MARKERS = frozenset({
    B.number, dotted(B.number), B.name, B.holder, B.current, B.savings, B.iban,
    OWNER.customer_id, VIEW_ONLY.customer_id, REVOKED.customer_id,
    "M-SECB-OWNER", "M-SECB-VIEWER", "M-SECB-REVOKED",
    DEBTOR.number, dotted(DEBTOR.number), DEBTOR.name,
})


def _product(e: Enterprise, pid: str, kind: str) -> tuple[str, dict[str, Any]]:
    return "ProductChanged", {"productId": pid, "holderCustomerId": e.holder, "enterpriseNumber": e.number,
                              "productType": kind, "segment": "PROFESSIONAL", "status": "ACTIVE",
                              "iban": e.iban, "occurredAt": SEEDED_AT}


def _mandate(mid: str, person: Person, pid: str, powers: str, status: str = "ACTIVE",
             at: str = SEEDED_AT) -> tuple[str, dict[str, Any]]:
    return "MandateChanged", {"mandateId": mid, "customerId": person.customer_id, "productId": pid,
                              "powers": powers, "status": status, "occurredAt": at}


def core_banking_events() -> list[tuple[str, dict[str, Any]]]:
    events = [_product(e, e.current, "CURRENT_ACCOUNT") for e in (B, A, DEBTOR)]
    events += [_product(e, e.savings, "SAVINGS_ACCOUNT") for e in (B, A)]
    events += [
        _mandate("M-SECB-OWNER", OWNER, B.current, "FULL"),
        _mandate("M-SECB-VIEWER", VIEW_ONLY, B.current, "VIEW_ONLY"),
        _mandate("M-SECB-REVOKED", REVOKED, B.current, "FULL"),
        _mandate("M-SECB-REVOKED", REVOKED, B.current, "FULL", status="REVOKED", at=REVOKED_AT),
        _mandate("M-SECA-OWNER", OTHER_ENTERPRISE, A.current, "FULL"),
        ("ProductChanged", {"productId": "P-SEC-STRANGER-PRIVATE", "holderCustomerId": NO_RELATION.customer_id,
                            "productType": "SAVINGS_ACCOUNT", "segment": "PRIVATE", "status": "ACTIVE",
                            "occurredAt": SEEDED_AT}),
    ]
    for person in (OWNER, *PROBERS):
        for channel in ("MOBILE", "TOUCH"):
            events.append(("DigitalAccessChanged", {"customerId": person.customer_id, "channel": channel,
                                                    "status": "ACTIVE", "occurredAt": SEEDED_AT}))
    return events


def registry_events() -> list[tuple[str, str, dict[str, Any]]]:
    """(source, detail-type, detail): the enterprises as the registry and the credit bureau know them
    (Go Solid screens debtors with these feeds)."""
    return [("enterprise-registry", "EnterpriseRegistryChanged",
             {"enterpriseNumber": e.number, "name": e.name, "status": "ACTIVE", "kind": "COMPANY", "country": "BE",
              "occurredAt": SEEDED_AT}) for e in (A, B, DEBTOR)] + [
            ("credit-bureau", "CreditRiskChanged", {"enterpriseNumber": e.number, "score": 80,
                                                    "occurredAt": SEEDED_AT}) for e in (A, B, DEBTOR)]


@dataclass
class World:
    """The seeded cast on a running Application, with a token for every case."""

    app: Application
    http: HttpClient = field(init=False)

    def __post_init__(self) -> None:
        self.http = HttpClient(self.app.url)
        self._forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def seed(self) -> World:
        for detail_type, detail in core_banking_events():
            self.app.stack.put_event("core-banking", detail_type, detail)
        for source, detail_type, detail in registry_events():
            self.app.stack.put_event(source, detail_type, detail)
        return self

    # ------------------------------------------------------------ credentials
    @staticmethod
    def bearer(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def person(self, person: Person | str, channel: str = "mobile") -> dict[str, str]:
        customer = person.customer_id if isinstance(person, Person) else person
        return self.bearer(self.app.token_for(customer, channel))

    def partner(self, partner: str) -> dict[str, str]:
        return self.bearer(self.app.partner_token(partner))

    def expired(self, kind: str) -> dict[str, str]:
        lifetime = timedelta(seconds=-120)        # beyond the verifier's 30 s leeway
        token = (self.app.partner_token("bank", lifetime=lifetime) if kind == "partner"
                 else self.app.token_for(OWNER.customer_id, lifetime=lifetime))
        return self.bearer(token)

    def _claims(self, kind: str) -> dict[str, Any]:
        return ({"sub": "partner:bank", "partner": "bank"} if kind == "partner"
                else {"sub": OWNER.customer_id, "channel": "mobile"})

    def bad_signature(self, kind: str) -> dict[str, str]:
        """The right claims, signed by another key under the identity provider's key id."""
        genuine = self.app.partner_token("bank") if kind == "partner" else self.app.token_for(OWNER.customer_id)
        claims = jwt.decode(genuine, options={"verify_signature": False})
        return self.bearer(jwt.encode(claims, self._forger, algorithm="RS256", headers={"kid": self.app.idp.kid}))

    def wrong_audience(self, kind: str) -> dict[str, str]:
        """Signed by the real identity provider, for another API."""
        now = self.app.stack.clock.now()
        return self.bearer(self.app.idp.mint(self._claims(kind), now, audience="another-bank-api"))

    @staticmethod
    def malformed() -> dict[str, str]:
        return {"Authorization": "Bearer not-a-jwt"}

    def close(self) -> None:
        self.http.close()
