"""NOWJOBS repository and use cases against DynamoDB in moto, in-process; the handler tests
(test_*_handlers.py) run on the local stack instead (fixture make_app)."""
from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from extra_services import aws_clients
from tests.integration.nowjobs.support import TABLE, World, table_definition, world


def forget_clients() -> None:
    """boto3 clients are cached per process; each test gets fresh ones inside its own mock_aws."""
    forget = getattr(aws_clients, "forget_clients", None)
    if forget is not None:
        forget()
    else:
        aws_clients.client.cache_clear()  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def fake_aws(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if "make_app" in request.fixturenames:  # handler tests: the local stack brings its own moto server
        yield
        return
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "eu-west-1"}.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    forget_clients()
    with mock_aws():
        boto3.client("dynamodb").create_table(TableName=TABLE, **table_definition())
        yield
    forget_clients()


@pytest.fixture
def w() -> World:
    return world()
