"""Inviting one's own students and flexi-jobbers (RULES.md §3): a QR code to show, or a link sent by
SMS, WhatsApp or e-mail. Each invitation has its own unguessable id, which is the link's last segment,
and expires. Pure rules (the id comes from `new_invitation_id`, the time from the caller)."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from msgspec import Struct

from extra_services.clock import BRUSSELS
from extra_services.errors import Conflict
from extra_services.nowjobs.ports import OutboxChannel
from extra_services.nowjobs.statuses import InvitationChannel

QR_LIFETIME = timedelta(days=30)  # shown on the premises or a poster: used by several people over weeks
MESSAGE_LIFETIME = timedelta(days=7)  # sent to one person, who answers within days
ID_BYTES = 18  # 144 random bits, 24 url-safe characters

OUTBOX_CHANNEL = {InvitationChannel.SMS: OutboxChannel.SMS, InvitationChannel.WHATSAPP: OutboxChannel.WHATSAPP,
                  InvitationChannel.EMAIL: OutboxChannel.EMAIL}


class Invitation(Struct, frozen=True):
    invitation_id: str
    company_id: str
    enterprise_number: str
    via: InvitationChannel
    recipient: str | None  # None for a QR code
    offer_id: str | None
    link: str
    created_at: datetime
    expires_at: datetime

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at


def require_open(invitation: Invitation, now: datetime) -> Invitation:
    if invitation.is_expired(now):
        raise Conflict("This invitation has expired; ask the company for a new one.", code="INVITATION_EXPIRED")
    return invitation


def new_invitation_id() -> str:
    return "inv_" + secrets.token_urlsafe(ID_BYTES)


def invitation_link(base_url: str, invitation_id: str) -> str:
    return f"{base_url.rstrip('/')}/{invitation_id}"


def lifetime(via: InvitationChannel) -> timedelta:
    return QR_LIFETIME if via is InvitationChannel.QR else MESSAGE_LIFETIME


def invite(*, invitation_id: str, company_id: str, enterprise_number: str, via: InvitationChannel,
           recipient: str | None, offer_id: str | None, base_url: str, now: datetime) -> Invitation:
    return Invitation(invitation_id, company_id, enterprise_number, via, recipient, offer_id,
                      invitation_link(base_url, invitation_id), now, now + lifetime(via))


def qr_code_svg(link: str) -> str:
    """An inline SVG (no XML declaration), medium error correction so a slightly damaged print still reads."""
    import segno  # noqa: PLC0415 -- only a QR invitation draws one: the other paths do not load it

    return str(segno.make(link, error="m", micro=False).svg_inline(scale=4, border=4))


def invitation_message(company_name: str, invitation: Invitation) -> tuple[str, str]:
    """Subject (e-mail only) and text of the message that carries the link."""
    until = invitation.expires_at.astimezone(BRUSSELS).strftime("%d/%m/%Y")
    subject = f"{company_name} invites you to work through NOWJOBS"
    body = f"{company_name} invites you to work through NOWJOBS: {invitation.link} (valid until {until})."
    return subject, body
