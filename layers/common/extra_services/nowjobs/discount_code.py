"""The EUR 50 welcome discount (RULES.md §3): a unique code e-mailed to a company new to NOWJOBS that
came through CBC Mobile; billing deducts it once, from the first invoice with flexi-jobber hours
(billing/invoice.py applies it). Pure rules."""
from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal

from msgspec import Struct
from msgspec.structs import replace

from extra_services.billing.billable import NOWJOBS_WELCOME_DISCOUNT, DiscountCode, DiscountCodeState
from extra_services.caller import Channel
from extra_services.errors import Conflict
from extra_services.money import format_money
from extra_services.nowjobs.company import Company
from extra_services.nowjobs.statuses import AcquisitionChannel, CompanyStatus

# No 0/O, 1/I/L: a code read aloud or typed from an e-mail is not misread.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 2
CODE_GROUP_LENGTH = 4
CODE_PREFIX = "NJ50"


class WelcomeDiscount(Struct, frozen=True):
    company_id: str
    enterprise_number: str
    code: str
    issued_at: datetime
    amount: Decimal = NOWJOBS_WELCOME_DISCOUNT
    state: DiscountCodeState = DiscountCodeState.UNUSED
    used_on_invoice: str | None = None
    used_at: datetime | None = None
    version: int = 0

    def for_billing(self) -> DiscountCode:
        return DiscountCode(code=self.code, state=self.state, amount=self.amount)


def new_discount_code() -> str:
    """NJ50-XXXX-XXXX: 31^8 ≈ 8.5e11 codes; uniqueness is guaranteed by a conditional write, not by luck."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS))
    return "-".join((CODE_PREFIX, *groups))


def is_eligible_for_welcome_discount(company: Company) -> bool:
    """New to NOWJOBS (our records and the partner's word) and registered through CBC Mobile, both by the
    declared acquisition channel and by the channel the registration actually came through."""
    return (company.status is CompanyStatus.ACTIVE
            and company.new_to_nowjobs and not company.known_to_nowjobs
            and company.acquisition_channel is AcquisitionChannel.MOBILE
            and company.registration_channel is Channel.MOBILE)


def welcome_discount_for(company: Company, code: str, now: datetime) -> WelcomeDiscount:
    if not is_eligible_for_welcome_discount(company):
        raise Conflict("Only an active company new to NOWJOBS that registered through CBC Mobile receives the "
                       "welcome discount.", code="NOT_ELIGIBLE_FOR_DISCOUNT")
    return WelcomeDiscount(company.company_id, company.enterprise_number, code, now)


def redeem(discount: WelcomeDiscount, code: str, invoice_id: str, now: datetime) -> WelcomeDiscount | None:
    """Single use. None when this invoice already used it (a retried billing step has no second effect)."""
    if code != discount.code:
        raise Conflict("This is not the company's discount code.", code="DISCOUNT_CODE_MISMATCH")
    if discount.state is DiscountCodeState.USED:
        if discount.used_on_invoice == invoice_id:
            return None
        raise Conflict(f"Discount code {code} was already used on invoice {discount.used_on_invoice}.",
                       code="DISCOUNT_CODE_ALREADY_USED")
    return replace(discount, state=DiscountCodeState.USED, used_on_invoice=invoice_id, used_at=now)


def discount_email(company: Company, discount: WelcomeDiscount) -> tuple[str, str]:
    """Subject and body of the e-mail that carries the code."""
    amount = format_money(discount.amount)
    subject = f"Your NOWJOBS welcome discount of €{amount}"
    body = (f"Hello {company.contact.name},\n\n"
            f"Welcome to NOWJOBS through CBC Mobile. Your discount code is {discount.code}, worth €{amount}.\n"
            "It is deducted automatically, once, from your first NOWJOBS invoice with flexi-jobber hours "
            "(not from student or regular hours). There is nothing to enter.\n\n"
            "NOWJOBS and CBC")
    return subject, body
