"""boto3 clients, created once per process and endpoint on first use (never at import time).

Only data-access modules import this. AWS_ENDPOINT_URL (set by the local stack) points the
clients at moto; in AWS it is absent. Keying the cache by endpoint lets several local stacks
run one after another in one test process."""
from __future__ import annotations

import os
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=5)


def client(service: str) -> Any:
    return _client(service, os.environ.get("AWS_ENDPOINT_URL"))


@cache
def _client(service: str, endpoint: str | None) -> Any:
    return boto3.client(service, config=_CONFIG, endpoint_url=endpoint)


def forget_clients() -> None:
    """For tests that swap the AWS backend (moto) under the same endpoint."""
    _client.cache_clear()
