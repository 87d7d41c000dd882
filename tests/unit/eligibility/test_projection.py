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


def test_the_holder_and_every_mandate_holder_get_a_row():
    rows = project(account(), [mandate(), mandate("M2", "C-BOB", "VIEW_ONLY")])
    assert [(r.customer_id, r.relation.relation, r.sort_key) for r in rows] == [
        ("C-ACME", Relation.HOLDER, "REL#P1#HOLDER"),
        ("C-ALICE", Relation.MANDATE, "REL#P1#MANDATE#M1"),
        ("C-BOB", Relation.MANDATE, "REL#P1#MANDATE#M2")]
    assert rows[0].relation.enterprise_number == "0403170701"


def test_a_mandate_arriving_before_its_product_projects_nothing_yet():
    assert project(None, [mandate()]) == []
