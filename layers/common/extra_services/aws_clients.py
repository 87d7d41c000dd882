"""boto3 clients, created once per process on first use (never at import time).

Only data-access modules import this. AWS_ENDPOINT_URL (set by the local stack) points the
clients at moto; in AWS it is absent."""
from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from botocore.config import Config

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5)


@cache
def client(service: str) -> Any:
    return boto3.client(service, config=_CONFIG)
