"""The wage cost of a NOWJOBS worker for a list of shifts (RULES.md §3).

The rounding rule: each shift is one line; a line's gross wage, employer contributions and fees are each
rounded half-up to the cent (contributions and fees computed on the line's rounded gross); every total
is the sum of the rounded lines. Billing charges exactly these lines.

Pure rules: dates and instants come in as arguments; rates come from the dated tables in rates/."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise

from extra_services.belgian_calendar import is_public_holiday
from extra_services.clock import BRUSSELS
from extra_services.money import CENT, ZERO, to_cents
from extra_services.nowjobs.errors import (
    BirthDateAfterShiftError,
    FlexiNotAllowedInJointCommitteeError,
    InvalidBreakError,
    InvalidHourlyWageError,
    InvalidStudentHoursUsedError,
    NoShiftsError,
    RateUnknownForDateError,
    ShiftEndsBeforeStartError,
    ShiftsOverlapError,
    ShiftTimeNotOnWholeMinuteError,
    ShiftTimeWithoutOffsetError,
    UnsupportedJointCommitteeError,
    WageBelowLegalFloorError,
)
from extra_services.rates.dated import DatedTable, NoRateForDate
from extra_services.rates.employer_contributions import (
    FLEXI_SPECIAL_CONTRIBUTION,
    NORMAL_EMPLOYER_RATE,
    STUDENT_SOLIDARITY_EMPLOYER_RATE,
)
from extra_services.rates.joint_committees import (
    allows_flexi,
    flexi_hourly_floor,
    is_supported_by_nowjobs,
    normalise_joint_committee,
)
from extra_services.rates.national_minimum_wage import NATIONAL_MINIMUM_WAGE, YOUTH_MINIMUM_WAGE_PERCENTAGES
from extra_services.rates.nowjobs_fees import NOWJOBS_SERVICE_FEES, NowjobsServiceFee
from extra_services.rates.student_quota import student_quota_hours

HOURS_PRECISION = Decimal("0.01")
RATE_PRECISION = Decimal("0.0001")
MINUTE = timedelta(minutes=1)


class WorkerStatus(StrEnum):
    STUDENT = "STUDENT"
    FLEXI = "FLEXI"
    REGULAR = "REGULAR"


class ContributionKind(StrEnum):
    STUDENT_SOLIDARITY = "STUDENT_SOLIDARITY"
    FLEXI_SPECIAL = "FLEXI_SPECIAL"
    NORMAL = "NORMAL"


_WHOM = {WorkerStatus.STUDENT: "a student", WorkerStatus.FLEXI: "a flexi-jobber",
         WorkerStatus.REGULAR: "a regular worker"}


@dataclass(frozen=True)
class Worker:
    status: WorkerStatus
    birth_date: date
    experience_months: int = 0  # carried for sector scales by experience; none is recorded yet
    student_hours_used_this_year: int = 0
    quota_year: int | None = None  # the year "this year" means; None: the year of the first shift


@dataclass(frozen=True)
class Shift:
    start: datetime
    end: datetime
    break_minutes: int = 0


@dataclass(frozen=True)
class ContributionShare:
    kind: ContributionKind
    rate: Decimal
    hours: Decimal  # worked hours charged at this rate


@dataclass(frozen=True)
class ShiftLine:
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

    @property
    def hours(self) -> Decimal:
        return _hours(self.worked_minutes)

    @property
    def total(self) -> Decimal:
        return self.gross_wage + self.employer_contributions + self.fees


@dataclass(frozen=True)
class WageQuote:
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
    _check_worker(worker)
    for shift in shifts:
        _span_minutes(shift)
    ordered = sorted(shifts, key=lambda s: (s.start, s.end))
    for earlier, later in pairwise(ordered):
        if later.start < earlier.end:
            raise ShiftsOverlapError(earlier.end, later.start)
    quota_year = worker.quota_year or _work_date(ordered[0].start).year
    quota_left_by_year: dict[int, int] = {}
    lines: list[ShiftLine] = []
    for shift in ordered:
        quota_left: int | None = None
        if worker.status is WorkerStatus.STUDENT:
            year = _work_date(shift.start).year
            if year not in quota_left_by_year:
                with _rates_known_on(_work_date(shift.start)):
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
    _check_worker(worker)
    _check_wage(hourly_wage)
    span_minutes = _span_minutes(shift)
    day = _work_date(shift.start)
    with _rates_known_on(day):
        if student_quota_left is None and worker.status is WorkerStatus.STUDENT:
            student_quota_left = remaining_student_quota(worker, day.year, worker.quota_year or day.year)
        floor = _check_committee_and_floor(worker, joint_committee, hourly_wage, day)
        return _price(worker, hourly_wage, shift, span=span_minutes, day=day, floor=floor,
                      quota_left=student_quota_left or 0, fee=service_fees.at(day))


def legal_hourly_floor(worker: Worker, joint_committee: str, day: date) -> Decimal:
    """The sector floor where one is recorded (flexi), else the youth/national minimum by age on `day`.

    Rounded up to the cent: a wage equal to the floor shown is never below the law."""
    with _rates_known_on(day):
        sector = flexi_hourly_floor(joint_committee, day) if worker.status is WorkerStatus.FLEXI else None
        if sector is not None:
            return sector
        percentage = YOUTH_MINIMUM_WAGE_PERCENTAGES.at(day).percentage_for(age_on(worker.birth_date, day))
        exact = NATIONAL_MINIMUM_WAGE.at(day).hourly * percentage
        return exact.quantize(CENT, rounding=ROUND_CEILING)


def age_on(birth_date: date, day: date) -> int:
    if birth_date > day:
        raise BirthDateAfterShiftError(birth_date, day)
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def remaining_student_quota(worker: Worker, year: int, quota_year: int) -> int:
    """Hours of `year`'s quota left; the hours already used count only in `quota_year`."""
    used = worker.student_hours_used_this_year if year == quota_year else 0
    return max(0, student_quota_hours(year) - used)


@contextmanager
def _rates_known_on(day: date) -> Iterator[None]:
    """A date before a table's first row is a refusal the caller can read, not a crash."""
    try:
        yield
    except NoRateForDate as exc:
        raise RateUnknownForDateError(str(exc), day) from exc


def _check_worker(worker: Worker) -> None:
    if worker.student_hours_used_this_year < 0:
        raise InvalidStudentHoursUsedError(worker.student_hours_used_this_year)


def _check_wage(hourly_wage: Decimal) -> None:
    exponent = hourly_wage.as_tuple().exponent
    if not hourly_wage.is_finite() or hourly_wage <= 0 or (isinstance(exponent, int) and exponent < -2):
        raise InvalidHourlyWageError(hourly_wage)


def _span_minutes(shift: Shift) -> int:
    for at in (shift.start, shift.end):
        if at.utcoffset() is None:
            raise ShiftTimeWithoutOffsetError(at)
        if at.second or at.microsecond:
            raise ShiftTimeNotOnWholeMinuteError(at)
    if shift.end <= shift.start:
        raise ShiftEndsBeforeStartError(shift.start, shift.end)
    span = (shift.end.astimezone(UTC) - shift.start.astimezone(UTC)) // MINUTE
    if not 0 <= shift.break_minutes < span:
        raise InvalidBreakError(shift.break_minutes, span)
    return span


def _work_date(start: datetime) -> date:
    return start.astimezone(BRUSSELS).date()


def _check_committee_and_floor(worker: Worker, joint_committee: str, hourly_wage: Decimal,
                               day: date) -> Decimal:
    committee = normalise_joint_committee(joint_committee)
    if not is_supported_by_nowjobs(committee, day):
        raise UnsupportedJointCommitteeError(committee, day)
    if worker.status is WorkerStatus.FLEXI and not allows_flexi(committee, day):
        raise FlexiNotAllowedInJointCommitteeError(committee, day)
    floor = legal_hourly_floor(worker, committee, day)
    if hourly_wage < floor:
        raise WageBelowLegalFloorError(hourly_wage, floor, _whom(worker, committee, day), committee, day)
    return floor


def _whom(worker: Worker, committee: str, day: date) -> str:
    """Who the floor is for, as the refusal message says it."""
    if worker.status is WorkerStatus.FLEXI and flexi_hourly_floor(committee, day) is not None:
        return _WHOM[worker.status]
    return f"{_WHOM[worker.status]} aged {age_on(worker.birth_date, day)}"


def _price(worker: Worker, hourly_wage: Decimal, shift: Shift, *, span: int, day: date, floor: Decimal,
           quota_left: int, fee: NowjobsServiceFee) -> ShiftLine:
    worked = span - shift.break_minutes
    # The break cannot be placed in time, so it is taken proportionally from holiday and other hours.
    holiday_span = _minutes_on_public_holidays(shift.start, shift.end)
    gross = to_cents(hourly_wage * worked * (span + holiday_span) / (60 * span))
    shares, counted = _contribution_minutes(worker.status, day, worked, quota_left)
    contributions = to_cents(gross * sum((rate * minutes for _, rate, minutes in shares), ZERO) / worked)
    fees = to_cents(fee.per_worked_hour * worked / 60 + fee.share_of_gross_wage * gross)
    return ShiftLine(
        shift=shift, work_date=day, worked_minutes=worked,
        holiday_hours=_hours(Decimal(worked * holiday_span) / span), hourly_wage=hourly_wage,
        legal_floor=floor, gross_wage=gross,
        contributions=tuple(ContributionShare(kind, rate, _hours(minutes)) for kind, rate, minutes in shares),
        employer_contributions=contributions, fees=fees, student_quota_hours_counted=counted,
    )


def _contribution_minutes(status: WorkerStatus, day: date, worked: int,
                          quota_left: int) -> tuple[list[tuple[ContributionKind, Decimal, int]], int]:
    """(kind, rate, worked minutes at that rate), and the quota hours the shift counts (students only)."""
    if status is WorkerStatus.FLEXI:
        return [(ContributionKind.FLEXI_SPECIAL, FLEXI_SPECIAL_CONTRIBUTION.at(day), worked)], 0
    normal = NORMAL_EMPLOYER_RATE.at(day)
    if status is WorkerStatus.REGULAR:
        return [(ContributionKind.NORMAL, normal, worked)], 0
    within = min(worked, quota_left * 60)
    shares = [
        (ContributionKind.STUDENT_SOLIDARITY, STUDENT_SOLIDARITY_EMPLOYER_RATE.at(day), within),
        (ContributionKind.NORMAL, normal, worked - within),
    ]
    return [share for share in shares if share[2] > 0], -(-worked // 60)


def _minutes_on_public_holidays(start: datetime, end: datetime) -> int:
    """Minutes of [start, end) on a Belgian legal holiday, by Europe/Brussels calendar date."""
    minutes = 0
    cursor, end = start.astimezone(UTC), end.astimezone(UTC)
    while cursor < end:
        local_day = cursor.astimezone(BRUSSELS).date()
        next_midnight = datetime.combine(local_day + timedelta(days=1), time(), BRUSSELS).astimezone(UTC)
        segment_end = min(end, next_midnight)
        if is_public_holiday(local_day):
            minutes += (segment_end - cursor) // MINUTE
        cursor = segment_end
    return minutes


def _summarise(lines: tuple[ShiftLine, ...]) -> WageQuote:
    gross = sum((line.gross_wage for line in lines), ZERO)
    contributions = sum((line.employer_contributions for line in lines), ZERO)
    fees = sum((line.fees for line in lines), ZERO)
    rates = _merge_shares(share for line in lines for share in line.contributions)
    if len(rates) == 1:
        rate = rates[0].rate
    else:
        rate = (contributions / gross).quantize(RATE_PRECISION, ROUND_HALF_UP) if gross else ZERO
    return WageQuote(
        lines=lines, hours=_hours(sum(line.worked_minutes for line in lines)), gross_wage=gross,
        employer_contributions=contributions, fees=fees, total=gross + contributions + fees,
        contribution_rates=rates, contribution_rate=rate,
    )


def _merge_shares(shares: Iterable[ContributionShare]) -> tuple[ContributionShare, ...]:
    merged: dict[tuple[ContributionKind, Decimal], Decimal] = {}
    for share in shares:
        key = (share.kind, share.rate)
        merged[key] = merged.get(key, ZERO) + share.hours
    return tuple(ContributionShare(kind, rate, hours) for (kind, rate), hours in merged.items())


def _hours(minutes: int | Decimal) -> Decimal:
    """Hours shown on a quote, to the hundredth; money is always computed from exact minutes."""
    return (Decimal(minutes) / 60).quantize(HOURS_PRECISION, ROUND_HALF_UP)
