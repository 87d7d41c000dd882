"""Properties of every quote: totals are sums of lines, nothing is negative, more work never costs less."""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec import Struct
from msgspec.structs import replace

from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.wage_quote import WageQuote, quote
from extra_services.nowjobs.workers import Worker, WorkerStatus

FIRST_KNOWN_DAY = datetime(2025, 2, 2, tzinfo=UTC)  # the national minimum wage table starts 2025-02-01
MINUTE = timedelta(minutes=1)


class Case(Struct, frozen=True):
    worker: Worker
    hourly_wage: Decimal
    shifts: list[Shift]

    def quoted(self, shifts: list[Shift] | None = None) -> WageQuote:
        return quote(self.worker, "302", self.hourly_wage, self.shifts if shifts is None else shifts)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    worker = Worker(
        status=draw(st.sampled_from(WorkerStatus)),
        birth_date=date(draw(st.integers(1950, 2009)), draw(st.integers(1, 12)), draw(st.integers(1, 28))),
        student_hours_used_this_year=draw(st.integers(0, 700)),
    )
    cursor = FIRST_KNOWN_DAY + draw(st.integers(24 * 60, 2 * 365 * 24 * 60)) * MINUTE
    shifts = []
    for _ in range(draw(st.integers(1, 6))):
        cursor += draw(st.integers(0, 3 * 24 * 60)) * MINUTE
        length = draw(st.integers(1, 12 * 60))
        shifts.append(Shift(cursor, cursor + length * MINUTE, draw(st.integers(0, min(60, length - 1)))))
        cursor += length * MINUTE
    # 13.00 is above every floor that applies in joint committee 302 (flexi 12.53, national 12.83).
    return Case(worker, Decimal(draw(st.integers(1300, 4000))) / 100, shifts)


@given(cases())
def test_totals_are_sums_of_the_lines(case: Case) -> None:
    result = case.quoted()

    assert result.gross_wage == sum(line.gross_wage for line in result.lines)
    assert result.employer_contributions == sum(line.employer_contributions for line in result.lines)
    assert result.fees == sum(line.fees for line in result.lines)
    assert result.total == sum(line.total for line in result.lines)
    assert result.total == result.gross_wage + result.employer_contributions + result.fees


@given(cases())
def test_no_amount_is_negative_and_every_amount_is_in_cents(case: Case) -> None:
    result = case.quoted()

    for line in result.lines:
        for amount in (line.gross_wage, line.employer_contributions, line.fees, line.total):
            assert amount >= 0
            assert amount == amount.quantize(Decimal("0.01"))
        assert line.hours > 0
        assert 0 <= line.holiday_hours <= line.hours


@given(cases(), st.integers(1, 6 * 60))
def test_a_longer_last_shift_never_costs_less(case: Case, extra_minutes: int) -> None:
    last = case.shifts[-1]
    longer = [*case.shifts[:-1], replace(last, end=last.end + extra_minutes * MINUTE)]

    before, after = case.quoted(), case.quoted(longer)

    assert after.hours >= before.hours
    assert after.gross_wage >= before.gross_wage
    assert after.employer_contributions >= before.employer_contributions
    assert after.total >= before.total


@given(cases(), st.integers(1, 8 * 60), st.booleans())
def test_one_more_shift_never_costs_less(case: Case, length: int, before_the_others: bool) -> None:
    if before_the_others:
        end = case.shifts[0].start
        extra = Shift(end - length * MINUTE, end)
    else:
        start = case.shifts[-1].end
        extra = Shift(start, start + length * MINUTE)

    before, after = case.quoted(), case.quoted([extra, *case.shifts])

    assert after.gross_wage > before.gross_wage
    assert after.employer_contributions >= before.employer_contributions
    assert after.total > before.total


@settings(max_examples=50)
@given(cases(), st.randoms(use_true_random=False))
def test_the_quote_does_not_depend_on_the_order_shifts_are_given_in(case: Case, rng: random.Random) -> None:
    shuffled = list(case.shifts)
    rng.shuffle(shuffled)

    assert case.quoted(shuffled) == case.quoted()
