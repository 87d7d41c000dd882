"""The wage cost of a NOWJOBS worker for a list of shifts (RULES.md §3).

The rounding rule: each shift is one line; a line's gross wage, employer contributions and fees are each
rounded half-up to the cent (contributions and fees computed on the line's rounded gross); every total
is the sum of the rounded lines. Billing charges exactly these lines.

Pure rules: dates and instants come in as arguments; rates come from the dated tables in rates/."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from msgspec import Struct

from extra_services.money import ZERO, to_cents
from extra_services.nowjobs.contributions import ContributionShare, contribution_minutes, merge_shares
from extra_services.nowjobs.errors import InvalidHourlyWageError, NoShiftsError, ShiftsOverlapError
from extra_services.nowjobs.legal_floor import check_committee_and_wage
from extra_services.nowjobs.rates_on_date import rates_known_on
from extra_services.nowjobs.shift_hours import Shift, hours, minutes_on_public_holidays, span_minutes, work_date
from extra_services.nowjobs.student_quota import remaining_student_quota
from extra_services.nowjobs.workers import Worker, WorkerStatus, check_worker
from extra_services.rates.dated import DatedTable
from extra_services.rates.nowjobs_fees import NOWJOBS_SERVICE_FEES, NowjobsServiceFee

RATE_PRECISION = Decimal("0.0001")


class ShiftLine(Struct, frozen=True):
    shift: Shift
    work_date: date  # Europe/Brussels date of the start: the date rates, age and committee rules use
    worked_minutes: int
    holiday_hours: Decimal  # worked hours falling on a Belgian legal holiday, paid double
    hourly_wage: Decimal
    legal_floor: Decimal
    gross_wage: Decimal
    contributions: tuple[ContributionShare, ...]
    employer_contributions: Decimal
    fees: Decimal
    student_quota_hours_counted: int  # every started hour counts as one; 0 for non-students
    student_quota_left_before: int | None = None  # students: quota hours left before this shift

    @property
    def hours(self) -> Decimal:
        return hours(self.worked_minutes)

    @property
    def total(self) -> Decimal:
        return self.gross_wage + self.employer_contributions + self.fees


class WageQuote(Struct, frozen=True):
    lines: tuple[ShiftLine, ...]
    hours: Decimal
    gross_wage: Decimal
    employer_contributions: Decimal
    fees: Decimal
    total: Decimal
    contribution_rates: tuple[ContributionShare, ...]  # per (kind, rate), hours summed over the lines
    contribution_rate: Decimal  # the single rate, or contributions / gross when several apply


def quote(worker: Worker, joint_committee: str, hourly_wage: Decimal, shifts: Sequence[Shift], *,
          service_fees: DatedTable[NowjobsServiceFee] = NOWJOBS_SERVICE_FEES) -> WageQuote:
    """Quote all shifts, in start order, so the student quota is consumed deterministically."""
    if not shifts:
        raise NoShiftsError
    check_worker(worker)
    for shift in shifts:
        span_minutes(shift)
    ordered = sorted(shifts, key=lambda s: (s.start, s.end))
    for earlier, later in pairwise(ordered):
        if later.start < earlier.end:
            raise ShiftsOverlapError(earlier.end, later.start)
    quota_year = worker.quota_year or work_date(ordered[0].start).year
    quota_left_by_year: dict[int, int] = {}
    lines: list[ShiftLine] = []
    for shift in ordered:
        quota_left: int | None = None
        if worker.status is WorkerStatus.STUDENT:
            year = work_date(shift.start).year
            if year not in quota_left_by_year:
                with rates_known_on(work_date(shift.start)):
                    quota_left_by_year[year] = remaining_student_quota(worker, year, quota_year)
            quota_left = quota_left_by_year[year]
        line = quote_shift(worker, joint_committee, hourly_wage, shift, student_quota_left=quota_left,
                           service_fees=service_fees)
        if quota_left is not None:
            quota_left_by_year[line.work_date.year] = max(0, quota_left - line.student_quota_hours_counted)
        lines.append(line)
    return _summarise(tuple(lines))


def quote_shift(worker: Worker, joint_committee: str, hourly_wage: Decimal, shift: Shift, *,
                student_quota_left: int | None = None,
                service_fees: DatedTable[NowjobsServiceFee] = NOWJOBS_SERVICE_FEES) -> ShiftLine:
    """One line. For a student, `student_quota_left` is what remains of the yearly quota before this
    shift; None computes it from the worker (as if this were the only shift)."""
    check_worker(worker)
    check_hourly_wage(hourly_wage)
    span = span_minutes(shift)
    day = work_date(shift.start)
    with rates_known_on(day):
        if student_quota_left is None and worker.status is WorkerStatus.STUDENT:
            student_quota_left = remaining_student_quota(worker, day.year, worker.quota_year or day.year)
        floor = check_committee_and_wage(worker, joint_committee, hourly_wage, day)
        return _price(worker, hourly_wage, shift, span=span, day=day, floor=floor,
                      quota_left=student_quota_left or 0, fee=service_fees.at(day))


def check_hourly_wage(hourly_wage: Decimal) -> None:
    exponent = hourly_wage.as_tuple().exponent
    if not hourly_wage.is_finite() or hourly_wage <= 0 or (isinstance(exponent, int) and exponent < -2):
        raise InvalidHourlyWageError(hourly_wage)


def _price(worker: Worker, hourly_wage: Decimal, shift: Shift, *, span: int, day: date, floor: Decimal,
           quota_left: int, fee: NowjobsServiceFee) -> ShiftLine:
    worked = span - shift.break_minutes
    # The break cannot be placed in time, so it is taken proportionally from holiday and other hours.
    holiday_span = minutes_on_public_holidays(shift.start, shift.end)
    gross = to_cents(hourly_wage * worked * (span + holiday_span) / (60 * span))
    shares, counted = contribution_minutes(worker.status, day, worked, quota_left)
    contributions = to_cents(gross * sum((s.rate * s.minutes for s in shares), ZERO) / worked)
    fees = to_cents(fee.per_worked_hour * worked / 60 + fee.share_of_gross_wage * gross)
    return ShiftLine(
        shift=shift, work_date=day, worked_minutes=worked,
        holiday_hours=hours(Decimal(worked * holiday_span) / span), hourly_wage=hourly_wage,
        legal_floor=floor, gross_wage=gross,
        contributions=tuple(ContributionShare(s.kind, s.rate, hours(s.minutes)) for s in shares),
        employer_contributions=contributions, fees=fees, student_quota_hours_counted=counted,
        student_quota_left_before=quota_left if worker.status is WorkerStatus.STUDENT else None,
    )


def _summarise(lines: tuple[ShiftLine, ...]) -> WageQuote:
    gross = sum((line.gross_wage for line in lines), ZERO)
    contributions = sum((line.employer_contributions for line in lines), ZERO)
    fees = sum((line.fees for line in lines), ZERO)
    rates = merge_shares(share for line in lines for share in line.contributions)
    if len(rates) == 1:
        rate = rates[0].rate
    else:
        rate = (contributions / gross).quantize(RATE_PRECISION, ROUND_HALF_UP) if gross else ZERO
    return WageQuote(
        lines=lines, hours=hours(sum(line.worked_minutes for line in lines)), gross_wage=gross,
        employer_contributions=contributions, fees=fees, total=gross + contributions + fees,
        contribution_rates=rates, contribution_rate=rate,
    )
