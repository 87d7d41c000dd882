"""local_stack/moto_fixes.py: moto's DynamoDB requests are serialised (serialise_dynamodb).

moto 5.2.5's TransactWriteItems deep-copies the tables it touches and, when a condition fails, puts the
copies back: without the lock a write another thread made meanwhile is gone. In-process moto (mock_aws)
goes through the same request handler as the local stack's moto server.

Query reads its key range only (query_reads_only_the_key_range): every page is compared with moto's own
query, the fix switched off, on the same table."""
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


# ---------------------------------------------- Query reads the key range only (query_reads_only_the_key_range)
PAGED = "moto-fixes-paged"


def _keys_of(hash_key: str, range_key: str | None = None) -> list[dict[str, str]]:
    return [{"AttributeName": hash_key, "KeyType": "HASH"}] + (
        [] if range_key is None else [{"AttributeName": range_key, "KeyType": "RANGE"}])


def _paged_table(client: Any) -> None:
    """Several partitions; sparse indexes: a string and a number sort key, one without a sort key; a local index."""
    client.create_table(
        TableName=PAGED, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": name, "AttributeType": kind} for name, kind in (
            ("pk", "S"), ("sk", "S"), ("week", "S"), ("wsk", "S"), ("grp", "S"), ("amount", "N"), ("tag", "S"),
            ("lsk", "S"))],
        KeySchema=_keys_of("pk", "sk"),
        GlobalSecondaryIndexes=[
            {"IndexName": "ByWeek", "Projection": {"ProjectionType": "ALL"}, "KeySchema": _keys_of("week", "wsk")},
            {"IndexName": "ByAmount", "Projection": {"ProjectionType": "KEYS_ONLY"},
             "KeySchema": _keys_of("grp", "amount")},
            {"IndexName": "ByTag", "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]},
             "KeySchema": _keys_of("tag")}],
        LocalSecondaryIndexes=[
            {"IndexName": "ByLocal", "Projection": {"ProjectionType": "ALL"}, "KeySchema": _keys_of("pk", "lsk")}])
    rows = []
    for p in range(6):
        for s in range(25):
            row = {"pk": {"S": f"P{p}"}, "sk": {"S": f"S{s:02d}#{(s * 7) % 5}"}, "note": {"S": f"n{p}-{s}"}}
            if (p + s) % 3:                                        # sparse: two items in three
                row |= {"week": {"S": f"W{s % 2}"}, "wsk": {"S": f"C{(p * 3 + s) % 8}#{p}#{s:02d}"}}
            if s % 4 != 1:
                row |= {"grp": {"S": f"G{p % 2}"}, "amount": {"N": str((s * 13) % 17 - 5 + (s % 3) / 4)}}
            if s % 5:
                row |= {"tag": {"S": f"T{s % 3}"}, "lsk": {"S": f"L{(s * 11) % 9}"}}
            rows.append(row)
    for row in rows:
        client.put_item(TableName=PAGED, Item=row)


def _q(condition: str, values: dict[str, str], **more: Any) -> dict[str, Any]:
    """A Query's arguments; values: ":name" -> value, numbers written "N:..."."""
    typed = {k: {"N": v[2:]} if v.startswith("N:") else {"S": v} for k, v in values.items()}
    return {"KeyConditionExpression": condition, "ExpressionAttributeValues": typed, **more}


_QUERIES: list[dict[str, Any]] = [
    _q("pk = :p", {":p": "P2"}),
    _q("pk = :p", {":p": "nobody"}),
    _q("pk = :p AND begins_with(sk, :s)", {":p": "P1", ":s": "S1"}),
    _q("pk = :p AND sk BETWEEN :a AND :b", {":p": "P3", ":a": "S04", ":b": "S17"}),
    _q("pk = :p AND sk > :a", {":p": "P0", ":a": "S20"}),
    _q("pk = :p AND sk <= :a", {":p": "P5", ":a": "S06", ":n": "-1"}, FilterExpression="contains(note, :n)"),
    _q("pk = :p AND sk = :a", {":p": "P4", ":a": "S09#3"}),
    _q("week = :w", {":w": "W0"}, IndexName="ByWeek"),
    _q("week = :w AND begins_with(wsk, :c)", {":w": "W1", ":c": "C3#"}, IndexName="ByWeek"),
    _q("week = :w AND wsk >= :c", {":w": "W0", ":c": "C5"}, IndexName="ByWeek", ProjectionExpression="pk, sk, note"),
    _q("week = :w AND wsk < :c", {":w": "W1", ":c": "C4", ":f": "S1"}, IndexName="ByWeek",
       FilterExpression="begins_with(sk, :f)"),
    _q("grp = :g", {":g": "G0"}, IndexName="ByAmount"),
    _q("grp = :g AND amount BETWEEN :a AND :b", {":g": "G1", ":a": "N:-2", ":b": "N:7.5"}, IndexName="ByAmount"),
    _q("tag = :t", {":t": "T2"}, IndexName="ByTag"),
    _q("pk = :p AND lsk > :l", {":p": "P1", ":l": "L3"}, IndexName="ByLocal"),
    {"IndexName": "ByWeek", "KeyConditions": {                      # the legacy form; QueryFilter: moto's query
        "week": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "W1"}]},
        "wsk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "C1"}]}}},
    {"KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "P3"}]}},
     "QueryFilter": {"note": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "n3-1"}]}}},
]


def _pages(client: Any, query: dict[str, Any], between_pages: Any = None) -> list[dict[str, Any]]:
    """Every page of the query (ExclusiveStartKey from the page before); between_pages(client, page) may
    change the table before the next page is read."""
    pages, kwargs = [], {"TableName": PAGED, **query}
    for _ in range(200):
        page = client.query(**kwargs)
        pages.append({k: page.get(k) for k in ("Items", "Count", "ScannedCount", "LastEvaluatedKey")})
        if "LastEvaluatedKey" not in page:
            return pages
        if between_pages is not None:
            between_pages(client, page)
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    raise AssertionError("the query never ended")


def _with_and_without_the_fix(monkeypatch: pytest.MonkeyPatch, read: Any) -> tuple[Any, Any]:
    """read(client) on a fresh table with the fix, then again with moto's own Query (the fix switched off)."""
    from local_stack import moto_fixes

    answers = []
    for fixed in (True, False):
        with mock_aws(), monkeypatch.context() as patch:
            apply_moto_fixes()
            if not fixed:
                patch.setattr(moto_fixes, "_key_range", lambda *a, **k: None)
            client = boto3.client("dynamodb", region_name="eu-west-1")
            _paged_table(client)
            answers.append(read(client))
    return answers[0], answers[1]


@pytest.mark.parametrize("limit", [None, 1, 4, 7])
def test_query_pages_are_those_of_moto_s_own_query(monkeypatch: pytest.MonkeyPatch, limit: int | None) -> None:
    def read(client: Any) -> list[Any]:
        return [_pages(client, {**q, "ScanIndexForward": forward, **({} if limit is None else {"Limit": limit})})
                for q in _QUERIES for forward in (True, False)]

    fixed, moto_s = _with_and_without_the_fix(monkeypatch, read)
    assert fixed == moto_s
    assert sum(len(page["Items"]) for pages in fixed for page in pages) > 300      # the queries do read items


_INDEX_KEYS = {None: (), "ByWeek": ("week", "wsk"), "ByAmount": ("grp", "amount"), "ByTag": ("tag",),
               "ByLocal": ("lsk",)}


def test_a_page_from_any_start_key_is_that_of_moto_s_own_query(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start keys before, inside and after the key condition's run, in the partition or not."""
    def read(client: Any) -> list[Any]:
        stored = sorted(client.scan(TableName=PAGED)["Items"], key=lambda i: (i["pk"]["S"], i["sk"]["S"]))
        pages = []
        for query in _QUERIES:
            names = ("pk", "sk", *_INDEX_KEYS[query.get("IndexName")])
            starts = [{n: item[n] for n in names} for item in stored[::3] if all(n in item for n in names)]
            for start in starts:
                for forward in (True, False):
                    page = client.query(TableName=PAGED, **query, ExclusiveStartKey=start, ScanIndexForward=forward,
                                        Limit=3)
                    pages.append({k: page.get(k) for k in ("Items", "Count", "ScannedCount", "LastEvaluatedKey")})
        return pages

    fixed, moto_s = _with_and_without_the_fix(monkeypatch, read)
    assert fixed == moto_s
    assert len(fixed) > 1000 and sum(page["Count"] for page in fixed) > 1000


@pytest.mark.parametrize("forward", [True, False])
def test_a_sparse_index_read_page_by_page_while_its_items_leave_and_arrive(monkeypatch: pytest.MonkeyPatch,
                                                                           forward: bool) -> None:
    """As the billing run reads UnbilledByWeek: each page's items leave the index before the next page is
    read (the start key is then no longer in it), and new items arrive on both sides of it."""
    def between_pages(client: Any, page: dict[str, Any]) -> None:
        for item in page["Items"]:
            client.update_item(TableName=PAGED, Key={"pk": item["pk"], "sk": item["sk"]},
                               UpdateExpression="SET billed = :t REMOVE week, wsk", ExpressionAttributeValues={
                                   ":t": {"BOOL": True}})
        n = len(page["Items"])
        for wsk in (f"C0#new{n}", f"C9#new{n}", page["LastEvaluatedKey"]["wsk"]["S"] + "+"):
            client.put_item(TableName=PAGED, Item={"pk": {"S": "P9"}, "sk": {"S": wsk}, "week": {"S": "W0"},
                                                   "wsk": {"S": wsk}})

    def read(client: Any) -> Any:
        pages = _pages(client, {"IndexName": "ByWeek", "KeyConditionExpression": "week = :w", "Limit": 5,
                                "ScanIndexForward": forward, "ExpressionAttributeValues": {":w": {"S": "W0"}}},
                       between_pages)
        completion = _pages(client, {"IndexName": "ByWeek", "Limit": 3, "ScanIndexForward": forward,
                                     "KeyConditionExpression": "week = :w AND begins_with(wsk, :c)",
                                     "ExpressionAttributeValues": {":w": {"S": "W1"}, ":c": {"S": "C2#"}}},
                            between_pages)
        return pages, completion, client.scan(TableName=PAGED)["Items"]

    fixed, moto_s = _with_and_without_the_fix(monkeypatch, read)
    assert fixed == moto_s
    assert len(fixed[0]) > 5


def test_a_page_reads_its_key_range_not_the_table(ddb: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The completion read of a billing page (begins_with from a start key) sizes the items it returns, not
    every later item of the partition (moto's own query: all of them)."""
    from moto.dynamodb.models.dynamo_type import Item

    from local_stack import moto_fixes

    _paged_table(ddb)
    for n in range(300):
        ddb.put_item(TableName=PAGED, Item={"pk": {"S": f"X{n}"}, "sk": {"S": "s"}, "week": {"S": "W1"},
                                            "wsk": {"S": f"Z{n:03d}"}})
    sized: list[Item] = []
    size = Item.size

    def counted(self: Item) -> int:
        sized.append(self)
        return size(self)

    monkeypatch.setattr(Item, "size", counted)

    def completion() -> list[Any]:
        sized.clear()
        page = ddb.query(TableName=PAGED, IndexName="ByWeek", ExpressionAttributeValues={
            ":w": {"S": "W1"}, ":c": {"S": "C2#"}}, KeyConditionExpression="week = :w AND begins_with(wsk, :c)",
            ExclusiveStartKey={"pk": {"S": "P0"}, "sk": {"S": "S05#0"}, "week": {"S": "W1"}, "wsk": {"S": "C2#"}})
        assert "LastEvaluatedKey" not in page
        return list(page["Items"])

    items = completion()
    assert len(items) > 0 and len(sized) <= 2 * len(items), f"{len(sized)} items sized for {len(items)}"
    monkeypatch.setattr(moto_fixes, "_key_range", lambda *a, **k: None)
    assert completion() == items
    assert len(sized) > 300                 # moto's own query: every later item of the partition


def test_applying_the_fixes_again_wraps_query_once(ddb: Any) -> None:
    from moto.dynamodb.models.table import Table

    query, all_items = Table.query, Table.all_items
    apply_moto_fixes()
    assert (Table.query, Table.all_items) == (query, all_items)
