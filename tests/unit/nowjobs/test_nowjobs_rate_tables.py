"""The dated NOWJOBS tables: each value in force on its date, each row with its source."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from extra_services.rates.dated import DatedTable
from extra_services.rates.employer_contributions import (
    FLEXI_SPECIAL_CONTRIBUTION,
    NORMAL_EMPLOYER_RATE,
    STUDENT_SOLIDARITY_EMPLOYER_RATE,
)
from extra_services.rates.joint_committees import (
    FLEXI_ALLOWED_JOINT_COMMITTEES,
    FLEXI_HOURLY_FLOORS,
    NOWJOBS_SUPPORTED_JOINT_COMMITTEES,
    allows_flexi,
    flexi_hourly_floor,
    is_supported_by_nowjobs,
    normalise_joint_committee,
)
from extra_services.rates.national_minimum_wage import NATIONAL_MINIMUM_WAGE, YOUTH_MINIMUM_WAGE_PERCENTAGES
from extra_services.rates.nowjobs_fees import NOWJOBS_SERVICE_FEES
from extra_services.rates.student_quota import STUDENT_YEARLY_QUOTA_HOURS, student_quota_hours

ALL_TABLES: list[DatedTable[Any]] = [
    FLEXI_SPECIAL_CONTRIBUTION, STUDENT_SOLIDARITY_EMPLOYER_RATE, NORMAL_EMPLOYER_RATE,
    STUDENT_YEARLY_QUOTA_HOURS, NATIONAL_MINIMUM_WAGE, YOUTH_MINIMUM_WAGE_PERCENTAGES,
    FLEXI_ALLOWED_JOINT_COMMITTEES, NOWJOBS_SUPPORTED_JOINT_COMMITTEES, NOWJOBS_SERVICE_FEES,
    *FLEXI_HOURLY_FLOORS.values(),
]


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.name)
def test_every_row_names_its_source(table: DatedTable[Any]) -> None:
    assert all(row.source for row in table.rows)


def test_flexi_employer_contribution_is_25_percent_before_2024_and_28_percent_from_2024() -> None:
    assert FLEXI_SPECIAL_CONTRIBUTION.at(date(2023, 12, 31)) == Decimal("0.25")
    assert FLEXI_SPECIAL_CONTRIBUTION.at(date(2024, 1, 1)) == Decimal("0.28")


def test_student_solidarity_employer_rate_is_5_42_percent() -> None:
    assert STUDENT_SOLIDARITY_EMPLOYER_RATE.at(date(2026, 3, 2)) == Decimal("0.0542")


def test_normal_employer_rate_is_about_25_percent_and_marked_to_verify() -> None:
    row = NORMAL_EMPLOYER_RATE.lookup(date(2026, 3, 2)).row
    assert row.value == Decimal("0.25")
    assert "[verify]" in row.source


def test_student_quota_is_600_hours_in_2023_and_650_hours_from_2025() -> None:
    assert student_quota_hours(2022) == 475
    assert student_quota_hours(2023) == 600
    assert student_quota_hours(2024) == 600
    assert student_quota_hours(2025) == 650
    assert student_quota_hours(2026) == 650


def test_national_minimum_hourly_is_monthly_times_3_over_13_weeks_of_38_hours() -> None:
    minimum = NATIONAL_MINIMUM_WAGE.at(date(2025, 2, 1))
    assert minimum.monthly == Decimal("2111.89")
    assert minimum.hourly == Decimal("2111.89") * 3 / (13 * 38)
    assert round(minimum.hourly, 4) == Decimal("12.8252")


@pytest.mark.parametrize(("age", "percentage"), [
    (15, "0.67"), (16, "0.67"), (17, "0.73"), (18, "0.79"), (19, "0.85"), (20, "0.90"), (21, "1.00"),
    (64, "1.00"),
])
def test_youth_percentage_of_the_national_minimum_by_age(age: int, percentage: str) -> None:
    scale = YOUTH_MINIMUM_WAGE_PERCENTAGES.at(date(2026, 3, 2))
    assert scale.percentage_for(age) == Decimal(percentage)


def test_horeca_flexi_floor_is_12_53_from_february_2025() -> None:
    assert flexi_hourly_floor("302", date(2025, 1, 31)) == Decimal("12.29")
    assert flexi_hourly_floor("302", date(2025, 2, 1)) == Decimal("12.53")


def test_committee_without_a_recorded_flexi_scale_has_no_sector_floor() -> None:
    assert flexi_hourly_floor("201", date(2026, 3, 2)) is None


def test_rules_md_flexi_committees_all_allow_flexi_today() -> None:
    for code in ["118.03", "119", "201", "202", "202.01", "223", "302", "303.03", "304", "311", "312",
                 "314", "330"]:
        assert allows_flexi(code, date(2026, 3, 2)), code


def test_sport_committee_223_allows_flexi_only_from_2023() -> None:
    assert not allows_flexi("223", date(2022, 12, 31))
    assert allows_flexi("223", date(2023, 1, 1))


def test_agriculture_144_allowed_flexi_only_in_the_first_quarter_of_2024() -> None:
    assert not allows_flexi("144", date(2023, 12, 31))
    assert allows_flexi("144", date(2024, 3, 31))
    assert not allows_flexi("144", date(2024, 4, 1))


def test_road_transport_140_03_never_allows_flexi() -> None:
    assert not allows_flexi("140.03", date(2026, 3, 2))


def test_nowjobs_supports_horeca_and_retail_but_not_construction() -> None:
    assert is_supported_by_nowjobs("302", date(2026, 3, 2))
    assert is_supported_by_nowjobs("311", date(2026, 3, 2))
    assert not is_supported_by_nowjobs("124", date(2026, 3, 2))


def test_supported_committee_list_is_marked_to_confirm_with_nowjobs() -> None:
    assert "[to confirm with NOWJOBS" in NOWJOBS_SUPPORTED_JOINT_COMMITTEES.lookup(date(2026, 3, 2)).row.source


def test_joint_committee_code_ignores_spaces_and_a_trailing_00() -> None:
    assert normalise_joint_committee(" 302.00 ") == "302"
    assert normalise_joint_committee("202.01") == "202.01"


def test_service_fee_is_a_labelled_placeholder_to_confirm_with_nowjobs() -> None:
    row = NOWJOBS_SERVICE_FEES.lookup(date(2026, 3, 2)).row
    assert row.value.per_worked_hour == Decimal("2.00")
    assert row.value.share_of_gross_wage == 0
    assert "[to confirm with NOWJOBS]" in row.source
