"""DynamoDB access for Go Solid (table GoSolidTable, single-table for the context).

pk=CASE#{caseId}          sk=CASE               the case (JSON in `case`), optimistic `version`
pk=CASE#{caseId}          sk=CALLBACK#{id}      a partner callback applied to the case (replays are no-ops)
pk=ENTERPRISE#{number}    sk=REGISTRY           registry fact (newest occurredAt wins; facts.py)
pk=ENTERPRISE#{number}    sk=CREDIT             credit-bureau fact (newest occurredAt wins; facts.py)
GSI1  gsi1pk=CREDITOR#{number}  gsi1sk={submittedAt}#{caseId}   cases of a creditor, newest first
GSI2  gsi2pk=ATTENTION          gsi2sk={since}#{caseId}         cases needing attention (sparse)
GSI3  gsi3pk=PLAN_CHECK         gsi3sk={dueAt}                  cases the plan watch must look at (sparse)

GSI3 holds a case while its payment plan runs (dueAt: the end of the grace of the first unpaid
instalment) or while a resume of its waiting workflow is still undelivered (dueAt: when its status
changed); the watch queries dueAt <= now only. It is written with the case (`_item`), so it moves
and disappears in the same versioned write as the plan. One constant partition: a few thousand
running plans, written a few times each; shard the key if it ever nears 1,000 writes a second.

The case travels as one JSON string: exact Decimal money and integers, one conditional write
per change. Its task token, pending domain events and pending resume are written with the
change that produced them (an outbox on the item) and cleared once delivered. A case submitted
with an Idempotency-Key is its own idempotency record (id uuid5(person, key), the body's hash in
the case); `case_key` lets the channel routes read it with the caller's eligibility in one call.

Template definition (for template.yaml)::

  # Key design: pk=CASE#{caseId} sk=CASE (the case, optimistic `version`);
  #   pk=CASE#{caseId} sk=CALLBACK#{callbackId} (partner callbacks applied, for replays);
  #   pk=ENTERPRISE#{number} sk=REGISTRY|CREDIT (registry / credit-bureau facts, newest wins).
  #   GSI1: a creditor enterprise's cases, newest first (gsi1pk=CREDITOR#{number},
  #   gsi1sk={submittedAt}#{caseId}). GSI2 (sparse): cases needing attention (gsi2pk=ATTENTION).
  #   GSI3 (sparse, keys only): cases the hourly plan watch must look at (gsi3pk=PLAN_CHECK,
  #   gsi3sk={dueAt}: the grace end of a running plan's first unpaid instalment, or an undelivered resume).
  GoSolidTable:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - {AttributeName: pk, AttributeType: S}
        - {AttributeName: sk, AttributeType: S}
        - {AttributeName: gsi1pk, AttributeType: S}
        - {AttributeName: gsi1sk, AttributeType: S}
        - {AttributeName: gsi2pk, AttributeType: S}
        - {AttributeName: gsi2sk, AttributeType: S}
        - {AttributeName: gsi3pk, AttributeType: S}
        - {AttributeName: gsi3sk, AttributeType: S}
      KeySchema:
        - {AttributeName: pk, KeyType: HASH}
        - {AttributeName: sk, KeyType: RANGE}
      GlobalSecondaryIndexes:
        - IndexName: GSI1
          KeySchema:
            - {AttributeName: gsi1pk, KeyType: HASH}
            - {AttributeName: gsi1sk, KeyType: RANGE}
          Projection: {ProjectionType: ALL}
        - IndexName: GSI2
          KeySchema:
            - {AttributeName: gsi2pk, KeyType: HASH}
            - {AttributeName: gsi2sk, KeyType: RANGE}
          Projection: {ProjectionType: INCLUDE, NonKeyAttributes: [status, creditorEnterpriseNumber]}
        - IndexName: GSI3
          KeySchema:
            - {AttributeName: gsi3pk, KeyType: HASH}
            - {AttributeName: gsi3sk, KeyType: RANGE}
          Projection: {ProjectionType: KEYS_ONLY}
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
      DeletionProtectionEnabled: true
      SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !Ref DataKey}
"""
from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError
from msgspec import Struct

from extra_services.aws_clients import client
from extra_services.dynamo import from_item, is_condition_failure, key, throttling_is_503, to_item
from extra_services.errors import Conflict, InvalidInput, NotFound
from extra_services.gosolid.case import Case
from extra_services.gosolid.workflow_state import watch_due_at

PLAN_CHECK = "PLAN_CHECK"
MAX_PAGE = 100


class CallbackAlreadyApplied(Conflict):
    """The callback id is already recorded for this case (a replay or a concurrent duplicate)."""

    code = "CALLBACK_ALREADY_APPLIED"


class ProcessedCallback(Struct, frozen=True):
    callback_id: str
    payload_hash: str
    event_type: str
    applied_at: datetime


class Page(Struct, frozen=True):
    cases: list[Case]
    next_token: str | None


def _sortable(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class CaseRepository:
    def __init__(self, table_name: str) -> None:
        self.table = table_name

    # ------------------------------------------------------------------ cases
    def get(self, case_id: str) -> Case | None:
        with throttling_is_503():
            item = client("dynamodb").get_item(TableName=self.table, Key=key(f"CASE#{case_id}", "CASE"),
                                               ConsistentRead=True).get("Item")
        return self.case_from_item(item)

    def case_key(self, case_id: str) -> tuple[str, dict[str, Any]]:
        """Where the case is (table, key), for a read joined with another table's item."""
        return self.table, key(f"CASE#{case_id}", "CASE")

    @staticmethod
    def case_from_item(item: dict[str, Any] | None) -> Case | None:
        """The case from its item as DynamoDB returns it."""
        return _case(from_item(item)) if item else None

    def load(self, case_id: str) -> Case:
        case = self.get(case_id)
        if case is None:
            raise NotFound(f"There is no Go Solid case {case_id}.", code="CASE_NOT_FOUND")
        return case

    def create(self, case: Case) -> bool:
        """Store a new case; False when a case with that id already exists."""
        return self.open(case) is None

    def open(self, case: Case) -> Case | None:
        """Store a new case: None when stored, else the case already stored under that id (returned
        by the refused write itself, no second read)."""
        try:
            with throttling_is_503():
                client("dynamodb").put_item(TableName=self.table, Item=self._item(case, case.version),
                                            ConditionExpression="attribute_not_exists(pk)",
                                            ReturnValuesOnConditionCheckFailure="ALL_OLD")
        except ClientError as exc:
            if is_condition_failure(exc):
                return self.case_from_item(exc.response.get("Item")) or self.load(case.case_id)
            raise
        return None

    def save(self, case: Case) -> Case:
        """Write a changed case read at `case.version`; Conflict when someone wrote in between."""
        try:
            with throttling_is_503():
                client("dynamodb").put_item(TableName=self.table, **self._versioned_put(case))
        except ClientError as exc:
            if is_condition_failure(exc):
                raise _lost_race(case) from exc
            raise
        return case.model_copy(update={"version": case.version + 1})

    def save_with_callback(self, case: Case, callback: ProcessedCallback) -> Case:
        """The change a partner callback caused and the callback's id, in one transaction."""
        record = {**key(f"CASE#{case.case_id}", f"CALLBACK#{callback.callback_id}"), **to_item({
            "payloadHash": callback.payload_hash, "eventType": callback.event_type,
            "appliedAt": _sortable(callback.applied_at)})}
        try:
            with throttling_is_503():
                client("dynamodb").transact_write_items(TransactItems=[
                    {"Put": {"TableName": self.table, "Item": record,
                             "ConditionExpression": "attribute_not_exists(pk)"}},
                    {"Put": {"TableName": self.table, **self._versioned_put(case)}},
                ])
        except ClientError as exc:
            if not is_condition_failure(exc):
                raise
            reasons = exc.response.get("CancellationReasons", [])
            if reasons and reasons[0].get("Code") == "ConditionalCheckFailed":
                raise CallbackAlreadyApplied(f"Callback {callback.callback_id} was already applied.") from exc
            raise _lost_race(case) from exc
        return case.model_copy(update={"version": case.version + 1})

    def processed_callback(self, case_id: str, callback_id: str) -> ProcessedCallback | None:
        with throttling_is_503():
            item = client("dynamodb").get_item(TableName=self.table, ConsistentRead=True,
                                               Key=key(f"CASE#{case_id}", f"CALLBACK#{callback_id}")).get("Item")
        if not item:
            return None
        row = from_item(item)
        return ProcessedCallback(callback_id, str(row["payloadHash"]), str(row["eventType"]),
                                 datetime.fromisoformat(str(row["appliedAt"])))

    def clear_delivered(self, case: Case) -> Case | None:
        """Drop the pending events and resume once delivered, without a new version (nothing the
        case means changed). None when the case moved on meanwhile: the next writer carries what
        is pending and delivers it again (consumers de-duplicate on eventId)."""
        cleared = case.model_copy(update={"pending_events": (), "pending_resume": None})
        try:
            with throttling_is_503():
                client("dynamodb").put_item(TableName=self.table, Item=self._item(cleared, case.version),
                                            ConditionExpression="version = :v",
                                            ExpressionAttributeValues={":v": {"N": str(case.version)}})
        except ClientError as exc:
            if is_condition_failure(exc):
                return None
            raise
        return cleared

    def list_by_creditor(self, enterprise_number: str, *, limit: int = 20, next_token: str | None = None) -> Page:
        """A creditor enterprise's cases, newest first, `limit` per page."""
        query: dict[str, Any] = {
            "TableName": self.table, "IndexName": "GSI1", "ScanIndexForward": False,
            "Limit": max(1, min(limit, MAX_PAGE)), "KeyConditionExpression": "gsi1pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": f"CREDITOR#{enterprise_number}"}}}
        if next_token:
            position = _decode_token(next_token)
            query["ExclusiveStartKey"] = {
                **key(f"CASE#{position['c']}", "CASE"), "gsi1pk": {"S": f"CREDITOR#{enterprise_number}"},
                "gsi1sk": {"S": position["s"]}}
        with throttling_is_503():
            answer = client("dynamodb").query(**query)
        cases = [_case(from_item(item)) for item in answer.get("Items", [])]
        last = answer.get("LastEvaluatedKey")
        token = _encode_token({"s": last["gsi1sk"]["S"], "c": last["pk"]["S"].removeprefix("CASE#")}) if last else None
        return Page(cases, token)

    def needing_attention(self, *, limit: int = 50) -> list[str]:
        """Ids of the cases parked for a person, oldest first (the ops view)."""
        with throttling_is_503():
            answer = client("dynamodb").query(
                TableName=self.table, IndexName="GSI2", Limit=max(1, min(limit, MAX_PAGE)),
                KeyConditionExpression="gsi2pk = :pk", ExpressionAttributeValues={":pk": {"S": "ATTENTION"}})
        return [str(from_item(item)["pk"]).removeprefix("CASE#") for item in answer.get("Items", [])]

    def due_for_watch(self, now: datetime, *, page_size: int = MAX_PAGE) -> Iterator[str]:
        """Ids of the cases the plan watch must look at by `now` (GSI3, due items only), the
        longest due first, page by page. Eventually consistent: the watch re-reads each case."""
        query: dict[str, Any] = {
            "TableName": self.table, "IndexName": "GSI3", "Limit": page_size,
            "KeyConditionExpression": "gsi3pk = :pk AND gsi3sk <= :now",
            "ExpressionAttributeValues": {":pk": {"S": PLAN_CHECK}, ":now": {"S": _sortable(now)}}}
        while True:
            with throttling_is_503():
                answer = client("dynamodb").query(**query)
            for item in answer.get("Items", []):
                yield str(item["pk"]["S"]).removeprefix("CASE#")
            if "LastEvaluatedKey" not in answer:
                return
            query["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    # ----------------------------------------------------------------- helpers
    def _versioned_put(self, case: Case) -> dict[str, Any]:
        return {"Item": self._item(case, case.version + 1), "ConditionExpression": "version = :v",
                "ExpressionAttributeValues": {":v": {"N": str(case.version)}}}

    @staticmethod
    def _item(case: Case, version: int) -> dict[str, Any]:
        values: dict[str, Any] = {
            "version": version, "status": case.status.value,
            "creditorEnterpriseNumber": case.creditor_enterprise_number,
            "gsi1pk": f"CREDITOR#{case.creditor_enterprise_number}",
            "gsi1sk": f"{_sortable(case.submitted_at)}#{case.case_id}",
            "case": case.model_dump_json(exclude={"version"})}
        if case.attention is not None:
            values |= {"gsi2pk": "ATTENTION", "gsi2sk": f"{_sortable(case.attention.since)}#{case.case_id}"}
        watch_at = watch_due_at(case)
        if watch_at is not None:
            values |= {"gsi3pk": PLAN_CHECK, "gsi3sk": _sortable(watch_at)}
        return {**key(f"CASE#{case.case_id}", "CASE"), **to_item(values)}


def _case(row: dict[str, Any]) -> Case:
    return Case.model_validate_json(str(row["case"])).model_copy(update={"version": int(row["version"])})


def _lost_race(case: Case) -> Conflict:
    return Conflict(f"Case {case.case_id} was changed by another request; retry.", code="CONCURRENT_UPDATE")


def _encode_token(position: dict[str, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode_token(token: str) -> dict[str, str]:
    invalid = InvalidInput("nextToken is not valid; start again without it.",
                           details=[{"field": "query.nextToken", "message": "not a token this list returned"}])
    try:
        position = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise invalid from exc
    if (not isinstance(position, dict) or set(position) != {"s", "c"}
            or not all(isinstance(v, str) and 0 < len(v) <= 200 for v in position.values())
            or not position["s"].endswith(f"#{position['c']}")):
        raise invalid
    return {"s": position["s"], "c": position["c"]}
