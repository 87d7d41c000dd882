"""DynamoDB helpers for the repositories: (de)serialisation and error translation."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from extra_services.aws_clients import client
from extra_services.errors import TemporarilyUnavailable

_SER, _DES = TypeSerializer(), TypeDeserializer()

THROTTLING = frozenset({"ProvisionedThroughputExceededException", "ThrottlingException",
                        "RequestLimitExceeded", "InternalServerError", "ServiceUnavailable"})


def to_item(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _SER.serialize(v) for k, v in values.items() if v is not None}


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _DES.deserialize(v) for k, v in item.items()}


def key(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def is_condition_failure(exc: ClientError) -> bool:
    code = error_code(exc)
    if code == "ConditionalCheckFailedException":
        return True
    if code == "TransactionCanceledException":
        reasons = exc.response.get("CancellationReasons", [])
        return any(r.get("Code") == "ConditionalCheckFailed" for r in reasons)
    return False


@contextmanager
def throttling_is_503() -> Iterator[None]:
    """Throttling after botocore's own retries becomes a 503 the caller may retry."""
    try:
        yield
    except ClientError as exc:
        if error_code(exc) in THROTTLING:
            raise TemporarilyUnavailable("The service is busy; please retry in a moment.") from exc
        raise


def as_int(value: Any) -> int:
    return int(value) if isinstance(value, Decimal | int) else 0


def query_all(table: str, **kwargs: Any) -> list[dict[str, Any]]:
    """Every page of a Query, deserialised (for partitions known to stay small)."""
    rows: list[dict[str, Any]] = []
    while True:
        with throttling_is_503():
            page = client("dynamodb").query(TableName=table, **kwargs)
        rows += [from_item(i) for i in page.get("Items", [])]
        if "LastEvaluatedKey" not in page:
            return rows
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
