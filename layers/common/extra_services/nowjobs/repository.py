"""DynamoDB access for NOWJOBS: table NowjobsTable. Intended template definition:

  NowjobsTable:
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
        - {AttributeName: duePk, AttributeType: S}
        - {AttributeName: dueSk, AttributeType: S}
        - {AttributeName: unbilledWeek, AttributeType: S}
        - {AttributeName: unbilledSk, AttributeType: S}
      KeySchema:
        - {AttributeName: pk, KeyType: HASH}
        - {AttributeName: sk, KeyType: RANGE}
      GlobalSecondaryIndexes:
        - IndexName: ByParent
          KeySchema:
            - {AttributeName: gsi1pk, KeyType: HASH}
            - {AttributeName: gsi1sk, KeyType: RANGE}
          Projection: {ProjectionType: ALL}
        - IndexName: DueItems
          KeySchema:
            - {AttributeName: duePk, KeyType: HASH}
            - {AttributeName: dueSk, KeyType: RANGE}
          Projection: {ProjectionType: ALL}
        - IndexName: UnbilledByWeek
          KeySchema:
            - {AttributeName: unbilledWeek, KeyType: HASH}
            - {AttributeName: unbilledSk, KeyType: RANGE}
          Projection: {ProjectionType: ALL}
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
      DeletionProtectionEnabled: true
      SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !Ref DataKey}

Items (pk | sk | GSI keys):
  COMPANY#{companyId}    | COMPANY              | gsi1pk=ENTERPRISE#{number}#COMPANIES gsi1sk={registeredAt}#{id};
                                                  duePk=COMPANY_ACTIVATION dueSk={activationDue}#{id} while awaiting
  COMPANY#{companyId}    | DISCOUNT_CODE        | the welcome discount of the company
  DISCOUNT_CODE#{code}   | DISCOUNT_CODE        | uniqueness of the code
  ENTERPRISE#{number}    | NOWJOBS_REGISTRATION | one live registration per enterprise (companyId, refused)
  MANDATE#{reference}    | MANDATE              | uniqueness of the SEPA mandate reference
  OFFER#{offerId}        | OFFER                | gsi1pk=COMPANY#{companyId}#OFFERS gsi1sk={publishedAt}#{id}
  OFFER#{offerId}        | WORKER#{workerId}    | one application per worker and offer (applicationId)
  INVITATION#{id}        | INVITATION           | gsi1pk=COMPANY#{companyId}#INVITATIONS gsi1sk={createdAt}#{id}
  INVITATION_REQUEST#{r} | INVITATION_REQUEST   | the invitation an Idempotency-Key request created (invitationId,
                                                  requestHash); r = replay.derived_id(company, person, key)
  APPLICATION#{id}       | APPLICATION          | gsi1pk=OFFER#{offerId}#APPLICATIONS gsi1sk={receivedAt}#{id}
  CONTRACT#{contractId}  | CONTRACT             | gsi1pk=COMPANY#{companyId}#CONTRACTS gsi1sk={createdAt}#{id}
  CONTRACT#{contractId}  | TIMESHEET#{shiftStart} | duePk=TIMESHEET_REMINDER dueSk={remindAt}#{shiftId} until reminded,
                                                  then duePk=TIMESHEET_DEADLINE dueSk={dueAt}#{shiftId} until confirmed;
                                                  unbilledWeek/unbilledSk once confirmed and not yet billed
  CONTRACT#{contractId}  | RATING               | the one rating
  COMPANY#/CONTRACT#{id} | EVENT#{eventId}      | a processed partner event (written with the change it caused)

Billing (UnbilledByWeek, sparse): a timesheet whose hours are confirmed (CONFIRMED or CONFIRMED_BY_DEFAULT)
and not yet on an invoice carries
  unbilledWeek = "{monday}"                                  the invoicing week, e.g. "2026-03-02" (Monday,
                                                             Europe/Brussels date; billing/calendar.invoicing_week_of
                                                             of the shift's work date)
  unbilledSk   = "{companyId}#{contractId}#{shiftStart}"     shiftStart ISO 8601 UTC, e.g. 2026-03-03T08:00:00Z
so a billing run pages through IndexName=UnbilledByWeek, KeyConditionExpression "unbilledWeek = :monday"
(`unbilled_page`: whole items, ALL projection, a company's shifts never split across pages) and gets every due
line once, no Scan and no GetItem per shift. Each item's `line` map is the priced ShiftLine;
Timesheet.billable_line() gives billing's BillableLine. `mark_billed` sets invoiceId and REMOVEs both
attributes, which takes the item out of the index.

Instants in keys are iso_instant (UTC, second precision, "Z"), so strings sort as time. The DueItems and
UnbilledByWeek partitions are per kind and per week: a few thousand items a day is far below one partition's
throughput; shard by day (e.g. TIMESHEET_REMINDER#{date}) if that changes."""
from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from botocore.exceptions import ClientError
from msgspec import Struct
from msgspec.structs import replace

from extra_services.aws_clients import client
from extra_services.billing.billable import DiscountCodeState
from extra_services.clock import iso_instant
from extra_services.dynamo import from_item, is_condition_failure, key, throttling_is_503, to_item
from extra_services.errors import ChangedConcurrently, Conflict, InvalidInput
from extra_services.nowjobs import records
from extra_services.nowjobs.application import Application
from extra_services.nowjobs.company import Company, ExistingRegistration
from extra_services.nowjobs.contract import Contract, Rating
from extra_services.nowjobs.discount_code import WelcomeDiscount
from extra_services.nowjobs.invitation import Invitation
from extra_services.nowjobs.job_offer import JobOffer
from extra_services.nowjobs.statuses import CompanyStatus, TimesheetStatus
from extra_services.nowjobs.timesheet import Timesheet

BY_PARENT = "ByParent"
DUE_ITEMS = "DueItems"
UNBILLED_BY_WEEK = "UnbilledByWeek"
COMPANY_ACTIVATION = "COMPANY_ACTIVATION"
TIMESHEET_REMINDER = "TIMESHEET_REMINDER"
TIMESHEET_DEADLINE = "TIMESHEET_DEADLINE"
MAX_PAGE = 100
BATCH_GET = 100  # BatchGetItem's limit per call
_UNBILLED_CURSOR = frozenset({"unbilledSk", "pk", "sk"})

T = TypeVar("T")


class PageOf(Struct, Generic[T], frozen=True):
    items: list[T]
    next_token: str | None


class UnbilledPage(Struct, frozen=True):
    """Confirmed, unbilled hours of one invoicing week, in index order (company by company)."""

    timesheets: list[Timesheet]
    after: dict[str, str] | None  # where the next page starts; None once the week is read to its end


def _company_pk(company_id: str) -> str:
    return f"COMPANY#{company_id}"


def _contract_pk(contract_id: str) -> str:
    return f"CONTRACT#{contract_id}"


def _timesheet_sk(shift_start: datetime) -> str:
    return f"TIMESHEET#{iso_instant(shift_start)}"


class NowjobsRepository:
    def __init__(self, table_name: str) -> None:
        self.table = table_name

    # ------------------------------------------------------------------------------------ companies
    def registration_of(self, enterprise_number: str) -> ExistingRegistration | None:
        row = self._get(f"ENTERPRISE#{enterprise_number}", "NOWJOBS_REGISTRATION")
        return None if row is None else ExistingRegistration(row["companyId"], bool(row["refused"]))

    def create_company(self, company: Company, previous: ExistingRegistration | None) -> None:
        """The company, its enterprise's registration guard and its mandate reference, all or nothing."""
        guard = {**key(f"ENTERPRISE#{company.enterprise_number}", "NOWJOBS_REGISTRATION"),
                 **to_item({"companyId": company.company_id, "refused": False})}
        if previous is None:
            guard_condition: dict[str, Any] = {"ConditionExpression": "attribute_not_exists(pk)"}
        else:
            guard_condition = {"ConditionExpression": "companyId = :previous AND refused = :true",
                               "ExpressionAttributeValues": {":previous": {"S": previous.company_id},
                                                             ":true": {"BOOL": True}}}
        reference = company.mandate.mandate.reference
        self._transact([
            self._create(self._company_item(company)),
            {"Put": {"TableName": self.table, "Item": guard, **guard_condition}},
            self._create({**key(f"MANDATE#{reference}", "MANDATE"), **to_item({"companyId": company.company_id})}),
        ], on_conflict=lambda _: Conflict("This enterprise was registered with NOWJOBS meanwhile.",
                                          code="COMPANY_ALREADY_REGISTERED"))

    def get_company(self, company_id: str, *, consistent: bool = False) -> Company | None:
        row = self._get(_company_pk(company_id), "COMPANY", consistent=consistent)
        return None if row is None else records.company_from(row)

    def companies_of_enterprise(self, enterprise_number: str) -> list[Company]:
        rows, _ = self._query(BY_PARENT, "gsi1pk", f"ENTERPRISE#{enterprise_number}#COMPANIES", limit=MAX_PAGE)
        return [records.company_from(r) for r in rows]

    def save_company(self, company: Company, *, event_id: str | None = None) -> Company:
        """Optimistic locking on `version`; the partner event id is recorded with the change."""
        writes = [self._versioned(self._company_item(company), company.version)]
        writes += self._event_record(_company_pk(company.company_id), event_id)
        if company.status is CompanyStatus.REFUSED:
            writes.append({"Update": {
                "TableName": self.table, "Key": key(f"ENTERPRISE#{company.enterprise_number}", "NOWJOBS_REGISTRATION"),
                "UpdateExpression": "SET refused = :true", "ConditionExpression": "companyId = :id",
                "ExpressionAttributeValues": {":true": {"BOOL": True}, ":id": {"S": company.company_id}}}})
        self._transact(writes, on_conflict=lambda _: ChangedConcurrently("company"))
        return replace(company, version=company.version + 1)

    def get_companies(self, company_ids: Collection[str]) -> dict[str, Company]:
        """The companies that exist among `company_ids`, in BatchGetItem calls of 100 (one read each)."""
        rows = self._batch_get([key(_company_pk(c), "COMPANY") for c in sorted(set(company_ids))])
        return {row["companyId"]: records.company_from(row) for row in rows}

    def companies_awaiting_activation_due_by(self, now: datetime) -> list[Company]:
        rows = self._due(COMPANY_ACTIVATION, now)
        return [records.company_from(r) for r in rows]

    # ------------------------------------------------------------------------------- discount codes
    def create_discount(self, discount: WelcomeDiscount) -> bool:
        """False when the code is taken by another company (draw another); Conflict when the company
        already has one."""
        item = {**key(_company_pk(discount.company_id), "DISCOUNT_CODE"), **to_item(records.discount_attrs(discount))}
        guard = {**key(f"DISCOUNT_CODE#{discount.code}", "DISCOUNT_CODE"),
                 **to_item({"companyId": discount.company_id})}
        try:
            self._transact([self._create(item), self._create(guard)], on_conflict=None)
        except ClientError as exc:
            if _failed(exc) == {1}:
                return False
            raise Conflict("The company already has its welcome discount code.",
                           code="DISCOUNT_CODE_ALREADY_ISSUED") from exc
        return True

    def get_discount(self, company_id: str) -> WelcomeDiscount | None:
        row = self._get(_company_pk(company_id), "DISCOUNT_CODE")
        return None if row is None else records.discount_from(row)

    def claim_discount(self, company_id: str, invoice_id: str, at: datetime) -> WelcomeDiscount | None:
        """The welcome discount marked used by `invoice_id` in one conditional write (discount_code.redeem's
        rule, without reading it first): None when the company has none or another invoice used it; the
        same answer again for the same invoice (usedAt stays the first claim's)."""
        try:
            with throttling_is_503():
                answer = client("dynamodb").update_item(
                    TableName=self.table, Key=key(_company_pk(company_id), "DISCOUNT_CODE"),
                    UpdateExpression="SET #state = :used, usedOnInvoice = :invoice, "
                                     "usedAt = if_not_exists(usedAt, :at) ADD version :one",
                    ConditionExpression="attribute_exists(pk) AND (#state = :unused OR usedOnInvoice = :invoice)",
                    ExpressionAttributeNames={"#state": "state"},
                    ExpressionAttributeValues={":used": {"S": DiscountCodeState.USED.value},
                                               ":unused": {"S": DiscountCodeState.UNUSED.value},
                                               ":invoice": {"S": invoice_id}, ":at": {"S": iso_instant(at)},
                                               ":one": {"N": "1"}},
                    ReturnValues="ALL_NEW")
        except ClientError as exc:
            if is_condition_failure(exc):
                return None
            raise
        return records.discount_from(from_item(answer["Attributes"]))

    def save_discount(self, discount: WelcomeDiscount) -> WelcomeDiscount:
        item = {**key(_company_pk(discount.company_id), "DISCOUNT_CODE"), **to_item(records.discount_attrs(discount))}
        self._transact([self._versioned(item, discount.version)],
                       on_conflict=lambda _: ChangedConcurrently("discount code"))
        return replace(discount, version=discount.version + 1)

    # --------------------------------------------------------------------------------------- offers
    def create_offer(self, offer: JobOffer) -> None:
        self._put_new(self._offer_item(offer), "job offer")

    def get_offer(self, offer_id: str, *, consistent: bool = False) -> JobOffer | None:
        row = self._get(f"OFFER#{offer_id}", "OFFER", consistent=consistent)
        return None if row is None else records.offer_from(row)

    def offers_of_company(self, company_id: str, *, limit: int, next_token: str | None) -> PageOf[JobOffer]:
        rows, token = self._query(BY_PARENT, "gsi1pk", f"COMPANY#{company_id}#OFFERS", limit=limit,
                                  next_token=next_token)
        return PageOf([records.offer_from(r) for r in rows], token)

    # ---------------------------------------------------------------------------------- invitations
    def create_invitation(self, invitation: Invitation, *, request: tuple[str, str] | None = None) -> None:
        """The invitation; with `request` (its id, the body's hash) also the record of the Idempotency-Key
        request that created it, in the same transaction (the invitation id stays a random secret)."""
        item = {**key(f"INVITATION#{invitation.invitation_id}", "INVITATION"), **to_item({
            **records.invitation_attrs(invitation),
            "gsi1pk": f"COMPANY#{invitation.company_id}#INVITATIONS",
            "gsi1sk": f"{iso_instant(invitation.created_at)}#{invitation.invitation_id}"})}
        if request is None:
            self._put_new(item, "invitation")
            return
        request_id, request_hash = request
        made_by = {**key(f"INVITATION_REQUEST#{request_id}", "INVITATION_REQUEST"),
                   **to_item({"invitationId": invitation.invitation_id, "requestHash": request_hash})}
        self._transact([self._create(item), self._create(made_by)],
                       on_conflict=lambda _: Conflict("This invitation already exists.", code="ALREADY_EXISTS"))

    def invitation_of_request(self, request_id: str) -> tuple[Invitation, str] | None:
        """The invitation the Idempotency-Key request `request_id` created, and that request's body hash."""
        made_by = self._get(f"INVITATION_REQUEST#{request_id}", "INVITATION_REQUEST", consistent=True)
        if made_by is None:
            return None
        row = self._get(f"INVITATION#{made_by['invitationId']}", "INVITATION", consistent=True)
        return None if row is None else (records.invitation_from(row), str(made_by["requestHash"]))

    def get_invitation(self, invitation_id: str) -> Invitation | None:
        row = self._get(f"INVITATION#{invitation_id}", "INVITATION")
        return None if row is None else records.invitation_from(row)

    # --------------------------------------------------------------------------------- applications
    def create_application(self, application: Application) -> Application:
        """The application; or the worker's earlier application to the same offer (a repeat has no effect)."""
        item = {**key(f"APPLICATION#{application.application_id}", "APPLICATION"), **to_item({
            **records.application_attrs(application),
            "gsi1pk": f"OFFER#{application.offer_id}#APPLICATIONS",
            "gsi1sk": f"{iso_instant(application.received_at)}#{application.application_id}"})}
        guard = {**key(f"OFFER#{application.offer_id}", f"WORKER#{application.worker_id}"),
                 **to_item({"applicationId": application.application_id})}
        try:
            self._transact([self._create(item), self._create(guard)], on_conflict=None)
        except ClientError as exc:
            existing = self._get(f"OFFER#{application.offer_id}", f"WORKER#{application.worker_id}",
                                 consistent=True)
            earlier = self.get_application(existing["applicationId"]) if existing else None
            if earlier is None:
                raise ChangedConcurrently("application") from exc
            return earlier
        return application

    def get_application(self, application_id: str) -> Application | None:
        row = self._get(f"APPLICATION#{application_id}", "APPLICATION")
        return None if row is None else records.application_from(row)

    def applications_of_offer(self, offer_id: str, *, limit: int,
                              next_token: str | None) -> PageOf[Application]:
        rows, token = self._query(BY_PARENT, "gsi1pk", f"OFFER#{offer_id}#APPLICATIONS", limit=limit,
                                  next_token=next_token)
        return PageOf([records.application_from(r) for r in rows], token)

    # ------------------------------------------------------------------------------------ contracts
    def create_contract(self, contract: Contract) -> None:
        """The contract, linked to its application, taking one of the offer's positions."""
        self._transact([
            self._create(self._contract_item(contract)),
            {"Update": {"TableName": self.table, "Key": key(f"APPLICATION#{contract.application_id}", "APPLICATION"),
                        "UpdateExpression": "SET contractId = :id",
                        "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(contractId)",
                        "ExpressionAttributeValues": {":id": {"S": contract.contract_id}}}},
            self._position_change(contract.offer_id, +1),
        ], on_conflict=lambda failed: Conflict("No position of the offer is left.", code="NO_POSITION_LEFT")
            if 2 in failed else ChangedConcurrently("application"))

    def get_contract(self, contract_id: str) -> Contract | None:
        row = self._get(_contract_pk(contract_id), "CONTRACT")
        return None if row is None else records.contract_from(row)

    def contracts_of_company(self, company_id: str, *, limit: int, next_token: str | None) -> PageOf[Contract]:
        rows, token = self._query(BY_PARENT, "gsi1pk", f"COMPANY#{company_id}#CONTRACTS", limit=limit,
                                  next_token=next_token)
        return PageOf([records.contract_from(r) for r in rows], token)

    def save_contract(self, before: Contract, after: Contract, *, event_id: str | None = None,
                      new_timesheets: Sequence[Timesheet] = (),
                      dropped_timesheets: Sequence[Timesheet] = ()) -> Contract:
        """The change, its partner event id, the offer's position count and the timesheets it opens or
        drops: all or nothing, on the version `before` was read at."""
        writes = [self._versioned(self._contract_item(after), before.version)]
        writes += self._event_record(_contract_pk(after.contract_id), event_id)
        delta = int(after.holds_a_position) - int(before.holds_a_position)
        if delta:
            writes.append(self._position_change(after.offer_id, delta))
        writes += [self._create(self._timesheet_item(t)) for t in new_timesheets]
        writes += [{"Delete": {"TableName": self.table,
                               "Key": key(_contract_pk(t.contract_id), _timesheet_sk(t.planned.start)),
                               "ConditionExpression": "#s = :awaiting",
                               "ExpressionAttributeNames": {"#s": "status"},
                               "ExpressionAttributeValues": {":awaiting": {"S": TimesheetStatus.AWAITING_HOURS}}}}
                   for t in dropped_timesheets]
        position_index = 2 if event_id else 1
        self._transact(writes, on_conflict=lambda failed: Conflict(
            "No position of the offer is left.", code="NO_POSITION_LEFT")
            if delta > 0 and position_index in failed else ChangedConcurrently("contract"))
        return replace(after, version=before.version + 1)

    def event_seen(self, aggregate_pk: str, event_id: str | None) -> bool:
        return event_id is not None and self._get(aggregate_pk, f"EVENT#{event_id}", consistent=True) is not None

    # ----------------------------------------------------------------------------------- timesheets
    def get_timesheet(self, contract_id: str, shift_start: datetime) -> Timesheet | None:
        row = self._get(_contract_pk(contract_id), _timesheet_sk(shift_start))
        return None if row is None else records.timesheet_from(row)

    def get_timesheets(self, keys: Sequence[tuple[str, datetime]], *, consistent: bool = False) -> list[Timesheet]:
        """The timesheets (contract id, shift start) that exist, in BatchGetItem calls of 100."""
        rows = self._batch_get([key(_contract_pk(c), _timesheet_sk(s)) for c, s in keys], consistent=consistent)
        return [records.timesheet_from(r) for r in rows]

    def timesheets_of_contract(self, contract_id: str) -> list[Timesheet]:
        rows = self._query_all(KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
                               ExpressionAttributeValues={":pk": {"S": _contract_pk(contract_id)},
                                                          ":prefix": {"S": "TIMESHEET#"}})
        return [records.timesheet_from(r) for r in rows]

    def save_timesheet(self, timesheet: Timesheet) -> Timesheet:
        self._transact([self._versioned(self._timesheet_item(timesheet), timesheet.version)],
                       on_conflict=lambda _: ChangedConcurrently("timesheet"))
        return replace(timesheet, version=timesheet.version + 1)

    def timesheets_to_remind_by(self, now: datetime) -> list[Timesheet]:
        return [records.timesheet_from(r) for r in self._due(TIMESHEET_REMINDER, now)]

    def timesheets_due_by(self, now: datetime) -> list[Timesheet]:
        return [records.timesheet_from(r) for r in self._due(TIMESHEET_DEADLINE, now)]

    def unbilled_timesheets(self, week_monday: date, company_id: str | None = None) -> list[Timesheet]:
        """The billing run's query: confirmed, not yet invoiced hours of one invoicing week."""
        condition = "unbilledWeek = :week"
        values = {":week": {"S": week_monday.isoformat()}}
        if company_id is not None:
            condition += " AND begins_with(unbilledSk, :company)"
            values[":company"] = {"S": f"{company_id}#"}
        rows = self._query_all(IndexName=UNBILLED_BY_WEEK, KeyConditionExpression=condition,
                               ExpressionAttributeValues=values)
        return [records.timesheet_from(r) for r in rows]

    def unbilled_page(self, week_monday: date, *, after: dict[str, str] | None, size: int) -> UnbilledPage:
        """About `size` unbilled shifts of the week from `after` on, whole items: the page is completed
        with the rest of its last company's shifts (begins_with on that company), so a company is billed
        from one page and no shift is read twice."""
        monday = week_monday.isoformat()
        week = {":week": {"S": monday}}
        kwargs: dict[str, Any] = {"TableName": self.table, "IndexName": UNBILLED_BY_WEEK, "Limit": size,
                                  "KeyConditionExpression": "unbilledWeek = :week", "ExpressionAttributeValues": week}
        if after is not None:
            kwargs["ExclusiveStartKey"] = _unbilled_key(monday, after)
        with throttling_is_503():
            page = client("dynamodb").query(**kwargs)
        rows = [from_item(i) for i in page.get("Items", [])]
        last = page.get("LastEvaluatedKey")
        if last is None or not rows:
            return UnbilledPage([records.timesheet_from(r) for r in rows], None)
        rows += self._query_all(IndexName=UNBILLED_BY_WEEK, ExclusiveStartKey=last,
                                KeyConditionExpression="unbilledWeek = :week AND begins_with(unbilledSk, :company)",
                                ExpressionAttributeValues={**week, ":company": {"S": f"{rows[-1]['companyId']}#"}})
        return UnbilledPage([records.timesheet_from(r) for r in rows],
                            {name: str(rows[-1][name]) for name in sorted(_UNBILLED_CURSOR)})

    def mark_billed(self, contract_id: str, shift_start: datetime, invoice_id: str) -> None:
        """Takes the hours out of UnbilledByWeek; repeating it for the same invoice is harmless."""
        try:
            with throttling_is_503():
                client("dynamodb").update_item(
                    TableName=self.table, Key=key(_contract_pk(contract_id), _timesheet_sk(shift_start)),
                    UpdateExpression="SET invoiceId = :invoice REMOVE unbilledWeek, unbilledSk",
                    ConditionExpression="attribute_exists(unbilledWeek) OR invoiceId = :invoice",
                    ExpressionAttributeValues={":invoice": {"S": invoice_id}})
        except ClientError as exc:
            if is_condition_failure(exc):
                raise Conflict("These hours are not billable or were billed on another invoice.",
                               code="HOURS_NOT_BILLABLE") from exc
            raise

    # --------------------------------------------------------------------------------------- rating
    def create_rating(self, contract_id: str, rating: Rating) -> None:
        item = {**key(_contract_pk(contract_id), "RATING"), **to_item(records.rating_attrs(contract_id, rating))}
        try:
            with throttling_is_503():
                client("dynamodb").put_item(TableName=self.table, Item=item,
                                            ConditionExpression="attribute_not_exists(pk)")
        except ClientError as exc:
            if is_condition_failure(exc):
                raise Conflict("This contract was already rated; a rating cannot be changed.",
                               code="ALREADY_RATED") from exc
            raise

    def get_rating(self, contract_id: str) -> Rating | None:
        row = self._get(_contract_pk(contract_id), "RATING")
        return None if row is None else records.rating_from(row)

    # -------------------------------------------------------------------------------------- items
    @staticmethod
    def _company_item(company: Company) -> dict[str, Any]:
        attrs = {**records.company_attrs(company),
                 "gsi1pk": f"ENTERPRISE#{company.enterprise_number}#COMPANIES",
                 "gsi1sk": f"{iso_instant(company.registered_at)}#{company.company_id}"}
        if company.awaiting_activation:
            attrs |= {"duePk": COMPANY_ACTIVATION,
                      "dueSk": f"{iso_instant(company.activation_due)}#{company.company_id}"}
        return {**key(_company_pk(company.company_id), "COMPANY"), **to_item(attrs)}

    @staticmethod
    def _offer_item(offer: JobOffer) -> dict[str, Any]:
        return {**key(f"OFFER#{offer.offer_id}", "OFFER"), **to_item({
            **records.offer_attrs(offer), "gsi1pk": f"COMPANY#{offer.company_id}#OFFERS",
            "gsi1sk": f"{iso_instant(offer.published_at)}#{offer.offer_id}"})}

    @staticmethod
    def _contract_item(contract: Contract) -> dict[str, Any]:
        return {**key(_contract_pk(contract.contract_id), "CONTRACT"), **to_item({
            **records.contract_attrs(contract), "gsi1pk": f"COMPANY#{contract.company_id}#CONTRACTS",
            "gsi1sk": f"{iso_instant(contract.created_at)}#{contract.contract_id}"})}

    @staticmethod
    def _timesheet_item(timesheet: Timesheet) -> dict[str, Any]:
        attrs = records.timesheet_attrs(timesheet)
        if timesheet.status is TimesheetStatus.AWAITING_HOURS:
            reminded = timesheet.reminded_at is not None
            attrs |= {"duePk": TIMESHEET_DEADLINE if reminded else TIMESHEET_REMINDER,
                      "dueSk": f"{iso_instant(timesheet.due_at if reminded else timesheet.remind_at)}"
                               f"#{timesheet.shift_id}"}
        week = timesheet.invoicing_week
        if timesheet.unbilled and week is not None:
            attrs |= {"unbilledWeek": week.isoformat(),
                      "unbilledSk": f"{timesheet.company_id}#{timesheet.contract_id}"
                                    f"#{iso_instant(timesheet.planned.start)}"}
        return {**key(_contract_pk(timesheet.contract_id), _timesheet_sk(timesheet.planned.start)), **to_item(attrs)}

    def _create(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"Put": {"TableName": self.table, "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}}

    def _versioned(self, item: dict[str, Any], read_at: int) -> dict[str, Any]:
        item = {**item, "version": {"N": str(read_at + 1)}}
        return {"Put": {"TableName": self.table, "Item": item, "ConditionExpression": "version = :read",
                        "ExpressionAttributeValues": {":read": {"N": str(read_at)}}}}

    def _event_record(self, aggregate_pk: str, event_id: str | None) -> list[dict[str, Any]]:
        if event_id is None:
            return []
        return [self._create({**key(aggregate_pk, f"EVENT#{event_id}"), **to_item({"eventId": event_id})})]

    def _position_change(self, offer_id: str, delta: int) -> dict[str, Any]:
        update: dict[str, Any] = {
            "TableName": self.table, "Key": key(f"OFFER#{offer_id}", "OFFER"),
            "UpdateExpression": "ADD filledPositions :delta",
            "ExpressionAttributeValues": {":delta": {"N": str(delta)}}}
        if delta > 0:
            update["ConditionExpression"] = "attribute_exists(pk) AND filledPositions < positions"
        return {"Update": update}

    # ------------------------------------------------------------------------------------------ I/O
    def _put_new(self, item: dict[str, Any], what: str) -> None:
        self._transact([self._create(item)], on_conflict=lambda _: Conflict(f"This {what} already exists.",
                                                                            code="ALREADY_EXISTS"))

    def _transact(self, writes: list[dict[str, Any]],
                  on_conflict: Callable[[set[int]], Conflict] | None) -> None:
        """One write or a transaction; a failed condition becomes `on_conflict(failed indexes)`, or is
        re-raised when None (the caller inspects it)."""
        try:
            with throttling_is_503():
                if len(writes) == 1 and "Put" in writes[0]:
                    client("dynamodb").put_item(**writes[0]["Put"])
                else:
                    client("dynamodb").transact_write_items(TransactItems=writes)
        except ClientError as exc:
            if is_condition_failure(exc) and on_conflict is not None:
                raise on_conflict(_failed(exc)) from exc
            raise

    def _get(self, pk: str, sk: str, *, consistent: bool = False) -> dict[str, Any] | None:
        with throttling_is_503():
            answer = client("dynamodb").get_item(TableName=self.table, Key=key(pk, sk), ConsistentRead=consistent)
        item = answer.get("Item")
        return None if item is None else from_item(item)

    def _batch_get(self, keys: Sequence[dict[str, Any]], *, consistent: bool = False) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for i in range(0, len(keys), BATCH_GET):
            request: dict[str, Any] = {self.table: {"Keys": list(keys[i:i + BATCH_GET]), "ConsistentRead": consistent}}
            while request:
                with throttling_is_503():
                    answer = client("dynamodb").batch_get_item(RequestItems=request)
                rows += [from_item(item) for item in answer.get("Responses", {}).get(self.table, [])]
                request = answer.get("UnprocessedKeys") or {}
        return rows

    def _due(self, kind: str, now: datetime) -> list[dict[str, Any]]:
        # "#" and every id character sort below "~": the bound takes every item due up to `now`.
        return self._query_all(IndexName=DUE_ITEMS, KeyConditionExpression="duePk = :kind AND dueSk <= :bound",
                               ExpressionAttributeValues={":kind": {"S": kind},
                                                          ":bound": {"S": f"{iso_instant(now)}#~"}})

    def _query(self, index: str, partition_attribute: str, partition: str, *, limit: int,
               next_token: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
        """One page, newest first."""
        kwargs: dict[str, Any] = {
            "TableName": self.table, "IndexName": index, "ScanIndexForward": False,
            "Limit": max(1, min(limit, MAX_PAGE)),
            "KeyConditionExpression": f"{partition_attribute} = :p",
            "ExpressionAttributeValues": {":p": {"S": partition}}}
        if next_token:
            kwargs["ExclusiveStartKey"] = _decode_token(next_token, partition_attribute, partition)
        with throttling_is_503():
            page = client("dynamodb").query(**kwargs)
        last = page.get("LastEvaluatedKey")
        return [from_item(i) for i in page.get("Items", [])], _encode_token(last) if last else None

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


def _unbilled_key(monday: str, after: dict[str, str]) -> dict[str, Any]:
    """The index key a page ended on, as unbilled_page handed it out (a run passes it back unchanged)."""
    if set(after) != _UNBILLED_CURSOR or not all(isinstance(v, str) and v for v in after.values()):
        raise InvalidInput("Not a position in the unbilled hours.", code="INVALID_UNBILLED_CURSOR")
    return {"unbilledWeek": {"S": monday}, **{name: {"S": value} for name, value in after.items()}}


def _encode_token(last_key: dict[str, Any]) -> str:
    plain = {name: value["S"] for name, value in last_key.items()}
    return base64.urlsafe_b64encode(json.dumps(plain, sort_keys=True).encode()).decode().rstrip("=")


def _decode_token(token: str, partition_attribute: str, partition: str) -> dict[str, Any]:
    """A token from another list (or forged) is refused rather than followed."""
    invalid = InvalidInput("The nextToken is not one this list returned.", code="INVALID_NEXT_TOKEN",
                           details=[{"field": "nextToken", "message": "not a token of this list"}])
    try:
        plain = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise invalid from exc
    if (not isinstance(plain, dict) or plain.get(partition_attribute) != partition
            or not all(isinstance(v, str) for v in plain.values())
            or set(plain) != {"pk", "sk", partition_attribute, "gsi1sk"}):
        raise invalid
    return {name: {"S": value} for name, value in plain.items()}
