"""A company on NOWJOBS and its onboarding (RULES.md §3): PENDING_VERIFICATION -> VERIFIED -> ACTIVE,
or REFUSED; a Digital Business Partner verifies and activates within 48 hours. Pure rules."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from msgspec import Struct
from msgspec.structs import replace

from extra_services.billing.mandate import Mandate
from extra_services.caller import Channel
from extra_services.eligibility.declaration import DeclarationRecord
from extra_services.errors import Conflict
from extra_services.nowjobs.errors import UnsupportedJointCommitteeError
from extra_services.nowjobs.statuses import AcquisitionChannel, CompanyEventType, CompanyStatus
from extra_services.rates.joint_committees import is_supported_by_nowjobs

ACTIVATION_TARGET = timedelta(hours=48)  # RULES.md §3: "within 48 hours", counted in calendar hours
AWAITING_ACTIVATION = frozenset({CompanyStatus.PENDING_VERIFICATION, CompanyStatus.VERIFIED})


class Address(Struct, frozen=True):
    street: str
    postal_code: str
    city: str
    country: str


class Contact(Struct, frozen=True):
    name: str
    email: str
    phone: str


class SignedMandate(Struct, frozen=True):
    """The SEPA mandate the company signed at registration, and the evidence of the signature."""

    mandate_id: str
    mandate: Mandate
    signed_at: datetime
    signed_by: str  # customer id of the person who accepted it


class Company(Struct, frozen=True):
    company_id: str
    enterprise_number: str
    name: str
    address: Address
    contact: Contact
    joint_committees: tuple[str, ...]
    mandate: SignedMandate
    acquisition_channel: AcquisitionChannel
    registration_channel: Channel  # the channel the registration came through (from the token)
    declaration: DeclarationRecord
    registered_at: datetime
    new_to_nowjobs: bool  # no earlier NOWJOBS registration of this enterprise in our records
    status: CompanyStatus = CompanyStatus.PENDING_VERIFICATION
    verified_at: datetime | None = None
    activated_at: datetime | None = None
    refused_at: datetime | None = None
    refusal_reason: str | None = None
    known_to_nowjobs: bool = False  # the partner said, on activation, it was already a NOWJOBS customer
    activation_overdue_notified_at: datetime | None = None
    request_hash: str | None = None  # of the registration's body, when it came with an Idempotency-Key
    version: int = 0

    @property
    def iban(self) -> str:
        return self.mandate.mandate.debtor_iban

    @property
    def activation_due(self) -> datetime:
        return self.registered_at + ACTIVATION_TARGET

    @property
    def awaiting_activation(self) -> bool:
        return self.status in AWAITING_ACTIVATION

    @property
    def activation_target_met(self) -> bool | None:
        """True/False once activated; None while waiting or when refused."""
        return None if self.activated_at is None else self.activated_at <= self.activation_due

    def activation_overdue(self, now: datetime) -> bool:
        return self.awaiting_activation and now > self.activation_due


class CompanyEvent(Struct, frozen=True):
    type: CompanyEventType
    event_id: str | None = None
    reason: str | None = None
    already_nowjobs_customer: bool = False


class ExistingRegistration(Struct, frozen=True):
    """The enterprise's current registration, as the uniqueness guard records it."""

    company_id: str
    refused: bool


def check_joint_committees_supported(codes: Sequence[str], day: date) -> None:
    for code in codes:
        if not is_supported_by_nowjobs(code, day):
            raise UnsupportedJointCommitteeError(code, day)


def check_may_register(existing: ExistingRegistration | None) -> None:
    """One live registration per enterprise; a refused one may register again."""
    if existing is not None and not existing.refused:
        raise Conflict("This enterprise is already registered with NOWJOBS.", code="COMPANY_ALREADY_REGISTERED",
                       details=[{"field": "enterpriseNumber", "message": f"company {existing.company_id}"}])


def require_active(company: Company) -> None:
    if company.status is not CompanyStatus.ACTIVE:
        raise Conflict(f"The company is {company.status.value}: it can publish job offers once NOWJOBS has "
                       "activated it.", code="COMPANY_NOT_ACTIVE")


_TARGET = {
    CompanyEventType.VERIFIED: CompanyStatus.VERIFIED,
    CompanyEventType.ACTIVATED: CompanyStatus.ACTIVE,
    CompanyEventType.REFUSED: CompanyStatus.REFUSED,
}
_FITS = {
    CompanyEventType.VERIFIED: {CompanyStatus.PENDING_VERIFICATION},
    CompanyEventType.ACTIVATED: {CompanyStatus.VERIFIED},
    CompanyEventType.REFUSED: {CompanyStatus.PENDING_VERIFICATION, CompanyStatus.VERIFIED},
}


def apply_company_event(company: Company, event: CompanyEvent, now: datetime) -> Company | None:
    """The company after the partner's event; None when the event was already applied (a repeat has no
    second effect); Conflict when it does not fit the company's state."""
    target = _TARGET[event.type]
    if _already_recorded(company, event.type):
        return None
    if company.status not in _FITS[event.type]:
        raise Conflict(f"{event.type.value} does not fit a company that is {company.status.value}.",
                       code="COMPANY_EVENT_OUT_OF_ORDER")
    if event.type is CompanyEventType.VERIFIED:
        return replace(company, status=target, verified_at=now)
    if event.type is CompanyEventType.ACTIVATED:
        return replace(company, status=target, activated_at=now, known_to_nowjobs=event.already_nowjobs_customer)
    return replace(company, status=target, refused_at=now, refusal_reason=event.reason)


def _already_recorded(company: Company, event: CompanyEventType) -> bool:
    """The event's effect is already there, even if later events moved the company on."""
    recorded = {CompanyEventType.VERIFIED: company.verified_at, CompanyEventType.ACTIVATED: company.activated_at,
                CompanyEventType.REFUSED: company.refused_at}
    return recorded[event] is not None or company.status is _TARGET[event]


def mark_activation_overdue_notified(company: Company, now: datetime) -> Company | None:
    """None when the company is not overdue or was already notified: one notification per company."""
    if not company.activation_overdue(now) or company.activation_overdue_notified_at is not None:
        return None
    return replace(company, activation_overdue_notified_at=now)


def activation_overdue_email(company: Company) -> tuple[str, str]:
    """Subject and body of the e-mail telling the company its 48-hour activation target was missed."""
    return ("NOWJOBS: your activation is taking longer than 48 hours",
            f"Hello {company.contact.name},\n\n"
            f"NOWJOBS promised to activate the profile of {company.name} within 48 hours of your registration. "
            "That has not happened yet: we have asked NOWJOBS to contact you with priority. You do not need to "
            "do anything; for questions call the helpdesk on 081 80 18 99 or write to hotline@cbc.be.\n\n"
            "CBC")
