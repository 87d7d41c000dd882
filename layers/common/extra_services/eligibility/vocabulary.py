"""The words of eligibility shared by the core-banking events, the projection, the visible / usable rules
and the API: product types, segments, statuses, powers, channels. Kept apart from the event models so that
a reader of eligibility (every channel route checks its caller) does not build the event validators."""
from __future__ import annotations

from enum import StrEnum


class ProductType(StrEnum):
    CURRENT_ACCOUNT = "CURRENT_ACCOUNT"
    SAVINGS_ACCOUNT = "SAVINGS_ACCOUNT"
    INSURANCE = "INSURANCE"
    CREDIT = "CREDIT"


ACCOUNT_TYPES = frozenset({ProductType.CURRENT_ACCOUNT, ProductType.SAVINGS_ACCOUNT})


class Segment(StrEnum):
    PROFESSIONAL = "PROFESSIONAL"
    PRIVATE = "PRIVATE"


class ProductStatus(StrEnum):
    ACTIVE = "ACTIVE"
    CLOSED = "CLOSED"


class Powers(StrEnum):
    FULL = "FULL"
    CONTRACTING = "CONTRACTING"
    VIEW_ONLY = "VIEW_ONLY"


COMMITTING_POWERS = frozenset({Powers.FULL, Powers.CONTRACTING})


class MandateStatus(StrEnum):
    ACTIVE = "ACTIVE"
    REVOKED = "REVOKED"


class DigitalChannel(StrEnum):
    MOBILE = "MOBILE"
    TOUCH = "TOUCH"


class AccessStatus(StrEnum):
    ACTIVE = "ACTIVE"
    BLOCKED = "BLOCKED"
