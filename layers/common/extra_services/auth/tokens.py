"""Verification of RS256 bearer tokens against the identity provider's JWKS.

Two audiences share one issuer: channel tokens (a person, through CBC Mobile or Touch) and
partner tokens (client-credentials tokens of the bailiff, NOWJOBS and the bank's payment
engine). Each authorizer accepts its own audience and recognises the other one, so that a
valid token of the wrong kind is a 403, not a 401."""
from __future__ import annotations

from enum import StrEnum
from typing import Any

import jwt
from msgspec import Struct
from pydantic import Field

from extra_services.caller import CallerKind, Channel
from extra_services.settings import EnvSettings

PARTNERS = frozenset({"go-solid", "nowjobs", "bank"})
LEEWAY_SECONDS = 30


class TokenSettings(EnvSettings):
    issuer: str = Field(alias="TOKEN_ISSUER")
    channel_audience: str = Field(alias="CHANNEL_AUDIENCE")
    partner_audience: str = Field(alias="PARTNER_AUDIENCE")
    jwks_url: str = Field(alias="JWKS_URL")
    accepts: CallerKind = Field(alias="ACCEPTED_CALLER_KIND")


class Verdict(StrEnum):
    ALLOW = "allow"
    WRONG_KIND = "wrong_kind"     # valid token, other audience: 403
    INVALID = "invalid"           # missing, expired, forged, unknown: 401


class Decision(Struct, frozen=True):
    verdict: Verdict
    principal: str = ""
    context: dict[str, str] | None = None
    why: str = ""                 # for the log; never the token or its claims


class TokenVerifier:
    def __init__(self, settings: TokenSettings, jwks: jwt.PyJWKClient | None = None) -> None:
        self.settings = settings
        self._jwks = jwks or jwt.PyJWKClient(settings.jwks_url, cache_keys=True, lifespan=3600)

    def decide(self, authorization: str | None) -> Decision:
        if not authorization or not authorization.startswith("Bearer "):
            return Decision(Verdict.INVALID, why="no bearer token")
        token = authorization.removeprefix("Bearer ").strip()
        s = self.settings
        try:
            key = self._jwks.get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token, key.key, algorithms=["RS256"], issuer=s.issuer,
                audience=[s.channel_audience, s.partner_audience], leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]})
        except (jwt.PyJWTError, jwt.PyJWKClientError) as exc:
            return Decision(Verdict.INVALID, why=type(exc).__name__)
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        kind = CallerKind.CHANNEL if s.channel_audience in audiences else CallerKind.PARTNER
        if kind is not s.accepts:
            return Decision(Verdict.WRONG_KIND, why=f"{kind} token on a {s.accepts} route")
        return self._allow(kind, claims)

    @staticmethod
    def _allow(kind: CallerKind, claims: dict[str, Any]) -> Decision:
        subject = str(claims["sub"])
        if kind is CallerKind.CHANNEL:
            channel = claims.get("channel")
            if channel not in set(Channel):
                return Decision(Verdict.INVALID, why="channel claim missing or unknown")
            return Decision(Verdict.ALLOW, subject,
                            {"kind": kind.value, "customerId": subject, "channel": str(channel)})
        partner = claims.get("partner")
        if partner not in PARTNERS:
            return Decision(Verdict.INVALID, why="partner claim missing or unknown")
        return Decision(Verdict.ALLOW, subject, {"kind": kind.value, "partner": str(partner)})
