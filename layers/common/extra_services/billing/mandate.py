"""The SEPA direct-debit mandate, its 36-month lapse and the sequence type of each collection.

RULES.md §4 and the EPC SDD Core/B2B rulebooks. A mandate for which no collection has been
presented for 36 months (counted from the latest presented collection, even if it was rejected,
returned or refunded; from the signature if none was) lapses: it can no longer be used and the
company must sign a new one, whose first collection is again FRST."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum

from msgspec import Struct

from extra_services.billing.errors import (
    InvalidMandateError,
    MandateLapsedError,
    OneOffMandateAlreadyUsedError,
)
from extra_services.billing.sepa_text import sepa_identifier_from_id, validate_sepa_identifier

MANDATE_LAPSE_MONTHS = 36
DEFAULT_PRE_NOTIFICATION_DAYS = 14
DEBTOR_NAME_MAX_LENGTH = 140  # kept whole here; the pain.008 writer cuts it to 70 as banks do


class Scheme(StrEnum):
    CORE = "CORE"  # any debtor; refund without question for 8 weeks
    B2B = "B2B"  # non-consumers only, mandate registered at the debtor's bank, no refund


class MandateKind(StrEnum):
    RECURRENT = "RECURRENT"
    ONE_OFF = "ONE_OFF"


class SequenceType(StrEnum):
    FRST = "FRST"
    RCUR = "RCUR"
    FNAL = "FNAL"  # never produced: FNAL is optional, the mandate is cancelled instead
    OOFF = "OOFF"


class CollectionOutcome(StrEnum):
    """Where an earlier collection under the mandate stands."""

    PRENOTIFIED = "PRENOTIFIED"  # announced to the debtor, not yet sent to the bank
    SUBMITTED = "SUBMITTED"  # in a pain.008 file sent to the bank, no result yet
    SETTLED = "SETTLED"
    REJECTED = "REJECTED"  # refused or rejected before settlement: the debit did not happen
    RETURNED = "RETURNED"  # returned or refunded after settlement


_PRESENTED = frozenset({CollectionOutcome.SUBMITTED, CollectionOutcome.SETTLED,
                        CollectionOutcome.REJECTED, CollectionOutcome.RETURNED})
# Collections that make the next one a follow-up (RCUR): everything except a rejection before
# settlement, after which the next collection is presented as FRST again (EPC clarification).
_USES_THE_MANDATE = frozenset({CollectionOutcome.PRENOTIFIED, CollectionOutcome.SUBMITTED,
                               CollectionOutcome.SETTLED, CollectionOutcome.RETURNED})


class EarlierCollection(Struct, frozen=True):
    due_on: date
    outcome: CollectionOutcome


def mandate_reference_for(mandate_id: str, *, prefix: str = "NJ") -> str:
    """The unique mandate reference (≤ 35 SEPA characters) for the mandate id we were given:
    the same id always gives the same reference, two ids never give the same one."""
    return sepa_identifier_from_id(mandate_id, prefix=prefix, what="mandate reference")


class Mandate(Struct, frozen=True):
    """A signed mandate. The debtor IBAN and BIC are stored in their compact form."""

    reference: str
    signed_on: date
    debtor_name: str
    debtor_iban: str
    scheme: Scheme = Scheme.B2B
    kind: MandateKind = MandateKind.RECURRENT
    debtor_bic: str | None = None
    agreed_pre_notification_days: int | None = None

    def __post_init__(self) -> None:
        validate_sepa_identifier(self.reference, what="mandate reference")
        name = " ".join(self.debtor_name.split())
        if not name or len(name) > DEBTOR_NAME_MAX_LENGTH:
            raise InvalidMandateError(f"The debtor name must be 1-{DEBTOR_NAME_MAX_LENGTH} characters.")
        object.__setattr__(self, "debtor_name", name)
        object.__setattr__(self, "debtor_iban", _sepa_iban(self.debtor_iban))
        if self.debtor_bic is not None:
            object.__setattr__(self, "debtor_bic", _bic(self.debtor_bic))
        days = self.agreed_pre_notification_days
        if days is not None and not 1 <= days <= DEFAULT_PRE_NOTIFICATION_DAYS:
            raise InvalidMandateError(f"An agreed pre-notification period is 1 to "
                                      f"{DEFAULT_PRE_NOTIFICATION_DAYS} days, not {days}.")

    @property
    def pre_notification_days(self) -> int:
        return self.agreed_pre_notification_days or DEFAULT_PRE_NOTIFICATION_DAYS


def _sepa_iban(value: str) -> str:
    # schwifty (which loads pycountry) is imported when a mandate is first built, not with this module:
    # its types are imported by functions that never build one.
    from schwifty import IBAN  # noqa: PLC0415

    try:
        iban = IBAN(value, validate_bban=True)
    except ValueError as exc:
        raise InvalidMandateError(f"The debtor IBAN {value!r} is not valid: {exc}.") from exc
    if not iban.in_sepa_zone:
        raise InvalidMandateError(f"The debtor IBAN {iban.formatted} is not in the SEPA zone.")
    return str(iban.compact)


def _bic(value: str) -> str:
    from schwifty import BIC  # noqa: PLC0415 -- as in _sepa_iban

    try:
        return str(BIC(value).compact)
    except ValueError as exc:
        raise InvalidMandateError(f"The debtor BIC {value!r} is not valid: {exc}.") from exc


def add_months(day: date, months: int) -> date:
    """Same day-number `months` later, or the last day of that month when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    last_day = (first_of_next - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))


def lapses_on(mandate: Mandate, earlier: Sequence[EarlierCollection]) -> date:
    """First day on which the mandate may no longer be used."""
    presented = [c.due_on for c in earlier if c.outcome in _PRESENTED]
    last_use = max(presented, default=mandate.signed_on)
    return add_months(last_use, MANDATE_LAPSE_MONTHS)


def is_lapsed(mandate: Mandate, earlier: Sequence[EarlierCollection], on: date) -> bool:
    return on >= lapses_on(mandate, earlier)


def sequence_type_for(mandate: Mandate, earlier: Sequence[EarlierCollection], due_on: date) -> SequenceType:
    """The sequence type of a new collection due on `due_on`, given the mandate's other collections.

    Refuses a lapsed mandate, a collection due before the signature and a second use of a one-off
    mandate. `earlier` are the mandate's other collections (not this one); for FRST/RCUR only those
    due before this one count, so the answer does not change when a later one is added."""
    if due_on < mandate.signed_on:
        raise InvalidMandateError(
            f"A collection due on {due_on.isoformat()} precedes the mandate signed on "
            f"{mandate.signed_on.isoformat()}.")
    before = [c for c in earlier if c.due_on < due_on]
    if mandate.kind is MandateKind.ONE_OFF and any(c.outcome in _USES_THE_MANDATE for c in earlier):
        raise OneOffMandateAlreadyUsedError(f"One-off mandate {mandate.reference} has already been used.")
    if is_lapsed(mandate, before, due_on):
        raise MandateLapsedError(
            f"Mandate {mandate.reference} lapsed on {lapses_on(mandate, before).isoformat()} "
            f"after {MANDATE_LAPSE_MONTHS} months without a collection; a new mandate is needed.")
    if mandate.kind is MandateKind.ONE_OFF:
        return SequenceType.OOFF
    used = any(c.outcome in _USES_THE_MANDATE for c in before)
    return SequenceType.RCUR if used else SequenceType.FRST
