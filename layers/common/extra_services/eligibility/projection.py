"""From the canonical state of one product (the product and its mandates) to what each related
person sees of it. Pure: the repository reads and writes, this decides."""
from __future__ import annotations

from extra_services.eligibility.events import MandateChanged, ProductChanged
from extra_services.eligibility.rules import ProductRelation, Relation
from extra_services.eligibility.vocabulary import MandateStatus, Powers


def project(product: ProductChanged | None, mandates: list[MandateChanged]) -> dict[str, tuple[ProductRelation, ...]]:
    """customer id -> the person's relations to the product (as its holder, through each mandate).
    Nothing is projected before the product itself is known (a mandate may arrive first)."""
    if product is None:
        return {}

    def relation(kind: Relation, powers: Powers, status: MandateStatus, mandate_id: str | None) -> ProductRelation:
        return ProductRelation(
            product_id=product.product_id, product_type=product.product_type, segment=product.segment,
            status=product.status, enterprise_number=product.enterprise_number, relation=kind,
            powers=powers, mandate_status=status, mandate_id=mandate_id)

    seen: dict[str, list[ProductRelation]] = {
        product.holder_customer_id: [relation(Relation.HOLDER, Powers.FULL, MandateStatus.ACTIVE, None)]}
    for m in sorted(mandates, key=lambda m: m.mandate_id):
        seen.setdefault(m.customer_id, []).append(relation(Relation.MANDATE, m.powers, m.status, m.mandate_id))
    return {customer: tuple(relations) for customer, relations in seen.items()}
