"""Shared builders for the billing rule tests (pure values, no I/O)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from extra_services.billing.creditor import Creditor
from extra_services.billing.mandate import Mandate, MandateKind, Scheme

CREDITOR_IDENTIFIER = "BE11ZZZ0403170701"  # BE + check digits + ZZZ + enterprise number 0403.170.701
DEBTOR_IBAN = "BE71096123456769"


@pytest.fixture
def creditor() -> Creditor:
    return Creditor(name="NOWJOBS NV", iban="BE68 5390 0754 7034", bic="KREDBEBB",
                    identifier=CREDITOR_IDENTIFIER, address_lines=("Rue de la Loi 1", "1000 Bruxelles"))


@pytest.fixture
def make_mandate() -> Callable[..., Mandate]:
    def make(**overrides: Any) -> Mandate:
        values: dict[str, Any] = {
            "reference": "NJ-MANDATE-1",
            "signed_on": date(2026, 1, 5),
            "debtor_name": "Brasserie du Parc SRL",
            "debtor_iban": DEBTOR_IBAN,
            "scheme": Scheme.B2B,
            "kind": MandateKind.RECURRENT,
        }
        values.update(overrides)
        return Mandate(**values)

    return make
