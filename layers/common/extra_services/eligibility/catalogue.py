"""The services and where the channels show them, with the help contacts (RULES.md §1, FAQ)."""
from __future__ import annotations

from msgspec import Struct


class Contact(Struct, frozen=True):
    phone: str
    email: str


class EntryPoint(Struct, frozen=True):
    fr: str
    nl: str
    en: str


class Service(Struct, frozen=True):
    id: str
    name: str
    entry_points: dict[str, EntryPoint]
    helpdesk: Contact


SERVICES_HELPDESK = Contact(phone="081 80 18 99", email="hotline@cbc.be")
GENERAL_SUPPORT = Contact(phone="016 43 25 30", email="extraservicessupport@kbc.be")

_MOBILE = EntryPoint(
    fr="CBC Mobile : bouton « Services supplémentaires » en bas à droite de l'écran de connexion, "
       "ou « Offre » une fois connecté.",
    nl="CBC Mobile: knop 'Extra diensten' rechtsonder op het aanmeldscherm, of 'Aanbod' eens aangemeld.",
    en="CBC Mobile: the 'Extra services' button at the bottom right of the login screen, or 'Offer' "
       "once logged in.",
)
_TOUCH = EntryPoint(
    fr="CBC Touch : volet professionnel, sous « Paiements », « Crédits » et « Assurances ».",
    nl="CBC Touch: professioneel gedeelte, onder 'Betalen', 'Kredieten' en 'Verzekeren'.",
    en="CBC Touch: the professional section, under 'Payments', 'Credits' and 'Insurance'.",
)

SERVICES: tuple[Service, ...] = (
    Service("go-solid", "Go Solid", {"mobile": _MOBILE, "touch": _TOUCH}, SERVICES_HELPDESK),
    Service("nowjobs", "NOWJOBS", {"mobile": _MOBILE, "touch": _TOUCH}, SERVICES_HELPDESK),
)
SERVICE_IDS = frozenset(s.id for s in SERVICES)
