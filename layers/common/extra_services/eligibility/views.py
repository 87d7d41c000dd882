"""Reading a person's eligibility view (table EligibilityTable, item pk=CUSTOMER#{id} sk=VIEW; the key
design and how the view is kept up to date are in repository.py). Every channel route reads it to check its
caller, so this module is all a reader loads: not the event models, the projection or the writes."""
from __future__ import annotations

import time
from typing import Any

from extra_services.aws_clients import client
from extra_services.dynamo import from_item, key, throttling_is_503
from extra_services.eligibility.rules import CustomerView, ProductRelation, Relation
from extra_services.eligibility.vocabulary import (
    AccessStatus,
    DigitalChannel,
    MandateStatus,
    Powers,
    ProductStatus,
    ProductType,
    Segment,
)
from extra_services.errors import TemporarilyUnavailable

PRODUCT_ENTRY, ACCESS_ENTRY = "PRODUCT#", "ACCESS#"
BATCH_ATTEMPTS = 5

# Another table's item to read with the view: (table name, key in DynamoDB's typed form).
ItemKey = tuple[str, dict[str, Any]]


def view_key(customer_id: str) -> dict[str, Any]:
    return key(f"CUSTOMER#{customer_id}", "VIEW")


class EligibilityViews:
    def __init__(self, table_name: str) -> None:
        self.table = table_name

    def customer_view(self, customer_id: str) -> CustomerView:
        with throttling_is_503():
            item = client("dynamodb").get_item(TableName=self.table, Key=view_key(customer_id)).get("Item")
        return view_from_item(item)

    def customer_view_with(self, customer_id: str, other: ItemKey) -> tuple[CustomerView, dict[str, Any] | None]:
        """The person's view and another table's item (read strongly consistent) in one BatchGetItem;
        the other item as DynamoDB returned it, None when it does not exist."""
        other_table, other_key = other
        found = _batch_get({self.table: {"Keys": [view_key(customer_id)]},
                            other_table: {"Keys": [other_key], "ConsistentRead": True}})
        views = found.get(self.table, [])
        items = found.get(other_table, [])
        return view_from_item(views[0] if views else None), items[0] if items else None


def view_from_item(item: dict[str, Any] | None) -> CustomerView:
    values = from_item(item or {})
    relations = [_relation(name.removeprefix(PRODUCT_ENTRY), row) for name, entry in sorted(values.items())
                 if name.startswith(PRODUCT_ENTRY) for row in entry.get("rows", [])]
    access = {DigitalChannel(name.removeprefix(ACCESS_ENTRY)): AccessStatus(entry["status"])
              for name, entry in values.items() if name.startswith(ACCESS_ENTRY)}
    return CustomerView(tuple(relations), access)


def _batch_get(requests: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Every item asked for; keys DynamoDB left unprocessed (throughput) are asked again, with backoff."""
    found: dict[str, list[dict[str, Any]]] = {}
    for attempt in range(BATCH_ATTEMPTS):
        with throttling_is_503():
            answer = client("dynamodb").batch_get_item(RequestItems=requests)
        for table, items in answer.get("Responses", {}).items():
            found.setdefault(table, []).extend(items)
        requests = answer.get("UnprocessedKeys") or {}
        if not requests:
            return found
        time.sleep(0.05 * 2 ** attempt)
    raise TemporarilyUnavailable("The service is busy; please retry in a moment.")


def _relation(product_id: str, row: dict[str, Any]) -> ProductRelation:
    return ProductRelation(
        product_id=product_id, product_type=ProductType(row["productType"]),
        segment=Segment(row["segment"]), status=ProductStatus(row["status"]),
        enterprise_number=row.get("enterpriseNumber"), relation=Relation(row["relation"]),
        powers=Powers(row["powers"]), mandate_status=MandateStatus(row["mandateStatus"]),
        mandate_id=row.get("mandateId"))
