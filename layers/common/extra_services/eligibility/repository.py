"""DynamoDB access for eligibility (table EligibilityTable; key design in template.yaml).

pk=PRODUCT#{id}   sk=PRODUCT            canonical product (newest occurredAt wins)
pk=PRODUCT#{id}   sk=MANDATE#{id}       canonical mandate on that product
pk=PRODUCT#{id}   sk=VERSION            `version`, bumped with every canonical write of the product, and
                                        `customers`, everyone a canonical fact ever related to it
pk=CUSTOMER#{id}  sk=VIEW               the person's whole view, one item:
    PRODUCT#{productId} = {version, rows}   their relations to that product, built from version N
    ACCESS#{channel}    = {status, occurredAt}   digital access (newest occurredAt wins)

A person's view is one GetItem, so it can also be read in one BatchGetItem with another table's
item (a Go Solid case and its reader's eligibility). Each product and each channel is a top-level
attribute, so one conditional UpdateItem creates or replaces it even when the item does not exist
yet (a nested map path would need its parent map to exist first: a second call).

After each product or mandate event the product's entry is rebuilt, for every person it ever
related to, from the canonical state; the entry is replaced only by one built from an equal or newer
version, so concurrent and out-of-order rebuilds converge. A person no longer related keeps an
entry without rows (a tombstone with its version) so that an older rebuild cannot bring them back.

Size (400 KB item limit): one relation takes at most ~320 bytes with the longest ids (64
characters), an entry without rows ~100 (tests/unit/eligibility/test_view_item_size.py), so about
1,250 relations fit. A person relates only to the products they hold and those they hold a mandate
on: a handful for most, a few hundred for an accountant acting for many clients. Beyond the limit
DynamoDB refuses the update (ValidationException): the event is retried, then dead-lettered, and
the dead-letter queue's alarm fires; nothing is silently lost."""
from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from extra_services.aws_clients import client
from extra_services.dynamo import as_int, is_condition_failure, key, query_all, throttling_is_503, to_item
from extra_services.eligibility.events import DigitalAccessChanged, MandateChanged, ProductChanged, as_instant
from extra_services.eligibility.projection import project
from extra_services.eligibility.rules import ProductRelation
from extra_services.eligibility.views import ACCESS_ENTRY, PRODUCT_ENTRY, view_key

NEWER = "attribute_not_exists(pk) OR occurredAt < :at"


class EligibilityRepository:
    """The writes: canonical facts and the views rebuilt from them (reads: views.EligibilityViews)."""

    def __init__(self, table_name: str) -> None:
        self.table = table_name

    def apply_access(self, event: DigitalAccessChanged) -> bool:
        """True when applied, False when an equal or newer event was already applied."""
        at = as_instant(event.occurred_at)
        return self._update_view(
            event.customer_id, f"{ACCESS_ENTRY}{event.channel.value}",
            _typed({"status": event.status.value, "occurredAt": at}),
            condition="attribute_not_exists(#e) OR #e.occurredAt < :at", values={":at": {"S": at}})

    def apply_product_fact(self, event: ProductChanged | MandateChanged) -> bool:
        """Store the canonical fact if it is the newest, bumping the product's version and noting the
        person it relates to with it."""
        sk = "PRODUCT" if isinstance(event, ProductChanged) else f"MANDATE#{event.mandate_id}"
        person = event.holder_customer_id if isinstance(event, ProductChanged) else event.customer_id
        fact = {**key(f"PRODUCT#{event.product_id}", sk),
                **to_item({"fact": event.model_dump(mode="json", by_alias=True),
                           "occurredAt": as_instant(event.occurred_at)})}
        try:
            with throttling_is_503():
                client("dynamodb").transact_write_items(TransactItems=[
                    {"Put": {"TableName": self.table, "Item": fact, "ConditionExpression": NEWER,
                             "ExpressionAttributeValues": {":at": {"S": as_instant(event.occurred_at)}}}},
                    {"Update": {"TableName": self.table, "Key": key(f"PRODUCT#{event.product_id}", "VERSION"),
                                "UpdateExpression": "ADD version :one, customers :person",
                                "ExpressionAttributeValues": {":one": {"N": "1"}, ":person": {"SS": [person]}}}},
                ])
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise
        return True

    def rebuild_product(self, product_id: str) -> int:
        """Bring the product's entry in the view of everyone it ever related to in line with its
        canonical state. Returns the number of views written."""
        canonical = query_all(self.table, KeyConditionExpression="pk = :pk", ConsistentRead=True,
                              ExpressionAttributeValues={":pk": {"S": f"PRODUCT#{product_id}"}})
        counter = next((r for r in canonical if r["sk"] == "VERSION"), {})
        version = as_int(counter.get("version"))
        product = next((ProductChanged.model_validate(r["fact"]) for r in canonical if r["sk"] == "PRODUCT"), None)
        mandates = [MandateChanged.model_validate(r["fact"]) for r in canonical if r["sk"].startswith("MANDATE#")]
        seen = project(product, mandates)
        people = sorted(set(counter.get("customers", set())) | set(seen))
        return sum(self._update_view(
            person, f"{PRODUCT_ENTRY}{product_id}", product_entry(version, seen.get(person, ())),
            condition="attribute_not_exists(#e) OR #e.version <= :v", values={":v": {"N": str(version)}})
            for person in people)

    # ---------------------------------------------------------------- helpers
    def _update_view(self, customer_id: str, entry: str, value: dict[str, Any], *, condition: str,
                     values: dict[str, Any]) -> bool:
        """Replace one entry of the person's view (creating the view if needed) when `condition` holds."""
        try:
            with throttling_is_503():
                client("dynamodb").update_item(
                    TableName=self.table, Key=view_key(customer_id), UpdateExpression="SET #e = :entry",
                    ConditionExpression=condition, ExpressionAttributeNames={"#e": entry},
                    ExpressionAttributeValues={":entry": value, **values})
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise
        return True


def product_entry(version: int, relations: tuple[ProductRelation, ...]) -> dict[str, Any]:
    """The attribute value (DynamoDB's typed form) of one product in a person's view."""
    return _typed({"version": version, "rows": [_row(r) for r in relations]})


def _typed(value: dict[str, Any]) -> dict[str, Any]:
    return dict(to_item({"value": value})["value"])


def _row(rel: ProductRelation) -> dict[str, Any]:
    return {"productType": rel.product_type.value, "segment": rel.segment.value,
            "status": rel.status.value, "enterpriseNumber": rel.enterprise_number, "relation": rel.relation.value,
            "powers": rel.powers.value, "mandateStatus": rel.mandate_status.value, "mandateId": rel.mandate_id}


