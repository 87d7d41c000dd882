"""Issue 6, part 1: every route of template.yaml x every kind of caller -> the documented refusal, and no
byte of enterprise B's data in any answer to someone who may not see it. Over HTTP on the local stack.

Routes come from template.yaml (tools.openapi_document.template_routes), so a route added there is in
the matrix at the next run. The credential cases are decided by the authorizers and need nothing but
the route; the person cases (channel routes) and the other-partner case (partner routes) need a
resource of B's and a valid body: a fixture provider (tests/security/providers.py). A route without one
is listed in the figures as not yet covered for cross-enterprise."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest

from local_stack.testing import Response
from tests.security.figures import FIGURES
from tests.security.providers import MOVES_TIME, PROVIDERS, Probe, partner_of
from tests.security.world import B_MARKERS, OWNER, PROBERS, Person, World
from tools.openapi_document import template_routes

ROUTES = template_routes()
PARTNERS = ("go-solid", "nowjobs", "bank")
PLACEHOLDER = "SEC-PLACEHOLDER-0001"


def route_id(route: tuple[str, str]) -> str:
    return f"{route[0].upper()} {route[1]}"


def is_partner_route(route: tuple[str, str]) -> bool:
    return ROUTES[route]["authorizer"] == "PartnerAuthorizer"


@dataclass
class Attempt:
    case: str
    expected: int
    status: int
    leaked: list[str]
    problem: str = ""


def _text(response: Response) -> str:
    body = response.body
    if isinstance(body, dict | list):
        body = json.dumps(body, ensure_ascii=False)
    elif isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
    return f"{body or ''}\n{headers}".lower()


def leaked(response: Response, request_text: str, markers: set[str], knows: frozenset[str]) -> list[str]:
    """B's markers in the answer, except what the caller may know or sent in the request itself."""
    text, sent = _text(response), request_text.lower()
    return sorted(m for m in markers - knows if m.lower() in text and m.lower() not in sent)


class Matrix:
    def __init__(self, world: World, route: tuple[str, str], probe: Probe | None) -> None:
        self.world, self.route, self.probe = world, route, probe
        self.method, self.template_path = route
        params = probe.path if probe else {}
        self.path = re.sub(r"\{(\w+)\}", lambda m: params.get(m.group(1), PLACEHOLDER), self.template_path)
        self.body = probe.body if probe else ({} if self.method in ("post", "put", "patch") else None)
        self.query = probe.query if probe else {}
        self.markers = set(B_MARKERS) | (probe.markers if probe else set())
        self.request_text = json.dumps([self.path, self.query, self.body], ensure_ascii=False)
        self.attempts: list[Attempt] = []

    def call(self, headers: dict[str, str]) -> Response:
        extra = self.probe.headers if self.probe else {}
        return self.world.http.request(self.method, self.path, self.body, headers={**extra, **headers},
                                       query=self.query or None)

    def attempt(self, case: str, headers: dict[str, str], expected: int, *, knows: frozenset[str] = frozenset(),
                check: Any = None) -> None:
        response = self.call(headers)
        problem = ""
        if response.status != expected:
            problem = f"status {response.status}, expected {expected}: {str(response.body)[:200]}"
        elif check is not None and 200 <= response.status < 300 and not check(response.body):
            problem = f"a {response.status} that grants something: {str(response.body)[:200]}"
        self.attempts.append(Attempt(case, expected, response.status, leaked(response, self.request_text,
                                                                             self.markers, knows), problem))

    # ------------------------------------------------------------ the cases
    def credential_cases(self) -> None:
        w = self.world
        kind = "partner" if is_partner_route(self.route) else "channel"
        self.attempt("no token", {}, 401)
        self.attempt("not a JWT", w.malformed(), 401)
        self.attempt("expired", w.expired(kind), 401)
        self.attempt("bad signature", w.bad_signature(kind), 401)
        self.attempt("wrong audience", w.wrong_audience(kind), 401)
        if kind == "partner":
            self.attempt("channel token on a partner route", w.person(OWNER), 403)
        else:
            for partner in PARTNERS:
                self.attempt(f"{partner} partner token on a channel route", w.partner(partner), 403)

    def person_cases(self, probe: Probe) -> None:
        for person in PROBERS:
            self.attempt(person.key, self.world.person(person), probe.expected(person.key),
                         knows=self.knows(person), check=probe.denied_check)

    def other_partner_cases(self, probe: Probe) -> None:
        rightful = probe.partner or partner_of(self.template_path)
        for partner in PARTNERS:
            if partner != rightful:
                self.attempt(f"{partner} token on a {rightful} route", self.world.partner(partner), 403)

    @staticmethod
    def knows(person: Person) -> frozenset[str]:
        return person.knows | {person.customer_id}

    def control(self, probe: Probe) -> Response:
        """The rightful caller gets through: the probe is valid, so the refusals above mean something."""
        if is_partner_route(self.route):
            return self.call(self.world.partner(probe.partner or partner_of(self.template_path)))
        return self.call(self.world.person(OWNER))


@pytest.fixture(scope="module")
def world(security_app):
    return security_app


@pytest.mark.parametrize("route", sorted(ROUTES, key=lambda r: (r in MOVES_TIME, r)), ids=route_id)
def test_every_caller_gets_the_documented_refusal_and_no_data_of_another_enterprise(world, route):
    provider = PROVIDERS.get(route)
    probe = provider(world) if provider else None
    matrix = Matrix(world, route, probe)
    before = probe.snapshot() if probe and probe.snapshot else None

    matrix.credential_cases()
    if probe is None:
        FIGURES.note("1", f"{route_id(route)}: not yet covered for cross-enterprise (no fixture provider)")
    elif is_partner_route(route):
        matrix.other_partner_cases(probe)
    else:
        matrix.person_cases(probe)
    after = probe.snapshot() if probe and probe.snapshot else None
    control = matrix.control(probe) if probe else None

    FIGURES.add("1", "routes", 1)
    FIGURES.add("1", "routes covered for cross-enterprise", 1 if probe else 0)
    FIGURES.add("1", "attempts", len(matrix.attempts))
    FIGURES.add("1", "leaks", sum(1 for a in matrix.attempts if a.leaked))
    FIGURES.add("1", "unexpected statuses", sum(1 for a in matrix.attempts if a.problem))
    if probe:
        FIGURES.add("1", "controls (rightful caller gets 2xx)", 1 if control and control.status < 300 else 0)
    problems = [f"{a.case}: {a.problem}" for a in matrix.attempts if a.problem]
    problems += [f"{a.case}: leaked {a.leaked}" for a in matrix.attempts if a.leaked]
    if before != after:
        problems.append(f"the resource changed under the attempts: {before!r} -> {after!r}")
    if control is not None and control.status >= 300:
        problems.append(f"the rightful caller got {control.status}: the provider's probe is not valid "
                        f"({str(control.body)[:200]})")
    assert not problems, "\n".join(problems)


def test_every_fixture_provider_is_for_a_route_of_the_template():
    stale = sorted(route_id(r) for r in PROVIDERS if r not in ROUTES)
    assert not stale, f"fixture providers for routes absent from template.yaml: {stale}"
