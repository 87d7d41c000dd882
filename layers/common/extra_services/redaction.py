"""Personal data never reaches the logs: the one place that masks it (see docs/decisions).

Two nets: keys that name personal data are masked whatever their value, and free text is
scrubbed of anything shaped like an IBAN, an e-mail address, a phone or a national number.
Enterprise numbers (public registry data) are deliberately left readable."""
from __future__ import annotations

import re
from typing import Any

MASK = "***"

PERSONAL_KEYS = frozenset(k.lower() for k in (
    "iban", "email", "phone", "name", "firstName", "lastName", "nationalNumber", "recipient",
    "contact", "address", "birthDate", "debtorName", "note", "comment", "reason", "token",
    "authorization", "body",
))

_PATTERNS = [
    re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b"),   # IBAN
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),                                         # e-mail
    re.compile(r"(?:\+|\b00)\d{2}[\d ./-]{6,14}\d\b"),                                   # +32 ... phone
    re.compile(r"\b0\d{1,3}[ /]\d{2,3}(?:[ .]?\d{2}){2,3}\b"),                           # 081 80 18 99
    re.compile(r"\b\d{2}\.?\d{2}\.?\d{2}[-. ]?\d{3}\.?\d{2}\b"),                         # national number
    re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]+"),                                          # a JWT
]


def scrub_text(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return text


def redact(value: Any, key: str | None = None) -> Any:
    """A copy of value with personal data masked (dicts, lists and strings, recursively)."""
    if key is not None and key.lower() in PERSONAL_KEYS and value not in (None, "", [], {}):
        return MASK
    if isinstance(value, dict):
        return {k: redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    if isinstance(value, str):
        return scrub_text(value)
    return value
