"""The Belgian structured communication (OGM/VCS) that identifies each invoice's payment.

12 digits shown as +++ddd/dddd/ddddd+++: a 10-digit base and a check = base mod 97 (0 → 97),
computed and checked by python-stdnum `be.ogm_vcs` (RULES.md §4)."""
from __future__ import annotations

from extra_services.billing.errors import InvalidStructuredCommunicationError

BASE_DIGITS = 10


def structured_communication_digits(base: int | str) -> str:
    """The 12 digits for a base number: an int in [0, 10^10) or a string of exactly 10 digits."""
    if isinstance(base, int):
        if not 0 <= base < 10**BASE_DIGITS:
            raise InvalidStructuredCommunicationError(
                f"The base {base} does not fit in {BASE_DIGITS} digits.")
        text = f"{base:0{BASE_DIGITS}d}"
    else:
        text = base
    if len(text) != BASE_DIGITS or not text.isascii() or not text.isdigit():
        raise InvalidStructuredCommunicationError(f"The base {base!r} must be exactly {BASE_DIGITS} digits.")
    from stdnum.be import ogm_vcs  # noqa: PLC0415 -- stdnum.util imports pydoc: loaded on first use only

    return text + ogm_vcs.calc_check_digits(text)


def validate_structured_communication(text: str) -> str:
    """The 12 digits of a communication given as '+++ddd/dddd/ddddd+++', 'ddd/dddd/ddddd' or 12 digits."""
    from stdnum import exceptions as stdnum_errors  # noqa: PLC0415 -- as in structured_communication_digits
    from stdnum.be import ogm_vcs  # noqa: PLC0415

    try:
        return str(ogm_vcs.validate(text))
    except stdnum_errors.ValidationError as exc:
        raise InvalidStructuredCommunicationError(
            f"{text!r} is not a valid structured communication (+++ddd/dddd/ddddd+++).") from exc


def format_structured_communication(text: str) -> str:
    """'+++ddd/dddd/ddddd+++' for a valid communication in any accepted form."""
    from stdnum.be import ogm_vcs  # noqa: PLC0415 -- as in structured_communication_digits

    return f"+++{ogm_vcs.format(validate_structured_communication(text))}+++"


def structured_communication_for(base: int | str) -> str:
    """The printed communication for an invoice's 10-digit base number."""
    return format_structured_communication(structured_communication_digits(base))
