"""The debtor's month and the case deadlines (Judicial Code art. 52-54, RULES.md §2)."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from extra_services.clock import BRUSSELS
from extra_services.gosolid.deadlines import (
    CaseDeadlines,
    acceptance_decision_due,
    case_deadlines,
    debtor_month_expires_at,
    expected_timeline,
    month_term_end,
    pv_earliest,
    pv_earliest_at,
    response_deadline,
    summons_service_due,
)


def brussels(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


# --- art. 52 + 54: the month, de quantième à veille de quantième ------------------------------

def test_summons_served_on_monday_15_march_ends_on_15_april() -> None:
    served = date(2021, 3, 15)
    assert served.weekday() == 0
    assert month_term_end(served) == date(2021, 4, 15)
    assert response_deadline(served) == date(2021, 4, 15)


def test_summons_served_on_31_january_ends_on_28_february_in_a_common_year() -> None:
    assert month_term_end(date(2025, 1, 31)) == date(2025, 2, 28)
    assert response_deadline(date(2025, 1, 31)) == date(2025, 2, 28)


def test_summons_served_on_31_january_ends_on_29_february_in_a_leap_year() -> None:
    assert month_term_end(date(2028, 1, 31)) == date(2028, 2, 29)
    assert response_deadline(date(2028, 1, 31)) == date(2028, 2, 29)


def test_summons_served_on_28_february_of_a_common_year_ends_on_31_march() -> None:
    assert month_term_end(date(2026, 2, 28)) == date(2026, 3, 31)
    assert response_deadline(date(2026, 2, 28)) == date(2026, 3, 31)


def test_summons_served_on_28_february_of_a_leap_year_ends_on_28_march() -> None:
    assert month_term_end(date(2028, 2, 28)) == date(2028, 3, 28)


def test_summons_served_on_29_february_2028_ends_on_31_march() -> None:
    assert month_term_end(date(2028, 2, 29)) == date(2028, 3, 31)


def test_summons_served_on_30_january_ends_on_the_last_day_of_february() -> None:
    assert month_term_end(date(2025, 1, 30)) == date(2025, 2, 28)
    assert month_term_end(date(2028, 1, 30)) == date(2028, 2, 29)


def test_summons_served_on_29_january_of_a_leap_year_ends_on_29_february() -> None:
    assert month_term_end(date(2028, 1, 29)) == date(2028, 2, 29)


def test_summons_served_on_31_march_ends_on_30_april() -> None:
    assert month_term_end(date(2026, 3, 31)) == date(2026, 4, 30)


def test_summons_served_on_30_april_ends_on_31_may() -> None:
    assert month_term_end(date(2027, 4, 30)) == date(2027, 5, 31)


def test_summons_served_on_30_november_ends_on_31_december() -> None:
    assert month_term_end(date(2026, 11, 30)) == date(2026, 12, 31)


def test_summons_served_on_31_december_ends_on_31_january_of_the_next_year() -> None:
    assert month_term_end(date(2026, 12, 31)) == date(2027, 1, 31)


def test_a_term_of_several_months_counts_the_same_way() -> None:
    assert month_term_end(date(2026, 2, 28), months=3) == date(2026, 5, 31)
    assert month_term_end(date(2026, 11, 15), months=2) == date(2027, 1, 15)


def test_a_term_of_zero_months_is_refused() -> None:
    with pytest.raises(ValueError, match="months"):
        month_term_end(date(2026, 1, 1), months=0)


# --- art. 53: the last day rolls to the next working day --------------------------------------

def test_term_ending_on_a_saturday_rolls_to_monday() -> None:
    assert month_term_end(date(2026, 1, 31)) == date(2026, 2, 28)
    assert response_deadline(date(2026, 1, 31)) == date(2026, 3, 2)


def test_term_ending_on_a_sunday_rolls_to_monday() -> None:
    assert month_term_end(date(2026, 4, 3)) == date(2026, 5, 3)
    assert response_deadline(date(2026, 4, 3)) == date(2026, 5, 4)


@pytest.mark.parametrize(
    ("served_on", "holiday", "deadline"),
    [
        (date(2026, 12, 1), date(2027, 1, 1), date(2027, 1, 4)),
        (date(2026, 3, 6), date(2026, 4, 6), date(2026, 4, 7)),
        (date(2026, 4, 1), date(2026, 5, 1), date(2026, 5, 4)),
        (date(2026, 4, 14), date(2026, 5, 14), date(2026, 5, 15)),
        (date(2026, 4, 25), date(2026, 5, 25), date(2026, 5, 26)),
        (date(2026, 6, 21), date(2026, 7, 21), date(2026, 7, 22)),
        (date(2025, 7, 15), date(2025, 8, 15), date(2025, 8, 18)),
        (date(2027, 10, 1), date(2027, 11, 1), date(2027, 11, 2)),
        (date(2026, 10, 11), date(2026, 11, 11), date(2026, 11, 12)),
        (date(2025, 11, 25), date(2025, 12, 25), date(2025, 12, 26)),
    ],
    ids=[
        "new-year-friday-rolls-to-monday",
        "easter-monday-rolls-to-tuesday",
        "labour-day-friday-rolls-to-monday",
        "ascension-thursday-rolls-to-friday",
        "whit-monday-rolls-to-tuesday",
        "national-day-rolls-to-wednesday",
        "assumption-friday-rolls-to-monday",
        "all-saints-monday-rolls-to-tuesday",
        "armistice-rolls-to-thursday",
        "christmas-thursday-rolls-to-26-december",
    ],
)
def test_term_ending_on_a_legal_holiday_rolls_to_the_next_working_day(
    served_on: date, holiday: date, deadline: date
) -> None:
    assert month_term_end(served_on) == holiday
    assert response_deadline(served_on) == deadline


def test_term_ending_on_easter_monday_rolls_to_tuesday() -> None:
    assert response_deadline(date(2026, 3, 6)) == date(2026, 4, 7)


def test_term_ending_on_whit_monday_2028_rolls_to_tuesday() -> None:
    assert month_term_end(date(2028, 5, 5)) == date(2028, 6, 5)
    assert response_deadline(date(2028, 5, 5)) == date(2028, 6, 6)


# --- PV earliest --------------------------------------------------------------------------------

def test_pv_earliest_is_eight_calendar_days_after_the_response_deadline() -> None:
    assert pv_earliest(date(2021, 4, 15)) == date(2021, 4, 23)


def test_pv_earliest_on_a_saturday_before_whit_monday_moves_to_tuesday() -> None:
    assert pv_earliest(date(2026, 5, 15)) == date(2026, 5, 26)


def test_pv_earliest_on_armistice_day_moves_to_the_next_day() -> None:
    assert pv_earliest(date(2026, 11, 3)) == date(2026, 11, 12)


# --- service-level limits ---------------------------------------------------------------------

def test_acceptance_decision_is_due_four_working_hours_after_submission() -> None:
    assert acceptance_decision_due(brussels(2026, 3, 10, 10)) == brussels(2026, 3, 10, 14)


def test_acceptance_decision_for_a_friday_afternoon_submission_is_due_on_monday() -> None:
    assert acceptance_decision_due(brussels(2026, 3, 13, 15, 30)) == brussels(2026, 3, 16, 11, 30)


def test_summons_service_is_due_at_17h_brussels_on_the_fourth_working_day_after_acceptance() -> None:
    assert summons_service_due(brussels(2026, 3, 2, 10)) == brussels(2026, 3, 6, 17)


def test_summons_service_after_a_thursday_acceptance_is_due_next_wednesday() -> None:
    assert summons_service_due(brussels(2026, 3, 5, 11)) == brussels(2026, 3, 11, 17)


def test_summons_service_after_a_saturday_acceptance_is_due_on_thursday() -> None:
    assert summons_service_due(brussels(2026, 3, 7, 11)) == brussels(2026, 3, 12, 17)


def test_summons_service_after_a_friday_evening_acceptance_is_due_on_thursday() -> None:
    assert summons_service_due(brussels(2026, 3, 6, 19)) == brussels(2026, 3, 12, 17)


def test_summons_service_limit_skips_easter_monday() -> None:
    assert summons_service_due(brussels(2026, 4, 2, 10)) == brussels(2026, 4, 9, 17)


def test_summons_service_counts_from_the_brussels_date_of_acceptance() -> None:
    # 23:30 UTC on Monday is 00:30 on Tuesday in Brussels.
    accepted = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert summons_service_due(accepted) == brussels(2026, 3, 9, 17)


# --- instants the state machine waits on ------------------------------------------------------

def test_debtor_month_expires_at_midnight_ending_the_deadline_day_in_summer_time() -> None:
    assert debtor_month_expires_at(date(2026, 5, 4)) == datetime(2026, 5, 4, 22, tzinfo=UTC)


def test_debtor_month_expires_at_midnight_ending_the_deadline_day_in_winter_time() -> None:
    assert debtor_month_expires_at(date(2026, 3, 2)) == datetime(2026, 3, 2, 23, tzinfo=UTC)


def test_pv_earliest_instant_is_the_start_of_that_day_in_brussels() -> None:
    assert pv_earliest_at(date(2026, 5, 12)) == datetime(2026, 5, 11, 22, tzinfo=UTC)


# --- the whole timeline -----------------------------------------------------------------------

def test_expected_timeline_assumes_each_step_at_its_limit() -> None:
    # Submitted Friday 27 March 2026 15:00 CET, the DST weekend in between.
    timeline = expected_timeline(brussels(2026, 3, 27, 15))
    assert timeline == CaseDeadlines(
        acceptance_decision_due=brussels(2026, 3, 30, 11),
        summons_service_due=brussels(2026, 4, 3, 17),
        response_deadline=date(2026, 5, 4),
        pv_earliest=date(2026, 5, 12),
    )
    assert timeline.debtor_month_expires_at == datetime(2026, 5, 4, 22, tzinfo=UTC)
    assert timeline.pv_earliest_at == datetime(2026, 5, 11, 22, tzinfo=UTC)


def test_actual_acceptance_and_service_replace_the_assumed_ones() -> None:
    deadlines = case_deadlines(
        brussels(2026, 3, 9, 10), accepted_at=brussels(2026, 3, 9, 11), served_on=date(2026, 3, 11)
    )
    assert deadlines.acceptance_decision_due == brussels(2026, 3, 9, 14)
    assert deadlines.summons_service_due == brussels(2026, 3, 13, 17)
    assert deadlines.response_deadline == date(2026, 4, 13)
    assert deadlines.pv_earliest == date(2026, 4, 21)


def test_deadlines_render_as_the_api_deadlines_object() -> None:
    assert expected_timeline(brussels(2026, 3, 27, 15)).as_api() == {
        "acceptanceDecisionDue": "2026-03-30T09:00:00Z",
        "summonsServiceDue": "2026-04-03T15:00:00Z",
        "responseDeadline": "2026-05-04",
        "pvEarliest": "2026-05-12",
    }
