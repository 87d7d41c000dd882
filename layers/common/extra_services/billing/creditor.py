"""The collecting creditor: name, account, BIC and SEPA creditor identifier (AT-02).

The identifier is country code + 2 ISO 7064 check digits + a 3-character business code (ZZZ when
unused) + the national identifier; for Belgium the 10-digit enterprise number (RULES.md §4)."""
from __future__ import annotations

import re

from msgspec import Struct

from extra_services.billing.errors import InvalidCreditorError
from extra_services.billing.sepa_text import SEPA_IDENTIFIER_MAX_LENGTH, is_sepa_text

CREDITOR_NAME_MAX_LENGTH = 70
ADDRESS_LINE_MAX_LENGTH = 70
MAX_ADDRESS_LINES = 2
_BUSINESS_CODE = re.compile(r"[A-Z0-9]{3}")


def validate_creditor_identifier(value: str) -> str:
    """The compact identifier (BE11ZZZ0403170701), or InvalidCreditorError saying what is wrong."""
    # schwifty and stdnum are imported when a creditor is validated (a function's first request), not with
    # this module: the functions importing its types pay neither pycountry nor pydoc at cold start.
    from stdnum import exceptions as stdnum_errors  # noqa: PLC0415
    from stdnum.be import vat as be_enterprise_number  # noqa: PLC0415
    from stdnum.eu import at_02  # noqa: PLC0415

    compact = at_02.compact(value)
    if len(compact) < 8 or len(compact) > SEPA_IDENTIFIER_MAX_LENGTH or not compact[:2].isalpha():
        raise InvalidCreditorError(f"{value!r} is not a SEPA creditor identifier (e.g. BE11ZZZ0403170701).")
    try:
        at_02.validate(compact)
    except stdnum_errors.ValidationError as exc:
        raise InvalidCreditorError(f"The creditor identifier {value!r} has wrong check digits.") from exc
    if compact.startswith("BE"):
        national = compact[7:]
        if not (national.isdigit() and len(national) == 10 and be_enterprise_number.is_valid(national)):
            raise InvalidCreditorError(f"The Belgian creditor identifier {value!r} must end with a valid "
                                       "10-digit enterprise number.")
    return compact


def belgian_creditor_identifier(enterprise_number: str, business_code: str = "ZZZ") -> str:
    """Build BE + check digits + business code + enterprise number (accepts 'BE0403.170.701')."""
    from stdnum import exceptions as stdnum_errors  # noqa: PLC0415 -- see validate_creditor_identifier
    from stdnum.be import vat as be_enterprise_number  # noqa: PLC0415
    from stdnum.eu import at_02  # noqa: PLC0415

    try:
        number = be_enterprise_number.validate(enterprise_number)
    except stdnum_errors.ValidationError as exc:
        raise InvalidCreditorError(f"{enterprise_number!r} is not a valid enterprise number.") from exc
    if not _BUSINESS_CODE.fullmatch(business_code):
        raise InvalidCreditorError(
            f"The creditor business code {business_code!r} must be 3 upper-case letters or digits.")
    check = at_02.calc_check_digits(f"BE00{business_code}{number}")
    return f"BE{check}{business_code}{number}"


class Creditor(Struct, frozen=True):
    name: str
    iban: str
    bic: str
    identifier: str
    address_lines: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        name = " ".join(self.name.split())
        if not name or len(name) > CREDITOR_NAME_MAX_LENGTH or not is_sepa_text(name):
            raise InvalidCreditorError(
                f"The creditor name must be 1-{CREDITOR_NAME_MAX_LENGTH} characters of the SEPA set.")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "identifier", validate_creditor_identifier(self.identifier))
        from schwifty import BIC, IBAN  # noqa: PLC0415 -- see validate_creditor_identifier

        try:
            iban = IBAN(self.iban, validate_bban=True)
            bic = BIC(self.bic)
        except ValueError as exc:
            raise InvalidCreditorError(f"The creditor account is not valid: {exc}.") from exc
        if not iban.in_sepa_zone:
            raise InvalidCreditorError(f"The creditor IBAN {iban.formatted} is not in the SEPA zone.")
        object.__setattr__(self, "iban", str(iban.compact))
        object.__setattr__(self, "bic", str(bic.compact))
        if len(self.address_lines) > MAX_ADDRESS_LINES or any(
                not line or len(line) > ADDRESS_LINE_MAX_LENGTH or not is_sepa_text(line)
                for line in self.address_lines):
            raise InvalidCreditorError(
                f"The creditor address is at most {MAX_ADDRESS_LINES} lines of "
                f"1-{ADDRESS_LINE_MAX_LENGTH} SEPA characters.")
