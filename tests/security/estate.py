"""Enterprise B's resources, created through the API as B's owner (and as the partners, whose simulators
are off in tests/security): Go Solid cases, a NOWJOBS company and its offers, applications, contracts,
invitations, and its billing (an invoice, its direct debit and the batch it went to the bank in). Each
helper returns the ids and the personal data it used (the leak markers)."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from local_stack.virtual_time import format_instant
from tests.security.world import DEBTOR, OWNER, B, World

_SEQUENCE = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_SEQUENCE):04d}"


def ok(answer: Any, *statuses: int) -> Any:
    assert answer.status in (statuses or (200,)), f"{answer.status}: {answer.body}"
    return answer.body


class _Retrying:
    """world.http, retrying a 5xx with the same request as a channel or partner may (API.md: the same
    Idempotency-Key and body have no second effect): the helpers then work under fault injection too."""

    def __init__(self, world: World) -> None:
        self.world = world

    def request(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        for _ in range(8):
            answer = self.world.http.request(method, path, body, **kw)
            if answer.status not in (500, 502, 503, 504):
                return answer
        return answer

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.request("POST", path, body, **kw)


def http(world: World) -> _Retrying:
    return _Retrying(world)


def declaration(world: World) -> dict[str, Any]:
    wording = ok(http(world).get("/v1/extra-services", headers=world.person(OWNER)))["declaration"]["wordingVersion"]
    return {"accepted": True, "wordingVersion": wording}


def settle(world: World, advance: str = "PT0S") -> str:
    """Let everything the last requests started run (screening, notifications); optionally move time."""
    return str(ok(http(world).post("/_local/clock", {"advance": advance}))["now"])


# ------------------------------------------------------------------ Go Solid
@dataclass
class Case:
    case_id: str
    body: dict[str, Any]
    markers: set[str] = field(default_factory=set)


def case_request(world: World) -> dict[str, Any]:
    invoice, document = unique("SEC-INV"), unique("SEC-DOC")
    return {"creditorEnterpriseNumber": B.number, "declaration": declaration(world),
            "debtor": {"enterpriseNumber": DEBTOR.number, "name": DEBTOR.name,
                       "email": "pay@debtor-of-b.example", "phone": "+32 2 123 45 67"},
            "invoices": [{"number": invoice, "issueDate": "2026-01-05", "dueDate": "2026-02-04",
                          "amount": "1250.00"}],
            "evidence": [{"kind": "INVOICE", "documentId": document}]}


def go_solid_case(world: World) -> Case:
    """A case of B's, screened (ACCEPTED: the debtor is registered and solvent)."""
    body = case_request(world)
    created = ok(http(world).post("/v1/go-solid/cases", body, headers={**world.person(OWNER),
                                                                      "Idempotency-Key": unique("sec-case")}), 202)
    settle(world)
    markers = {created["caseId"], "pay@debtor-of-b.example", "+32 2 123 45 67", "+3221234567",
               body["invoices"][0]["number"], body["evidence"][0]["documentId"]}
    return Case(created["caseId"], body, markers)


def go_solid_case_view(world: World, case_id: str) -> Any:
    return ok(http(world).get(f"/v1/go-solid/cases/{case_id}", headers=world.person(OWNER)))


def go_solid_cases_of_b(world: World) -> list[str]:
    page = ok(http(world).get("/v1/go-solid/cases", query={"creditorEnterpriseNumber": B.number, "limit": 100},
                             headers=world.person(OWNER)))
    return sorted(c["caseId"] for c in page["items"])


# ------------------------------------------------------------------ NOWJOBS
CONTACT = {"name": "Victor Securitas", "email": "victor@victim-brewery.example", "phone": "+32 470 99 88 77"}
WORKER_NAME = "Wanda Securitas"


REGISTRATION_KEY = "sec-registration-of-b"     # the same key and body again: the first answer


def registration(world: World) -> dict[str, Any]:
    return {"enterpriseNumber": B.number, "declaration": declaration(world), "name": B.name,
            "address": {"street": "Securitystraat 1", "postalCode": "9000", "city": "Gent"},
            "contact": CONTACT, "iban": B.iban, "jointCommittees": ["302"],
            "directDebitMandate": {"scheme": "B2B", "accepted": True}, "acquisitionChannel": "MOBILE"}


@dataclass
class Nowjobs:
    company_id: str
    markers: set[str]


def nowjobs_company(world: World) -> Nowjobs:
    """B's NOWJOBS company, registered once per world, verified and activated by the partner."""
    cached = getattr(world, "_nowjobs_company", None)
    if cached is not None:
        return cached
    body = registration(world)
    company = ok(http(world).post("/v1/nowjobs/companies", body, headers={**world.person(OWNER),
                                                                         "Idempotency-Key": REGISTRATION_KEY}),
                 201)["companyId"]
    for event in ("VERIFIED", "ACTIVATED"):
        ok(http(world).post(f"/v1/partners/nowjobs/companies/{company}/events", {"type": event},
                           headers=world.partner("nowjobs")))
    result = Nowjobs(company, {company, CONTACT["name"], CONTACT["email"], "+32470998877", "Securitystraat 1"})
    world._nowjobs_company = result   # type: ignore[attr-defined]
    return result


def next_shift(world: World, hours_ahead: int = 2) -> dict[str, str]:
    """A one-hour shift starting `hours_ahead` whole hours from the virtual now."""
    now = datetime.fromisoformat(settle(world).replace("Z", "+00:00"))
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=hours_ahead)
    return {"start": format_instant(start), "end": format_instant(start + timedelta(hours=1))}


def job_offer(world: World, shift: dict[str, str] | None = None) -> tuple[str, dict[str, Any]]:
    company = nowjobs_company(world)
    body = {"title": "Brewer", "function": "brewer", "jointCommittee": "302", "location": "Securitystraat 1, Gent",
            "hourlyWage": "14.00", "statuses": ["FLEXI"], "positions": 1, "shifts": [shift or next_shift(world)]}
    offer = ok(http(world).post(f"/v1/nowjobs/companies/{company.company_id}/job-offers", body,
                               headers=world.person(OWNER)), 201)["offerId"]
    return offer, body


def application(world: World, shift: dict[str, str] | None = None) -> tuple[str, str, dict[str, Any]]:
    offer, offer_body = job_offer(world, shift)
    worker = {"workerId": unique("W-SEC"), "name": WORKER_NAME, "status": "FLEXI", "birthDate": "1990-05-05"}
    applied = ok(http(world).post(f"/v1/partners/nowjobs/job-offers/{offer}/applications", {"worker": worker},
                                 headers=world.partner("nowjobs")))["applicationId"]
    return applied, offer, offer_body


def contract(world: World, *, confirmed: bool = True, shift: dict[str, str] | None = None,
             ) -> tuple[str, dict[str, Any]]:
    """A contract of B's; with `confirmed`, accepted by the worker and declared (Dimona confirmed)."""
    applied, _, offer_body = application(world, shift)
    proposed = ok(http(world).post(f"/v1/nowjobs/applications/{applied}/contract-proposal", None,
                                  headers=world.person(OWNER)))["contractId"]
    if confirmed:
        for event in ("ACCEPTED", "DIMONA_CONFIRMED"):
            ok(http(world).post(f"/v1/partners/nowjobs/contracts/{proposed}/events",
                               {"type": event, "dimonaReference": unique("DIM-SEC")}, headers=world.partner("nowjobs")))
    return proposed, offer_body


def contract_view(world: World, contract_id: str) -> Any:
    return ok(http(world).get(f"/v1/nowjobs/contracts/{contract_id}", headers=world.person(OWNER)))


def invitation(world: World) -> str:
    company = nowjobs_company(world)
    return str(ok(http(world).post(f"/v1/nowjobs/companies/{company.company_id}/invitations",
                                  {"via": "EMAIL", "recipient": "wanda@worker-of-b.example"},
                                  headers=world.person(OWNER)))["invitationId"])


def brussels_today(world: World) -> str:
    from extra_services.clock import BRUSSELS
    now = datetime.fromisoformat(settle(world).replace("Z", "+00:00"))
    return now.astimezone(BRUSSELS).date().isoformat()


def offers_of_b(world: World) -> list[str]:
    company = nowjobs_company(world)
    page = ok(http(world).get(f"/v1/nowjobs/companies/{company.company_id}/job-offers", query={"limit": 100},
                             headers=world.person(OWNER)))
    return sorted(o["offerId"] for o in page["items"])


def contracts_of_b(world: World) -> list[str]:
    company = nowjobs_company(world)
    page = ok(http(world).get(f"/v1/nowjobs/companies/{company.company_id}/contracts", query={"limit": 100},
                             headers=world.person(OWNER)))
    return sorted(c["contractId"] for c in page["items"])


def applications(world: World, offer: str) -> list[str]:
    page = ok(http(world).get(f"/v1/nowjobs/job-offers/{offer}/applications", query={"limit": 100},
                             headers=world.person(OWNER)))
    return sorted(a["applicationId"] for a in page["items"])


def timesheets(world: World, contract_id: str) -> Any:
    return ok(http(world).get(f"/v1/nowjobs/contracts/{contract_id}/timesheets", headers=world.person(OWNER)))


# ------------------------------------------------------------------ billing (NOWJOBS direct debit)
def now(world: World) -> datetime:
    return datetime.fromisoformat(settle(world).replace("Z", "+00:00"))


def brussels(day: date, hour: int) -> datetime:
    from extra_services.clock import BRUSSELS
    return datetime.combine(day, time(hour), BRUSSELS)


def day_shift(current: datetime, hours: int = 6) -> dict[str, str]:
    """A day's work tomorrow (Brussels), from 09:00: long enough for its invoice to exceed the €50 welcome
    discount, so that there is a direct debit to collect."""
    from extra_services.clock import BRUSSELS
    start = brussels(current.astimezone(BRUSSELS).date() + timedelta(days=1), 9)
    return {"start": format_instant(start), "end": format_instant(start + timedelta(hours=hours))}


def invoice_thursday(shift: dict[str, str]) -> datetime:
    """08:00 Brussels on the Thursday after the shift's week: the weekly run (06:00) has invoiced it
    (docs/decisions/billing-run.md, 1)."""
    from extra_services.clock import BRUSSELS
    day = datetime.fromisoformat(shift["start"].replace("Z", "+00:00")).astimezone(BRUSSELS).date()
    return brussels(day - timedelta(days=day.weekday()) + timedelta(days=10), 8)


def submission_day(due_on: str) -> datetime:
    """Noon (UTC) the day before the collection's due date: the daily submission (07:00 Brussels, two TARGET
    days before the due date) has sent it to the bank (docs/decisions/billing-run.md, 9)."""
    return datetime.combine(date.fromisoformat(due_on) - timedelta(days=1), time(12), UTC)


def set_clock(world: World, instant: datetime) -> None:
    ok(http(world).post("/_local/clock", {"set": format_instant(instant)}))


@dataclass
class Billing:
    company_id: str
    invoice_id: str
    batch_id: str
    end_to_end_id: str
    markers: set[str]


def billing(world: World) -> Billing:
    """B's company works a day (a contract confirmed, its hours confirmed by the owner); the weekly run
    invoices the week; the daily submission sends its direct debit to the bank in a pain.008 batch. Time
    moves about three weeks; once per world."""
    cached = getattr(world, "_billing", None)
    if cached is not None:
        return cached
    company = nowjobs_company(world)
    shift = day_shift(now(world))
    contract_id, _ = contract(world, shift=shift)
    set_clock(world, datetime.fromisoformat(shift["end"].replace("Z", "+00:00")) + timedelta(hours=1))
    ok(http(world).post(f"/v1/nowjobs/contracts/{contract_id}/timesheets", {
        "shiftStart": shift["start"], "workedFrom": shift["start"], "workedUntil": shift["end"]},
        headers=world.person(OWNER)))
    set_clock(world, invoice_thursday(shift))
    invoice = next(i for i in invoices_of(world, company.company_id)
                   if i["periodStart"] <= shift["start"][:10] <= i["periodEnd"] and i["collection"])
    set_clock(world, submission_day(invoice["collection"]["dueOn"]))
    invoice = invoice_view(world, invoice["invoiceId"])
    collection = invoice["collection"]
    assert collection["status"] == "SUBMITTED", invoice
    markers = company.markers | {invoice["invoiceId"], invoice["structuredCommunication"],
                                 collection["mandateReference"], collection["endToEndId"], contract_id}
    result = Billing(company.company_id, invoice["invoiceId"], collection["batchId"], collection["endToEndId"],
                     markers)
    world._billing = result   # type: ignore[attr-defined]
    return result


def invoices_of(world: World, company_id: str) -> list[dict[str, Any]]:
    page = ok(http(world).get(f"/v1/nowjobs/companies/{company_id}/invoices", query={"limit": 100},
                             headers=world.person(OWNER)))
    return list(page["items"])


def invoice_view(world: World, invoice_id: str) -> Any:
    return ok(http(world).get(f"/v1/nowjobs/invoices/{invoice_id}", headers=world.person(OWNER)))
