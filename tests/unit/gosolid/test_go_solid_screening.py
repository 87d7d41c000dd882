"""Admission screening (RULES.md §2): B2B between registered, active enterprises; a Belgian
debtor that is solvent; a creditor seated in an allowed country."""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from extra_services.gosolid.case import RejectionReason as R
from extra_services.gosolid.feeds import CreditRiskChanged, EnterpriseRegistryChanged, feed_event
from extra_services.gosolid.screening import SOLVENCY_MIN_SCORE, ScreeningFacts, screen
from extra_services.rates.dated import DatedTable, Row

ON = date(2026, 3, 16)
AT = datetime(2026, 3, 1, tzinfo=UTC)


def registry(number: str = "0202239951", **overrides: Any) -> EnterpriseRegistryChanged:
    data = {"enterpriseNumber": number, "name": "X SA", "status": "ACTIVE", "kind": "COMPANY", "country": "BE",
            "occurredAt": AT, **overrides}
    return EnterpriseRegistryChanged.model_validate(data)


def credit(score: int) -> CreditRiskChanged:
    return CreditRiskChanged.model_validate({"enterpriseNumber": "0202239951", "score": score, "occurredAt": AT})


def facts(creditor: Any = "default", debtor: Any = "default", score: int | None = 80) -> ScreeningFacts:
    return ScreeningFacts(creditor=registry("0403170701") if creditor == "default" else creditor,
                          debtor=registry() if debtor == "default" else debtor,
                          debtor_credit=None if score is None else credit(score))


def test_two_active_enterprises_and_a_solvent_debtor_are_accepted() -> None:
    decision = screen(facts(), ON)
    assert decision.accepted
    assert decision.reasons == ()


def test_a_sole_trader_debtor_is_an_enterprise() -> None:
    assert screen(facts(debtor=registry(kind="SOLE_TRADER")), ON).accepted


def test_a_debtor_unknown_to_the_registry_is_not_registered() -> None:
    assert screen(facts(debtor=None), ON).reasons == (R.DEBTOR_NOT_REGISTERED,)


def test_a_debtor_seated_abroad_is_not_a_registered_belgian_enterprise() -> None:
    assert screen(facts(debtor=registry(country="NL")), ON).reasons == (R.DEBTOR_NOT_REGISTERED,)


@pytest.mark.parametrize("status", ["BANKRUPT", "REORGANISATION", "DISSOLVED"])
def test_a_bankrupt_reorganising_or_dissolved_debtor_is_inactive(status: str) -> None:
    assert screen(facts(debtor=registry(status=status)), ON).reasons == (R.DEBTOR_INACTIVE,)


def test_a_public_authority_debtor_is_refused() -> None:
    assert screen(facts(debtor=registry(kind="PUBLIC_AUTHORITY")), ON).reasons == (R.PUBLIC_AUTHORITY,)


def test_a_debtor_the_registry_lists_as_no_enterprise_is_a_consumer() -> None:
    assert screen(facts(debtor=registry(kind="NATURAL_PERSON")), ON).reasons == (R.CONSUMER_DEBTOR,)


def test_a_score_below_the_threshold_is_insolvent_and_the_threshold_itself_passes() -> None:
    minimum = SOLVENCY_MIN_SCORE.at(ON)
    assert screen(facts(score=minimum - 1), ON).reasons == (R.INSOLVENT_DEBTOR,)
    assert screen(facts(score=minimum), ON).accepted


def test_a_debtor_without_a_credit_score_cannot_be_shown_solvent() -> None:
    assert screen(facts(score=None), ON).reasons == (R.INSOLVENT_DEBTOR,)


def test_the_threshold_comes_from_the_dated_table_in_force() -> None:
    stricter = DatedTable("test", [Row(date(2023, 1, 1), 40), Row(date(2026, 3, 1), 90)])
    assert screen(facts(score=80), date(2026, 2, 28), minimum_scores=stricter).accepted
    assert not screen(facts(score=80), ON, minimum_scores=stricter).accepted


@pytest.mark.parametrize("country", ["BE", "NL", "DE", "FR", "LU", "AT", "ES"])
def test_a_creditor_seated_in_an_allowed_country_is_eligible(country: str) -> None:
    assert screen(facts(creditor=registry("0403170701", country=country)), ON).accepted


@pytest.mark.parametrize("creditor", [
    None,
    registry("0403170701", country="IT"),
    registry("0403170701", status="BANKRUPT"),
    registry("0403170701", kind="PUBLIC_AUTHORITY"),
])
def test_an_unknown_inactive_foreign_or_public_creditor_is_not_eligible(creditor: Any) -> None:
    assert screen(facts(creditor=creditor), ON).reasons == (R.CREDITOR_NOT_ELIGIBLE,)


def test_every_reason_that_applies_is_given() -> None:
    decision = screen(facts(creditor=None, debtor=registry(kind="PUBLIC_AUTHORITY", status="DISSOLVED"), score=5), ON)
    assert decision.reasons == (R.CREDITOR_NOT_ELIGIBLE, R.PUBLIC_AUTHORITY, R.DEBTOR_INACTIVE, R.INSOLVENT_DEBTOR)


def test_feed_events_take_their_time_from_the_envelope_and_normalise_the_number() -> None:
    fact = feed_event("EnterpriseRegistryChanged", {"enterpriseNumber": "BE 0202.239.951", "name": "X",
                                                    "status": "ACTIVE", "kind": "company", "country": "be"}, AT)
    assert isinstance(fact, EnterpriseRegistryChanged)
    assert (fact.enterprise_number, fact.kind, fact.country, fact.occurred_at) == ("0202239951", "COMPANY", "BE", AT)
    assert feed_event("SomethingElse", {}, AT) is None
