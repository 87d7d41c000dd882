"""Idempotency-Key replays of the NOWJOBS POSTs that create a record (docs/decisions/nowjobs-lifecycle.md).

Powertools idempotency (wiring.once) answers a repeat with the first response only once that response
exists: when the request fails after its write (the event bus or the outbox throttled: a 503), the
in-progress record is deleted and the caller's retry runs the request again. So a POST that creates a
record takes its id from (what it acts on, the person, the key) with uuid5, and keeps the body's hash on
the record: the retry finds that record (directly, or through the conflict of its conditional write),
announces it again (consumers deduplicate by id) and answers what the first request answered; another
body under the same key is the documented 422 IDEMPOTENCY_KEY_REUSED. Without a key nothing changes: a
fresh random id, no hash."""
from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from typing import Any

from extra_services.errors import InvalidInput

_NAMESPACE = uuid.UUID("8f4b7a36-2c55-5b4e-9a0e-6c1d2f3a4b5c")  # NOWJOBS records; never change it
_SEPARATOR = "\x1f"  # not a visible ASCII character: no part (an Idempotency-Key included) contains it


def derived_id(kind: str, *parts: str) -> str:
    """The id of the `kind` record created by the request named by `parts` (e.g. the person and the key):
    the same parts always give the same id, other parts (or another kind) another one."""
    return str(uuid.uuid5(_NAMESPACE, _SEPARATOR.join((kind, *parts))))


def request_hash(body: Mapping[str, Any]) -> str:
    """The body's fingerprint (its JSON form, keys sorted), stored on the record it created."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def require_same_request(stored_hash: str | None, this_hash: str) -> None:
    """422 when the record under this key was created by another body (or without a key)."""
    if stored_hash != this_hash:
        raise InvalidInput("This Idempotency-Key was already used with a different request body; use a new key "
                           "for a new request.", code="IDEMPOTENCY_KEY_REUSED")
