"""A NOWJOBS invoice for one invoicing week, from lines already priced (RULES.md §3).

Totals are plain sums of the lines (each line is already rounded to the cent). The €50 welcome
discount of a company that came through CBC Mobile is deducted once, from the first invoice that
contains flexi-jobber hours, and only from the flexi-jobber lines: never more than their total,
so never below zero. Whatever part of the €50 those lines do not absorb is lost."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from msgspec import Struct
from msgspec.structs import replace

from extra_services.billing.billable import BillableLine, DiscountCode, DiscountCodeState
from extra_services.billing.calendar import InvoicingWeek
from extra_services.billing.errors import EmptyInvoiceError, InvalidBillableLineError
from extra_services.billing.structured_communication import validate_structured_communication
from extra_services.money import ZERO


class Invoice(Struct, frozen=True):
    invoice_id: str
    company_id: str
    week: InvoicingWeek
    lines: tuple[BillableLine, ...]
    structured_communication: str  # 12 digits; format with format_structured_communication
    discount: Decimal
    discount_code: str | None  # the code deducted on this invoice, if any

    @property
    def issued_on(self) -> date:
        return self.week.invoice_date

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal(0))

    @property
    def gross_wage(self) -> Decimal:
        return _sum(line.gross_wage for line in self.lines)

    @property
    def contributions(self) -> Decimal:
        return _sum(line.contributions for line in self.lines)

    @property
    def fees(self) -> Decimal:
        return _sum(line.fees for line in self.lines)

    @property
    def lines_total(self) -> Decimal:
        return _sum(line.total for line in self.lines)

    @property
    def flexi_total(self) -> Decimal:
        return _sum(line.total for line in self.lines if line.is_flexi_job)

    @property
    def total(self) -> Decimal:
        return self.lines_total - self.discount


class IssuedInvoice(Struct, frozen=True):
    """The invoice and the discount code as it stands afterwards: store both together."""

    invoice: Invoice
    discount_code: DiscountCode | None


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)


def issue_invoice(*, invoice_id: str, company_id: str, week: InvoicingWeek, lines: Iterable[BillableLine],
                  structured_communication: str, discount_code: DiscountCode | None = None) -> IssuedInvoice:
    priced = tuple(lines)
    if not priced:
        raise EmptyInvoiceError(
            f"No hours were worked in the week of {week.monday.isoformat()}: nothing to invoice.")
    _check_lines_belong_to(week, priced)
    invoice = Invoice(
        invoice_id=invoice_id,
        company_id=company_id,
        week=week,
        lines=priced,
        structured_communication=validate_structured_communication(structured_communication),
        discount=ZERO,
        discount_code=None,
    )
    if discount_code is None or discount_code.state is DiscountCodeState.USED or not any(
            line.is_flexi_job for line in priced):
        return IssuedInvoice(invoice, discount_code)
    discount = min(discount_code.amount, invoice.flexi_total)
    return IssuedInvoice(
        replace(invoice, discount=discount, discount_code=discount_code.code),
        replace(discount_code, state=DiscountCodeState.USED),
    )


def _check_lines_belong_to(week: InvoicingWeek, lines: tuple[BillableLine, ...]) -> None:
    seen: set[tuple[str, str]] = set()
    for line in lines:
        if not week.contains(line.worked_on):
            raise InvalidBillableLineError(
                f"Shift {line.shift_id} worked on {line.worked_on.isoformat()} is outside the week "
                f"{week.monday.isoformat()}–{week.sunday.isoformat()}.")
        key = (line.worker_id, line.shift_id)
        if key in seen:
            raise InvalidBillableLineError(
                f"Worker {line.worker_id} on shift {line.shift_id} appears twice: it would be charged twice.")
        seen.add(key)
