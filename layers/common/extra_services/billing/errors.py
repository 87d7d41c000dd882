"""Billing errors: one class per rule, each with a stable code (the HTTP status follows the base)."""
from __future__ import annotations

from extra_services.errors import Conflict, DomainError, InvalidInput


class BillingError(DomainError):
    """Base of every billing error, so a caller can catch them together."""

    code = "BILLING_ERROR"


class InvalidCreditorError(BillingError, InvalidInput):
    code = "INVALID_CREDITOR"


class InvalidMandateError(BillingError, InvalidInput):
    code = "INVALID_MANDATE"


class InvalidSepaIdentifierError(BillingError, InvalidInput):
    code = "INVALID_SEPA_IDENTIFIER"


class InvalidStructuredCommunicationError(BillingError, InvalidInput):
    code = "INVALID_STRUCTURED_COMMUNICATION"


class InvalidBillableLineError(BillingError, InvalidInput):
    code = "INVALID_BILLABLE_LINE"


class EmptyInvoiceError(BillingError, InvalidInput):
    code = "EMPTY_INVOICE"


class InvalidCollectionError(BillingError, InvalidInput):
    code = "INVALID_COLLECTION"


class Pain008SchemaViolationError(BillingError, InvalidInput):
    """The generated file does not validate against the pain.008 XSD."""

    code = "PAIN008_SCHEMA_VIOLATION"


class MandateLapsedError(BillingError, Conflict):
    code = "MANDATE_LAPSED"


class OneOffMandateAlreadyUsedError(BillingError, Conflict):
    code = "ONE_OFF_MANDATE_ALREADY_USED"


class SubmissionTooEarlyError(BillingError, Conflict):
    code = "DIRECT_DEBIT_SUBMISSION_TOO_EARLY"


class SubmissionTooLateError(BillingError, Conflict):
    code = "DIRECT_DEBIT_SUBMISSION_TOO_LATE"
