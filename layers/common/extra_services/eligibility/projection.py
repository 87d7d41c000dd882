"""From the canonical state of one product (the product and its mandates) to the rows each
related person sees. Pure: the repository reads and writes, this decides."""
from __future__ import annotations

from dataclasses import dataclass

from extra_services.eligibility.events import MandateChanged, MandateStatus, Powers, ProductChanged
from extra_services.eligibility.rules import ProductRelation, Relation


@dataclass(frozen=True)
class ProjectedRow:
    customer_id: str
    relation: ProductRelation

    @property
    def sort_key(self) -> str:
        rel = self.relation
        suffix = "HOLDER" if rel.relation is Relation.HOLDER else f"MANDATE#{rel.mandate_id}"
        return f"REL#{rel.product_id}#{suffix}"


def project(product: ProductChanged | None, mandates: list[MandateChanged]) -> list[ProjectedRow]:
    """Nothing is projected before the product itself is known (a mandate may arrive first)."""
    if product is None:
        return []
    def relation(kind: Relation, powers: Powers, status: MandateStatus, mandate_id: str | None) -> ProductRelation:
        return ProductRelation(
            product_id=product.product_id, product_type=product.product_type, segment=product.segment,
            status=product.status, enterprise_number=product.enterprise_number, relation=kind,
            powers=powers, mandate_status=status, mandate_id=mandate_id)

    rows = [ProjectedRow(product.holder_customer_id,
                         relation(Relation.HOLDER, Powers.FULL, MandateStatus.ACTIVE, None))]
    rows += [ProjectedRow(m.customer_id, relation(Relation.MANDATE, m.powers, m.status, m.mandate_id))
             for m in mandates]
    return rows
