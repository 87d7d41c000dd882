"""What a Go Solid summons claims (RULES.md §2 Amounts; law of 2 Aug 2002, art. 5).

Late interest runs from the day after the due date up to and including the calculation date:
simple interest, actual days / 365, split at semester boundaries, each semester at its own rate.
increase = min(late interest + contractual penalty, cap % x principal); the flat fee is per file;
total claimed = principal + increase + flat fee. Decimal throughout; each amount is rounded
half-up to the cent once, from unrounded parts (see docs/decisions/gosolid-deadlines-and-amounts.md)."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from msgspec import Struct

from extra_services.errors import InvalidInput
from extra_services.money import ZERO, format_money, to_cents
from extra_services.rates.dated import DatedTable
from extra_services.rates.go_solid_fees import FLAT_FEE_PER_FILE, INCREASE_CAP_PERCENT_OF_PRINCIPAL
from extra_services.rates.late_interest import LATE_INTEREST_ANNUAL_PERCENT, semester_end, semester_label

MAX_INVOICES_PER_FILE = 5
_DAYS_PER_YEAR = 365
_HUNDRED = Decimal(100)


class InvoiceToRecover(Struct, frozen=True):
    number: str
    due_date: date
    amount: Decimal


class InterestSegment(Struct, frozen=True):
    """One invoice's interest within one semester (first_day and last_day both included)."""

    semester: str
    first_day: date
    last_day: date
    days: int
    annual_percent: Decimal
    rate_carried_forward: bool
    rate_source: str
    exact_interest: Decimal

    @property
    def interest(self) -> Decimal:
        """For display only: the invoice's interest is rounded from the exact sum, not from these."""
        return to_cents(self.exact_interest)


class InvoiceInterest(Struct, frozen=True):
    invoice: InvoiceToRecover
    segments: tuple[InterestSegment, ...]

    @property
    def days(self) -> int:
        return sum(segment.days for segment in self.segments)

    @property
    def exact_interest(self) -> Decimal:
        return sum((segment.exact_interest for segment in self.segments), ZERO)

    @property
    def interest(self) -> Decimal:
        return to_cents(self.exact_interest)


class ClaimAmounts(Struct, frozen=True):
    calculated_on: date
    principal: Decimal
    late_interest: Decimal
    contractual_penalty_percent: Decimal | None
    contractual_penalty: Decimal
    increase_cap: Decimal
    increase: Decimal
    flat_fee: Decimal
    total_claimed: Decimal
    invoices: tuple[InvoiceInterest, ...]
    carried_forward_semesters: tuple[str, ...]

    @property
    def increase_capped(self) -> bool:
        return self.late_interest + self.contractual_penalty > self.increase_cap

    @property
    def uses_carried_forward_rate(self) -> bool:
        """True when some semester's rate is not published yet and the last known rate was used."""
        return bool(self.carried_forward_semesters)

    def as_api(self) -> dict[str, str]:
        """The claim part of API.md's `amounts` (collected/forwarded belong to the case's state)."""
        return {
            "principal": format_money(self.principal),
            "increase": format_money(self.increase),
            "flatFee": format_money(self.flat_fee),
            "totalClaimed": format_money(self.total_claimed),
        }


def late_interest(
    invoice: InvoiceToRecover,
    calculated_on: date,
    rates: DatedTable[Decimal] = LATE_INTEREST_ANNUAL_PERCENT,
) -> InvoiceInterest:
    """Interest from the day after the due date to `calculated_on` included, one segment per semester."""
    segments: list[InterestSegment] = []
    day = invoice.due_date + timedelta(days=1)
    while day <= calculated_on:
        last_day = min(semester_end(day), calculated_on)
        days = (last_day - day).days + 1
        rate = rates.lookup(day)
        segments.append(
            InterestSegment(
                semester=semester_label(day),
                first_day=day,
                last_day=last_day,
                days=days,
                annual_percent=rate.value,
                rate_carried_forward=rate.carried_forward,
                rate_source=rate.row.source,
                exact_interest=invoice.amount * rate.value * days / (_HUNDRED * _DAYS_PER_YEAR),
            )
        )
        day = last_day + timedelta(days=1)
    return InvoiceInterest(invoice, tuple(segments))


def claim_amounts(
    invoices: Sequence[InvoiceToRecover],
    calculated_on: date,
    contractual_penalty_percent: Decimal | None = None,
    *,
    rates: DatedTable[Decimal] = LATE_INTEREST_ANNUAL_PERCENT,
    flat_fees: DatedTable[Decimal] = FLAT_FEE_PER_FILE,
    increase_caps: DatedTable[Decimal] = INCREASE_CAP_PERCENT_OF_PRINCIPAL,
) -> ClaimAmounts:
    _check(invoices, contractual_penalty_percent)
    principal = to_cents(sum((invoice.amount for invoice in invoices), ZERO))
    per_invoice = tuple(late_interest(invoice, calculated_on, rates) for invoice in invoices)
    # Each invoice's interest is one amount of the summons; the total is their sum, so the
    # lines the debtor reads add up.
    interest = sum((line.interest for line in per_invoice), ZERO)
    penalty = to_cents(principal * (contractual_penalty_percent or ZERO) / _HUNDRED)
    cap = to_cents(principal * increase_caps.at(calculated_on) / _HUNDRED)
    increase = min(interest + penalty, cap)
    flat_fee = to_cents(flat_fees.at(calculated_on))
    return ClaimAmounts(
        calculated_on=calculated_on,
        principal=principal,
        late_interest=interest,
        contractual_penalty_percent=contractual_penalty_percent,
        contractual_penalty=penalty,
        increase_cap=cap,
        increase=increase,
        flat_fee=flat_fee,
        total_claimed=principal + increase + flat_fee,
        invoices=per_invoice,
        carried_forward_semesters=_carried_forward_semesters(per_invoice),
    )


def _check(invoices: Sequence[InvoiceToRecover], penalty_percent: Decimal | None) -> None:
    if not 1 <= len(invoices) <= MAX_INVOICES_PER_FILE:
        raise InvalidInput(f"a file holds 1 to {MAX_INVOICES_PER_FILE} invoices, not {len(invoices)}")
    for invoice in invoices:
        if invoice.amount <= 0:
            raise InvalidInput(f"invoice {invoice.number}: the amount must be positive")
    if penalty_percent is not None and penalty_percent < 0:
        raise InvalidInput("the contractual penalty percentage cannot be negative")


def _carried_forward_semesters(per_invoice: Sequence[InvoiceInterest]) -> tuple[str, ...]:
    labels = {
        segment.semester
        for line in per_invoice
        for segment in line.segments
        if segment.rate_carried_forward
    }
    return tuple(sorted(labels))
