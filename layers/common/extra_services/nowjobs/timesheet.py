"""Hours worked, per shift, and what they cost (RULES.md §3: the company confirms them by 13:00 the next
working day; it pays only for hours worked). Pure rules.

- due: 13:00 Europe/Brussels on the next working day after the Brussels date on which the shift ends;
- reminder: 09:00 Brussels that same day, four hours before the deadline;
- after the deadline the planned hours are confirmed by default (CONFIRMED_BY_DEFAULT) and billed, so the
  worker is paid on time; the company can no longer change them here (NOWJOBS support corrects them).

A confirmed shift is priced with quote_shift on the worked times, with the same worker, committee, wage
and student quota as the contract's quote: hours worked as planned cost exactly what the quote said."""
from __future__ import annotations

from datetime import date, datetime, time

from msgspec import Struct
from msgspec.structs import replace

from extra_services.belgian_calendar import next_working_day_after
from extra_services.billing.billable import BillableLine
from extra_services.billing.calendar import invoicing_week_of
from extra_services.clock import BRUSSELS, iso_instant
from extra_services.errors import Conflict, InvalidInput
from extra_services.nowjobs.contract import Contract, contract_quote
from extra_services.nowjobs.schedule_rules import shift_shape_problem
from extra_services.nowjobs.shift_hours import MINUTE, Shift, work_date
from extra_services.nowjobs.statuses import HoursConfirmedBy, TimesheetStatus
from extra_services.nowjobs.wage_quote import ShiftLine, quote_shift
from extra_services.nowjobs.workers import WorkerStatus

DEADLINE = time(13, 0)
REMINDER = time(9, 0)
CONFIRMED = frozenset({TimesheetStatus.CONFIRMED, TimesheetStatus.CONFIRMED_BY_DEFAULT})


class Timesheet(Struct, frozen=True):
    contract_id: str
    company_id: str
    enterprise_number: str
    offer_id: str
    worker_id: str
    planned: Shift
    remind_at: datetime
    due_at: datetime
    status: TimesheetStatus = TimesheetStatus.AWAITING_HOURS
    reminded_at: datetime | None = None
    worked: Shift | None = None
    confirmed_at: datetime | None = None
    confirmed_by: HoursConfirmedBy | None = None
    confirmed_by_customer: str | None = None
    line: ShiftLine | None = None  # the priced shift, what billing charges
    is_flexi_job: bool = False
    invoice_id: str | None = None
    version: int = 0

    @property
    def shift_id(self) -> str:
        """Unique per worker and shift: the contract and the planned start."""
        return f"{self.contract_id}#{iso_instant(self.planned.start)}"

    @property
    def unbilled(self) -> bool:
        return self.status in CONFIRMED and self.invoice_id is None and self.line is not None

    @property
    def invoicing_week(self) -> date | None:
        """Monday of the invoicing week of the work date (billing/calendar.py), once billable."""
        return invoicing_week_of(self.line.work_date).monday if self.line is not None else None

    def billable_line(self) -> BillableLine:
        """The line as billing's invoice takes it."""
        if self.line is None:
            raise Conflict("These hours are not confirmed: nothing to bill.", code="NOTHING_TO_BILL")
        return BillableLine(worker_id=self.worker_id, shift_id=self.shift_id, worked_on=self.line.work_date,
                            hours=self.line.hours, gross_wage=self.line.gross_wage,
                            contributions=self.line.employer_contributions, fees=self.line.fees,
                            is_flexi_job=self.is_flexi_job)


def hours_due_at(shift: Shift) -> datetime:
    return _on_due_day(shift, DEADLINE)


def reminder_at(shift: Shift) -> datetime:
    return _on_due_day(shift, REMINDER)


def _on_due_day(shift: Shift, at: time) -> datetime:
    last_minute_worked = (shift.end - MINUTE).astimezone(BRUSSELS).date()
    return datetime.combine(next_working_day_after(last_minute_worked), at, BRUSSELS)


def awaiting_hours(contract: Contract, shift: Shift) -> Timesheet:
    return Timesheet(contract.contract_id, contract.company_id, contract.enterprise_number, contract.offer_id,
                     contract.worker_id, shift, reminder_at(shift), hours_due_at(shift),
                     is_flexi_job=contract.worker.status is WorkerStatus.FLEXI)


def check_worked_time(planned: Shift, worked: Shift, now: datetime) -> None:
    """The hours a company reports: a possible shift, on the planned work date (the Dimona covers that
    day), already over."""
    problem = shift_shape_problem(worked.start, worked.end, worked.break_minutes, minimum=MINUTE)
    if problem is not None:
        raise InvalidInput(f"The hours worked are not possible: {problem}.", code="IMPOSSIBLE_HOURS",
                           details=[{"field": "workedUntil", "message": problem}])
    if work_date(worked.start) != work_date(planned.start):
        raise InvalidInput("The hours worked must start on the planned work date "
                           f"{work_date(planned.start).isoformat()}.", code="WORKED_ON_ANOTHER_DAY",
                           details=[{"field": "workedFrom", "message": "not on the planned work date"}])
    if worked.end > now:
        raise InvalidInput("Hours can be confirmed once worked: the end is in the future.",
                           code="HOURS_IN_THE_FUTURE",
                           details=[{"field": "workedUntil", "message": "in the future"}])


def price_worked_shift(contract: Contract, planned: Shift, worked: Shift) -> ShiftLine:
    """The worked shift priced as the contract's quote priced the planned one (same student quota left)."""
    planned_line = next(line for line in contract_quote(contract).lines if line.shift == planned)
    return quote_shift(contract.worker, contract.joint_committee, contract.hourly_wage, worked,
                       student_quota_left=planned_line.student_quota_left_before)


def confirm(timesheet: Timesheet, contract: Contract, worked: Shift | None, *, by: str,
            now: datetime) -> Timesheet | None:
    """The company's hours (None: the worker did not work). None when the same hours were already
    confirmed; 409 after the deadline or once other hours were confirmed."""
    if timesheet.status is not TimesheetStatus.AWAITING_HOURS:
        if timesheet.confirmed_by is HoursConfirmedBy.COMPANY and timesheet.worked == worked:
            return None
        if timesheet.confirmed_by is not HoursConfirmedBy.DEADLINE:  # by default: the deadline's 409 below
            raise Conflict(f"The hours of this shift are already {timesheet.status.value}; NOWJOBS support "
                           "can correct them.", code="HOURS_ALREADY_CONFIRMED")
    if now >= timesheet.due_at:
        raise Conflict(f"The hours were due by {iso_instant(timesheet.due_at)}; the planned hours now stand.",
                       code="HOURS_DEADLINE_PASSED")
    if worked is None:
        return replace(timesheet, status=TimesheetStatus.NOT_WORKED, confirmed_at=now,
                       confirmed_by=HoursConfirmedBy.COMPANY, confirmed_by_customer=by)
    check_worked_time(timesheet.planned, worked, now)
    return replace(timesheet, status=TimesheetStatus.CONFIRMED, worked=worked, confirmed_at=now,
                   confirmed_by=HoursConfirmedBy.COMPANY, confirmed_by_customer=by,
                   line=price_worked_shift(contract, timesheet.planned, worked))


def confirm_by_default(timesheet: Timesheet, contract: Contract, now: datetime) -> Timesheet | None:
    """At the deadline the planned hours stand; None when hours were confirmed in time."""
    if timesheet.status is not TimesheetStatus.AWAITING_HOURS or now < timesheet.due_at:
        return None
    return replace(timesheet, status=TimesheetStatus.CONFIRMED_BY_DEFAULT, worked=timesheet.planned,
                   confirmed_at=now, confirmed_by=HoursConfirmedBy.DEADLINE,
                   line=price_worked_shift(contract, timesheet.planned, timesheet.planned))


def remind(timesheet: Timesheet, now: datetime) -> Timesheet | None:
    """None when no reminder is due (already sent, hours confirmed, or not yet time)."""
    if (timesheet.status is not TimesheetStatus.AWAITING_HOURS or timesheet.reminded_at is not None
            or now < timesheet.remind_at):
        return None
    return replace(timesheet, reminded_at=now)



def reminder_message(timesheet: Timesheet) -> tuple[str, str]:
    """Subject and body of the reminder e-mail, in Brussels time."""
    def local(at: datetime) -> str:
        return at.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M")
    return ("NOWJOBS: confirm the hours worked",
            f"Please confirm the hours worked on the shift of {local(timesheet.planned.start)} before "
            f"{local(timesheet.due_at)}. After that the planned hours are confirmed as worked and invoiced.")
