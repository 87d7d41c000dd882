"""The NOWJOBS settings and the Idempotency-Key mechanism (Powertools idempotency on DynamoDB)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from extra_services.eligibility import wiring as eligibility_wiring
from extra_services.errors import InvalidInput
from extra_services.nowjobs import wiring
from extra_services.nowjobs.channel_responses import RegistrationOut
from extra_services.settings import SettingsError
from tests.integration.nowjobs.support import ANNA, TABLE, FakeOutbox, World, registration

ENVIRONMENT = {"NOWJOBS_TABLE": TABLE, "ELIGIBILITY_TABLE": "eligibility-test", "IDEMPOTENCY_TABLE": "idempotency-test",
               "NOTIFICATIONS_TABLE": "notifications-test", "EVENT_BUS_NAME": "extra-services",
               "INVITATION_BASE_URL": "https://jobs.example/i"}


def _forget() -> None:
    for cached in (wiring.settings, wiring.services, wiring.idempotency_for_endpoint,
                   eligibility_wiring.eligibility_service):
        cached.cache_clear()


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    boto3.client("dynamodb").create_table(
        TableName="idempotency-test", BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    _forget()
    yield
    _forget()


def test_missing_settings_are_named_at_cold_start(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    _forget()
    with pytest.raises(SettingsError, match="NOWJOBS_TABLE"):
        wiring.settings()
    _forget()


@pytest.mark.usefixtures("environment")
def test_services_are_wired_from_the_settings() -> None:
    services = wiring.build_services(FakeOutbox())
    assert services.companies.repository.table == TABLE
    assert services.hiring.invitation_base_url == "https://jobs.example/i"


@pytest.mark.usefixtures("environment")
@pytest.mark.filterwarnings("ignore:Couldn't determine the remaining time left")
def test_same_idempotency_key_and_body_returns_the_first_registration(w: World) -> None:
    runner = wiring.idempotency()
    body = registration().model_dump(mode="json", by_alias=True)

    def register() -> dict[str, Any]:
        return RegistrationOut.of(w.companies.register(ANNA, registration())).model_dump(mode="json")

    operation = f"POST /v1/nowjobs/companies {ANNA.customer_id}"
    first = runner.run(operation, "key-1", body, register)
    again = runner.run(operation, "key-1", body, register)

    assert again == first
    assert len(w.publisher.of_type("CompanyRegistered")) == 1
    with pytest.raises(InvalidInput) as refused:
        runner.run(operation, "key-1", body | {"name": "Another name"}, register)
    assert refused.value.code == "IDEMPOTENCY_KEY_REUSED"
