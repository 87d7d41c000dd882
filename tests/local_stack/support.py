"""Shared by the local stack's tests."""
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import jwt
from boto3.dynamodb.conditions import Key

from local_stack import LocalStack

SAMPLE = Path(__file__).parent / "sample"
TEMPLATE = SAMPLE / "template.yaml"
SECRET = "local-dev-secret-0123456789abcdef"
START = datetime(2030, 3, 29, tzinfo=UTC)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def bearer(sub: str = "alice", **claims: Any) -> str:
    return "Bearer " + jwt.encode({"sub": sub, "tenant": "acme", **claims}, SECRET, algorithm="HS256")


def items(stack: LocalStack, pk: str) -> list[dict[str, Any]]:
    table = boto3.resource("dynamodb", endpoint_url=stack.moto_url, region_name=stack.region).Table("local-cases")
    return table.query(KeyConditionExpression=Key("pk").eq(pk))["Items"]
