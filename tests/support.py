"""Helpers for tests (import as tests.support)."""
from __future__ import annotations


def channel_authorizer(customer_id: str, channel: str = "mobile") -> dict[str, str]:
    return {"kind": "channel", "customerId": customer_id, "channel": channel, "principalId": customer_id}


def partner_authorizer(partner: str) -> dict[str, str]:
    return {"kind": "partner", "partner": partner, "principalId": f"partner:{partner}"}
