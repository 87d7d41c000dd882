"""Properties of the Go Solid amounts that hold for every invoice and date."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from extra_services.gosolid.amounts import InvoiceToRecover, claim_amounts, late_interest

no_database = settings(database=None, deadline=None)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)
due_dates = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))
days_late = st.integers(min_value=0, max_value=1500)
EPSILON = Decimal("1e-15")
penalties = st.none() | st.decimals(min_value=Decimal("0"), max_value=Decimal("25"), places=2)


@no_database
@given(amount=amounts, due=due_dates, days=days_late, more=st.integers(min_value=1, max_value=400))
def test_interest_never_decreases_with_more_days_late(
    amount: Decimal, due: date, days: int, more: int
) -> None:
    invoice = InvoiceToRecover("F", due, amount)
    earlier = late_interest(invoice, due + timedelta(days=days))
    later = late_interest(invoice, due + timedelta(days=days + more))
    assert later.exact_interest > earlier.exact_interest
    assert later.interest >= earlier.interest


@no_database
@given(amount=amounts, due=due_dates, days=days_late)
def test_interest_lies_between_the_lowest_and_highest_rates_of_the_table(
    amount: Decimal, due: date, days: int
) -> None:
    line = late_interest(InvoiceToRecover("F", due, amount), due + timedelta(days=days))
    assert line.days == days
    # Decimal divides to 28 significant digits, so the bounds get a margin far below a cent.
    assert amount * Decimal("10.5") * days / 36500 - EPSILON <= line.exact_interest
    assert line.exact_interest <= amount * Decimal("12.5") * days / 36500 + EPSILON


@no_database
@given(
    invoices=st.lists(st.tuples(amounts, due_dates), min_size=1, max_size=5),
    days=days_late,
    penalty=penalties,
)
def test_the_claim_adds_up_and_the_increase_never_exceeds_its_cap(
    invoices: list[tuple[Decimal, date]], days: int, penalty: Decimal | None
) -> None:
    to_recover = [InvoiceToRecover(f"F-{n}", due, amount) for n, (amount, due) in enumerate(invoices)]
    calculated_on = max(due for _, due in invoices) + timedelta(days=days)
    claim = claim_amounts(to_recover, calculated_on, penalty)
    assert claim.principal == sum(amount for amount, _ in invoices)
    assert claim.increase <= claim.increase_cap
    assert claim.increase <= claim.late_interest + claim.contractual_penalty
    assert claim.increase == min(claim.late_interest + claim.contractual_penalty, claim.increase_cap)
    assert claim.late_interest == sum(line.interest for line in claim.invoices)
    assert claim.total_claimed == claim.principal + claim.increase + claim.flat_fee
    assert claim.flat_fee == Decimal("40.00")
