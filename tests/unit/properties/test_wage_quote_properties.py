"""The NOWJOBS wage quote (extra_services.nowjobs.wage_quote): what the quote depends on, and what it
must not depend on. Complements tests/unit/nowjobs/test_nowjobs_wage_quote_properties.py (totals,
signs, more work never costs less, order of the shifts)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from msgspec import Struct
from msgspec.structs import replace

from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.wage_quote import WageQuote, quote
from extra_services.nowjobs.workers import Worker, WorkerStatus
from tests.unit.properties.conftest import PROPERTY, example

MINUTE = timedelta(minutes=1)
FIRST_KNOWN_DAY = datetime(2025, 2, 2, tzinfo=UTC)      # the minimum-wage table starts on 2025-02-01
OFFSETS = [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=2)), timezone(timedelta(hours=-5)),
           timezone(timedelta(hours=5, minutes=30))]


class Case(Struct, frozen=True):
    worker: Worker
    hourly_wage: Decimal
    shifts: list[Shift]

    def quoted(self, **changes: object) -> WageQuote:
        case = replace(self, **changes)
        return quote(case.worker, "302", case.hourly_wage, case.shifts)


@st.composite
def cases(draw: st.DrawFn, status: WorkerStatus | None = None) -> Case:
    worker = Worker(status=status or draw(st.sampled_from(WorkerStatus)),
                    birth_date=date(draw(st.integers(1960, 2008)), draw(st.integers(1, 12)), draw(st.integers(1, 28))),
                    student_hours_used_this_year=draw(st.integers(0, 700)))
    cursor = FIRST_KNOWN_DAY + draw(st.integers(24 * 60, 2 * 365 * 24 * 60)) * MINUTE
    shifts = []
    for _ in range(draw(st.integers(1, 5))):
        cursor += draw(st.integers(0, 2 * 24 * 60)) * MINUTE
        length = draw(st.integers(30, 10 * 60))
        shifts.append(Shift(cursor, cursor + length * MINUTE, draw(st.integers(0, min(45, length - 1)))))
        cursor += length * MINUTE
    return Case(worker, Decimal(draw(st.integers(1300, 3500))) / 100, shifts)    # above every floor in 302


@PROPERTY
@given(cases(), st.lists(st.sampled_from(OFFSETS), min_size=5, max_size=5))
def test_the_quote_depends_on_the_instants_not_on_the_offset_they_are_written_in(case: Case,
                                                                                  offsets: list[timezone]) -> None:
    example()
    rewritten = [Shift(s.start.astimezone(tz), s.end.astimezone(tz), s.break_minutes)
                 for s, tz in zip(case.shifts, offsets, strict=False)]
    assert case.quoted(shifts=rewritten) == case.quoted()


@PROPERTY
@given(cases(status=WorkerStatus.STUDENT), st.integers(1, 200))
def test_a_student_who_used_more_of_the_quota_never_costs_less_in_contributions(case: Case, more: int) -> None:
    example()
    used = case.worker.student_hours_used_this_year
    later = replace(case.worker, student_hours_used_this_year=used + more)
    before, after = case.quoted(), case.quoted(worker=later)
    assert after.gross_wage == before.gross_wage
    assert after.employer_contributions >= before.employer_contributions


@PROPERTY
@given(cases(), st.integers(1, 500))
def test_a_higher_hourly_wage_never_costs_less(case: Case, raise_in_cents: int) -> None:
    example()
    before, after = case.quoted(), case.quoted(hourly_wage=case.hourly_wage + Decimal(raise_in_cents) / 100)
    # a raise of a cent on a short shift may round to the same cents, never to fewer
    assert after.gross_wage >= before.gross_wage
    assert after.employer_contributions >= before.employer_contributions and after.total >= before.total
