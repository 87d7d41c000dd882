"""What the eligibility routes answer, built from the rules' decisions with the catalogue and the declaration
wording in force. Apart from service.py, whose other users (every context checking that a person is usable)
need none of it."""
from __future__ import annotations

from datetime import date

from extra_services.caller import Channel
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
from extra_services.eligibility.rules import CustomerView


def extra_services_out(view: CustomerView, channel: Channel, today: date) -> ExtraServicesOut:
    decision = rules.overview(view, channel)
    return ExtraServicesOut(
        visible=decision.visible, reasons=list(decision.reasons),
        products=[ProductOut(product_id=p.product_id, product_type=p.product_type, segment=p.segment,
                             enterprise_number=p.enterprise_number, relation=p.relation, powers=p.powers)
                  for p in decision.products],
        enterprises=[EnterpriseOut(enterprise_number=e.enterprise_number, usable=e.usable,
                                   reasons=list(e.reasons)) for e in decision.enterprises],
        services=_services(), declaration=_declaration(today),
        general_support=ContactOut(phone=GENERAL_SUPPORT.phone, email=GENERAL_SUPPORT.email))


def enterprise_extra_services_out(view: CustomerView, channel: Channel, enterprise_number: str,
                                  today: date) -> EnterpriseExtraServicesOut:
    decision = rules.decide_for_enterprise(view, channel, enterprise_number)
    return EnterpriseExtraServicesOut(
        enterprise_number=enterprise_number, visible=rules.is_visible(view), usable=decision.usable,
        reasons=list(decision.reasons), services=_services(), declaration=_declaration(today))


def _services() -> list[ServiceOut]:
    return [ServiceOut(id=s.id, name=s.name,
                       entry_points={k: EntryPointOut(fr=v.fr, nl=v.nl, en=v.en) for k, v in s.entry_points.items()},
                       helpdesk=ContactOut(phone=s.helpdesk.phone, email=s.helpdesk.email))
            for s in SERVICES]


def _declaration(today: date) -> DeclarationWordingOut:
    w = wording_in_force(today)
    return DeclarationWordingOut(wording_version=w.version, text=DeclarationTextOut(fr=w.fr, nl=w.nl, en=w.en))
