"""The EUR 50 welcome discount: only for an active company new to NOWJOBS from CBC Mobile, single use."""
from __future__ import annotations

from decimal import Decimal

import pytest

from extra_services.billing.billable import DiscountCodeState
from extra_services.caller import Channel
from extra_services.errors import Conflict
from extra_services.nowjobs.discount_code import (
    CODE_ALPHABET,
    discount_email,
    is_eligible_for_welcome_discount,
    new_discount_code,
    redeem,
    welcome_discount_for,
)
from extra_services.nowjobs.statuses import AcquisitionChannel, CompanyStatus
from tests.unit.nowjobs.builders import NOW, active_company, company


def test_discount_code_only_for_new_companies_from_cbc_mobile() -> None:
    assert is_eligible_for_welcome_discount(active_company())
    assert not is_eligible_for_welcome_discount(active_company(new_to_nowjobs=False))
    assert not is_eligible_for_welcome_discount(active_company(known_to_nowjobs=True))


def test_company_that_came_through_touch_or_elsewhere_gets_no_discount() -> None:
    assert not is_eligible_for_welcome_discount(active_company(acquisition_channel=AcquisitionChannel.TOUCH))
    assert not is_eligible_for_welcome_discount(active_company(acquisition_channel=AcquisitionChannel.OTHER))
    assert not is_eligible_for_welcome_discount(active_company(registration_channel=Channel.TOUCH))


def test_discount_code_waits_for_activation() -> None:
    with pytest.raises(Conflict):
        welcome_discount_for(company(status=CompanyStatus.VERIFIED), "NJ50-ABCD-EFGH", NOW)


def test_discount_is_worth_50_euro_and_handed_to_billing_unused() -> None:
    discount = welcome_discount_for(active_company(), "NJ50-ABCD-EFGH", NOW)
    for_billing = discount.for_billing()
    assert (for_billing.code, for_billing.amount, for_billing.state) == (
        "NJ50-ABCD-EFGH", Decimal("50.00"), DiscountCodeState.UNUSED)


def test_discount_code_is_single_use() -> None:
    discount = welcome_discount_for(active_company(), "NJ50-ABCD-EFGH", NOW)
    used = redeem(discount, "NJ50-ABCD-EFGH", "invoice-1", NOW)
    assert used is not None
    assert used.state is DiscountCodeState.USED
    assert redeem(used, "NJ50-ABCD-EFGH", "invoice-1", NOW) is None  # the same invoice again: no effect
    with pytest.raises(Conflict) as refused:
        redeem(used, "NJ50-ABCD-EFGH", "invoice-2", NOW)
    assert refused.value.code == "DISCOUNT_CODE_ALREADY_USED"


def test_discount_codes_are_drawn_from_an_unambiguous_alphabet() -> None:
    codes = {new_discount_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        prefix, *groups = code.split("-")
        assert prefix == "NJ50" and [len(g) for g in groups] == [4, 4]
        assert set("".join(groups)) <= set(CODE_ALPHABET)
    assert not set("01IOL") & set(CODE_ALPHABET)


def test_discount_email_names_the_code_and_the_rule() -> None:
    discount = welcome_discount_for(active_company(), "NJ50-ABCD-EFGH", NOW)
    subject, body = discount_email(active_company(), discount)
    assert "€50.00" in subject
    assert "NJ50-ABCD-EFGH" in body and "flexi-jobber" in body
