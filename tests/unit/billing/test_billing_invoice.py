from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extra_services.billing.billable import BillableLine, DiscountCode, DiscountCodeState
from extra_services.billing.calendar import InvoicingWeek
from extra_services.billing.errors import EmptyInvoiceError, InvalidBillableLineError
from extra_services.billing.invoice import IssuedInvoice, issue_invoice

WEEK = InvoicingWeek(date(2026, 3, 2))
OGM = "+++010/8068/17183+++"


def line(shift: str, *, flexi: bool, wage: str = "100.00", contributions: str = "0.00", fees: str = "0.00",
         worked_on: date = date(2026, 3, 4), hours: str = "8", worker: str = "W1") -> BillableLine:
    return BillableLine(worker_id=worker, shift_id=shift, worked_on=worked_on, hours=Decimal(hours),
                        gross_wage=Decimal(wage), contributions=Decimal(contributions), fees=Decimal(fees),
                        is_flexi_job=flexi)


def issue(lines: list[BillableLine], code: DiscountCode | None = None) -> IssuedInvoice:
    return issue_invoice(invoice_id="INV-1", company_id="C-1", week=WEEK, lines=lines,
                         structured_communication=OGM, discount_code=code)


def unused_code() -> DiscountCode:
    return DiscountCode("CBC-WELCOME-1", DiscountCodeState.UNUSED)


def test_invoice_for_week_of_2_march_is_dated_thursday_12_march() -> None:
    assert issue([line("S1", flexi=False)]).invoice.issued_on == date(2026, 3, 12)


def test_invoice_totals_are_the_sums_of_its_lines() -> None:
    invoice = issue([
        line("S1", flexi=False, wage="120.50", contributions="6.53", fees="10.00", hours="7.5"),
        line("S2", flexi=True, wage="100.24", contributions="28.07", fees="12.00"),
    ]).invoice
    assert invoice.gross_wage == Decimal("220.74")
    assert invoice.contributions == Decimal("34.60")
    assert invoice.fees == Decimal("22.00")
    assert invoice.hours == Decimal("15.5")
    assert invoice.lines_total == invoice.total == Decimal("277.34")
    assert invoice.flexi_total == Decimal("140.31")
    assert invoice.structured_communication == "010806817183"


def test_the_50_euro_discount_is_deducted_from_the_first_invoice_with_flexi_hours() -> None:
    issued = issue([line("S1", flexi=True, wage="200.00")], unused_code())
    assert issued.invoice.discount == Decimal("50.00")
    assert issued.invoice.total == Decimal("150.00")
    assert issued.invoice.discount_code == "CBC-WELCOME-1"
    assert issued.discount_code is not None
    assert issued.discount_code.state is DiscountCodeState.USED


def test_discount_is_taken_only_from_flexi_lines() -> None:
    issued = issue([line("S1", flexi=False, wage="300.00"), line("S2", flexi=True, wage="20.00", fees="10.00")],
                   unused_code())
    assert issued.invoice.discount == Decimal("30.00")
    assert issued.invoice.total == Decimal("300.00")


def test_an_invoice_without_flexi_hours_keeps_the_code_for_a_later_one() -> None:
    code = unused_code()
    issued = issue([line("S1", flexi=False, wage="300.00")], code)
    assert issued.invoice.discount == Decimal("0.00")
    assert issued.invoice.discount_code is None
    assert issued.discount_code == code


def test_a_used_discount_code_is_not_deducted_again() -> None:
    used = DiscountCode("CBC-WELCOME-1", DiscountCodeState.USED)
    issued = issue([line("S1", flexi=True, wage="200.00")], used)
    assert issued.invoice.discount == Decimal("0.00")
    assert issued.invoice.total == Decimal("200.00")
    assert issued.discount_code == used


def test_the_discount_is_used_up_even_when_flexi_lines_absorb_less_than_50_euro() -> None:
    issued = issue([line("S1", flexi=True, wage="12.53", hours="1")], unused_code())
    assert issued.invoice.total == Decimal("0.00")
    assert issued.discount_code is not None
    assert issued.discount_code.state is DiscountCodeState.USED


def test_an_invoice_needs_at_least_one_line() -> None:
    with pytest.raises(EmptyInvoiceError) as refused:
        issue([])
    assert refused.value.code == "EMPTY_INVOICE"


def test_a_line_worked_outside_the_week_is_refused() -> None:
    with pytest.raises(InvalidBillableLineError, match="outside the week"):
        issue([line("S1", flexi=False, worked_on=date(2026, 3, 9))])


def test_the_same_worker_on_the_same_shift_is_never_billed_twice() -> None:
    with pytest.raises(InvalidBillableLineError, match="twice"):
        issue([line("S1", flexi=False), line("S1", flexi=False)])
    assert issue([line("S1", flexi=False), line("S1", flexi=False, worker="W2")]).invoice.lines_total == 200


@pytest.mark.parametrize(("field", "value"), [
    ("hours", "0"), ("wage", "-1.00"), ("contributions", "0.005"), ("fees", "NaN"),
])
def test_a_line_with_an_impossible_amount_is_refused(field: str, value: str) -> None:
    with pytest.raises(InvalidBillableLineError):
        line("S1", flexi=False, **{field: value})  # type: ignore[arg-type]


_cents = st.integers(min_value=0, max_value=500_000).map(lambda c: Decimal(c) / 100)
_lines = st.lists(st.tuples(_cents, _cents, _cents, st.booleans()), min_size=1, max_size=8)


@given(_lines, st.sampled_from([None, DiscountCodeState.UNUSED, DiscountCodeState.USED]))
def test_invoice_total_is_sum_of_lines_minus_discount_and_never_negative(
        raw_lines: list[tuple[Decimal, Decimal, Decimal, bool]], state: DiscountCodeState | None) -> None:
    lines = [BillableLine(worker_id="W1", shift_id=f"S{i}", worked_on=date(2026, 3, 2), hours=Decimal(1),
                          gross_wage=wage, contributions=contributions, fees=fees, is_flexi_job=flexi)
             for i, (wage, contributions, fees, flexi) in enumerate(raw_lines)]
    code = None if state is None else DiscountCode("CODE", state)
    invoice = issue(lines, code).invoice
    lines_total = sum((x.total for x in lines), Decimal(0))
    flexi_total = sum((x.total for x in lines if x.is_flexi_job), Decimal(0))
    assert invoice.total == lines_total - invoice.discount >= 0
    assert 0 <= invoice.discount <= min(Decimal(50), flexi_total)
    assert invoice.total >= lines_total - flexi_total
    if state is not DiscountCodeState.UNUSED:
        assert invoice.discount == 0
