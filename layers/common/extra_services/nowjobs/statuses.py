"""The statuses and event types of NOWJOBS, spelled as API.md spells them."""
from __future__ import annotations

from enum import StrEnum


class CompanyStatus(StrEnum):
    PENDING_VERIFICATION = "PENDING_VERIFICATION"
    VERIFIED = "VERIFIED"
    ACTIVE = "ACTIVE"
    REFUSED = "REFUSED"


class CompanyEventType(StrEnum):
    """What the Digital Business Partner reports on the partner route."""

    VERIFIED = "VERIFIED"
    REFUSED = "REFUSED"
    ACTIVATED = "ACTIVATED"


class AcquisitionChannel(StrEnum):
    MOBILE = "MOBILE"
    TOUCH = "TOUCH"
    OTHER = "OTHER"


class OfferStatus(StrEnum):
    PUBLISHED = "PUBLISHED"


class InvitationChannel(StrEnum):
    QR = "QR"
    SMS = "SMS"
    WHATSAPP = "WHATSAPP"
    EMAIL = "EMAIL"


class ContractStatus(StrEnum):
    PROPOSED = "PROPOSED"
    DECLINED = "DECLINED"
    DIMONA_REQUESTED = "DIMONA_REQUESTED"  # the worker accepted: the Dimona is requested at once
    DIMONA_CONFIRMED = "DIMONA_CONFIRMED"
    DIMONA_REJECTED = "DIMONA_REJECTED"
    CANCELLATION_REQUESTED = "CANCELLATION_REQUESTED"  # waiting for the worker's agreement
    CANCELLED = "CANCELLED"


class ContractEventType(StrEnum):
    """What the NOWJOBS platform reports on the partner route."""

    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    DIMONA_CONFIRMED = "DIMONA_CONFIRMED"
    DIMONA_REJECTED = "DIMONA_REJECTED"
    CANCELLATION_AGREED = "CANCELLATION_AGREED"
    CANCELLATION_REFUSED = "CANCELLATION_REFUSED"


class DimonaType(StrEnum):
    STU = "STU"
    FLX = "FLX"
    OTH = "OTH"


class TimesheetStatus(StrEnum):
    AWAITING_HOURS = "AWAITING_HOURS"
    CONFIRMED = "CONFIRMED"  # by the company
    CONFIRMED_BY_DEFAULT = "CONFIRMED_BY_DEFAULT"  # the deadline passed: the planned hours stand
    NOT_WORKED = "NOT_WORKED"  # the company reported a no-show: nothing to bill


class HoursConfirmedBy(StrEnum):
    COMPANY = "COMPANY"
    DEADLINE = "DEADLINE"
