"""Who is calling, as the authorizer established it (API Gateway passes its context on)."""
from __future__ import annotations

from enum import StrEnum
from typing import Any

from msgspec import Struct

from extra_services.errors import Forbidden


class Channel(StrEnum):
    MOBILE = "mobile"
    TOUCH = "touch"


class CallerKind(StrEnum):
    CHANNEL = "channel"
    PARTNER = "partner"


class Caller(Struct, frozen=True):
    kind: CallerKind
    customer_id: str | None = None   # the person, for channel callers
    channel: Channel | None = None
    partner: str | None = None       # go-solid | nowjobs | bank, for partner callers


def caller_from_authorizer(context: dict[str, Any] | None) -> Caller:
    """Rebuild the caller from the authorizer context; a missing or odd context is a 403
    (API Gateway never lets a request through without it, so this is defence in depth)."""
    ctx = context or {}
    kind = ctx.get("kind")
    if kind == CallerKind.CHANNEL and ctx.get("customerId") and ctx.get("channel") in set(Channel):
        return Caller(CallerKind.CHANNEL, customer_id=str(ctx["customerId"]), channel=Channel(ctx["channel"]))
    if kind == CallerKind.PARTNER and ctx.get("partner"):
        return Caller(CallerKind.PARTNER, partner=str(ctx["partner"]))
    raise Forbidden("The request carries no usable identity.", code="FORBIDDEN")


def require_channel_caller(caller: Caller) -> tuple[str, Channel]:
    if caller.kind is not CallerKind.CHANNEL or caller.customer_id is None or caller.channel is None:
        raise Forbidden("This route is for the bank's channels only.", code="WRONG_CREDENTIAL")
    return caller.customer_id, caller.channel


def require_partner(caller: Caller, *partners: str) -> str:
    if caller.kind is not CallerKind.PARTNER or caller.partner not in partners:
        raise Forbidden("This route is for partner systems only.", code="WRONG_CREDENTIAL")
    return caller.partner
