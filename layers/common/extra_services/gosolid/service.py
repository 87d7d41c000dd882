"""Go Solid use cases of the channels' routes (GoSolidApiFunction): quote, submit, read and list
cases, creditor reports, withdrawal (on case_service.py's CaseService, which every Go Solid use case
that changes a case shares)."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from extra_services.belgian_calendar import brussels_date
from extra_services.caller import Channel
from extra_services.eligibility.declaration import record_declaration
from extra_services.errors import Forbidden, InvalidInput, NotFound
from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import Case, CaseStatus
from extra_services.gosolid.case_service import (
    CaseMetrics,
    CaseService,
    CaseStatusMetrics,
    EventPublisher,
    Rule,
    content_hash,
)
from extra_services.gosolid.deadlines import expected_timeline
from extra_services.gosolid.idempotency import IdempotentRunner, WithoutIdempotency, check_idempotency_key
from extra_services.gosolid.responses import (
    CaseListOut,
    CaseOut,
    QuoteOut,
    case_out,
    case_summary_out,
    quote_out,
)
from extra_services.gosolid.submission import amounts_for, check_evidence, check_invoice_dates, claim_for

if TYPE_CHECKING:
    from extra_services.clock import Clock
    from extra_services.gosolid.repository import CaseRepository
    from extra_services.gosolid.requests import CaseRequest, CreditorReportIn, WithdrawalIn
    from extra_services.workflows import Workflows

SERVICE_ID = "go-solid"
_CASE_ID_NAMESPACE = uuid.UUID("6f1c1d52-7c4e-4c1e-9a65-3b0f0a7e5d21")


class EnterpriseUsability(Protocol):
    def require_usable(self, enterprise_number: str) -> None:
        """Raises Forbidden when the person read may not use the services for that enterprise."""
        ...


class UsabilityCheck(Protocol):
    def require_usable(self, customer_id: str, channel: Channel, enterprise_number: str) -> None:
        """Raises Forbidden when the person may not use the services for that enterprise."""
        ...

    def usability_with(self, customer_id: str, channel: Channel,
                       other: tuple[str, dict[str, Any]]) -> tuple[EnterpriseUsability, dict[str, Any] | None]:
        """The person's eligibility and another table's item (table, key), read in one call."""
        ...


def new_case_id(seed: str | None) -> str:
    """A fresh id; with an Idempotency-Key, the same id for the same person and key, so a retry
    (at any time) finds its case instead of opening another."""
    return str(uuid.uuid5(_CASE_ID_NAMESPACE, seed) if seed else uuid.uuid4())


class GoSolidService(CaseService):
    def __init__(self, repository: CaseRepository, clock: Clock, events: EventPublisher, workflows: Workflows, *,
                 eligibility: UsabilityCheck, state_machine_arn: str = "",
                 idempotency: IdempotentRunner | None = None, metrics: CaseMetrics | None = None,
                 case_ids: Callable[[str | None], str] = new_case_id,
                 statuses: CaseStatusMetrics | None = None) -> None:
        super().__init__(repository, clock, events, workflows, metrics=metrics, statuses=statuses)
        self.eligibility = eligibility
        self.state_machine_arn = state_machine_arn
        self.idempotency = idempotency or WithoutIdempotency()
        self.case_ids = case_ids

    # ================================================================ channels
    def quote(self, request: CaseRequest) -> QuoteOut:
        """The amounts and the expected timeline of a case with this body; nothing is stored."""
        now = self.clock.now()
        check_invoice_dates(request, brussels_date(now))
        return quote_out(amounts_for(request, brussels_date(now)), expected_timeline(now))

    def submit(self, customer_id: str, channel: Channel, request: CaseRequest, *,
               idempotency_key: str | None = None) -> CaseOut:
        """Open a case for the creditor enterprise (403 unless the person may use the services for
        it) and start its collection workflow. Answered with 202: screening follows.

        With an Idempotency-Key the case is its own idempotency record: its id is uuid5(person, key)
        and it keeps the body's hash. The person's eligibility and that case are read together; a
        replay answers what the first request answered (422 IDEMPOTENCY_KEY_REUSED for another
        body) and starts the workflow again while the case is SUBMITTED, in case the first request
        stopped before starting it (an execution is named after its case: at most one)."""
        request_hash = content_hash(request.model_dump(mode="json"))
        if idempotency_key is None:
            self.eligibility.require_usable(customer_id, channel, request.creditor_enterprise_number)
            return self._submit(customer_id, channel, request, self.case_ids(None), request_hash)
        case_id = self.case_ids(f"{customer_id}:{check_idempotency_key(idempotency_key)}")
        usability, item = self.eligibility.usability_with(customer_id, channel, self.repository.case_key(case_id))
        usability.require_usable(request.creditor_enterprise_number)
        stored = self.repository.case_from_item(item)
        if stored is None:
            return self._submit(customer_id, channel, request, case_id, request_hash)
        return self._replayed(stored, request, request_hash)

    def get_case(self, customer_id: str, channel: Channel, case_id: str) -> CaseOut:
        return case_out(self._case_for(customer_id, channel, case_id))

    def list_cases(self, customer_id: str, channel: Channel, creditor_enterprise_number: str, *,
                   limit: int = 20, next_token: str | None = None) -> CaseListOut:
        self.eligibility.require_usable(customer_id, channel, creditor_enterprise_number)
        page = self.repository.list_by_creditor(creditor_enterprise_number, limit=limit, next_token=next_token)
        return CaseListOut(items=[case_summary_out(case) for case in page.cases], next_token=page.next_token)

    def report(self, customer_id: str, channel: Channel, case_id: str, report: CreditorReportIn, *,
               idempotency_key: str | None = None) -> CaseOut:
        """The creditor tells Go Solid the debtor contacted it, agreed something, or paid it."""
        self._case_for(customer_id, channel, case_id)
        return self._creditor_action(
            "gosolid.report", customer_id, case_id, idempotency_key, body=report.model_dump(mode="json"),
            rule=lambda case, now: lifecycle.apply_creditor_report(case, report, now))

    def withdraw(self, customer_id: str, channel: Channel, case_id: str, withdrawal: WithdrawalIn, *,
                 idempotency_key: str | None = None) -> CaseOut:
        self._case_for(customer_id, channel, case_id)
        return self._creditor_action(
            "gosolid.withdraw", customer_id, case_id, idempotency_key, body=withdrawal.model_dump(mode="json"),
            rule=lambda case, now: lifecycle.withdraw(case, withdrawal.reason, now))

    # ================================================================= helpers
    def _submit(self, customer_id: str, channel: Channel, request: CaseRequest, case_id: str,
                request_hash: str) -> CaseOut:
        """One conditional write, then the workflow. Its CaseSubmitted event stays pending on the case:
        the workflow's first task delivers it (`_deliver`), so the channel waits for no bus."""
        opened = self._opened(customer_id, channel, request, case_id, self.clock.now())
        stored = self.repository.open(opened.model_copy(update={"request_hash": request_hash}))
        if stored is not None:          # a concurrent request with the same key stored it first
            return self._replayed(stored, request, request_hash)
        self.workflows.start(self.state_machine_arn, case_id, {"caseId": case_id})
        return case_out(opened)

    def _replayed(self, stored: Case, request: CaseRequest, request_hash: str) -> CaseOut:
        if stored.request_hash not in (None, request_hash):
            raise InvalidInput("This Idempotency-Key was already used with a different request body; use a new key "
                               "for a new request.", code="IDEMPOTENCY_KEY_REUSED")
        if stored.status is CaseStatus.SUBMITTED:
            self.workflows.start(self.state_machine_arn, stored.case_id, {"caseId": stored.case_id})
        # the case as this body opened it then: the first answer, whatever happened to the case since
        return case_out(self._opened(stored.submitted_by, stored.submitted_via, request, stored.case_id,
                                     stored.submitted_at))

    @staticmethod
    def _opened(customer_id: str, channel: Channel, request: CaseRequest, case_id: str, now: datetime) -> Case:
        """The case this request opens at `now` (a 422 for what cannot be opened); deterministic."""
        today = brussels_date(now)
        declaration = record_declaration(request.declaration, customer_id=customer_id, channel=channel,
                                         enterprise_number=request.creditor_enterprise_number,
                                         service=SERVICE_ID, at=now, today=today)
        check_invoice_dates(request, today)
        check_evidence(request)
        return lifecycle.open_case(request, case_id=case_id, declaration=declaration, claim=claim_for(request, today),
                                   now=now).case

    def _case_for(self, customer_id: str, channel: Channel, case_id: str) -> Case:
        """The case, if the person may act for its creditor; otherwise the same 404 as an unknown
        case (nothing leaks about other enterprises' cases). The case and the person's eligibility
        are read in one call."""
        usability, item = self.eligibility.usability_with(customer_id, channel, self.repository.case_key(case_id))
        case = self.repository.case_from_item(item)
        if case is not None:
            try:
                usability.require_usable(case.creditor_enterprise_number)
            except Forbidden:
                case = None
        if case is None:
            raise NotFound(f"There is no Go Solid case {case_id} for you.", code="CASE_NOT_FOUND")
        return case

    def _creditor_action(self, operation: str, customer_id: str, case_id: str, idempotency_key: str | None, *,
                         body: dict[str, Any], rule: Rule) -> CaseOut:
        def act() -> dict[str, Any]:
            return case_out(self._change(case_id, rule)).model_dump(mode="json")
        if idempotency_key is None:
            return CaseOut.model_validate(act())
        key = check_idempotency_key(idempotency_key)
        return CaseOut.model_validate(self.idempotency.run(operation, f"{customer_id}:{case_id}:{key}", body, act))
