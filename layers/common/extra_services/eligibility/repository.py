"""DynamoDB access for eligibility (table EligibilityTable; key design in template.yaml).

pk=PRODUCT#{id}   sk=PRODUCT            canonical product (newest occurredAt wins)
pk=PRODUCT#{id}   sk=MANDATE#{id}       canonical mandate on that product
pk=PRODUCT#{id}   sk=VERSION            bumped with every canonical write of the product
pk=CUSTOMER#{id}  sk=ACCESS#{channel}   digital access (newest occurredAt wins)
pk=CUSTOMER#{id}  sk=REL#{product}#...  projected rows, built from version N of the product
                  gsi1pk=PRODUCT#{id}   (GSI1: every projected row of a product)

A person's whole view is one Query on CUSTOMER#{id}. Projected rows are rebuilt from the
canonical state after each event; the version makes concurrent rebuilds converge (an older
rebuild can neither overwrite nor delete what a newer one wrote)."""
from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from extra_services.aws_clients import client
from extra_services.dynamo import as_int, is_condition_failure, key, query_all, throttling_is_503, to_item
from extra_services.eligibility.events import (
    AccessStatus,
    DigitalAccessChanged,
    DigitalChannel,
    MandateChanged,
    MandateStatus,
    Powers,
    ProductChanged,
    ProductStatus,
    ProductType,
    Segment,
    as_instant,
)
from extra_services.eligibility.projection import ProjectedRow, project
from extra_services.eligibility.rules import CustomerView, ProductRelation, Relation

NEWER = "attribute_not_exists(pk) OR occurredAt < :at"


class EligibilityRepository:
    def __init__(self, table_name: str) -> None:
        self.table = table_name

    # ------------------------------------------------------------------ reads
    def customer_view(self, customer_id: str) -> CustomerView:
        rows = self._query_all(KeyConditionExpression="pk = :pk",
                               ExpressionAttributeValues={":pk": {"S": f"CUSTOMER#{customer_id}"}})
        relations: list[ProductRelation] = []
        access: dict[DigitalChannel, AccessStatus] = {}
        for row in rows:
            if row["sk"].startswith("ACCESS#"):
                access[DigitalChannel(row["channel"])] = AccessStatus(row["status"])
            elif row["sk"].startswith("REL#"):
                relations.append(_relation(row))
        return CustomerView(tuple(relations), access)

    # ----------------------------------------------------------------- writes
    def apply_access(self, event: DigitalAccessChanged) -> bool:
        """True when applied, False when an equal or newer event was already applied."""
        item = {**key(f"CUSTOMER#{event.customer_id}", f"ACCESS#{event.channel.value}"),
                **to_item({"channel": event.channel.value, "status": event.status.value,
                           "occurredAt": as_instant(event.occurred_at)})}
        return self._put_if_newer(item)

    def apply_product_fact(self, event: ProductChanged | MandateChanged) -> bool:
        """Store the canonical fact if it is the newest, bumping the product's version with it."""
        sk = "PRODUCT" if isinstance(event, ProductChanged) else f"MANDATE#{event.mandate_id}"
        fact = {**key(f"PRODUCT#{event.product_id}", sk),
                **to_item({"fact": event.model_dump(mode="json", by_alias=True),
                           "occurredAt": as_instant(event.occurred_at)})}
        try:
            with throttling_is_503():
                client("dynamodb").transact_write_items(TransactItems=[
                    {"Put": {"TableName": self.table, "Item": fact, "ConditionExpression": NEWER,
                             "ExpressionAttributeValues": {":at": {"S": as_instant(event.occurred_at)}}}},
                    {"Update": {"TableName": self.table, "Key": key(f"PRODUCT#{event.product_id}", "VERSION"),
                                "UpdateExpression": "ADD version :one",
                                "ExpressionAttributeValues": {":one": {"N": "1"}}}},
                ])
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise
        return True

    def rebuild_product(self, product_id: str) -> int:
        """Bring every projected row of the product in line with its canonical state.
        Returns the number of rows written or deleted."""
        canonical = self._query_all(KeyConditionExpression="pk = :pk", ConsistentRead=True,
                                    ExpressionAttributeValues={":pk": {"S": f"PRODUCT#{product_id}"}})
        version = next((as_int(r.get("version")) for r in canonical if r["sk"] == "VERSION"), 0)
        product = next((ProductChanged.model_validate(r["fact"]) for r in canonical if r["sk"] == "PRODUCT"), None)
        mandates = [MandateChanged.model_validate(r["fact"]) for r in canonical if r["sk"].startswith("MANDATE#")]
        desired = project(product, mandates)
        wanted = {(f"CUSTOMER#{row.customer_id}", row.sort_key) for row in desired}
        changes = 0
        for row in desired:
            changes += self._put_row(row, product_id, version)
        existing = self._query_all(IndexName="GSI1", KeyConditionExpression="gsi1pk = :pk",
                                   ExpressionAttributeValues={":pk": {"S": f"PRODUCT#{product_id}"}})
        for item in existing:
            if (item["pk"], item["sk"]) not in wanted:
                changes += self._delete_row(item["pk"], item["sk"], version)
        return changes

    # ---------------------------------------------------------------- helpers
    def _put_row(self, row: ProjectedRow, product_id: str, version: int) -> int:
        rel = row.relation
        item = {**key(f"CUSTOMER#{row.customer_id}", row.sort_key), **to_item({
            "gsi1pk": f"PRODUCT#{product_id}", "gsi1sk": f"CUSTOMER#{row.customer_id}",
            "productId": rel.product_id, "productType": rel.product_type.value, "segment": rel.segment.value,
            "status": rel.status.value, "enterpriseNumber": rel.enterprise_number,
            "relation": rel.relation.value, "powers": rel.powers.value,
            "mandateStatus": rel.mandate_status.value, "mandateId": rel.mandate_id, "builtFrom": version})}
        return self._conditional(lambda: client("dynamodb").put_item(
            TableName=self.table, Item=item,
            ConditionExpression="attribute_not_exists(pk) OR builtFrom <= :v",
            ExpressionAttributeValues={":v": {"N": str(version)}}))

    def _delete_row(self, pk: str, sk: str, version: int) -> int:
        return self._conditional(lambda: client("dynamodb").delete_item(
            TableName=self.table, Key=key(pk, sk), ConditionExpression="builtFrom < :v",
            ExpressionAttributeValues={":v": {"N": str(version)}}))

    @staticmethod
    def _conditional(call: Any) -> int:
        try:
            with throttling_is_503():
                call()
        except ClientError as exc:
            if is_condition_failure(exc):
                return 0
            raise
        return 1

    def _put_if_newer(self, item: dict[str, Any]) -> bool:
        at = item["occurredAt"]
        return bool(self._conditional(lambda: client("dynamodb").put_item(
            TableName=self.table, Item=item, ConditionExpression=NEWER,
            ExpressionAttributeValues={":at": at})))

    def _query_all(self, **kwargs: Any) -> list[dict[str, Any]]:
        return query_all(self.table, **kwargs)


def _relation(row: dict[str, Any]) -> ProductRelation:
    return ProductRelation(
        product_id=row["productId"], product_type=ProductType(row["productType"]),
        segment=Segment(row["segment"]), status=ProductStatus(row["status"]),
        enterprise_number=row.get("enterpriseNumber"), relation=Relation(row["relation"]),
        powers=Powers(row["powers"]), mandate_status=MandateStatus(row["mandateStatus"]),
        mandate_id=row.get("mandateId"))
