"""Where an invoice, a direct-debit batch and a bank result stand (API.md, Billing).

A collection attempt's own status is mandate.CollectionOutcome: PRENOTIFIED, SUBMITTED, SETTLED or
RETURNED (REJECTED is never produced here: the bank partner reports every failure as RETURNED)."""
from __future__ import annotations

from enum import StrEnum


class InvoiceStatus(StrEnum):
    UNPAID = "UNPAID"  # issued; its direct debit is prenotified, submitted, or to be tried again
    PAID = "PAID"  # the current attempt settled
    AWAITING_MANDATE = "AWAITING_MANDATE"  # no valid mandate: not collected, the company was told
    NEEDS_ATTENTION = "NEEDS_ATTENTION"  # returned again after the one new attempt: a person follows up
    NOTHING_DUE = "NOTHING_DUE"  # the discount absorbed the whole invoice: nothing to collect


class BatchStatus(StrEnum):
    OPEN = "OPEN"  # collections are being put in it
    SUBMITTED = "SUBMITTED"  # its pain.008 file went to the bank
    ABANDONED = "ABANDONED"  # opened but never sent (its day passed): its collections were re-dated


class ResultStatus(StrEnum):
    SETTLED = "SETTLED"
    RETURNED = "RETURNED"


class ResultOutcome(StrEnum):
    APPLIED = "APPLIED"
    DUPLICATE = "DUPLICATE"  # this result was already applied: no second effect
