"""The authorizer's decision: 401 for missing/expired/forged, 403 for a valid token of the other kind."""
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from extra_services.auth.tokens import TokenSettings, TokenVerifier, Verdict
from local_stack.identity import LocalIdentityProvider

NOW = datetime.now(UTC)  # noqa: TID251 - tokens are checked against the real clock here


class StaticJwks:
    """Stands in for PyJWKClient: the identity provider's public key, no HTTP."""

    def __init__(self, idp: LocalIdentityProvider) -> None:
        self.key = jwt.PyJWK(idp.jwks()["keys"][0])

    def get_signing_key_from_jwt(self, token: str) -> SimpleNamespace:
        jwt.get_unverified_header(token)   # a malformed token fails here, like PyJWKClient
        return SimpleNamespace(key=self.key.key)


@pytest.fixture(scope="module")
def idp():
    return LocalIdentityProvider()


def verifier(idp, accepts):
    settings = TokenSettings.from_environ({
        "TOKEN_ISSUER": idp.issuer, "CHANNEL_AUDIENCE": "extra-services-channels",
        "PARTNER_AUDIENCE": "extra-services-partners", "JWKS_URL": "http://unused", "ACCEPTED_CALLER_KIND": accepts})
    return TokenVerifier(settings, jwks=StaticJwks(idp))


def test_a_valid_channel_token_is_allowed_with_the_person_and_channel(idp):
    decision = verifier(idp, "channel").decide("Bearer " + idp.channel_token("C-1", "mobile", NOW))
    assert decision.verdict is Verdict.ALLOW
    assert decision.context == {"kind": "channel", "customerId": "C-1", "channel": "mobile"}


def test_a_valid_partner_token_is_allowed_on_partner_routes(idp):
    decision = verifier(idp, "partner").decide("Bearer " + idp.partner_token("go-solid", NOW))
    assert decision.verdict is Verdict.ALLOW and decision.context == {"kind": "partner", "partner": "go-solid"}


def test_a_partner_token_on_a_channel_route_is_the_wrong_kind(idp):
    assert verifier(idp, "channel").decide("Bearer " + idp.partner_token("bank", NOW)).verdict is Verdict.WRONG_KIND


def test_a_channel_token_on_a_partner_route_is_the_wrong_kind(idp):
    token = idp.channel_token("C-1", "touch", NOW)
    assert verifier(idp, "partner").decide("Bearer " + token).verdict is Verdict.WRONG_KIND


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer ", "Bearer not.a.jwt"])
def test_a_missing_or_malformed_token_is_invalid(idp, header):
    assert verifier(idp, "channel").decide(header).verdict is Verdict.INVALID


def test_an_expired_token_is_invalid(idp):
    token = idp.channel_token("C-1", "mobile", NOW - timedelta(hours=2))
    assert verifier(idp, "channel").decide("Bearer " + token).verdict is Verdict.INVALID


def test_a_token_signed_with_another_key_is_invalid(idp):
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = idp.channel_token("C-1", "mobile", NOW, key=forger)
    assert verifier(idp, "channel").decide("Bearer " + token).verdict is Verdict.INVALID


def test_a_token_for_another_audience_is_invalid(idp):
    token = idp.mint({"sub": "C-1", "channel": "mobile"}, NOW, audience="someone-else")
    assert verifier(idp, "channel").decide("Bearer " + token).verdict is Verdict.INVALID


def test_a_token_from_another_issuer_is_invalid(idp):
    other = LocalIdentityProvider(issuer="https://evil.example/")
    other._key = idp._key       # same key, other issuer
    token = other.channel_token("C-1", "mobile", NOW)
    assert verifier(idp, "channel").decide("Bearer " + token).verdict is Verdict.INVALID


def test_an_unsigned_or_hmac_token_is_invalid(idp):
    claims = {"sub": "C-1", "channel": "mobile", "iss": idp.issuer, "aud": "extra-services-channels",
              "iat": int(NOW.timestamp()), "exp": int(NOW.timestamp()) + 600}
    for token in (jwt.encode(claims, None, algorithm="none"), jwt.encode(claims, "secret" * 6, algorithm="HS256")):
        assert verifier(idp, "channel").decide("Bearer " + token).verdict is Verdict.INVALID


def test_a_channel_token_without_a_known_channel_is_invalid(idp):
    token = idp.mint({"sub": "C-1", "channel": "fax"}, NOW, audience="extra-services-channels")
    assert verifier(idp, "channel").decide("Bearer " + token).verdict is Verdict.INVALID
