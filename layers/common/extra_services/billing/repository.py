"""DynamoDB access for billing: table BillingTable (template.yaml, section "billing").

Items (pk | sk | index keys):
  INVOICE#{invoiceId}        | INVOICE        gsi1pk=COMPANY#{companyId}#INVOICES gsi1sk={weekMonday}#{sequence:03d}
                                              (a company's invoices, newest first; a week's invoices by prefix)
  COLLECTION#{endToEndId}    | COLLECTION     gsi1pk=MANDATE#{reference}#COLLECTIONS gsi1sk={dueOn}#{endToEndId}
                                              (a mandate's history: sequence type, 36-month lapse);
                                              submitPk=TO_SUBMIT submitSk={submitOn}#{endToEndId} while PRENOTIFIED
                                              (the daily submission run's Query: what is due to go to the bank)
  COLLECTION#{endToEndId}    | RESULT#{status} a bank result applied (written with the change it caused)
  BATCH#{batchId}            | BATCH          the pain.008 file: due date, scheme, creation time, status
  BATCH#{batchId}            | MEMBER#{endToEndId}  a collection in the file, as presented
  COUNTER#STRUCTURED_COMMUNICATION | COUNTER  the last structured-communication base handed out
  LEASE#SUBMISSION           | LEASE          one submission run at a time (owner, leaseUntil)

Every creation is conditional (attribute_not_exists), every change is on the `version` it was read at.
Nothing Scans: the runs Query ByParent and ToSubmit, the routes Get or Query ByParent."""
from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from botocore.exceptions import ClientError
from msgspec import Struct
from msgspec.structs import replace

from extra_services.aws_clients import client
from extra_services.billing import records
from extra_services.billing.batch import CollectionBatch
from extra_services.billing.collection import CollectionAttempt
from extra_services.billing.ledger import BilledInvoice
from extra_services.billing.statuses import ResultStatus
from extra_services.clock import Clock, iso_instant
from extra_services.dynamo import error_code, from_item, is_condition_failure, key, throttling_is_503, to_item
from extra_services.errors import ChangedConcurrently, InvalidInput

BY_PARENT = "ByParent"
TO_SUBMIT = "ToSubmit"
MAX_PAGE = 100
_SUBMISSION_LEASE = ("LEASE#SUBMISSION", "LEASE")
_COUNTER = ("COUNTER#STRUCTURED_COMMUNICATION", "COUNTER")


class InvoicePage(Struct, frozen=True):
    items: list[BilledInvoice]
    next_token: str | None


def _invoice_pk(invoice_id: str) -> str:
    return f"INVOICE#{invoice_id}"


def _collection_pk(end_to_end_id: str) -> str:
    return f"COLLECTION#{end_to_end_id}"


def _batch_pk(batch_id: str) -> str:
    return f"BATCH#{batch_id}"


def _company_invoices(company_id: str) -> str:
    return f"COMPANY#{company_id}#INVOICES"


class BillingRepository:
    def __init__(self, table_name: str, clock: Clock) -> None:
        self.table = table_name
        self.clock = clock

    # ------------------------------------------------------------------------------------ invoices
    def get_invoice(self, invoice_id: str) -> BilledInvoice | None:
        row = self._get(_invoice_pk(invoice_id), "INVOICE")
        return None if row is None else records.invoice_from(row)

    def invoices_of_week(self, company_id: str, week_monday: date) -> list[BilledInvoice]:
        rows = self._query_all(IndexName=BY_PARENT, KeyConditionExpression="gsi1pk = :p AND begins_with(gsi1sk, :w)",
                               ExpressionAttributeValues={":p": {"S": _company_invoices(company_id)},
                                                          ":w": {"S": f"{week_monday.isoformat()}#"}})
        return sorted((records.invoice_from(r) for r in rows), key=lambda i: i.sequence)

    def invoices_of_company(self, company_id: str, *, limit: int, next_token: str | None) -> InvoicePage:
        partition = _company_invoices(company_id)
        kwargs: dict[str, Any] = {
            "TableName": self.table, "IndexName": BY_PARENT, "ScanIndexForward": False,
            "Limit": max(1, min(limit, MAX_PAGE)), "KeyConditionExpression": "gsi1pk = :p",
            "ExpressionAttributeValues": {":p": {"S": partition}}}
        if next_token:
            kwargs["ExclusiveStartKey"] = _decode_token(next_token, partition)
        with throttling_is_503():
            page = client("dynamodb").query(**kwargs)
        last = page.get("LastEvaluatedKey")
        return InvoicePage([records.invoice_from(from_item(i)) for i in page.get("Items", [])],
                           _encode_token(last) if last else None)

    def create_invoice(self, invoice: BilledInvoice) -> bool:
        """False when the invoice exists (another run wrote it). Its first attempt is written after it,
        from the copy the invoice keeps (ensure_collection): a crash in between loses nothing."""
        if self.get_invoice_consistently(invoice.invoice_id) is not None:
            return False
        try:
            self._transact([self._create(self._invoice_item(invoice))])
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise
        if invoice.first_attempt is not None:
            self.ensure_collection(invoice.first_attempt)
        return True

    def get_invoice_consistently(self, invoice_id: str) -> BilledInvoice | None:
        row = self._get(_invoice_pk(invoice_id), "INVOICE", consistent=True)
        return None if row is None else records.invoice_from(row)

    def next_structured_communication_base(self) -> int:
        """1, 2, 3...: unique per invoice. A number drawn by a run that then finds its invoice already
        written is lost, which only leaves a gap."""
        with throttling_is_503():
            answer = client("dynamodb").update_item(
                TableName=self.table, Key=key(*_COUNTER), UpdateExpression="ADD lastBase :one",
                ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues="UPDATED_NEW")
        return int(answer["Attributes"]["lastBase"]["N"])

    # --------------------------------------------------------------------------------- collections
    def get_collection(self, end_to_end_id: str) -> CollectionAttempt | None:
        row = self._get(_collection_pk(end_to_end_id), "COLLECTION")
        return None if row is None else records.collection_from(row)

    def collection_with_results(self, end_to_end_id: str) -> tuple[CollectionAttempt | None, set[ResultStatus]]:
        """The attempt and the bank results already applied to it, in one Query of its partition."""
        rows = self._query_all(KeyConditionExpression="pk = :pk",
                               ExpressionAttributeValues={":pk": {"S": _collection_pk(end_to_end_id)}},
                               ConsistentRead=True)
        found = next((records.collection_from(r) for r in rows if r["sk"] == "COLLECTION"), None)
        seen = {ResultStatus(r["sk"].removeprefix("RESULT#")) for r in rows if r["sk"].startswith("RESULT#")}
        return found, seen

    def ensure_collection(self, collection: CollectionAttempt) -> None:
        """Write the attempt unless it exists (its id is derived: an existing one is this one, perhaps
        already further along)."""
        try:
            self._transact([self._create(self._collection_item(collection))])
        except ClientError as exc:
            if not is_condition_failure(exc):
                raise

    def collections_of_mandate(self, reference: str) -> list[CollectionAttempt]:
        rows = self._query_all(IndexName=BY_PARENT, KeyConditionExpression="gsi1pk = :p",
                               ExpressionAttributeValues={":p": {"S": f"MANDATE#{reference}#COLLECTIONS"}})
        return [records.collection_from(r) for r in rows]

    def collections_to_submit(self, through: date) -> list[CollectionAttempt]:
        # "#" and every id character sort below "~": the bound takes every day up to `through`.
        rows = self._query_all(IndexName=TO_SUBMIT, KeyConditionExpression="submitPk = :k AND submitSk <= :bound",
                               ExpressionAttributeValues={":k": {"S": "TO_SUBMIT"},
                                                          ":bound": {"S": f"{through.isoformat()}#~"}})
        return [records.collection_from(r) for r in rows]

    def save_collection(self, collection: CollectionAttempt) -> CollectionAttempt:
        """On the version `collection` was read at (its `version`)."""
        self._transact_or_conflict([self._versioned(self._collection_item(collection), collection.version)],
                                   "collection")
        return replace(collection, version=collection.version + 1)

    def claim(self, collection: CollectionAttempt, batch_id: str) -> bool:
        """Put a prenotified attempt in a batch (and the batch's member row), once: False when it is
        already in one or changed since it was read."""
        claimed = replace(collection, batch_id=batch_id)
        member = {**key(_batch_pk(batch_id), f"MEMBER#{collection.end_to_end_id}"),
                  **to_item(records.collection_attrs(claimed))}
        try:
            self._transact([self._versioned(self._collection_item(claimed), collection.version,
                                            extra_condition="attribute_not_exists(batchId)"),
                            self._create(member)])
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise
        return True

    # -------------------------------------------------------------------------------------- results
    def record_result(self, status: ResultStatus, before: CollectionAttempt, after: CollectionAttempt,
                      invoice: BilledInvoice | None, next_attempt: CollectionAttempt | None) -> bool:
        """The result's marker, the attempt, the invoice and the new attempt, all or nothing. False when
        the marker exists: the same result was applied already (a duplicate message)."""
        marker = {**key(_collection_pk(before.end_to_end_id), f"RESULT#{status.value}"),
                  **to_item({"status": status.value, "reasonCode": after.return_reason})}
        writes = [self._create(marker), self._versioned(self._collection_item(after), before.version)]
        if invoice is not None:
            writes.append(self._versioned(self._invoice_item(invoice), invoice.version))
        if next_attempt is not None:
            writes.append(self._create(self._collection_item(next_attempt)))
        try:
            self._transact(writes)
        except ClientError as exc:
            if is_condition_failure(exc) and 0 in _failed(exc):
                return False
            if is_condition_failure(exc):
                raise ChangedConcurrently("collection") from exc
            raise
        return True

    # -------------------------------------------------------------------------------------- batches
    def create_batch(self, batch: CollectionBatch) -> bool:
        try:
            self._transact([self._create(self._batch_item(batch))])
        except ClientError as exc:
            if is_condition_failure(exc):
                return False
            raise
        return True

    def get_batch(self, batch_id: str) -> CollectionBatch | None:
        row = self._get(_batch_pk(batch_id), "BATCH", consistent=True)
        return None if row is None else records.batch_from(row)

    def save_batch(self, batch: CollectionBatch, *, expected_status: str) -> None:
        """Moves the batch on from `expected_status` (OPEN): only one run submits or abandons it."""
        item = self._batch_item(batch)
        self._transact_or_conflict([{"Put": {
            "TableName": self.table, "Item": item, "ConditionExpression": "#s = :expected",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": {":expected": {"S": expected_status}}}}], "batch")

    def batch_members(self, batch_id: str) -> list[CollectionAttempt]:
        rows = self._query_all(KeyConditionExpression="pk = :pk AND begins_with(sk, :m)",
                               ExpressionAttributeValues={":pk": {"S": _batch_pk(batch_id)},
                                                          ":m": {"S": "MEMBER#"}}, ConsistentRead=True)
        return [records.collection_from(r) for r in rows]

    def drop_member(self, batch_id: str, collection: CollectionAttempt) -> CollectionAttempt:
        """Take a never-sent attempt out of an abandoned batch (it is re-dated by the caller)."""
        released = replace(collection, batch_id=None)
        self._transact_or_conflict([
            self._versioned(self._collection_item(released), collection.version),
            {"Delete": {"TableName": self.table, "Key": key(_batch_pk(batch_id),
                                                            f"MEMBER#{collection.end_to_end_id}")}}],
            "collection")
        return replace(released, version=collection.version + 1)

    # ---------------------------------------------------------------------------------------- lease
    def acquire_lease(self, owner: str, now: datetime, until: datetime) -> bool:
        """True when free, expired, or already ours (a retried run takes its own lease back)."""
        try:
            with throttling_is_503():
                client("dynamodb").put_item(
                    TableName=self.table, Item={**key(*_SUBMISSION_LEASE), **to_item(
                        {"owner": owner, "leaseUntil": iso_instant(until)})},
                    ConditionExpression="attribute_not_exists(pk) OR leaseUntil <= :now OR #o = :owner",
                    ExpressionAttributeNames={"#o": "owner"},
                    ExpressionAttributeValues={":now": {"S": iso_instant(now)}, ":owner": {"S": owner}})
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def release_lease(self, owner: str) -> None:
        try:
            with throttling_is_503():
                client("dynamodb").delete_item(TableName=self.table, Key=key(*_SUBMISSION_LEASE),
                                               ConditionExpression="#o = :owner",
                                               ExpressionAttributeNames={"#o": "owner"},
                                               ExpressionAttributeValues={":owner": {"S": owner}})
        except ClientError as exc:
            if error_code(exc) != "ConditionalCheckFailedException":
                raise

    # ---------------------------------------------------------------------------------------- items
    @staticmethod
    def _invoice_item(invoice: BilledInvoice) -> dict[str, Any]:
        attrs = {**records.invoice_attrs(invoice), "gsi1pk": _company_invoices(invoice.company_id),
                 "gsi1sk": f"{invoice.invoice.week.monday.isoformat()}#{invoice.sequence:03d}"}
        return {**key(_invoice_pk(invoice.invoice_id), "INVOICE"), **to_item(attrs)}

    @staticmethod
    def _collection_item(collection: CollectionAttempt) -> dict[str, Any]:
        attrs = {**records.collection_attrs(collection),
                 "gsi1pk": f"MANDATE#{collection.mandate.reference}#COLLECTIONS",
                 "gsi1sk": f"{collection.due_on.isoformat()}#{collection.end_to_end_id}"}
        if collection.awaiting_submission:
            attrs |= {"submitPk": "TO_SUBMIT",
                      "submitSk": f"{collection.submit_on.isoformat()}#{collection.end_to_end_id}"}
        return {**key(_collection_pk(collection.end_to_end_id), "COLLECTION"), **to_item(attrs)}

    @staticmethod
    def _batch_item(batch: CollectionBatch) -> dict[str, Any]:
        return {**key(_batch_pk(batch.batch_id), "BATCH"), **to_item(records.batch_attrs(batch))}

    def _create(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"Put": {"TableName": self.table, "Item": {**item, "version": {"N": "0"}},
                        "ConditionExpression": "attribute_not_exists(pk)"}}

    def _versioned(self, item: dict[str, Any], read_at: int, *, extra_condition: str | None = None) -> dict[str, Any]:
        condition = "version = :read" + (f" AND {extra_condition}" if extra_condition else "")
        return {"Put": {"TableName": self.table, "Item": {**item, "version": {"N": str(read_at + 1)}},
                        "ConditionExpression": condition,
                        "ExpressionAttributeValues": {":read": {"N": str(read_at)}}}}

    # ------------------------------------------------------------------------------------------ I/O
    def _transact(self, writes: Sequence[dict[str, Any]]) -> None:
        with throttling_is_503():
            if len(writes) == 1 and "Put" in writes[0]:
                client("dynamodb").put_item(**writes[0]["Put"])
            else:
                client("dynamodb").transact_write_items(TransactItems=list(writes))

    def _transact_or_conflict(self, writes: Sequence[dict[str, Any]], what: str) -> None:
        try:
            self._transact(writes)
        except ClientError as exc:
            if is_condition_failure(exc):
                raise ChangedConcurrently(what) from exc
            raise

    def _get(self, pk: str, sk: str, *, consistent: bool = False) -> dict[str, Any] | None:
        with throttling_is_503():
            answer = client("dynamodb").get_item(TableName=self.table, Key=key(pk, sk), ConsistentRead=consistent)
        item = answer.get("Item")
        return None if item is None else from_item(item)

    def _query_all(self, **kwargs: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        while True:
            with throttling_is_503():
                page = client("dynamodb").query(TableName=self.table, **kwargs)
            rows += [from_item(i) for i in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return rows
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _failed(exc: ClientError) -> set[int]:
    reasons = exc.response.get("CancellationReasons") or []
    if not reasons:  # a single conditional put, not a transaction
        return {0}
    return {i for i, reason in enumerate(reasons) if reason.get("Code") == "ConditionalCheckFailed"}


def _encode_token(last_key: dict[str, Any]) -> str:
    plain = {name: value["S"] for name, value in last_key.items()}
    return base64.urlsafe_b64encode(json.dumps(plain, sort_keys=True).encode()).decode().rstrip("=")


def _decode_token(token: str, partition: str) -> dict[str, Any]:
    """A token from another list (or forged) is refused rather than followed."""
    invalid = InvalidInput("The nextToken is not one this list returned.", code="INVALID_NEXT_TOKEN",
                           details=[{"field": "nextToken", "message": "not a token of this list"}])
    try:
        plain = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise invalid from exc
    if (not isinstance(plain, dict) or plain.get("gsi1pk") != partition
            or set(plain) != {"pk", "sk", "gsi1pk", "gsi1sk"} or not all(isinstance(v, str) for v in plain.values())):
        raise invalid
    return {name: {"S": value} for name, value in plain.items()}
