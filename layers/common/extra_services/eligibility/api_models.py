"""What the eligibility routes answer (API.md, Eligibility)."""
from __future__ import annotations

from pydantic import Field

from extra_services.api_models import ApiModel
from extra_services.eligibility.rules import Reason, Relation
from extra_services.eligibility.vocabulary import Powers, ProductType, Segment


class ProductOut(ApiModel):
    product_id: str
    product_type: ProductType
    segment: Segment = Field(description="PROFESSIONAL (light-blue line in the apps) or PRIVATE")
    enterprise_number: str | None = Field(description="10 digits, for professional products")
    relation: Relation
    powers: Powers = Field(description="FULL for the holder; the mandate's powers otherwise")


class EnterpriseOut(ApiModel):
    enterprise_number: str
    usable: bool
    reasons: list[Reason]


class ContactOut(ApiModel):
    phone: str
    email: str


class EntryPointOut(ApiModel):
    fr: str
    nl: str
    en: str


class ServiceOut(ApiModel):
    id: str = Field(description="go-solid | nowjobs")
    name: str
    entry_points: dict[str, EntryPointOut] = Field(description="Where each channel shows it: mobile, touch")
    helpdesk: ContactOut


class DeclarationTextOut(ApiModel):
    fr: str
    nl: str
    en: str


class DeclarationWordingOut(ApiModel):
    wording_version: str
    text: DeclarationTextOut


class ExtraServicesOut(ApiModel):
    visible: bool
    reasons: list[Reason]
    products: list[ProductOut]
    enterprises: list[EnterpriseOut]
    services: list[ServiceOut]
    declaration: DeclarationWordingOut
    general_support: ContactOut


class EnterpriseExtraServicesOut(ApiModel):
    enterprise_number: str
    visible: bool
    usable: bool
    reasons: list[Reason]
    services: list[ServiceOut]
    declaration: DeclarationWordingOut
