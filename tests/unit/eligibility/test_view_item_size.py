"""A person's whole eligibility view is one DynamoDB item: it must stay below the 400 KB item limit
for the people with the most relations (an accountant holding mandates for many clients)."""
from typing import Any

from extra_services.eligibility.repository import product_entry
from extra_services.eligibility.rules import ProductRelation, Relation
from extra_services.eligibility.views import PRODUCT_ENTRY
from extra_services.eligibility.vocabulary import MandateStatus, Powers, ProductStatus, ProductType, Segment

ITEM_LIMIT = 400 * 1024
LONGEST_ID = "X" * 64            # product, mandate and customer ids are at most 64 characters


def size(value: dict[str, Any]) -> int:
    """DynamoDB's item size rules for one typed value (strings by UTF-8 length, numbers by digits,
    3 bytes plus 1 per element for maps and lists)."""
    (kind, inner), = value.items()
    if kind == "S":
        return len(inner.encode())
    if kind == "N":
        return len(inner.lstrip("-").replace(".", "")) // 2 + 1
    if kind in ("NULL", "BOOL"):
        return 1
    if kind == "L":
        return 3 + sum(1 + size(v) for v in inner)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + size(v) for k, v in inner.items())
    raise AssertionError(kind)


def mandate(product_id: str) -> ProductRelation:
    return ProductRelation(product_id, ProductType.SAVINGS_ACCOUNT, Segment.PROFESSIONAL, ProductStatus.ACTIVE,
                           "0403170701", Relation.MANDATE, Powers.CONTRACTING, MandateStatus.REVOKED, LONGEST_ID)


def view_size(relations: int, tombstones: int = 0) -> int:
    item = {"pk": {"S": f"CUSTOMER#{LONGEST_ID}"}, "sk": {"S": "VIEW"},
            "ACCESS#MOBILE": {"M": {"status": {"S": "BLOCKED"}, "occurredAt": {"S": "2026-03-02T09:00:00.000000Z"}}},
            "ACCESS#TOUCH": {"M": {"status": {"S": "BLOCKED"}, "occurredAt": {"S": "2026-03-02T09:00:00.000000Z"}}}}
    for n in range(relations + tombstones):
        pid = f"{n:064d}"
        item[f"{PRODUCT_ENTRY}{pid}"] = product_entry(10**9, (mandate(pid),) if n < relations else ())
    return sum(len(name.encode()) + size(value) for name, value in item.items())


def test_a_relation_with_the_longest_ids_takes_at_most_320_bytes_and_a_former_one_100():
    assert (view_size(101) - view_size(1)) / 100 <= 320
    assert (view_size(1, tombstones=100) - view_size(1)) / 100 <= 100


def test_a_person_with_a_thousand_relations_and_300_former_ones_fits_in_one_item():
    assert view_size(1000, tombstones=300) < ITEM_LIMIT
