"""Identifiers validated with the field's libraries (RULES.md §5), never hand-written checks."""
from __future__ import annotations

from typing import Annotated
from urllib.parse import unquote

from pydantic import AfterValidator


def normalise_enterprise_number(value: str) -> str:
    """Any usual spelling ("BE 0403.170.701", "0403170701", "403170701") -> 10 digits.

    Raises ValueError with a readable message (pydantic turns it into a 422 detail)."""
    # Imported on first use: stdnum.util imports pydoc, which every function importing this module would
    # otherwise load at cold start.
    from stdnum.be import vat as be_vat  # noqa: PLC0415
    from stdnum.exceptions import ValidationError as StdnumValidationError  # noqa: PLC0415

    if not isinstance(value, str) or not value.strip():
        raise ValueError("an enterprise number is required, e.g. 0403.170.701")
    value = unquote(value)   # a path parameter may arrive percent-encoded ("BE%200403.170.701")
    try:
        return str(be_vat.validate(value))
    except StdnumValidationError as exc:
        raise ValueError(
            f"{value!r} is not a valid Belgian enterprise number (10 digits, e.g. 0403.170.701): "
            f"{str(exc).lower().rstrip('.')}") from exc


EnterpriseNumber = Annotated[str, AfterValidator(normalise_enterprise_number)]
