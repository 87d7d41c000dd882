"""What billing receives from NOWJOBS: a priced line per worker and shift, and the company's welcome
discount code (RULES.md §3). Kept apart from the invoice so that NOWJOBS, which produces them, does not
load the invoice itself."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from msgspec import Struct

from extra_services.billing.errors import InvalidBillableLineError
from extra_services.money import to_cents

NOWJOBS_WELCOME_DISCOUNT = Decimal("50.00")  # FAQ: a unique code worth €50, sent by e-mail


class BillableLine(Struct, frozen=True):
    """One shift of one worker, priced: wage, employer contributions and NOWJOBS fees."""

    worker_id: str
    shift_id: str
    worked_on: date
    hours: Decimal
    gross_wage: Decimal
    contributions: Decimal
    fees: Decimal
    is_flexi_job: bool

    def __post_init__(self) -> None:
        if not self.worker_id or not self.shift_id:
            raise InvalidBillableLineError("A billable line names its worker and its shift.")
        if not self.hours.is_finite() or self.hours <= 0:
            raise InvalidBillableLineError(
                f"Shift {self.shift_id}: hours worked must be positive, not {self.hours}.")
        for label, amount in (("gross wage", self.gross_wage), ("contributions", self.contributions),
                              ("fees", self.fees)):
            if not amount.is_finite() or amount < 0 or to_cents(amount) != amount:
                raise InvalidBillableLineError(
                    f"Shift {self.shift_id}: {label} must be a non-negative amount in cents, not {amount}.")

    @property
    def total(self) -> Decimal:
        return self.gross_wage + self.contributions + self.fees


class DiscountCodeState(StrEnum):
    UNUSED = "UNUSED"
    USED = "USED"


class DiscountCode(Struct, frozen=True):
    code: str
    state: DiscountCodeState
    amount: Decimal = NOWJOBS_WELCOME_DISCOUNT

    def __post_init__(self) -> None:
        if not self.amount.is_finite() or self.amount <= 0 or to_cents(self.amount) != self.amount:
            raise ValueError(f"a discount is a positive amount in cents, not {self.amount}")
