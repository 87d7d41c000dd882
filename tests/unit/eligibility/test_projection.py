"""From canonical facts to the rows each person sees."""
from datetime import UTC, datetime

from extra_services.eligibility.events import MandateChanged, ProductChanged
from extra_services.eligibility.projection import project
from extra_services.eligibility.rules import Relation

AT = datetime(2026, 3, 2, 9, tzinfo=UTC)


def account():
    return ProductChanged.model_validate({
        "productId": "P1", "holderCustomerId": "C-ACME", "enterpriseNumber": "BE 0403.170.701",
        "productType": "CURRENT_ACCOUNT", "segment": "PROFESSIONAL", "status": "ACTIVE", "occurredAt": AT})


def mandate(mid="M1", customer="C-ALICE", powers="FULL"):
    return MandateChanged.model_validate({"mandateId": mid, "customerId": customer, "productId": "P1",
                                          "powers": powers, "status": "ACTIVE", "occurredAt": AT})


def test_the_holder_and_every_mandate_holder_see_the_product():
    seen = project(account(), [mandate("M2", "C-BOB", "VIEW_ONLY"), mandate()])
    assert {person: [(r.relation, r.mandate_id, r.powers.value) for r in rows] for person, rows in seen.items()} == {
        "C-ACME": [(Relation.HOLDER, None, "FULL")],
        "C-ALICE": [(Relation.MANDATE, "M1", "FULL")],
        "C-BOB": [(Relation.MANDATE, "M2", "VIEW_ONLY")]}
    assert seen["C-ACME"][0].enterprise_number == "0403170701"


def test_a_person_with_two_mandates_on_one_product_sees_both():
    seen = project(account(), [mandate("M2", powers="VIEW_ONLY"), mandate("M1")])
    assert [r.mandate_id for r in seen["C-ALICE"]] == ["M1", "M2"]


def test_a_mandate_arriving_before_its_product_projects_nothing_yet():
    assert project(None, [mandate()]) == {}
