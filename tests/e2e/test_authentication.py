"""Who may call what: 401 for missing/expired/forged tokens, 403 for the wrong kind of credential."""
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

CHANNEL_ROUTES = ["/v1/extra-services", "/v1/enterprises/0403170701/extra-services"]
OPS_ROUTE = "/v1/ops/customers/C-ANNA/extra-services"


@pytest.mark.parametrize("path", [*CHANNEL_ROUTES, OPS_ROUTE])
def test_no_token_is_a_401(http, path):
    assert http.get(path).status == 401


@pytest.mark.parametrize("path", CHANNEL_ROUTES)
def test_an_expired_token_is_a_401(http, tokens, path):
    assert http.get(path, headers=tokens.person("C-ANNA", expiresIn=-120)).status == 401


def test_a_forged_token_is_a_401(http, tokens, app):
    genuine = tokens.person("C-ANNA")["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(genuine, options={"verify_signature": False})
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, forger, algorithm="RS256", headers={"kid": app.idp.kid})
    assert http.get("/v1/extra-services", headers={"Authorization": f"Bearer {forged}"}).status == 401


def test_a_token_that_is_not_a_jwt_is_a_401(http):
    assert http.get("/v1/extra-services", headers={"Authorization": "Bearer abc"}).status == 401


@pytest.mark.parametrize("path", CHANNEL_ROUTES)
def test_a_partner_token_on_a_channel_route_is_a_403(http, tokens, path):
    assert http.get(path, headers=tokens.partner("go-solid")).status == 403


def test_a_channel_token_on_an_ops_route_is_a_403(http, tokens):
    assert http.get(OPS_ROUTE, headers=tokens.person("C-ANNA")).status == 403


def test_the_helpdesk_sees_what_a_customer_sees_with_the_bank_credential(http, tokens):
    answer = http.get(OPS_ROUTE, headers=tokens.partner("bank"), query={"channel": "touch"})
    assert answer.status == 200
    assert answer.body["visible"] is True


def test_another_partner_may_not_use_the_ops_route(http, tokens):
    answer = http.get(OPS_ROUTE, headers=tokens.partner("nowjobs"))
    assert answer.status == 403
    assert answer.body["error"]["code"] == "WRONG_CREDENTIAL"


@pytest.mark.parametrize(("method", "path"), [("GET", "/v1/nothing-here"), ("POST", "/v1/extra-services"),
                                              ("DELETE", "/v1/enterprises/0403170701/extra-services")])
def test_a_route_not_in_the_template_answers_like_api_gateway(http, tokens, method, path):
    answer = http.request(method, path, headers=tokens.person("C-ANNA"))
    assert answer.status == 403
    assert answer.body == {"message": "Missing Authentication Token"}
