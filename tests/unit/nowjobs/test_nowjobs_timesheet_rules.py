"""Hours worked: due by 13:00 the next working day, reminded at 09:00, the planned hours standing after
the deadline, and priced exactly as the quote."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from extra_services.errors import Conflict, InvalidInput
from extra_services.nowjobs.contract import contract_quote, propose
from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.statuses import ContractEventType, HoursConfirmedBy, TimesheetStatus
from extra_services.nowjobs.timesheet import (
    awaiting_hours,
    confirm,
    confirm_by_default,
    hours_due_at,
    remind,
    reminder_at,
)
from extra_services.nowjobs.workers import WorkerStatus
from tests.unit.nowjobs.builders import (
    NOW,
    SHIFTS,
    THURSDAY,
    WEDNESDAY,
    after_events,
    application,
    confirmed,
    local,
    offer,
    shift,
    worker,
)

AFTER_WORK = local(THURSDAY, 8)  # the first shift of SHIFTS is over, its hours not yet due


def test_hours_are_due_at_13h_the_next_working_day_after_the_shift() -> None:
    assert hours_due_at(shift(WEDNESDAY, 9, 17)) == local(THURSDAY, 13)


def test_hours_of_a_friday_shift_are_due_on_monday() -> None:
    assert hours_due_at(shift(date(2026, 3, 6), 9, 17)) == local(date(2026, 3, 9), 13)


def test_a_legal_holiday_is_not_a_working_day_for_the_deadline() -> None:
    day_before_ascension = date(2026, 5, 13)
    assert hours_due_at(shift(day_before_ascension, 9, 17)) == local(date(2026, 5, 15), 13)


def test_night_shift_is_due_the_working_day_after_it_ends() -> None:
    friday_night = Shift(local(date(2026, 3, 6), 22), local(date(2026, 3, 7), 6))
    assert hours_due_at(friday_night) == local(date(2026, 3, 9), 13)


def test_shift_ending_at_midnight_belongs_to_the_day_it_was_worked() -> None:
    evening = Shift(local(WEDNESDAY, 18), local(THURSDAY, 0))
    assert hours_due_at(evening) == local(THURSDAY, 13)


def test_reminder_is_sent_at_9h_on_the_due_day_once() -> None:
    timesheet = awaiting_hours(confirmed(), SHIFTS[0])
    assert reminder_at(SHIFTS[0]) == timesheet.remind_at == local(THURSDAY, 9)
    assert remind(timesheet, local(THURSDAY, 8, 59)) is None
    reminded = remind(timesheet, local(THURSDAY, 9))
    assert reminded is not None
    assert remind(reminded, local(THURSDAY, 10)) is None


def test_confirmed_hours_worked_as_planned_cost_exactly_what_the_quote_said() -> None:
    contract = confirmed(WorkerStatus.FLEXI)
    done = confirm(awaiting_hours(contract, SHIFTS[0]), contract, SHIFTS[0], by="customer-1", now=AFTER_WORK)

    assert done is not None
    assert done.line == contract_quote(contract).lines[0]
    assert done.billable_line().total == contract_quote(contract).lines[0].total


def test_student_hours_use_the_quota_left_as_the_quote_counted_it() -> None:
    student = application(WorkerStatus.STUDENT, worker=worker(WorkerStatus.STUDENT, student_hours_used_this_year=645))
    contract = after_events(propose(student, offer(), SHIFTS, contract_id="contract-1", now=NOW),
                            ContractEventType.ACCEPTED, ContractEventType.DIMONA_CONFIRMED)
    second = SHIFTS[1]
    done = confirm(awaiting_hours(contract, second), contract, second, by="customer-1", now=local(THURSDAY, 14))

    assert done is not None and done.line is not None
    assert done.line == contract_quote(contract).lines[1]
    assert done.line.student_quota_left_before == 0  # the first shift used the last 5 hours


def test_shorter_hours_are_priced_with_the_same_rules() -> None:
    contract = confirmed(WorkerStatus.FLEXI)
    worked = Shift(SHIFTS[0].start, SHIFTS[0].end - timedelta(hours=2), 30)
    done = confirm(awaiting_hours(contract, SHIFTS[0]), contract, worked, by="customer-1", now=AFTER_WORK)

    assert done is not None and done.line is not None
    assert done.line.hours == Decimal("5.50")
    assert done.line.gross_wage == Decimal("77.00")  # 5.5 h x €14.00


def test_hours_after_the_deadline_are_refused() -> None:
    contract = confirmed()
    with pytest.raises(Conflict) as refused:
        confirm(awaiting_hours(contract, SHIFTS[0]), contract, SHIFTS[0], by="customer-1", now=local(THURSDAY, 13))
    assert refused.value.code == "HOURS_DEADLINE_PASSED"


def test_planned_hours_stand_after_the_deadline() -> None:
    contract = confirmed()
    timesheet = awaiting_hours(contract, SHIFTS[0])
    assert confirm_by_default(timesheet, contract, local(THURSDAY, 12, 59)) is None
    stood = confirm_by_default(timesheet, contract, local(THURSDAY, 13))

    assert stood is not None
    assert (stood.status, stood.confirmed_by) == (TimesheetStatus.CONFIRMED_BY_DEFAULT, HoursConfirmedBy.DEADLINE)
    assert stood.line == contract_quote(contract).lines[0]
    assert stood.unbilled


def test_hours_still_in_the_future_are_refused() -> None:
    contract = confirmed()
    with pytest.raises(InvalidInput) as refused:
        confirm(awaiting_hours(contract, SHIFTS[0]), contract, SHIFTS[0], by="customer-1", now=local(WEDNESDAY, 16))
    assert refused.value.code == "HOURS_IN_THE_FUTURE"


def test_hours_on_another_day_than_planned_are_refused() -> None:
    contract = confirmed()
    other_day = shift(date(2026, 3, 3), 9, 17)
    with pytest.raises(InvalidInput) as refused:
        confirm(awaiting_hours(contract, SHIFTS[0]), contract, other_day, by="customer-1", now=AFTER_WORK)
    assert refused.value.code == "WORKED_ON_ANOTHER_DAY"


def test_impossible_hours_are_refused() -> None:
    contract = confirmed()
    backwards = Shift(SHIFTS[0].end, SHIFTS[0].start)
    with pytest.raises(InvalidInput) as refused:
        confirm(awaiting_hours(contract, SHIFTS[0]), contract, backwards, by="customer-1", now=AFTER_WORK)
    assert refused.value.code == "IMPOSSIBLE_HOURS"


def test_a_no_show_is_not_billed() -> None:
    contract = confirmed()
    done = confirm(awaiting_hours(contract, SHIFTS[0]), contract, None, by="customer-1", now=AFTER_WORK)
    assert done is not None
    assert done.status is TimesheetStatus.NOT_WORKED
    assert not done.unbilled
    with pytest.raises(Conflict):
        done.billable_line()


def test_confirming_the_same_hours_again_has_no_second_effect_but_other_hours_are_refused() -> None:
    contract = confirmed()
    done = confirm(awaiting_hours(contract, SHIFTS[0]), contract, SHIFTS[0], by="customer-1", now=AFTER_WORK)
    assert done is not None
    assert confirm(done, contract, SHIFTS[0], by="customer-1", now=AFTER_WORK) is None
    with pytest.raises(Conflict) as refused:
        confirm(done, contract, Shift(SHIFTS[0].start, SHIFTS[0].end, 0), by="customer-1", now=AFTER_WORK)
    assert refused.value.code == "HOURS_ALREADY_CONFIRMED"


def test_billable_line_carries_the_priced_shift_for_billing() -> None:
    contract = confirmed(WorkerStatus.FLEXI)
    done = confirm(awaiting_hours(contract, SHIFTS[0]), contract, SHIFTS[0], by="customer-1", now=AFTER_WORK)
    assert done is not None and done.line is not None
    line = done.billable_line()

    assert (line.worker_id, line.worked_on, line.is_flexi_job) == ("worker-1", WEDNESDAY, True)
    assert line.shift_id == "contract-1#2026-03-04T08:00:00Z"
    assert (line.gross_wage, line.contributions, line.fees) == (
        done.line.gross_wage, done.line.employer_contributions, done.line.fees)
    assert done.invoicing_week == date(2026, 3, 2)
