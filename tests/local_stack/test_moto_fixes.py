"""local_stack/moto_fixes.py: moto's DynamoDB requests are serialised (serialise_dynamodb).

moto 5.2.5's TransactWriteItems deep-copies the tables it touches and, when a condition fails, puts the
copies back: without the lock a write another thread made meanwhile is gone. In-process moto (mock_aws)
goes through the same request handler as the local stack's moto server."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.responses import DynamoHandler

from local_stack.moto_fixes import apply_moto_fixes, serialise_dynamodb

TABLE = "moto-fixes"


@pytest.fixture
def ddb() -> Iterator[Any]:
    with mock_aws():
        apply_moto_fixes()
        client = boto3.client("dynamodb", region_name="eu-west-1")
        client.create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
        yield client


def _keys(client: Any) -> set[str]:
    keys: set[str] = set()
    kwargs: dict[str, Any] = {"TableName": TABLE}
    while True:
        page = client.scan(**kwargs)
        keys |= {item["pk"]["S"] for item in page["Items"]}
        if "LastEvaluatedKey" not in page:
            return keys
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _failing_transaction(client: Any) -> None:
    """A transaction whose condition fails: moto restores its copy of the table."""
    with pytest.raises(ClientError, match="TransactionCanceledException"):
        client.transact_write_items(TransactItems=[{"Put": {
            "TableName": TABLE, "Item": {"pk": {"S": "guard"}, "n": {"N": "1"}},
            "ConditionExpression": "attribute_not_exists(pk)"}}])


def test_applying_the_fixes_again_wraps_the_handler_once(ddb: Any) -> None:
    wrapped = DynamoHandler.call_action
    assert getattr(wrapped, "_local_stack_fixed", False)
    serialise_dynamodb()
    apply_moto_fixes()
    assert DynamoHandler.call_action is wrapped


def test_a_request_waits_while_a_transaction_is_being_applied(ddb: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic: the transaction is held inside moto; a put from another thread must not run until
    the transaction is over (without the lock it would, and the failed transaction's restore would drop it)."""
    ddb.put_item(TableName=TABLE, Item={"pk": {"S": "guard"}})
    inside, release = threading.Event(), threading.Event()
    original = DynamoDBBackend.transact_write_items

    def held(self: Any, transact_items: Any) -> Any:
        inside.set()
        assert release.wait(10), "the test never released the transaction"
        return original(self, transact_items)

    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", held)
    transaction = threading.Thread(target=_failing_transaction, args=(ddb,))
    transaction.start()
    assert inside.wait(10)
    put_done = threading.Event()

    def put() -> None:
        ddb.put_item(TableName=TABLE, Item={"pk": {"S": "written-meanwhile"}})
        put_done.set()

    writer = threading.Thread(target=put)
    writer.start()
    try:
        assert not put_done.wait(0.5), "a DynamoDB request ran while a transaction was being applied"
    finally:
        release.set()
        transaction.join(10)
        writer.join(10)
    assert put_done.is_set()
    assert _keys(ddb) == {"guard", "written-meanwhile"}


def test_no_write_is_lost_while_transactions_fail_concurrently(ddb: Any) -> None:
    """The race itself, as the application meets it: puts from several threads while another thread's
    transactions keep failing their condition. Every acknowledged put must still be there."""
    ddb.put_item(TableName=TABLE, Item={"pk": {"S": "guard"}})
    stop = threading.Event()

    def transactions() -> None:
        while not stop.is_set():
            _failing_transaction(ddb)

    def puts(worker: int) -> None:
        for n in range(60):
            ddb.put_item(TableName=TABLE, Item={"pk": {"S": f"w{worker}-{n}"}, "pad": {"S": "x" * 200}})

    failing = [threading.Thread(target=transactions) for _ in range(2)]
    writers = [threading.Thread(target=puts, args=(w,)) for w in range(4)]
    for thread in failing + writers:
        thread.start()
    for thread in writers:
        thread.join(60)
    stop.set()
    for thread in failing:
        thread.join(60)
    written = {f"w{w}-{n}" for w in range(4) for n in range(60)}
    assert written - _keys(ddb) == set()


def test_a_message_past_its_retention_period_does_not_hide_the_newer_ones() -> None:
    """moto stopped at the first expired message (fix_sqs_expired_messages): AWS deletes it."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sqs.models import sqs_backends

    with mock_aws():
        apply_moto_fixes()
        sqs = boto3.client("sqs", region_name="eu-west-1")
        url = sqs.create_queue(QueueName="letters", Attributes={"MessageRetentionPeriod": "1209600"})["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="old")
        [old] = sqs_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"].get_queue("letters")._messages
        old.sent_timestamp -= 15 * 24 * 3600 * 1000                 # 15 days ago: past the 14 days of retention
        sqs.send_message(QueueUrl=url, MessageBody="new")
        received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        assert [m["Body"] for m in received] == ["new"]
        sqs.delete_message(QueueUrl=url, ReceiptHandle=received[0]["ReceiptHandle"])
        assert sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []) == []
