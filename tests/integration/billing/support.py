"""Billing on the local stack (fixture make_app): hours worked and confirmed through the NOWJOBS handlers,
the billing handlers invoked as API Gateway would after its authorizers, the billing state machine and
its schedules on the virtual clock, and what ended up in the tables.

The clock starts on Monday 2 March 2026, 09:00 Brussels. Hours are worked on Tuesday 3 and Wednesday 4;
the weekly run bills that week on Thursday 12 March (06:00 Brussels); the collections fall due on
Thursday 26 March and go to the bank on Tuesday 24 (07:00 Brussels)."""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from boto3.dynamodb.types import TypeDeserializer
from msgspec import Struct
from msgspec.structs import replace
from schwifty import IBAN

from extra_services.billing.mandate import mandate_reference_for
from extra_services.nowjobs.repository import NowjobsRepository
from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.statuses import HoursConfirmedBy, TimesheetStatus
from extra_services.nowjobs.timesheet import Timesheet, hours_due_at, reminder_at
from extra_services.nowjobs.wage_quote import quote_shift
from extra_services.nowjobs.workers import Worker, WorkerStatus
from local_stack.testing import execution_history, state_path
from tests.support import channel_authorizer, partner_authorizer

WEEK = date(2026, 3, 2)
TUESDAY = {"start": "2026-03-03T09:00:00+01:00", "end": "2026-03-03T17:00:00+01:00", "breakMinutes": 30}
WEDNESDAY = {"start": "2026-03-04T09:00:00+01:00", "end": "2026-03-04T13:00:00+01:00", "breakMinutes": 0}
SHIFTS = [TUESDAY, WEDNESDAY]
AFTER_TUESDAY = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)
AFTER_WEDNESDAY = datetime(2026, 3, 4, 12, 30, tzinfo=UTC)
BEFORE_BILLING = datetime(2026, 3, 12, 4, 0, tzinfo=UTC)      # Thursday 05:00 Brussels
BILLING_RUN = datetime(2026, 3, 12, 5, 0, tzinfo=UTC)         # Thursday 06:00 Brussels: the schedule fires
SUBMISSION = datetime(2026, 3, 24, 6, 0, tzinfo=UTC)          # Tuesday 07:00 Brussels: due on Thursday 26
DUE_ON = "2026-03-26"
STATE_MACHINE = "NowjobsBillingStateMachine"
FLEXI = {"workerId": "W-FLEXI-1", "name": "Karim Benali", "status": "FLEXI", "birthDate": "1984-04-02",
         "experienceMonths": 96}
STUDENT = {"workerId": "W-STUDENT-1", "name": "Lotte Claes", "status": "STUDENT", "birthDate": "2005-09-14",
           "experienceMonths": 6, "studentHoursUsedThisYear": 120}
_DES = TypeDeserializer()
_numbers = count(1)


def enterprise_number(first_eight: int) -> str:
    return f"{first_eight:08d}{97 - first_eight % 97:02d}"


def iban(n: int) -> str:
    return str(IBAN.generate("BE", bank_code="734", account_code=f"{n:07d}").compact)


class Company(Struct, frozen=True):
    company_id: str
    customer: str
    enterprise_number: str
    iban: str


class World:
    """One local stack: NOWJOBS seeded through its routes, billing observed through its routes and tables."""

    def __init__(self, app: Any, api_event: Callable[..., dict[str, Any]]) -> None:
        self.app, self.api_event = app, api_event
        self.stack = app.stack
        self.sfn = self.stack.client("stepfunctions")
        self.ddb = self.stack.client("dynamodb")

    # --------------------------------------------------------------------------------- NOWJOBS
    def company(self, *, scheme: str = "B2B", acquisition: str = "OTHER", channel: str = "mobile",
                name: str = "Brasserie du Parc SRL") -> Company:
        n = next(_numbers)
        number, customer = enterprise_number(4_100_000 + n * 101), f"C-BILLING-{n}"
        self._usable(customer, number)
        account = iban(n)
        status, body = self.channel("NowjobsApiFunction", "POST", "/v1/nowjobs/companies", {
            "enterpriseNumber": number, "declaration": {"accepted": True, "wordingVersion": "2025-01"},
            "name": name, "address": {"street": "Parkstraat 1", "postalCode": "9000", "city": "Gent"},
            "contact": {"name": "Anna Peeters", "email": f"billing-{n}@company.example", "phone": "+32470123456"},
            "iban": account, "jointCommittees": ["302"], "directDebitMandate": {"scheme": scheme, "accepted": True},
            "acquisitionChannel": acquisition}, customer=customer, via=channel)
        assert status == 201, body
        company_id = body["companyId"]
        for event in ("VERIFIED", "ACTIVATED"):
            status, body = self.partner("NowjobsPartnerFunction", "POST",
                                        f"/v1/partners/nowjobs/companies/{company_id}/events", {"type": event},
                                        partner="nowjobs")
            assert status == 200, body
        return Company(company_id, customer, number, account)

    def hire(self, company: Company, worker: dict[str, Any] = FLEXI, shifts: list[dict[str, Any]] = SHIFTS,
             wage: str = "14.00") -> str:
        """An offer for `shifts`, the worker applies, is proposed the contract, accepts, Dimona confirmed."""
        status, body = self.channel("NowjobsApiFunction", "POST",
                                    f"/v1/nowjobs/companies/{company.company_id}/job-offers",
                                    {"title": "Waiter", "function": "waiter", "jointCommittee": "302",
                                     "location": "Gent", "hourlyWage": wage, "statuses": [worker["status"]],
                                     "positions": 1, "shifts": shifts}, customer=company.customer)
        assert status == 201, body
        status, body = self.partner("NowjobsPartnerFunction", "POST",
                                    f"/v1/partners/nowjobs/job-offers/{body['offerId']}/applications",
                                    {"worker": worker}, partner="nowjobs")
        assert status == 200, body
        status, body = self.channel("NowjobsApiFunction", "POST",
                                    f"/v1/nowjobs/applications/{body['applicationId']}/contract-proposal",
                                    customer=company.customer)
        assert status == 200, body
        contract_id = str(body["contractId"])
        for event in ("ACCEPTED", "DIMONA_CONFIRMED"):
            status, body = self.partner("NowjobsPartnerFunction", "POST",
                                        f"/v1/partners/nowjobs/contracts/{contract_id}/events",
                                        {"type": event, "proposalVersion": 1}, partner="nowjobs")
            assert status == 200, body
        return contract_id

    def confirm(self, company: Company, contract_id: str, shift: dict[str, Any]) -> dict[str, Any]:
        status, body = self.channel("NowjobsApiFunction", "POST", f"/v1/nowjobs/contracts/{contract_id}/timesheets",
                                    {"shiftStart": shift["start"], "workedFrom": shift["start"],
                                     "workedUntil": shift["end"], "breakMinutes": shift["breakMinutes"]},
                                    customer=company.customer)
        assert status == 200, body
        return dict(body)

    def work_the_week(self, hires: list[tuple[Company, str]]) -> None:
        """Each contract's Tuesday and Wednesday shifts worked as planned and confirmed by the company."""
        self.stack.clock.set(AFTER_TUESDAY)
        for company, contract_id in hires:
            self.confirm(company, contract_id, TUESDAY)
        self.stack.clock.set(AFTER_WEDNESDAY)
        for company, contract_id in hires:
            self.confirm(company, contract_id, WEDNESDAY)

    def quote_total(self, company: Company, contract_id: str) -> str:
        status, body = self.channel("NowjobsApiFunction", "GET", f"/v1/nowjobs/contracts/{contract_id}",
                                    customer=company.customer)
        assert status == 200, body
        return str(body["costQuote"]["total"])

    # ---------------------------------------------------------------------------------- billing
    def invoices(self, company: Company) -> list[dict[str, Any]]:
        status, body = self.channel("BillingApiFunction", "GET",
                                    f"/v1/nowjobs/companies/{company.company_id}/invoices", customer=company.customer)
        assert status == 200, body
        return list(body["items"])

    def invoice(self, company: Company, invoice_id: str) -> dict[str, Any]:
        status, body = self.channel("BillingApiFunction", "GET", f"/v1/nowjobs/invoices/{invoice_id}",
                                    customer=company.customer)
        assert status == 200, body
        return dict(body)

    def results(self, batch_id: str, results: list[dict[str, Any]]) -> tuple[int, Any]:
        return self.partner("BillingPartnerFunction", "POST", "/v1/partners/bank/direct-debit-results",
                            {"batchId": batch_id, "results": results})

    def pain008(self, batch_id: str) -> tuple[int, Any]:
        event = self.api_event("GET", f"/v1/ops/direct-debit-batches/{batch_id}/pain008",
                               authorizer=partner_authorizer("bank"))
        answer = self.stack.invoke("BillingApiFunction", event)
        return answer["statusCode"], answer.get("body")

    def start_run(self, name: str, week: date | None = WEEK) -> str:
        payload = {} if week is None else {"week": week.isoformat()}
        arn: str = self.sfn.start_execution(stateMachineArn=self.stack.state_machines[STATE_MACHINE], name=name,
                                            input=json.dumps(payload))["executionArn"]
        return arn

    def execution(self, arn: str) -> dict[str, Any]:
        described: dict[str, Any] = self.sfn.describe_execution(executionArn=arn)
        return described

    def path(self, arn: str) -> list[str]:
        return state_path(execution_history(self.sfn, arn))

    def runs(self) -> list[dict[str, Any]]:
        """The billing machine's executions (not the Distributed Map's child executions), oldest first."""
        found = self.sfn.list_executions(stateMachineArn=self.stack.state_machines[STATE_MACHINE])["executions"]
        return sorted(found, key=lambda e: e["startDate"])

    # ------------------------------------------------------------------------------------ tables
    def rows(self, table: str, **query: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        kwargs = {"TableName": self.stack.template.name(table), **query}
        while True:
            page = self.ddb.query(**kwargs)
            rows += [{k: _DES.deserialize(v) for k, v in item.items()} for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return rows
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def billed_invoices(self, company: Company) -> list[dict[str, Any]]:
        """Every invoice row of the company (all pages), straight from BillingTable."""
        return self.rows("BillingTable", IndexName="ByParent", KeyConditionExpression="gsi1pk = :p",
                         ExpressionAttributeValues={":p": {"S": f"COMPANY#{company.company_id}#INVOICES"}})

    def collections_of(self, mandate_reference: str) -> list[dict[str, Any]]:
        return self.rows("BillingTable", IndexName="ByParent", KeyConditionExpression="gsi1pk = :p",
                         ExpressionAttributeValues={":p": {"S": f"MANDATE#{mandate_reference}#COLLECTIONS"}})

    def timesheets(self, contract_id: str) -> list[dict[str, Any]]:
        return self.rows("NowjobsTable", KeyConditionExpression="pk = :pk AND begins_with(sk, :t)",
                         ExpressionAttributeValues={":pk": {"S": f"CONTRACT#{contract_id}"},
                                                    ":t": {"S": "TIMESHEET#"}})

    def unbilled(self, week: date = WEEK) -> list[dict[str, Any]]:
        return self.rows("NowjobsTable", IndexName="UnbilledByWeek", KeyConditionExpression="unbilledWeek = :w",
                         ExpressionAttributeValues={":w": {"S": week.isoformat()}})

    def to_submit(self) -> list[dict[str, Any]]:
        return self.rows("BillingTable", IndexName="ToSubmit", KeyConditionExpression="submitPk = :k",
                         ExpressionAttributeValues={":k": {"S": "TO_SUBMIT"}})

    def outbox(self, kind: str) -> list[dict[str, Any]]:
        rows = self.rows("NotificationsTable", KeyConditionExpression="pk = :pk",
                         ExpressionAttributeValues={":pk": {"S": "OUTBOX"}})
        return [r for r in rows if r.get("type") == kind]

    # ------------------------------------------------------------------------------- invocation
    def channel(self, function: str, method: str, path: str, body: Any = None, *, customer: str,
                via: str = "mobile") -> tuple[int, Any]:
        return self._invoke(function, method, path, body, channel_authorizer(customer, via))

    def partner(self, function: str, method: str, path: str, body: Any = None, *,
                partner: str = "bank") -> tuple[int, Any]:
        return self._invoke(function, method, path, body, partner_authorizer(partner))

    def _invoke(self, function: str, method: str, path: str, body: Any, authorizer: dict[str, str]) -> tuple[int, Any]:
        answer = self.stack.invoke(function, self.api_event(method, path, body=body, authorizer=authorizer))
        return answer["statusCode"], json.loads(answer["body"]) if answer.get("body") else None

    def _usable(self, customer: str, number: str) -> None:
        at, product = "2026-01-05T08:00:00Z", f"P-BILLING-{number}"
        self.stack.put_event("core-banking", "ProductChanged", {
            "productId": product, "holderCustomerId": f"C-OWNER-{number}", "enterpriseNumber": number,
            "productType": "CURRENT_ACCOUNT", "segment": "PROFESSIONAL", "status": "ACTIVE", "occurredAt": at})
        self.stack.put_event("core-banking", "MandateChanged", {
            "mandateId": f"M-{customer}", "customerId": customer, "productId": product, "powers": "FULL",
            "status": "ACTIVE", "occurredAt": at})
        for channel in ("MOBILE", "TOUCH"):
            self.stack.put_event("core-banking", "DigitalAccessChanged", {
                "customerId": customer, "channel": channel, "status": "ACTIVE", "occurredAt": at})


class Seeder:
    """Confirmed hours written straight into NowjobsTable, as ContractService leaves them (same items, same
    UnbilledByWeek keys), for companies cloned from one registered through the routes: the runs' own tests
    and the scale test need many companies and no clock travel."""

    def __init__(self, world: World, template: Company) -> None:
        self.world = world
        self.repository = NowjobsRepository(world.stack.template.name("NowjobsTable"))
        self.template = template
        self.ddb = world.ddb
        self.table = world.stack.template.name("NowjobsTable")
        self._n = count(1)

    def company(self) -> Company:
        n = next(self._n)
        base = self.repository.get_company(self.template.company_id)
        assert base is not None
        company_id, number, account = str(uuid.uuid4()), enterprise_number(6_000_000 + n), iban(500_000 + n)
        signed = replace(base.mandate, mandate_id=company_id,
                         mandate=replace(base.mandate.mandate, reference=mandate_reference_for(company_id),
                                         debtor_iban=account))
        company = replace(base, company_id=company_id, enterprise_number=number, mandate=signed, version=0)
        self.ddb.put_item(TableName=self.table, Item=NowjobsRepository._company_item(company))  # what billing reads
        return Company(company_id, self.template.customer, number, account)

    def confirmed_hours(self, company: Company, shifts: int, *, week: date = WEEK,
                        status: WorkerStatus = WorkerStatus.FLEXI) -> list[Timesheet]:
        """`shifts` four-hour shifts of one worker in that week, confirmed as planned."""
        contract_id = str(uuid.uuid4())
        worker = Worker(status, date(1984, 4, 2))
        monday = datetime.combine(week, datetime.min.time(), UTC) + timedelta(hours=7)
        sheets = []
        for i in range(shifts):
            start = monday + timedelta(days=i % 7, hours=5 * (i // 7))
            shift = Shift(start, start + timedelta(hours=4))
            sheets.append(Timesheet(
                contract_id, company.company_id, company.enterprise_number, "OFFER-SEEDED", f"W-{contract_id[:8]}",
                shift, reminder_at(shift), hours_due_at(shift), status=TimesheetStatus.CONFIRMED, worked=shift,
                confirmed_at=shift.end, confirmed_by=HoursConfirmedBy.COMPANY, confirmed_by_customer=company.customer,
                line=quote_shift(worker, "302", Decimal("14.00"), shift), is_flexi_job=status is WorkerStatus.FLEXI))
        items = [NowjobsRepository._timesheet_item(t) for t in sheets]
        for i in range(0, len(items), 25):
            self.ddb.batch_write_item(RequestItems={self.table: [{"PutRequest": {"Item": item}}
                                                                 for item in items[i:i + 25]]})
        return sheets
