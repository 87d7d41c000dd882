"""Go Solid admission screening (RULES.md §2, Admission): pure rules over the registry and
credit-bureau facts. Every reason that applies is returned, not only the first."""
from __future__ import annotations

from datetime import date

from msgspec import Struct

from extra_services.gosolid.case import RejectionReason
from extra_services.gosolid.feeds import CreditRiskChanged, EnterpriseKind, EnterpriseRegistryChanged, EnterpriseStatus
from extra_services.rates.dated import DatedTable, Row

_SINCE = date(2023, 1, 1)

# [verify] A policy value of Go Solid's credit insurer, not law: confirm and date each change.
SOLVENCY_MIN_SCORE: DatedTable[int] = DatedTable("Go Solid minimum credit-bureau score", [
    Row(_SINCE, 40, "design default (0-100 scale, higher = safer); to confirm with Go Solid"),
])

CREDITOR_SEAT_COUNTRIES: DatedTable[frozenset[str]] = DatedTable("Go Solid creditor seat countries", [
    Row(_SINCE, frozenset({"BE", "NL", "DE", "FR", "LU", "AT", "ES"}), "RULES.md §2; go-solid.be FAQ"),
])

DEBTOR_COUNTRY = "BE"
ENTERPRISE_KINDS = frozenset({EnterpriseKind.COMPANY.value, EnterpriseKind.SOLE_TRADER.value})


class ScreeningFacts(Struct, frozen=True):
    creditor: EnterpriseRegistryChanged | None
    debtor: EnterpriseRegistryChanged | None
    debtor_credit: CreditRiskChanged | None


class ScreeningDecision(Struct, frozen=True):
    reasons: tuple[RejectionReason, ...]
    minimum_score: int

    @property
    def accepted(self) -> bool:
        return not self.reasons


def screen(facts: ScreeningFacts, on: date, *,
           minimum_scores: DatedTable[int] = SOLVENCY_MIN_SCORE,
           creditor_countries: DatedTable[frozenset[str]] = CREDITOR_SEAT_COUNTRIES) -> ScreeningDecision:
    minimum = minimum_scores.at(on)
    reasons = [*_creditor_reasons(facts.creditor, creditor_countries.at(on)),
               *_debtor_reasons(facts.debtor, facts.debtor_credit, minimum)]
    return ScreeningDecision(tuple(dict.fromkeys(reasons)), minimum)


def _creditor_reasons(creditor: EnterpriseRegistryChanged | None, countries: frozenset[str]) -> list[RejectionReason]:
    eligible = (creditor is not None and creditor.status is EnterpriseStatus.ACTIVE
                and creditor.kind in ENTERPRISE_KINDS and creditor.country in countries)
    return [] if eligible else [RejectionReason.CREDITOR_NOT_ELIGIBLE]


def _debtor_reasons(debtor: EnterpriseRegistryChanged | None, credit: CreditRiskChanged | None,
                    minimum_score: int) -> list[RejectionReason]:
    if debtor is None or debtor.country != DEBTOR_COUNTRY:
        return [RejectionReason.DEBTOR_NOT_REGISTERED]
    reasons: list[RejectionReason] = []
    if debtor.kind == EnterpriseKind.PUBLIC_AUTHORITY:
        reasons.append(RejectionReason.PUBLIC_AUTHORITY)
    elif debtor.kind not in ENTERPRISE_KINDS:
        reasons.append(RejectionReason.CONSUMER_DEBTOR)
    if debtor.status is not EnterpriseStatus.ACTIVE:
        reasons.append(RejectionReason.DEBTOR_INACTIVE)
    # No score means solvency cannot be established, which Go Solid requires before accepting.
    if credit is None or credit.score < minimum_score:
        reasons.append(RejectionReason.INSOLVENT_DEBTOR)
    return reasons
