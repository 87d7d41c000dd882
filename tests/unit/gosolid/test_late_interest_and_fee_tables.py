"""The dated tables behind Go Solid amounts: late-interest semesters, flat fee, increase cap."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from extra_services.rates.dated import NoRateForDate
from extra_services.rates.go_solid_fees import FLAT_FEE_PER_FILE, INCREASE_CAP_PERCENT_OF_PRINCIPAL
from extra_services.rates.late_interest import (
    LATE_INTEREST_ANNUAL_PERCENT,
    semester_end,
    semester_label,
    semester_start,
)


@pytest.mark.parametrize(
    ("day", "percent"),
    [
        (date(2023, 3, 1), "10.5"),
        (date(2023, 9, 1), "12"),
        (date(2024, 3, 1), "12.5"),
        (date(2024, 9, 1), "12.5"),
        (date(2025, 3, 1), "11.5"),
        (date(2025, 9, 1), "10.5"),
        (date(2026, 3, 1), "10.5"),
    ],
    ids=["2023-H1", "2023-H2", "2024-H1", "2024-H2", "2025-H1", "2025-H2", "2026-H1"],
)
def test_each_published_semester_has_its_rate_and_is_not_carried_forward(day: date, percent: str) -> None:
    lookup = LATE_INTEREST_ANNUAL_PERCENT.lookup(day)
    assert lookup.value == Decimal(percent)
    assert not lookup.carried_forward


def test_the_rate_changes_on_1_july_not_before() -> None:
    assert LATE_INTEREST_ANNUAL_PERCENT.at(date(2023, 6, 30)) == Decimal("10.5")
    assert LATE_INTEREST_ANNUAL_PERCENT.at(date(2023, 7, 1)) == Decimal("12")


def test_a_semester_not_yet_published_carries_the_last_known_rate_forward_flagged() -> None:
    lookup = LATE_INTEREST_ANNUAL_PERCENT.lookup(date(2026, 7, 1))
    assert lookup.value == Decimal("10.5")
    assert lookup.carried_forward
    assert LATE_INTEREST_ANNUAL_PERCENT.lookup(date(2027, 3, 1)).carried_forward


def test_every_rate_row_names_its_source() -> None:
    assert all(row.source for row in LATE_INTEREST_ANNUAL_PERCENT.rows)


def test_a_date_before_the_table_has_no_rate() -> None:
    with pytest.raises(NoRateForDate):
        LATE_INTEREST_ANNUAL_PERCENT.at(date(2022, 12, 31))


def test_semesters_run_january_to_june_and_july_to_december() -> None:
    assert (semester_start(date(2024, 6, 30)), semester_end(date(2024, 6, 30))) == (
        date(2024, 1, 1), date(2024, 6, 30),
    )
    assert (semester_start(date(2024, 7, 1)), semester_end(date(2024, 7, 1))) == (
        date(2024, 7, 1), date(2024, 12, 31),
    )
    assert semester_label(date(2026, 8, 15)) == "2026-H2"


def test_the_flat_fee_is_40_euro() -> None:
    assert FLAT_FEE_PER_FILE.at(date(2026, 3, 1)) == Decimal("40.00")
    assert FLAT_FEE_PER_FILE.rows[0].source


def test_the_increase_cap_is_10_percent_of_the_principal() -> None:
    assert INCREASE_CAP_PERCENT_OF_PRINCIPAL.at(date(2026, 3, 1)) == Decimal("10")
    assert INCREASE_CAP_PERCENT_OF_PRINCIPAL.rows[0].source
