"""Data access shared by the sample functions. Reads the environment when called, never at import."""
import os
from datetime import UTC, datetime
from typing import Any

import boto3


def cases_table() -> Any:
    return boto3.resource("dynamodb").Table(os.environ["CASES_TABLE"])


def now() -> datetime:
    return datetime.now(UTC)  # noqa: TID251 - follows the virtual clock (time-machine)


def put(table: Any, pk: str, sk: str | None = None, **attrs: Any) -> None:
    table.put_item(Item={"pk": pk, "sk": sk or now().isoformat(), **attrs})
