"""Bad input is a 400/422 with the API.md error shape and a readable message, never a 5xx;
domain errors map to one status each; the offending input is never echoed."""
import json
from decimal import Decimal

import pytest
from pydantic import BaseModel, Field

from extra_services.errors import Conflict, Forbidden, InvalidInput, NotFound, TemporarilyUnavailable
from extra_services.http.resolver import create_resolver
from local_stack.testing import api_gateway_event


class Body(BaseModel):
    amount: Decimal = Field(gt=0)
    kind: str = Field(pattern="^(INVOICE|ORDER)$")
    invoices: list[int] = Field(min_length=1, max_length=5)


app = create_resolver()
RAISES = {"invalid": InvalidInput("that breaks a rule", code="SOME_RULE"), "missing": NotFound("no such case"),
          "forbidden": Forbidden("not yours"), "conflict": Conflict("not now"),
          "busy": TemporarilyUnavailable("busy")}


@app.post("/things")
def create_thing(body: Body) -> dict:
    return {"ok": True}


@app.get("/raise/<what>")
def raise_domain_error(what: str) -> dict:
    raise RAISES[what]


def call(method, path, body=None):
    answer = app.resolve(api_gateway_event(method, path, body=body), None)
    return answer["statusCode"], json.loads(answer["body"])


def test_malformed_json_is_a_400_with_the_error_shape():
    status, body = call("POST", "/things", body='{"amount": 12,')
    assert status == 400
    assert body["error"]["code"] == "MALFORMED_JSON"
    assert "not valid JSON" in body["error"]["message"]


def test_wrong_types_and_unknown_enums_are_a_422_listing_each_bad_field():
    status, body = call("POST", "/things", body={"amount": "lots", "kind": "RECEIPT", "invoices": []})
    assert status == 422
    fields = {d["field"] for d in body["error"]["details"]}
    assert fields == {"body.amount", "body.kind", "body.invoices"}
    assert all(d["message"] for d in body["error"]["details"])


def test_validation_messages_never_echo_the_input():
    _, body = call("POST", "/things", body={"amount": "BE68539007547034", "kind": "x", "invoices": [1]})
    assert "BE68539007547034" not in json.dumps(body)


@pytest.mark.parametrize(("what", "status", "code"), [
    ("invalid", 422, "SOME_RULE"), ("missing", 404, "NOT_FOUND"), ("forbidden", 403, "FORBIDDEN"),
    ("conflict", 409, "CONFLICT"), ("busy", 503, "TEMPORARILY_UNAVAILABLE")])
def test_each_domain_error_maps_to_one_status(what, status, code):
    answer_status, body = call("GET", f"/raise/{what}")
    assert (answer_status, body["error"]["code"]) == (status, code)
    assert body["error"]["message"] == RAISES[what].message


def test_an_unknown_route_inside_a_function_is_a_404_with_the_error_shape():
    status, body = call("GET", "/nowhere")
    assert status == 404
    assert body["error"]["code"] == "NOT_FOUND"
