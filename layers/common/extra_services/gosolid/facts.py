"""The registry and credit-bureau facts Go Solid screens on (feeds.py), kept in GoSolidTable
(repository.py documents the table): pk=ENTERPRISE#{number}, sk=REGISTRY or CREDIT, the newest
occurredAt wins. The feed consumer writes them; the screening task reads them."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar

from botocore.exceptions import ClientError
from pydantic import BaseModel

from extra_services.aws_clients import client
from extra_services.dynamo import from_item, is_condition_failure, key, throttling_is_503, to_item
from extra_services.gosolid.feeds import CreditRiskChanged, EnterpriseRegistryChanged, FeedEvent

_F = TypeVar("_F", bound=BaseModel)
NEWER = "attribute_not_exists(pk) OR occurredAt < :at"


class FactRepository:
    def __init__(self, table_name: str) -> None:
        self.table = table_name

    def put_fact(self, fact: FeedEvent) -> bool:
        """Store a registry or credit fact if it is the newest for that enterprise; False when an
        equal or newer one is already stored."""
        sort_key = "REGISTRY" if isinstance(fact, EnterpriseRegistryChanged) else "CREDIT"
        at = _sortable(fact.occurred_at)
        item = {**key(f"ENTERPRISE#{fact.enterprise_number}", sort_key),
                **to_item({"fact": fact.model_dump_json(by_alias=True), "occurredAt": at})}
        try:
            with throttling_is_503():
                client("dynamodb").put_item(TableName=self.table, Item=item, ConditionExpression=NEWER,
                                            ExpressionAttributeValues={":at": {"S": at}})
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise
        return True

    def registry_fact(self, enterprise_number: str) -> EnterpriseRegistryChanged | None:
        return self._fact(enterprise_number, "REGISTRY", EnterpriseRegistryChanged)

    def credit_fact(self, enterprise_number: str) -> CreditRiskChanged | None:
        return self._fact(enterprise_number, "CREDIT", CreditRiskChanged)

    def _fact(self, enterprise_number: str, sort_key: str, model: type[_F]) -> _F | None:
        with throttling_is_503():
            item = client("dynamodb").get_item(TableName=self.table, ConsistentRead=True,
                                               Key=key(f"ENTERPRISE#{enterprise_number}", sort_key)).get("Item")
        return model.model_validate_json(str(from_item(item)["fact"])) if item else None


def _sortable(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
