"""The eligibility repository on moto, with the table as template.yaml defines it: a person's whole
view is one item, read in one call, alone or with another table's item."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml
from botocore.stub import Stubber
from moto import mock_aws

from extra_services import aws_clients
from extra_services.caller import Channel
from extra_services.dynamo import key
from extra_services.eligibility.event_applier import Applied, EventApplier
from extra_services.eligibility.events import DigitalAccessChanged, MandateChanged, ProductChanged
from extra_services.eligibility.repository import EligibilityRepository
from extra_services.eligibility.rules import Relation, decide_for_enterprise
from extra_services.eligibility.views import EligibilityViews, view_key

TABLE, OTHER = "EligibilityTable", "OtherTable"
ACME = "0403170701"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


class _CloudFormation(yaml.SafeLoader):
    pass


_CloudFormation.add_multi_constructor("!", lambda loader, suffix, node: None)


def eligibility_table() -> dict[str, Any]:
    template = yaml.load(Path("template.yaml").read_text(), Loader=_CloudFormation)
    properties = template["Resources"][TABLE]["Properties"]
    return {k: properties[k] for k in ("AttributeDefinitions", "KeySchema", "BillingMode")
            if k in properties} | ({"GlobalSecondaryIndexes": properties["GlobalSecondaryIndexes"]}
                                   if "GlobalSecondaryIndexes" in properties else {})


@pytest.fixture
def repository(monkeypatch: pytest.MonkeyPatch) -> Iterator[EligibilityRepository]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    aws_clients.forget_clients()
    with mock_aws():
        ddb = boto3.client("dynamodb")
        ddb.create_table(TableName=TABLE, **eligibility_table())
        ddb.create_table(TableName=OTHER, BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                               {"AttributeName": "sk", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                    {"AttributeName": "sk", "KeyType": "RANGE"}])
        yield EligibilityRepository(TABLE)
    aws_clients.forget_clients()


def account(holder: str, at: datetime = T0, status: str = "ACTIVE") -> ProductChanged:
    return ProductChanged.model_validate({
        "productId": "P1", "holderCustomerId": holder, "enterpriseNumber": ACME, "productType": "CURRENT_ACCOUNT",
        "segment": "PROFESSIONAL", "status": status, "occurredAt": at})


def mandate(customer: str, at: datetime = T0) -> MandateChanged:
    return MandateChanged.model_validate({"mandateId": "M1", "customerId": customer, "productId": "P1",
                                          "powers": "FULL", "status": "ACTIVE", "occurredAt": at})


def access(customer: str, status: str, at: datetime, channel: str = "MOBILE") -> DigitalAccessChanged:
    return DigitalAccessChanged.model_validate({"customerId": customer, "channel": channel, "status": status,
                                                "occurredAt": at})


def apply(repository: EligibilityRepository, *events: Any) -> list[Applied]:
    applier = EventApplier(repository)
    return [applier.apply(e) for e in events]


def views(repository: EligibilityRepository) -> EligibilityViews:
    """The readers' side of the same table."""
    return EligibilityViews(repository.table)


def counted_calls(repository: EligibilityRepository) -> list[str]:
    calls: list[str] = []
    aws_clients.client("dynamodb").meta.events.register("before-call.dynamodb", lambda model, **_: calls.append(
        model.name))
    return calls


def test_a_person_s_view_is_read_with_one_get_item(repository: EligibilityRepository) -> None:
    apply(repository, account("C-ACME"), mandate("C-ALICE"), access("C-ALICE", "ACTIVE", T0))
    calls = counted_calls(repository)
    view = views(repository).customer_view("C-ALICE")
    assert calls == ["GetItem"]
    assert [(r.product_id, r.relation) for r in view.relations] == [("P1", Relation.MANDATE)]
    assert decide_for_enterprise(view, Channel.MOBILE, ACME).usable


def test_the_view_and_another_table_s_item_are_read_in_one_call(repository: EligibilityRepository) -> None:
    apply(repository, account("C-ACME"))
    boto3.client("dynamodb").put_item(TableName=OTHER, Item={**key("CASE#1", "CASE"), "n": {"S": "x"}})
    calls = counted_calls(repository)
    view, item = views(repository).customer_view_with("C-ACME", (OTHER, key("CASE#1", "CASE")))
    assert calls == ["BatchGetItem"]
    assert item is not None and item["n"] == {"S": "x"}
    assert [r.relation for r in view.relations] == [Relation.HOLDER]
    view, item = views(repository).customer_view_with("C-NOBODY", (OTHER, key("CASE#2", "CASE")))
    assert (view.relations, view.access, item) == ((), {}, None)


def test_keys_dynamodb_left_unprocessed_are_asked_again(repository: EligibilityRepository) -> None:
    apply(repository, account("C-ACME"))
    stored = boto3.client("dynamodb").get_item(TableName=TABLE, Key=view_key("C-ACME"))["Item"]
    other = {**key("CASE#1", "CASE"), "n": {"S": "x"}}
    with Stubber(aws_clients.client("dynamodb")) as stub:
        stub.add_response("batch_get_item", {"Responses": {OTHER: [other]},
                                             "UnprocessedKeys": {TABLE: {"Keys": [view_key("C-ACME")]}}})
        stub.add_response("batch_get_item", {"Responses": {TABLE: [stored]}})
        view, item = views(repository).customer_view_with("C-ACME", (OTHER, key("CASE#1", "CASE")))
    assert item == other and [r.relation for r in view.relations] == [Relation.HOLDER]


def test_the_former_holder_loses_the_product_and_an_old_event_does_not_bring_it_back(
        repository: EligibilityRepository) -> None:
    apply(repository, account("C-OLD"), account("C-NEW", T0 + timedelta(days=1)))
    assert views(repository).customer_view("C-OLD").relations == ()
    assert [r.relation for r in views(repository).customer_view("C-NEW").relations] == [Relation.HOLDER]
    assert apply(repository, account("C-OLD")) == [Applied.SUPERSEDED]        # replayed late
    assert views(repository).customer_view("C-OLD").relations == ()


def test_a_mandate_before_its_product_shows_once_the_product_is_known(repository: EligibilityRepository) -> None:
    apply(repository, mandate("C-ALICE"))
    assert views(repository).customer_view("C-ALICE").relations == ()
    apply(repository, account("C-ACME"))
    assert [r.mandate_id for r in views(repository).customer_view("C-ALICE").relations] == ["M1"]


def test_the_newest_access_event_wins_per_channel(repository: EligibilityRepository) -> None:
    later = T0 + timedelta(hours=1)
    assert apply(repository, access("C-1", "BLOCKED", later), access("C-1", "ACTIVE", T0),
                 access("C-1", "ACTIVE", T0, channel="TOUCH")) == [Applied.APPLIED, Applied.SUPERSEDED,
                                                                   Applied.APPLIED]
    assert {c.value: s.value for c, s in views(repository).customer_view("C-1").access.items()} == {
        "MOBILE": "BLOCKED", "TOUCH": "ACTIVE"}


def test_access_and_products_share_the_one_item_without_overwriting_each_other(
        repository: EligibilityRepository) -> None:
    apply(repository, access("C-ACME", "ACTIVE", T0), account("C-ACME"), access("C-ACME", "ACTIVE", T0, "TOUCH"))
    view = views(repository).customer_view("C-ACME")
    assert len(view.relations) == 1 and len(view.access) == 2
