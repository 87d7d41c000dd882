"""Who may see and change NOWJOBS resources: a person usable for the resource's enterprise (the
eligibility decision, re-checked on every route, not only by the authorizer)."""
from __future__ import annotations

from typing import TypeVar

from extra_services.errors import Forbidden, NotFound
from extra_services.nowjobs.ports import Actor, UsableCheck

T = TypeVar("T")


def require_access(eligibility: UsableCheck, actor: Actor, enterprise_number: str, what: str) -> None:
    """A resource of an enterprise the person may not act for answers as if it did not exist (404):
    its existence is not leaked."""
    try:
        eligibility.require_usable(actor.customer_id, actor.channel, enterprise_number)
    except Forbidden as exc:
        raise NotFound(f"No such {what}.") from exc


def found(resource: T | None, what: str) -> T:
    if resource is None:
        raise NotFound(f"No such {what}.")
    return resource
