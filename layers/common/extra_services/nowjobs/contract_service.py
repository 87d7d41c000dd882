"""NOWJOBS contract use cases: proposal (re-issued when hours change), the worker's answer and the
Dimona through partner events, cancellation, hours worked, the timesheet schedule, rating, and the
hand-over of confirmed hours to billing."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeGuard
from uuid import uuid4

from msgspec import Struct

from extra_services.clock import Clock
from extra_services.errors import ChangedConcurrently, Conflict
from extra_services.nowjobs import contract as rules
from extra_services.nowjobs import events
from extra_services.nowjobs.access import found, require_access
from extra_services.nowjobs.company import Company, require_active
from extra_services.nowjobs.contract import Contract, Rating
from extra_services.nowjobs.ports import Actor, EventPublisher, Outbox, OutboxChannel, UsableCheck
from extra_services.nowjobs.repository import NowjobsRepository, PageOf
from extra_services.nowjobs.schedule_rules import check_shifts_ahead
from extra_services.nowjobs.statuses import ContractEventType, ContractStatus, TimesheetStatus
from extra_services.nowjobs.timesheet import (
    Timesheet,
    awaiting_hours,
    confirm,
    confirm_by_default,
    remind,
    reminder_message,
)
from extra_services.nowjobs.wage_quote import quote

if TYPE_CHECKING:  # annotations only: the schedules and the billing run never load the API models
    from extra_services.nowjobs.partner_models import ContractEventIn
    from extra_services.nowjobs.request_models import CancellationIn, ContractProposalIn, RatingIn, TimesheetIn

DEFAULT_PAGE = 20


class TimesheetRun(Struct, frozen=True):
    """What a run of the timesheet schedule did, by shift id."""

    reminded: tuple[str, ...]
    confirmed_by_default: tuple[str, ...]


class ContractService:
    def __init__(self, repository: NowjobsRepository, eligibility: UsableCheck, clock: Clock,
                 publisher: EventPublisher, outbox: Outbox, *,
                 new_id: Callable[[], str] = lambda: str(uuid4())) -> None:
        self.repository = repository
        self.eligibility = eligibility
        self.clock = clock
        self.publisher = publisher
        self.outbox = outbox
        self.new_id = new_id

    # ------------------------------------------------------------------------------------- proposal
    def propose(self, actor: Actor, application_id: str, request: ContractProposalIn | None = None, *,
                idempotency_key: str | None = None) -> Contract:
        """A proposal with the offer's shifts or changed ones. Proposing again with other hours re-issues
        it (next proposal version); with the same hours it changes nothing, and with an Idempotency-Key
        (a retry of a request that stopped after its write) publishes ContractProposed again while the
        proposal waits for the worker (the application holds one contract: never a second one)."""
        application = found(self.repository.get_application(application_id), "application")
        require_access(self.eligibility, actor, application.enterprise_number, "application")
        offer = found(self.repository.get_offer(application.offer_id), "job offer")
        require_active(found(self.repository.get_company(offer.company_id), "company"))
        now = self.clock.now()
        shifts = tuple(s.to_domain() for s in request.shifts) if request and request.shifts else offer.shifts
        if application.contract_id is not None:
            current = found(self.repository.get_contract(application.contract_id), "contract")
            changed = rules.reissue(current, shifts, now)
            if changed is None:
                if idempotency_key is not None and current.status is ContractStatus.PROPOSED:
                    self.publisher.publish(events.contract_proposed(current))
                return current
            self._check_schedule(changed, now)
            dropped = [t for t in self.repository.timesheets_of_contract(current.contract_id)
                       if t.status is TimesheetStatus.AWAITING_HOURS]
            saved = self.repository.save_contract(current, changed, dropped_timesheets=dropped)
        else:
            saved = rules.propose(application, offer, shifts, contract_id=self.new_id(), now=now)
            self._check_schedule(saved, now)
            self.repository.create_contract(saved)
        self.publisher.publish(events.contract_proposed(saved))
        return saved

    def get(self, actor: Actor, contract_id: str) -> Contract:
        return self._contract(actor, contract_id)

    def list_for_company(self, actor: Actor, company_id: str, *, limit: int = DEFAULT_PAGE,
                         next_token: str | None = None) -> PageOf[Contract]:
        company = found(self.repository.get_company(company_id), "company")
        require_access(self.eligibility, actor, company.enterprise_number, "company")
        return self.repository.contracts_of_company(company_id, limit=limit, next_token=next_token)

    # -------------------------------------------------------------------------------------- partner
    def apply_partner_event(self, contract_id: str, request: ContractEventIn) -> Contract:
        """ACCEPTED (-> DimonaRequested of the worker's type), DECLINED, DIMONA_CONFIRMED (opens the
        timesheets), DIMONA_REJECTED, CANCELLATION_AGREED, CANCELLATION_REFUSED. 409 out of order; a repeat
        has no second effect (a repeated ACCEPTED re-publishes the same DimonaRequested, which its
        consumer deduplicates by dimonaRequestId)."""
        contract = found(self.repository.get_contract(contract_id), "contract")
        event = request.to_domain()
        now = self.clock.now()
        seen = self.repository.event_seen(f"CONTRACT#{contract_id}", event.event_id)
        changed = None if seen else rules.apply_contract_event(contract, event, now)
        if changed is None:
            if (event.type is ContractEventType.ACCEPTED and contract.status is ContractStatus.DIMONA_REQUESTED
                    and contract.dimona is not None):
                self.publisher.publish(events.dimona_requested(contract))
            return contract
        dimona_just_confirmed = event.type is ContractEventType.DIMONA_CONFIRMED
        opened = [awaiting_hours(changed, s) for s in changed.shifts] if dimona_just_confirmed else []
        saved = self.repository.save_contract(contract, changed, event_id=event.event_id, new_timesheets=opened,
                                              dropped_timesheets=self._cancelled_shifts(changed))
        told = events.contract_changed(saved, event.type)
        if told is not None:
            self.publisher.publish(told)
        return saved

    # --------------------------------------------------------------------------------- cancellation
    def cancel(self, actor: Actor, contract_id: str, request: CancellationIn, *,
               idempotency_key: str | None = None) -> Contract:
        """With a reason, recorded. Before the worker accepted (or after a rejected Dimona) at once;
        afterwards it waits for the worker's agreement (CANCELLATION_REQUESTED). The same cancellation
        again changes nothing; with an Idempotency-Key (a retry of a request that stopped after its
        write) its event is published again."""
        contract = self._contract(actor, contract_id)
        changed = rules.cancel(contract, request.reason, by=actor.customer_id, now=self.clock.now())
        if changed is None:
            told_again = events.contract_changed(contract) if idempotency_key is not None else None
            if told_again is not None:
                self.publisher.publish(told_again)
            return contract
        saved = self.repository.save_contract(contract, changed, dropped_timesheets=self._cancelled_shifts(changed))
        told = events.contract_changed(saved)
        if told is not None:
            self.publisher.publish(told)
        return saved

    # ---------------------------------------------------------------------------------------- hours
    def confirm_hours(self, actor: Actor, contract_id: str, request: TimesheetIn, *,
                      idempotency_key: str | None = None) -> Timesheet:
        """409 without a confirmed Dimona, after the deadline, or once other hours were confirmed; the
        confirmed shift is priced like the quote and becomes billable. The same hours again change
        nothing; with an Idempotency-Key (a retry of a request that stopped after its write) HoursConfirmed
        is published again (NOWJOBS pays the worker from it)."""
        contract = self._contract(actor, contract_id)
        shift = rules.require_hours_confirmable(contract, request.shift_start)
        timesheet = self.repository.get_timesheet(contract_id, shift.start)
        if timesheet is None:
            raise Conflict("That shift has no timesheet (it was cancelled).", code="SHIFT_CANCELLED")
        confirmed = confirm(timesheet, contract, request.worked(), by=actor.customer_id, now=self.clock.now())
        if confirmed is None:
            if idempotency_key is not None:
                self.publisher.publish(events.hours_confirmed(timesheet))
            return timesheet
        saved = self.repository.save_timesheet(confirmed)
        self.publisher.publish(events.hours_confirmed(saved))
        return saved

    def timesheets(self, actor: Actor, contract_id: str) -> list[Timesheet]:
        self._contract(actor, contract_id)
        return self.repository.timesheets_of_contract(contract_id)

    def process_due_timesheets(self) -> TimesheetRun:
        """Run by a schedule (every few minutes): reminders at 09:00 on the due day, then the planned hours
        stand at 13:00 for every shift still without hours. Found through the DueItems index, no Scan; each
        due timesheet is read once, with at most one more read for it: its contract to price the planned
        hours, or its company (read together, BatchGetItem) for the reminder's address."""
        now = self.clock.now()
        due = self.repository.timesheets_to_remind_by(now) + self.repository.timesheets_due_by(now)
        contracts: dict[str, Contract] = {}
        companies = self.repository.get_companies({t.company_id for t in due if now < t.due_at})
        reminded: list[str] = []
        defaulted: list[str] = []
        for timesheet in due:
            try:
                if now >= timesheet.due_at:
                    if self._confirm_by_default(timesheet, contracts, now):
                        defaulted.append(timesheet.shift_id)
                elif self._remind(timesheet, companies.get(timesheet.company_id), now):
                    reminded.append(timesheet.shift_id)
            except ChangedConcurrently:
                continue  # the company confirmed meanwhile; nothing is lost, the next run sees the new state
        return TimesheetRun(tuple(reminded), tuple(defaulted))

    # --------------------------------------------------------------------------------------- rating
    def rate(self, actor: Actor, contract_id: str, request: RatingIn, *,
             idempotency_key: str | None = None) -> Rating:
        """One rating of 1 to 5 per contract (409 for a second), once work has started. With an
        Idempotency-Key, the person's own rating with the same score and comment is the first answer
        again (a retry of a request whose answer was lost), not a 409."""
        contract = self._contract(actor, contract_id)
        existing = self.repository.get_rating(contract_id)
        if idempotency_key is not None and _same_rating(existing, actor, request):
            return existing
        rating = rules.rate(contract, existing, score=request.score,
                            comment=request.comment, by=actor.customer_id, now=self.clock.now())
        self.repository.create_rating(contract_id, rating)
        return rating

    # -------------------------------------------------------------------------------------- billing
    def unbilled_hours(self, week_monday: date, company_id: str | None = None) -> list[Timesheet]:
        """The billing run's input: confirmed hours of that invoicing week not yet on an invoice; each
        gives its BillableLine with `billable_line()`."""
        return self.repository.unbilled_timesheets(week_monday, company_id)

    def mark_billed(self, timesheet: Timesheet, invoice_id: str) -> None:
        self.repository.mark_billed(timesheet.contract_id, timesheet.planned.start, invoice_id)

    # ------------------------------------------------------------------------------------- internal
    def _contract(self, actor: Actor, contract_id: str) -> Contract:
        contract = found(self.repository.get_contract(contract_id), "contract")
        require_access(self.eligibility, actor, contract.enterprise_number, "contract")
        return contract

    @staticmethod
    def _check_schedule(contract: Contract, now: datetime) -> None:
        """Proposed hours: in the future, and legal for this worker (a 422 names the rule)."""
        check_shifts_ahead(contract.shifts, now)
        quote(contract.worker, contract.joint_committee, contract.hourly_wage, contract.shifts)

    def _cancelled_shifts(self, contract: Contract) -> list[Timesheet]:
        """Once cancelled, the shifts not started by then will not be worked: their timesheets go."""
        cancelled_at = contract.cancellation.cancelled_at if contract.cancellation else None
        if contract.status is not ContractStatus.CANCELLED or cancelled_at is None:
            return []
        return [t for t in self.repository.timesheets_of_contract(contract.contract_id)
                if t.status is TimesheetStatus.AWAITING_HOURS and t.planned.start >= cancelled_at]

    def _contract_of(self, timesheet: Timesheet, cache: dict[str, Contract]) -> Contract:
        if timesheet.contract_id not in cache:
            cache[timesheet.contract_id] = found(self.repository.get_contract(timesheet.contract_id), "contract")
        return cache[timesheet.contract_id]

    def _confirm_by_default(self, timesheet: Timesheet, cache: dict[str, Contract], now: datetime) -> bool:
        confirmed = confirm_by_default(timesheet, self._contract_of(timesheet, cache), now)
        if confirmed is None:
            return False
        self.publisher.publish(events.hours_confirmed(self.repository.save_timesheet(confirmed)))
        return True

    def _remind(self, timesheet: Timesheet, company: Company | None, now: datetime) -> bool:
        reminded = remind(timesheet, now)
        if reminded is None:
            return False
        saved = self.repository.save_timesheet(reminded)
        if company is not None:
            subject, body = reminder_message(timesheet)
            self.outbox.send(OutboxChannel.EMAIL, company.contact.email, subject, body,
                             reference=f"nowjobs-hours-reminder-{timesheet.shift_id}",
                             kind="NOWJOBS_HOURS_REMINDER")
        self.publisher.publish(events.timesheet_reminder_due(saved))
        return True


def _same_rating(existing: Rating | None, actor: Actor, request: RatingIn) -> TypeGuard[Rating]:
    return (existing is not None and existing.rated_by == actor.customer_id
            and existing.score == request.score and existing.comment == request.comment)
