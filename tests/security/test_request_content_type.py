"""Issue 6, part 4 (hostile input), at the shared resolver: a body sent as anything but JSON is a 400 in the
API.md error shape, decided before validation (extra_services/http/content_type.py). The fuzzer found
multipart/form-data without a boundary (Powertools crashed: 502) and text/plain (Powertools' own 415
body); a form that Powertools would parse could even pass validation. No local stack needed."""
from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from extra_services.http.content_type import is_json
from extra_services.http.resolver import create_resolver
from local_stack.testing import api_gateway_event
from tests.security.figures import FIGURES


class Reason(BaseModel):
    reason: str


app = create_resolver()
CALLS: list[Any] = []


@app.post("/things/<thing_id>/withdrawal")
def withdraw(thing_id: str, body: Reason) -> dict[str, str]:
    CALLS.append(body)
    return {"thingId": thing_id, "reason": body.reason}


@app.post("/things/<thing_id>/touch")
def touch(thing_id: str) -> dict[str, str]:       # a POST without a body
    return {"thingId": thing_id}


@app.get("/things/<thing_id>")
def read(thing_id: str) -> dict[str, str]:
    return {"thingId": thing_id}


def call(method: str, path: str, body: Any = None, content_type: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": content_type} if content_type is not None else {}
    answer = app.resolve(api_gateway_event(method, path, body=body, headers=headers), None)
    return answer["statusCode"], json.loads(answer["body"]) if answer.get("body") else None


NOT_JSON = [
    ("multipart/form-data", "reason=x"),                                        # no boundary: was a 502
    ("multipart/form-data; boundary=B", '--B\r\nContent-Disposition: form-data; name="reason"\r\n\r\nx\r\n--B--\r\n'),
    ("application/x-www-form-urlencoded", "reason=x"),                         # parsed, could pass validation
    ("text/plain", '{"reason": "x"}'),                                          # was Powertools' 415 body
    ("text/plain; charset=utf-8", "x"),
    ("application/xml", "<reason>x</reason>"),
    ("application/json-patch+json", '{"reason": "x"}'),
    ("application/octet-stream", "\x00\x01"),
    ("*/*", '{"reason": "x"}'),
]


@pytest.mark.parametrize(("content_type", "body"), NOT_JSON, ids=[c for c, _ in NOT_JSON])
def test_a_body_that_is_not_sent_as_json_is_a_400_in_the_error_shape_before_validation(content_type, body):
    CALLS.clear()
    status, answer = call("POST", "/things/T-1/withdrawal", body, content_type)
    FIGURES.add("4", "non-JSON bodies sent to the shared resolver", 1)
    FIGURES.add("4", "5xx", int(status >= 500))
    assert status == 400, (status, answer)
    assert set(answer) == {"error"} and set(answer["error"]) == {"code", "message", "details"}
    assert answer["error"]["code"] == "UNSUPPORTED_CONTENT_TYPE"
    assert "application/json" in answer["error"]["message"]
    assert CALLS == []                                                          # the handler never ran


def test_a_spelling_of_json_that_powertools_does_not_parse_is_the_same_400_never_its_own_415():
    status, answer = call("POST", "/things/T-1/withdrawal", '{"reason": "x"}', "APPLICATION/JSON;charset=UTF-8")
    assert (status, answer["error"]["code"]) == (400, "UNSUPPORTED_CONTENT_TYPE")


@pytest.mark.parametrize("content_type", [None, "", "application/json", "application/json; charset=utf-8"])
def test_json_bodies_still_go_through_validation(content_type):
    assert call("POST", "/things/T-1/withdrawal", '{"reason": "moved"}', content_type) == (
        200, {"thingId": "T-1", "reason": "moved"})
    status, answer = call("POST", "/things/T-1/withdrawal", '{"reason": 1', content_type)
    assert (status, answer["error"]["code"]) == (400, "MALFORMED_JSON")
    status, answer = call("POST", "/things/T-1/withdrawal", '{"cause": "x"}', content_type)
    assert (status, answer["error"]["code"]) == (422, "VALIDATION_ERROR")


def test_routes_without_a_body_ignore_the_content_type():
    assert call("GET", "/things/T-1", None, "text/plain") == (200, {"thingId": "T-1"})
    assert call("POST", "/things/T-1/touch", None, "multipart/form-data") == (200, {"thingId": "T-1"})


@pytest.mark.parametrize(("value", "expected"), [
    (None, True), ("", True), ("application/json", True), (" Application/JSON ; charset=utf-8", True),
    ("application/jsonp", False), ("application/problem+json", False), ("text/json", False),
    ("multipart/form-data", False), ("text/plain", False)])
def test_what_counts_as_json(value, expected):
    assert is_json(value) is expected
