"""The visible / usable decision (RULES.md §1), pure: it reads a customer's projection only.

- visible: the person holds, or holds an active mandate on, an active professional product.
- usable for an enterprise: visible AND digital access on the channel in use AND an adequate
  mandate (holder, or FULL/CONTRACTING and active) on an active professional *account*
  (current or savings) of that enterprise."""
from __future__ import annotations

from enum import StrEnum

from msgspec import Struct, field

from extra_services.caller import Channel
from extra_services.eligibility.vocabulary import (
    ACCOUNT_TYPES,
    COMMITTING_POWERS,
    AccessStatus,
    DigitalChannel,
    MandateStatus,
    Powers,
    ProductStatus,
    ProductType,
    Segment,
)


class Relation(StrEnum):
    HOLDER = "HOLDER"
    MANDATE = "MANDATE"


class Reason(StrEnum):
    NO_PROFESSIONAL_PRODUCT = "NO_PROFESSIONAL_PRODUCT"
    NO_DIGITAL_ACCESS = "NO_DIGITAL_ACCESS"
    NO_ADEQUATE_MANDATE = "NO_ADEQUATE_MANDATE"


class ProductRelation(Struct, frozen=True):
    """One product as seen by one person: as its holder, or through one mandate."""

    product_id: str
    product_type: ProductType
    segment: Segment
    status: ProductStatus
    enterprise_number: str | None
    relation: Relation
    powers: Powers                  # a holder counts as FULL (the sole proprietor's own account)
    mandate_status: MandateStatus   # ACTIVE for a holder
    mandate_id: str | None = None

    @property
    def in_force(self) -> bool:
        return self.status is ProductStatus.ACTIVE and self.mandate_status is MandateStatus.ACTIVE

    @property
    def professional(self) -> bool:
        return self.segment is Segment.PROFESSIONAL and self.enterprise_number is not None

    @property
    def commits_enterprise(self) -> bool:
        """An adequate mandate: on a professional account, with powers that commit, in force."""
        return (self.in_force and self.professional and self.product_type in ACCOUNT_TYPES
                and self.powers in COMMITTING_POWERS)


class CustomerView(Struct, frozen=True):
    relations: tuple[ProductRelation, ...] = ()
    access: dict[DigitalChannel, AccessStatus] = field(default_factory=dict)


class EnterpriseDecision(Struct, frozen=True):
    enterprise_number: str
    usable: bool
    reasons: tuple[Reason, ...]


class Overview(Struct, frozen=True):
    visible: bool
    reasons: tuple[Reason, ...]
    products: tuple[ProductRelation, ...]
    enterprises: tuple[EnterpriseDecision, ...]


CHANNEL_ACCESS = {Channel.MOBILE: DigitalChannel.MOBILE, Channel.TOUCH: DigitalChannel.TOUCH}


def shown_products(view: CustomerView) -> tuple[ProductRelation, ...]:
    """Products in force for the person, private ones included (the apps show the segment)."""
    seen: dict[tuple[str, Relation], ProductRelation] = {}
    for rel in sorted(view.relations, key=_strongest_first):
        if rel.in_force:
            seen.setdefault((rel.product_id, rel.relation), rel)
    return tuple(sorted(seen.values(), key=lambda r: (r.segment, r.enterprise_number or "", r.product_id)))


def is_visible(view: CustomerView) -> bool:
    return any(r.in_force and r.professional for r in view.relations)


def has_digital_access(view: CustomerView, channel: Channel) -> bool:
    return view.access.get(CHANNEL_ACCESS[channel]) is AccessStatus.ACTIVE


def decide_for_enterprise(view: CustomerView, channel: Channel, enterprise_number: str) -> EnterpriseDecision:
    reasons: list[Reason] = []
    if not is_visible(view):
        reasons.append(Reason.NO_PROFESSIONAL_PRODUCT)
    if not has_digital_access(view, channel):
        reasons.append(Reason.NO_DIGITAL_ACCESS)
    if not any(r.commits_enterprise and r.enterprise_number == enterprise_number for r in view.relations):
        reasons.append(Reason.NO_ADEQUATE_MANDATE)
    return EnterpriseDecision(enterprise_number, not reasons, tuple(reasons))


def related_enterprises(view: CustomerView) -> tuple[str, ...]:
    return tuple(sorted({r.enterprise_number for r in view.relations
                         if r.in_force and r.professional and r.enterprise_number}))


def overview(view: CustomerView, channel: Channel) -> Overview:
    visible = is_visible(view)
    return Overview(
        visible=visible,
        reasons=() if visible else (Reason.NO_PROFESSIONAL_PRODUCT,),
        products=shown_products(view),
        enterprises=tuple(decide_for_enterprise(view, channel, e) for e in related_enterprises(view)),
    )


def _strongest_first(rel: ProductRelation) -> tuple[int, str]:
    order = {Powers.FULL: 0, Powers.CONTRACTING: 1, Powers.VIEW_ONLY: 2}
    return order[rel.powers], rel.mandate_id or ""
