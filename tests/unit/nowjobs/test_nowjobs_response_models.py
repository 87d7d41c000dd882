"""What the NOWJOBS routes answer: camelCase, money as "12.53", instants ISO 8601 with offset."""
from __future__ import annotations

from extra_services.nowjobs.application import Candidate
from extra_services.nowjobs.channel_responses import ApplicationOut, JobOfferOut
from extra_services.nowjobs.contract import contract_quote
from extra_services.nowjobs.response_models import ContractOut
from tests.unit.nowjobs.builders import application, confirmed, offer


def test_offer_answers_money_as_a_string_and_instants_with_an_offset() -> None:
    body = JobOfferOut.of(offer()).model_dump(mode="json")
    assert body["hourlyWage"] == "14.00"
    assert body["publishedAt"] == "2026-03-02T09:00:00Z"
    assert body["shifts"][0] == {"start": "2026-03-04T08:00:00Z", "end": "2026-03-04T16:00:00Z", "breakMinutes": 30}


def test_candidate_comes_with_a_broken_down_cost_quote() -> None:
    contract = confirmed()
    body = ApplicationOut.of(Candidate(application(), contract_quote(contract))).model_dump(mode="json")
    quote = body["costQuote"]
    assert set(quote) >= {"hours", "grossWage", "employerContributions", "contributionRate", "fees", "total", "lines"}
    assert quote["hours"] == "11.50"
    assert quote["grossWage"] == "161.00"  # 11.5 h x €14.00
    assert quote["contributionRate"] == "0.28"
    assert quote["lines"][0]["workDate"] == "2026-03-04"


def test_contract_shows_its_dimona() -> None:
    body = ContractOut.of(confirmed()).model_dump(mode="json")
    assert body["status"] == "DIMONA_CONFIRMED"
    assert body["dimona"]["type"] == "FLX"
    assert body["dimona"]["fileBefore"] == "2026-03-04T08:00:00Z"
