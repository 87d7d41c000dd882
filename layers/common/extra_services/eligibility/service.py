"""Eligibility use cases: the caller's overview, one enterprise, the usable check other
contexts rely on, and applying core-banking events."""
from __future__ import annotations

from enum import StrEnum

from extra_services.caller import Channel
from extra_services.clock import Clock, brussels_today
from extra_services.eligibility import rules
from extra_services.eligibility.api_models import (
    ContactOut,
    DeclarationTextOut,
    DeclarationWordingOut,
    EnterpriseExtraServicesOut,
    EnterpriseOut,
    EntryPointOut,
    ExtraServicesOut,
    ProductOut,
    ServiceOut,
)
from extra_services.eligibility.catalogue import GENERAL_SUPPORT, SERVICES
from extra_services.eligibility.declaration import wording_in_force
from extra_services.eligibility.events import CoreBankingEvent, DigitalAccessChanged
from extra_services.eligibility.repository import EligibilityRepository
from extra_services.errors import Forbidden


class Applied(StrEnum):
    APPLIED = "applied"
    SUPERSEDED = "superseded"   # an equal or newer fact was already there: no effect


class EligibilityService:
    def __init__(self, repository: EligibilityRepository, clock: Clock) -> None:
        self.repository = repository
        self.clock = clock

    def overview(self, customer_id: str, channel: Channel) -> ExtraServicesOut:
        decision = rules.overview(self.repository.customer_view(customer_id), channel)
        return ExtraServicesOut(
            visible=decision.visible, reasons=list(decision.reasons),
            products=[ProductOut(product_id=p.product_id, product_type=p.product_type, segment=p.segment,
                                 enterprise_number=p.enterprise_number, relation=p.relation, powers=p.powers)
                      for p in decision.products],
            enterprises=[EnterpriseOut(enterprise_number=e.enterprise_number, usable=e.usable,
                                       reasons=list(e.reasons)) for e in decision.enterprises],
            services=self._services(), declaration=self._declaration(),
            general_support=ContactOut(phone=GENERAL_SUPPORT.phone, email=GENERAL_SUPPORT.email))

    def for_enterprise(self, customer_id: str, channel: Channel,
                       enterprise_number: str) -> EnterpriseExtraServicesOut:
        view = self.repository.customer_view(customer_id)
        decision = rules.decide_for_enterprise(view, channel, enterprise_number)
        return EnterpriseExtraServicesOut(
            enterprise_number=enterprise_number, visible=rules.is_visible(view), usable=decision.usable,
            reasons=list(decision.reasons), services=self._services(), declaration=self._declaration())

    def require_usable(self, customer_id: str, channel: Channel, enterprise_number: str) -> None:
        """The mandate check every committing route makes (not only the authorizer's)."""
        view = self.repository.customer_view(customer_id)
        decision = rules.decide_for_enterprise(view, channel, enterprise_number)
        if not decision.usable:
            raise Forbidden("You may not use the extra services for this enterprise: "
                            + ", ".join(decision.reasons) + ".", code="NOT_USABLE_FOR_ENTERPRISE",
                            details=[{"field": "enterpriseNumber", "message": r.value}
                                     for r in decision.reasons])

    def apply(self, event: CoreBankingEvent) -> Applied:
        if isinstance(event, DigitalAccessChanged):
            applied = self.repository.apply_access(event)
        else:
            applied = self.repository.apply_product_fact(event)
            # rebuilt even when superseded: a retry after a crash between the two steps converges
            self.repository.rebuild_product(event.product_id)
        return Applied.APPLIED if applied else Applied.SUPERSEDED

    @staticmethod
    def _services() -> list[ServiceOut]:
        return [ServiceOut(id=s.id, name=s.name,
                           entry_points={k: EntryPointOut(fr=v.fr, nl=v.nl, en=v.en)
                                         for k, v in s.entry_points.items()},
                           helpdesk=ContactOut(phone=s.helpdesk.phone, email=s.helpdesk.email))
                for s in SERVICES]

    def _declaration(self) -> DeclarationWordingOut:
        w = wording_in_force(brussels_today(self.clock))
        return DeclarationWordingOut(wording_version=w.version,
                                     text=DeclarationTextOut(fr=w.fr, nl=w.nl, en=w.en))
