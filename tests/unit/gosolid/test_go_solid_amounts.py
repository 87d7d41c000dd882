"""What a Go Solid summons claims: late interest (law of 2 Aug 2002 art. 5), increase, flat fee."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from extra_services.errors import InvalidInput
from extra_services.gosolid.amounts import InvoiceToRecover, claim_amounts, late_interest
from extra_services.rates.dated import DatedTable, NoRateForDate, Row


def invoice(amount: str, due: date, number: str = "F-1") -> InvoiceToRecover:
    return InvoiceToRecover(number=number, due_date=due, amount=Decimal(amount))


# --- late interest: when it runs ----------------------------------------------------------------

def test_interest_runs_from_the_day_after_the_due_date() -> None:
    line = late_interest(invoice("1000.00", date(2026, 3, 1)), date(2026, 3, 2))
    assert line.days == 1
    assert line.segments[0].first_day == date(2026, 3, 2)
    assert line.interest == Decimal("0.29")  # 1000 x 10.5% x 1/365 = 0.2877


def test_no_interest_is_due_on_the_due_date_itself() -> None:
    line = late_interest(invoice("1000.00", date(2026, 3, 1)), date(2026, 3, 1))
    assert line.segments == ()
    assert line.interest == Decimal("0.00")


def test_the_calculation_date_is_included() -> None:
    line = late_interest(invoice("1000.00", date(2026, 3, 1)), date(2026, 3, 31))
    assert line.days == 30
    assert line.segments[0].last_day == date(2026, 3, 31)
    assert line.interest == Decimal("8.63")  # 1000 x 10.5% x 30/365 = 8.6301


def test_interest_is_simple_actual_days_over_365_even_in_a_leap_year() -> None:
    line = late_interest(invoice("1000.00", date(2023, 12, 31)), date(2024, 12, 31))
    assert line.days == 366
    assert line.interest == Decimal("125.34")  # 1000 x 12.5% x 366/365 = 125.3425


# --- late interest: semesters -------------------------------------------------------------------

def test_interest_is_split_on_1_july_with_each_semesters_rate() -> None:
    line = late_interest(invoice("10000.00", date(2023, 5, 31)), date(2023, 8, 31))
    assert [(s.semester, s.first_day, s.last_day, s.days, s.annual_percent) for s in line.segments] == [
        ("2023-H1", date(2023, 6, 1), date(2023, 6, 30), 30, Decimal("10.5")),
        ("2023-H2", date(2023, 7, 1), date(2023, 8, 31), 62, Decimal("12")),
    ]
    assert line.interest == Decimal("290.14")  # 10000 x (10.5% x 30 + 12% x 62) / 365 = 290.137


def test_interest_is_split_on_1_january_with_each_semesters_rate() -> None:
    line = late_interest(invoice("1000.00", date(2023, 12, 15)), date(2024, 1, 15))
    assert [(s.semester, s.days, s.annual_percent) for s in line.segments] == [
        ("2023-H2", 16, Decimal("12")),
        ("2024-H1", 15, Decimal("12.5")),
    ]
    assert line.interest == Decimal("10.40")  # 1000 x (12% x 16 + 12.5% x 15) / 365 = 10.397


def test_interest_over_several_semesters_has_one_segment_per_semester() -> None:
    line = late_interest(invoice("1000.00", date(2024, 6, 15)), date(2025, 7, 10))
    assert [s.semester for s in line.segments] == ["2024-H1", "2024-H2", "2025-H1", "2025-H2"]
    assert line.days == (date(2025, 7, 10) - date(2024, 6, 15)).days
    assert all(s.rate_source for s in line.segments)


# --- rounding ----------------------------------------------------------------------------------

def test_interest_is_rounded_once_on_the_exact_sum_not_per_segment() -> None:
    line = late_interest(invoice("1000.00", date(2023, 6, 20)), date(2023, 7, 10))
    assert [s.interest for s in line.segments] == [Decimal("2.88"), Decimal("3.29")]
    assert line.interest == Decimal("6.16")  # 2.8767 + 3.2877 = 6.1644


def test_half_a_cent_is_rounded_up() -> None:
    ten_percent = DatedTable("test", [Row(date(2020, 1, 1), Decimal("10"))])
    line = late_interest(invoice("18.25", date(2026, 3, 1)), date(2026, 3, 2), ten_percent)
    assert line.exact_interest == Decimal("0.005")
    assert line.interest == Decimal("0.01")


def test_amounts_are_decimal_with_two_decimals() -> None:
    amounts = claim_amounts([invoice("1000.00", date(2026, 3, 1))], date(2026, 3, 31))
    for value in (amounts.principal, amounts.late_interest, amounts.increase, amounts.flat_fee,
                  amounts.total_claimed):
        assert isinstance(value, Decimal)
        assert value.as_tuple().exponent == -2


# --- carried-forward rates ----------------------------------------------------------------------

def test_a_semester_whose_rate_is_not_published_uses_the_last_known_rate_and_says_so() -> None:
    amounts = claim_amounts([invoice("1000.00", date(2026, 6, 15))], date(2026, 8, 15))
    first, second = amounts.invoices[0].segments
    assert (first.semester, first.rate_carried_forward) == ("2026-H1", False)
    assert (second.semester, second.rate_carried_forward, second.annual_percent) == (
        "2026-H2", True, Decimal("10.5"),
    )
    assert amounts.carried_forward_semesters == ("2026-H2",)
    assert amounts.uses_carried_forward_rate
    assert amounts.late_interest == Decimal("17.55")  # 1000 x 10.5% x 61/365 = 17.548


def test_published_semesters_are_not_flagged() -> None:
    amounts = claim_amounts([invoice("1000.00", date(2025, 3, 1))], date(2026, 6, 30))
    assert amounts.carried_forward_semesters == ()
    assert not amounts.uses_carried_forward_rate


def test_a_due_date_before_the_rate_table_is_an_error_not_a_guess() -> None:
    with pytest.raises(NoRateForDate):
        claim_amounts([invoice("1000.00", date(2022, 11, 30))], date(2023, 3, 1))


# --- increase, flat fee, total -------------------------------------------------------------------

def test_contractual_penalty_adds_to_late_interest_below_the_cap() -> None:
    amounts = claim_amounts([invoice("1000.00", date(2026, 3, 1))], date(2026, 3, 31), Decimal("5"))
    assert (amounts.late_interest, amounts.contractual_penalty) == (Decimal("8.63"), Decimal("50.00"))
    assert amounts.increase == Decimal("58.63")
    assert not amounts.increase_capped
    assert amounts.total_claimed == Decimal("1098.63")


def test_the_increase_is_capped_at_10_percent_of_the_principal() -> None:
    amounts = claim_amounts([invoice("1000.00", date(2023, 1, 1))], date(2026, 1, 1))
    assert amounts.late_interest > Decimal("100.00")
    assert amounts.increase_cap == Decimal("100.00")
    assert amounts.increase == Decimal("100.00")
    assert amounts.increase_capped
    assert amounts.total_claimed == Decimal("1140.00")


def test_a_contractual_penalty_above_the_cap_is_cut_to_10_percent() -> None:
    amounts = claim_amounts([invoice("1000.00", date(2026, 3, 1))], date(2026, 3, 31), Decimal("15"))
    assert amounts.contractual_penalty == Decimal("150.00")
    assert amounts.increase == Decimal("100.00")


def test_the_flat_fee_is_charged_once_per_file_whatever_the_number_of_invoices() -> None:
    amounts = claim_amounts(
        [invoice("1000.00", date(2026, 3, 1), "A"), invoice("500.50", date(2026, 3, 16), "B")],
        date(2026, 3, 31),
    )
    assert amounts.flat_fee == Decimal("40.00")
    assert amounts.principal == Decimal("1500.50")
    assert [line.interest for line in amounts.invoices] == [Decimal("8.63"), Decimal("2.16")]
    assert amounts.late_interest == Decimal("10.79")
    assert amounts.increase_cap == Decimal("150.05")
    assert amounts.total_claimed == Decimal("1551.29")


def test_each_invoice_runs_interest_from_its_own_due_date() -> None:
    amounts = claim_amounts(
        [invoice("100.00", date(2026, 1, 31), "A"), invoice("100.00", date(2026, 3, 1), "B")],
        date(2026, 3, 31),
    )
    assert [(line.invoice.number, line.days) for line in amounts.invoices] == [("A", 59), ("B", 30)]


def test_an_invoice_not_yet_overdue_on_the_calculation_date_bears_no_interest() -> None:
    amounts = claim_amounts([invoice("1000.00", date(2026, 4, 30))], date(2026, 3, 31))
    assert amounts.late_interest == Decimal("0.00")
    assert amounts.total_claimed == Decimal("1040.00")


def test_amounts_render_as_the_api_amounts_fields() -> None:
    amounts = claim_amounts([invoice("1000", date(2026, 3, 1))], date(2026, 3, 31))
    assert amounts.as_api() == {
        "principal": "1000.00", "increase": "8.63", "flatFee": "40.00", "totalClaimed": "1048.63",
    }


# --- refused input --------------------------------------------------------------------------------

def test_a_file_without_invoices_is_refused() -> None:
    with pytest.raises(InvalidInput, match="1 to 5"):
        claim_amounts([], date(2026, 3, 31))


def test_a_file_with_more_than_five_invoices_is_refused() -> None:
    six = [invoice("10.00", date(2026, 3, 1), f"F-{n}") for n in range(6)]
    with pytest.raises(InvalidInput, match="1 to 5"):
        claim_amounts(six, date(2026, 3, 31))


def test_a_file_with_five_invoices_is_accepted() -> None:
    five = [invoice("10.00", date(2026, 3, 1), f"F-{n}") for n in range(5)]
    assert claim_amounts(five, date(2026, 3, 31)).principal == Decimal("50.00")


@pytest.mark.parametrize("amount", ["0", "-10.00"])
def test_a_non_positive_invoice_amount_is_refused(amount: str) -> None:
    with pytest.raises(InvalidInput, match="positive"):
        claim_amounts([invoice(amount, date(2026, 3, 1))], date(2026, 3, 31))


def test_a_negative_contractual_penalty_is_refused() -> None:
    with pytest.raises(InvalidInput, match="penalty"):
        claim_amounts([invoice("100.00", date(2026, 3, 1))], date(2026, 3, 31), Decimal("-1"))
