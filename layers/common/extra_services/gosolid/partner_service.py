"""Go Solid use case of the partner's callback route (GoSolidPartnerFunction): its bailiff reports
what happened on a case (summons served, payment, contestation, plan, PV, title, enforcement)."""
from __future__ import annotations

from extra_services.errors import Conflict
from extra_services.gosolid import lifecycle
from extra_services.gosolid.case_service import MAX_ATTEMPTS, CaseService, content_hash
from extra_services.gosolid.idempotency import check_idempotency_key
from extra_services.gosolid.partner_events import PartnerEventIn, PartnerEventResultOut
from extra_services.gosolid.repository import CallbackAlreadyApplied, ProcessedCallback


class PartnerService(CaseService):
    def apply_partner_event(self, case_id: str, event: PartnerEventIn, *,
                            idempotency_key: str | None = None) -> PartnerEventResultOut:
        """A Go Solid / bailiff callback. 404 for an unknown case, 409 (case unchanged) when it does
        not fit; a replay (same eventId, else Idempotency-Key, else same content) has no effect."""
        payload = event.model_dump(mode="json", exclude={"event_id"})
        payload_hash = content_hash(payload)
        callback_id = event.event_id or (
            check_idempotency_key(idempotency_key) if idempotency_key else f"sha256-{payload_hash}")
        for attempt in range(MAX_ATTEMPTS):
            case = self._deliver(self.repository.load(case_id))
            earlier = self.repository.processed_callback(case_id, callback_id)
            if earlier is not None:
                if earlier.payload_hash != payload_hash:
                    raise Conflict(f"Event id {callback_id} was already used for another event.",
                                   code="CALLBACK_ID_REUSED")
                return PartnerEventResultOut(applied=False, case_id=case.case_id, status=case.status)
            now = self.clock.now()
            transition = lifecycle.apply_partner_event(case, event, now)
            try:
                saved = self.repository.save_with_callback(
                    transition.case, ProcessedCallback(callback_id, payload_hash, event.type, now))
            except CallbackAlreadyApplied:
                continue
            except Conflict:
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                continue
            saved = self._stored(transition, saved)
            return PartnerEventResultOut(applied=True, case_id=saved.case_id, status=saved.status)
        raise Conflict(f"Case {case_id} is changing too fast; retry.", code="CONCURRENT_UPDATE")
