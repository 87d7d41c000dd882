"""Requests and helpers shared by the NOWJOBS handler tests (tests/integration/nowjobs) and the NOWJOBS
tests over HTTP (tests/e2e/test_nowjobs_*.py). The clock starts on Monday 2 March 2026, 09:00 Brussels."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.support import channel_authorizer, partner_authorizer

BAKERY = "1234567401"          # local_stack/personas.py: C-BART holds a FULL mandate on its current account
BART = "C-BART"
THURSDAY = [{"start": "2026-03-05T09:00:00+01:00", "end": "2026-03-05T17:00:00+01:00", "breakMinutes": 30}]
FRIDAY = [{"start": "2026-03-06T09:00:00+01:00", "end": "2026-03-06T13:00:00+01:00", "breakMinutes": 0}]


def enterprise_number(first_eight: int) -> str:
    """A valid Belgian enterprise number (check digits = 97 - first eight mod 97)."""
    return f"{first_eight:08d}{97 - first_eight % 97:02d}"


def registration(enterprise: str = BAKERY, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "enterpriseNumber": enterprise, "declaration": {"accepted": True, "wordingVersion": "2025-01"},
        "name": "Bakkerij Janssens BV",
        "address": {"street": "Kerkstraat 12", "postalCode": "9000", "city": "Gent"},
        "contact": {"name": "Bart Janssens", "email": "bart@bakkerij-janssens.example", "phone": "+32 470 12 34 56"},
        "iban": "BE68 5390 0754 7034", "jointCommittees": ["302"],
        "directDebitMandate": {"scheme": "B2B", "accepted": True}, "acquisitionChannel": "MOBILE"}
    return body | overrides


def job_offer(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Shop assistant (bakery)", "function": "shop assistant", "jointCommittee": "302",
        "location": "Kerkstraat 12, 9000 Gent", "hourlyWage": "14.00", "statuses": ["STUDENT", "FLEXI", "REGULAR"],
        "positions": 1, "shifts": THURSDAY + FRIDAY}
    return body | overrides


def person_usable_for(post_event: Callable[[str, dict[str, Any]], Any], customer_id: str, enterprise: str) -> None:
    """Core-banking events making `customer_id` usable for `enterprise` through CBC Mobile (the real path)."""
    at = "2026-01-05T08:00:00Z"
    product = f"P-{enterprise}"
    post_event("ProductChanged", {"productId": product, "holderCustomerId": f"C-OWNER-{enterprise}",
                                  "enterpriseNumber": enterprise, "productType": "CURRENT_ACCOUNT",
                                  "segment": "PROFESSIONAL", "status": "ACTIVE", "occurredAt": at})
    post_event("MandateChanged", {"mandateId": f"M-{customer_id}", "customerId": customer_id, "productId": product,
                                  "powers": "FULL", "status": "ACTIVE", "occurredAt": at})
    post_event("DigitalAccessChanged", {"customerId": customer_id, "channel": "MOBILE", "status": "ACTIVE",
                                        "occurredAt": at})


class Handlers:
    """The NOWJOBS handlers invoked directly on the local stack with API Gateway events, as the gateway
    would after its authorizer: channel routes as a person, partner routes as a partner."""

    def __init__(self, app: Any, api_event: Callable[..., dict[str, Any]]) -> None:
        self.app, self.api_event = app, api_event

    def channel(self, method: str, path: str, body: Any = None, *, customer: str = BART, channel: str = "mobile",
                headers: dict[str, str] | None = None, query: dict[str, str] | None = None) -> tuple[int, Any]:
        return self._invoke("NowjobsApiFunction", method, path, body, channel_authorizer(customer, channel),
                            headers, query)

    def partner(self, method: str, path: str, body: Any = None, *, partner: str = "nowjobs",
                headers: dict[str, str] | None = None) -> tuple[int, Any]:
        return self._invoke("NowjobsPartnerFunction", method, path, body, partner_authorizer(partner), headers, None)

    def schedule(self, task: str) -> dict[str, int]:
        result: dict[str, int] = self.app.stack.invoke("NowjobsSchedulesFunction", {"task": task})
        return result

    def _invoke(self, function: str, method: str, path: str, body: Any, authorizer: dict[str, str],
                headers: dict[str, str] | None, query: dict[str, str] | None) -> tuple[int, Any]:
        event = self.api_event(method, path, body=body, headers=headers, query=query, authorizer=authorizer)
        answer = self.app.stack.invoke(function, event)
        return answer["statusCode"], json.loads(answer["body"]) if answer.get("body") else None

    # ---- the steps, each asserting its status
    def register(self, **overrides: Any) -> str:
        status, body = self.channel("POST", "/v1/nowjobs/companies", registration(**overrides))
        assert status == 201, body
        return str(body["companyId"])

    def activate(self, company_id: str) -> None:
        for event in ("VERIFIED", "ACTIVATED"):
            status, body = self.partner("POST", f"/v1/partners/nowjobs/companies/{company_id}/events", {"type": event})
            assert status == 200, body

    def publish(self, company_id: str, **overrides: Any) -> str:
        status, body = self.channel("POST", f"/v1/nowjobs/companies/{company_id}/job-offers", job_offer(**overrides))
        assert status == 201, body
        return str(body["offerId"])

    def apply(self, offer_id: str, worker: dict[str, Any]) -> str:
        status, body = self.partner("POST", f"/v1/partners/nowjobs/job-offers/{offer_id}/applications",
                                    {"worker": worker})
        assert status == 200, body
        return str(body["applicationId"])

    def propose(self, application_id: str) -> str:
        status, body = self.channel("POST", f"/v1/nowjobs/applications/{application_id}/contract-proposal")
        assert status == 200, body
        return str(body["contractId"])

    def contract_event(self, contract_id: str, event: str, **fields: Any) -> tuple[int, Any]:
        return self.partner("POST", f"/v1/partners/nowjobs/contracts/{contract_id}/events", {"type": event, **fields})


FLEXI_WORKER = {"workerId": "W-FLEXI-1", "name": "Karim Benali", "status": "FLEXI", "birthDate": "1984-04-02",
                "experienceMonths": 96}
STUDENT_WORKER = {"workerId": "W-STUDENT-1", "name": "Lotte Claes", "status": "STUDENT", "birthDate": "2005-09-14",
                  "experienceMonths": 6, "studentHoursUsedThisYear": 120}


def outbox(app: Any) -> list[dict[str, Any]]:
    """What GET /_local/outbox shows (NotificationsTable, pk=OUTBOX), newest first."""
    from local_stack.testing import HttpClient
    with HttpClient(app.url) as http:
        answer = http.get("/_local/outbox")
    assert answer.status == 200, answer.body
    items: list[dict[str, Any]] = answer.body["items"]
    return items
