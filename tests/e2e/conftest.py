"""The whole application on the local stack, driven over HTTP like a channel or a partner would."""
from datetime import UTC, datetime

import pytest

from local_stack.application import Application, Options
from local_stack.testing import HttpClient

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)   # a Monday morning, Brussels winter time


@pytest.fixture(scope="module")
def app():
    with Application(Options(port=0, start=START, simulators=False)) as application:
        yield application


@pytest.fixture(scope="module")
def http(app):
    with HttpClient(app.url) as client:
        yield client


class Tokens:
    """Tokens minted by the local identity provider, asked for over HTTP (/_local/tokens)."""

    def __init__(self, http: HttpClient) -> None:
        self.http = http

    def _mint(self, body: dict) -> dict[str, str]:
        answer = self.http.post("/_local/tokens", body)
        assert answer.status == 200, answer.body
        return {"Authorization": f"Bearer {answer.body['token']}"}

    def person(self, customer_id: str, channel: str = "mobile", **extra) -> dict[str, str]:
        return self._mint({"customerId": customer_id, "channel": channel, **extra})

    def partner(self, partner: str, **extra) -> dict[str, str]:
        return self._mint({"partner": partner, **extra})


@pytest.fixture(scope="module")
def tokens(http):
    return Tokens(http)
