"""The SEPA character set and the identifiers written in pain.008 files.

EPC and Febelfin implementation guidelines allow only a-z A-Z 0-9 / - ? : ( ) . , ' + and space.
Identifiers (mandate reference, end-to-end id, message id) are 1-35 of those characters, must not
start or end with '/' and must not contain '//'."""
from __future__ import annotations

import re
import unicodedata
import uuid

from extra_services.billing.errors import InvalidSepaIdentifierError

SEPA_IDENTIFIER_MAX_LENGTH = 35

_SEPA_TEXT = re.compile(r"[A-Za-z0-9/\-?:().,'+ ]*")
_PLAIN_ID = re.compile(r"[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?")
_PREFIX = re.compile(r"[A-Z0-9]{1,8}")
_CANONICAL_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
# Letters that Unicode decomposition does not reduce to Latin ones.
_TRANSLITERATIONS = str.maketrans({"&": "+", "_": "-", "ß": "ss", "Æ": "AE", "æ": "ae", "Ø": "O",
                                   "ø": "o", "Œ": "OE", "œ": "oe", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d"})


def is_sepa_text(text: str) -> bool:
    return _SEPA_TEXT.fullmatch(text) is not None


def validate_sepa_identifier(value: str, *, what: str) -> str:
    """Return the identifier unchanged, or raise InvalidSepaIdentifierError naming `what` it is."""
    problem = _identifier_problem(value)
    if problem:
        raise InvalidSepaIdentifierError(f"The {what} {value!r} {problem}.")
    return value


def _identifier_problem(value: str) -> str | None:
    if not value or value != value.strip():
        return "must not be empty nor start or end with a space"
    if len(value) > SEPA_IDENTIFIER_MAX_LENGTH:
        return f"is longer than {SEPA_IDENTIFIER_MAX_LENGTH} characters"
    if not is_sepa_text(value):
        return "contains a character outside the SEPA set (a-z A-Z 0-9 / - ? : ( ) . , ' + space)"
    if value.startswith("/") or value.endswith("/") or "//" in value:
        return "must not start or end with '/' nor contain '//'"
    return None


def sepa_identifier_from_id(raw_id: str, *, prefix: str, what: str) -> str:
    """`PREFIX-BODY`, one identifier per id and never the same for two ids.

    A canonical UUID becomes its 32 upper-case hex digits (so `NJ-` + UUID fits in 35 characters);
    any other id must already be upper-case letters, digits and inner hyphens, and is kept as it is.
    Upper case only: the reference stays unique even where a bank compares it case-insensitively."""
    if not _PREFIX.fullmatch(prefix):
        raise InvalidSepaIdentifierError(f"The prefix {prefix!r} must be 1-8 upper-case letters or digits.")
    if _CANONICAL_UUID.fullmatch(raw_id):
        body = uuid.UUID(raw_id).hex.upper()
    elif _PLAIN_ID.fullmatch(raw_id):
        body = raw_id
    else:
        raise InvalidSepaIdentifierError(
            f"Cannot make a {what} from {raw_id!r}: give a UUID or upper-case letters, digits and hyphens.")
    return validate_sepa_identifier(f"{prefix}-{body}", what=what)


def to_sepa_text(text: str, max_length: int) -> str:
    """Free text (a name) in the SEPA set: accents dropped, other characters replaced by a space,
    spaces collapsed, cut at max_length (banks truncate names the same way)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATIONS))
    latin = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    kept = "".join(ch if is_sepa_text(ch) else " " for ch in latin)
    return " ".join(kept.split())[:max_length].rstrip()
