"""The local identity provider: an RSA key generated at start, its JWKS, and tokens minted for
channels (a person) and partners, with the same issuer and audiences the template expects."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://idp.local.test/"
CHANNEL_AUDIENCE = "extra-services-channels"
PARTNER_AUDIENCE = "extra-services-partners"


class LocalIdentityProvider:
    def __init__(self, issuer: str = ISSUER) -> None:
        self.issuer = issuer
        self.kid = uuid.uuid4().hex[:16]
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def mint(self, claims: dict[str, Any], now: datetime, *, lifetime: timedelta = timedelta(hours=1),
             audience: str, key: rsa.RSAPrivateKey | None = None) -> str:
        payload = {"iss": self.issuer, "aud": audience, "iat": int(now.timestamp()),
                   "nbf": int(now.timestamp()), "exp": int((now + lifetime).timestamp()),
                   "jti": uuid.uuid4().hex, **claims}
        return jwt.encode(payload, key or self._key, algorithm="RS256", headers={"kid": self.kid})

    def channel_token(self, customer_id: str, channel: str, now: datetime, **kw: Any) -> str:
        return self.mint({"sub": customer_id, "channel": channel}, now, audience=CHANNEL_AUDIENCE, **kw)

    def partner_token(self, partner: str, now: datetime, **kw: Any) -> str:
        return self.mint({"sub": f"partner:{partner}", "partner": partner}, now, audience=PARTNER_AUDIENCE, **kw)

    def template_parameters(self, jwks_url: str) -> dict[str, str]:
        return {"TokenIssuer": self.issuer, "ChannelAudience": CHANNEL_AUDIENCE,
                "PartnerAudience": PARTNER_AUDIENCE, "JwksUrl": jwks_url}
