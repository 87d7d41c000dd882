"""RULES.md §1: visible / usable, holder vs mandate, accounts vs other professional products."""
from extra_services.caller import Channel
from extra_services.eligibility.rules import (
    CustomerView,
    ProductRelation,
    Reason,
    Relation,
    decide_for_enterprise,
    overview,
)
from extra_services.eligibility.vocabulary import (
    AccessStatus,
    DigitalChannel,
    MandateStatus,
    Powers,
    ProductStatus,
    ProductType,
    Segment,
)

ACME = "0403170701"
OTHER = "0202239951"
BOTH_CHANNELS = {DigitalChannel.MOBILE: AccessStatus.ACTIVE, DigitalChannel.TOUCH: AccessStatus.ACTIVE}


def product(kind=ProductType.CURRENT_ACCOUNT, segment=Segment.PROFESSIONAL, status=ProductStatus.ACTIVE,
            enterprise=ACME, relation=Relation.HOLDER, powers=Powers.FULL, mandate=MandateStatus.ACTIVE,
            pid="P1"):
    return ProductRelation(pid, kind, segment, status, enterprise if segment is Segment.PROFESSIONAL else None,
                           relation, powers, mandate, None if relation is Relation.HOLDER else f"M-{pid}")


def view(*relations, access=None):
    return CustomerView(tuple(relations), BOTH_CHANNELS if access is None else access)


def test_holder_of_a_professional_current_account_sees_and_may_use_the_services():
    result = overview(view(product()), Channel.MOBILE)
    assert result.visible and result.reasons == ()
    assert [(e.enterprise_number, e.usable, e.reasons) for e in result.enterprises] == [(ACME, True, ())]


def test_sole_proprietor_holding_the_account_counts_as_full_powers():
    assert decide_for_enterprise(view(product(kind=ProductType.SAVINGS_ACCOUNT)), Channel.TOUCH, ACME).usable


def test_private_products_only_do_not_make_the_services_visible():
    result = overview(view(product(segment=Segment.PRIVATE)), Channel.MOBILE)
    assert not result.visible and result.reasons == (Reason.NO_PROFESSIONAL_PRODUCT,)
    assert result.enterprises == ()
    assert [p.segment for p in result.products] == [Segment.PRIVATE]   # still listed, with its segment


def test_professional_insurance_makes_the_services_visible_but_not_usable():
    result = overview(view(product(kind=ProductType.INSURANCE)), Channel.MOBILE)
    assert result.visible
    assert [(e.usable, e.reasons) for e in result.enterprises] == [(False, (Reason.NO_ADEQUATE_MANDATE,))]


def test_full_mandate_on_a_professional_credit_is_not_an_adequate_mandate():
    rel = product(kind=ProductType.CREDIT, relation=Relation.MANDATE, powers=Powers.FULL)
    assert decide_for_enterprise(view(rel), Channel.MOBILE, ACME).reasons == (Reason.NO_ADEQUATE_MANDATE,)


def test_contracting_mandate_on_a_professional_savings_account_is_adequate():
    rel = product(kind=ProductType.SAVINGS_ACCOUNT, relation=Relation.MANDATE, powers=Powers.CONTRACTING)
    assert decide_for_enterprise(view(rel), Channel.MOBILE, ACME).usable


def test_view_only_mandate_shows_the_services_but_does_not_allow_using_them():
    rel = product(relation=Relation.MANDATE, powers=Powers.VIEW_ONLY)
    result = overview(view(rel), Channel.MOBILE)
    assert result.visible
    assert result.enterprises[0].reasons == (Reason.NO_ADEQUATE_MANDATE,)


def test_revoked_mandate_neither_shows_nor_allows():
    rel = product(relation=Relation.MANDATE, powers=Powers.FULL, mandate=MandateStatus.REVOKED)
    result = overview(view(rel), Channel.MOBILE)
    assert not result.visible and result.products == () and result.enterprises == ()


def test_closed_product_neither_shows_nor_allows():
    result = overview(view(product(status=ProductStatus.CLOSED)), Channel.MOBILE)
    assert not result.visible and result.products == ()
    assert decide_for_enterprise(view(product(status=ProductStatus.CLOSED)), Channel.MOBILE, ACME).reasons == (
        Reason.NO_PROFESSIONAL_PRODUCT, Reason.NO_ADEQUATE_MANDATE)


def test_blocked_digital_access_on_the_channel_in_use_blocks_usage():
    blocked = {DigitalChannel.MOBILE: AccessStatus.BLOCKED, DigitalChannel.TOUCH: AccessStatus.ACTIVE}
    assert decide_for_enterprise(view(product(), access=blocked), Channel.MOBILE, ACME).reasons == (
        Reason.NO_DIGITAL_ACCESS,)
    assert decide_for_enterprise(view(product(), access=blocked), Channel.TOUCH, ACME).usable


def test_no_known_digital_access_blocks_usage():
    assert decide_for_enterprise(view(product(), access={}), Channel.MOBILE, ACME).reasons == (
        Reason.NO_DIGITAL_ACCESS,)


def test_an_enterprise_without_relation_is_not_usable_and_is_not_listed():
    result = overview(view(product()), Channel.MOBILE)
    assert [e.enterprise_number for e in result.enterprises] == [ACME]
    assert decide_for_enterprise(view(product()), Channel.MOBILE, OTHER).reasons == (Reason.NO_ADEQUATE_MANDATE,)


def test_usable_needs_all_three_conditions_at_once():
    nothing = decide_for_enterprise(view(access={}), Channel.MOBILE, ACME)
    assert nothing.reasons == (Reason.NO_PROFESSIONAL_PRODUCT, Reason.NO_DIGITAL_ACCESS, Reason.NO_ADEQUATE_MANDATE)


def test_one_adequate_mandate_among_several_relations_suffices():
    rels = (product(pid="P1", relation=Relation.MANDATE, powers=Powers.VIEW_ONLY),
            product(pid="P2", kind=ProductType.CREDIT, relation=Relation.MANDATE, powers=Powers.FULL),
            product(pid="P3", relation=Relation.MANDATE, powers=Powers.CONTRACTING))
    assert decide_for_enterprise(view(*rels), Channel.MOBILE, ACME).usable
