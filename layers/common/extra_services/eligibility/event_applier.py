"""Applying one core-banking event: keep the canonical fact if it is the newest, then bring the views it
touches in line (the eligibility event consumer's use case; the readers use service.py)."""
from __future__ import annotations

from enum import StrEnum

from extra_services.eligibility.events import CoreBankingEvent, DigitalAccessChanged
from extra_services.eligibility.repository import EligibilityRepository


class Applied(StrEnum):
    APPLIED = "applied"
    SUPERSEDED = "superseded"   # an equal or newer fact was already there: no effect


class EventApplier:
    def __init__(self, repository: EligibilityRepository) -> None:
        self.repository = repository

    def apply(self, event: CoreBankingEvent) -> Applied:
        if isinstance(event, DigitalAccessChanged):
            applied = self.repository.apply_access(event)
        else:
            applied = self.repository.apply_product_fact(event)
            # rebuilt even when superseded: a retry after a crash between the two steps converges
            self.repository.rebuild_product(event.product_id)
        return Applied.APPLIED if applied else Applied.SUPERSEDED
