"""API Gateway REST emulation over the sample template: routes, proxy events, authorizers, errors,
per-function modules and environment."""
import logging
import os
import sys
import threading

import pytest

from local_stack.gateway import ApiGateway, Route
from local_stack.testing import HttpClient, api_gateway_event
from tests.local_stack.support import at, bearer


def test_route_table_and_environment_from_the_template(stack):
    routes = {(r.method, r.path): (r.function.name, r.authorizer and r.authorizer.name) for r in stack.routes}
    assert routes == {
        ("GET", "/v1/cases/{caseId}"): ("CasesFunction", "JwtAuthorizer"),
        ("POST", "/v1/cases"): ("CasesFunction", "JwtAuthorizer"),
        ("POST", "/v1/cases/{caseId}/approve"): ("CasesFunction", "JwtAuthorizer"),
        ("ANY", "/v1/cases/{caseId}/files/{proxy+}"): ("CasesFunction", "JwtAuthorizer"),
        ("GET", "/v1/admin/stats"): ("CasesFunction", "AdminTokenAuthorizer"),
        ("GET", "/v1/health"): ("PublicFunction", None),
        ("GET", "/v1/whoami"): ("PublicFunction", "JwtAuthorizer"),
        ("GET", "/v1/boom"): ("PublicFunction", None)}
    env = stack.function("PublicFunction").env
    assert (env["CASES_TABLE"], env["EVENT_BUS_NAME"], env["STAGE"], env["SERVICE_LABEL"]) == \
        ("local-cases", "local-bus", "dev", "public")                  # !Ref / !Sub / Globals
    assert env["CASES_FUNCTION_ARN"] == "arn:aws:lambda:us-east-1:123456789012:function:CasesFunction"
    assert env["DEBUG_ENABLED"] == "false"                               # YAML false -> "false"
    assert "JWT_SECRET" in stack.function("AuthorizerFunction").env
    assert "JWT_SECRET" not in stack.function("AdminAuthorizerFunction").env


def test_router_precedence_greedy_and_any():
    gateway = ApiGateway()
    fn = object()
    for method, path in [("GET", "/v1/cases/{caseId}"), ("GET", "/v1/cases/new"), ("ANY", "/v1/{proxy+}"),
                         ("ANY", "/v1/cases/{caseId}/files/{proxy+}"), ("POST", "/v1/cases/{caseId}")]:
        gateway.add(Route(None, method, path, fn, None))

    def match(method, path):
        found = gateway.match(method, path)
        return found and (found[0].method, found[0].path, found[1])

    assert match("GET", "/v1/cases/new") == ("GET", "/v1/cases/new", {})
    assert match("GET", "/v1/cases/42") == ("GET", "/v1/cases/{caseId}", {"caseId": "42"})
    assert match("POST", "/v1/cases/42") == ("POST", "/v1/cases/{caseId}", {"caseId": "42"})
    assert match("DELETE", "/v1/x/y/z") == ("ANY", "/v1/{proxy+}", {"proxy": "x/y/z"})
    assert match("PUT", "/v1/cases/42/files/a/b.txt") == \
        ("ANY", "/v1/cases/{caseId}/files/{proxy+}", {"caseId": "42", "proxy": "a/b.txt"})
    assert match("DELETE", "/v1/cases/42") is None        # the resource matched, not the method: no fallback
    assert match("GET", "/v2/x") is None
    assert match("GET", "/v1") is None
    for bad in ("/v1/cases/{caseId}", "/v1/cases/{id}/x"):        # duplicate / sibling variable
        with pytest.raises(ValueError, match=r"duplicate|sibling"):
            gateway.add(Route(None, "GET", bad, fn, None))


def test_proxy_event_v1_shape(stack):
    route = next(r for r in stack.routes if r.path == "/v1/cases/{caseId}/files/{proxy+}")
    event = stack.api.event_for(
        route, "PUT", "/v1/cases/c-1/files/a/b%2Fc.txt", query="tag=x&tag=y&q=%20z",
        header_pairs=[("Authorization", "t"), ("X-Multi", "1"), ("X-Multi", "2"),
                      ("Content-Type", "application/octet-stream")],
        body=b"\x00\xff", params={"caseId": "c-1", "proxy": "a/b%2Fc.txt"}, request_id="rid")
    assert event["resource"] == "/v1/cases/{caseId}/files/{proxy+}"
    assert event["path"] == "/v1/cases/c-1/files/a/b%2Fc.txt"           # not decoded, like REST APIs
    assert event["headers"]["X-Multi"] == "2"
    assert event["multiValueHeaders"]["X-Multi"] == ["1", "2"]
    assert event["queryStringParameters"] == {"tag": "y", "q": " z"}
    assert event["multiValueQueryStringParameters"] == {"tag": ["x", "y"], "q": [" z"]}
    assert event["isBase64Encoded"] is True                              # BinaryMediaTypes (~1 -> /)
    assert event["body"] == "AP8="
    rc = event["requestContext"]
    assert (rc["stage"], rc["path"], rc["resourcePath"], rc["httpMethod"], rc["requestId"]) == \
        ("dev", "/dev/v1/cases/c-1/files/a/b%2Fc.txt", event["resource"], "PUT", "rid")
    assert rc["requestTimeEpoch"] == int(at(2030, 3, 29).timestamp() * 1000)


def test_api_gateway_event_helper_builds_the_same_shape_as_the_gateway(stack):
    route = next(r for r in stack.routes if r.path == "/v1/cases/{caseId}")
    ours = stack.api.event_for(route, "GET", "/v1/cases/c-1", query="verbose=true",
                                   header_pairs=[("Accept", "application/json")], params={"caseId": "c-1"})
    helper = api_gateway_event("get", "/v1/cases/c-1", headers={"Accept": "application/json"},
                               query={"verbose": "true"}, path_parameters={"caseId": "c-1"},
                               resource="/v1/cases/{caseId}", authorizer={"principalId": "alice"})
    assert set(helper) == set(ours)
    assert set(helper["requestContext"]) == set(ours["requestContext"]) | {"authorizer"}
    for key in ("resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
                "multiValueQueryStringParameters", "pathParameters", "body", "isBase64Encoded"):
        assert helper[key] == ours[key], key
    assert helper["requestContext"]["authorizer"] == {"principalId": "alice"}
    posted = api_gateway_event("POST", "/v1/cases", body={"title": "x"})
    assert posted["body"] == '{"title": "x"}'
    assert posted["headers"] == {"Content-Type": "application/json"}
    assert api_gateway_event("PUT", "/f", body=b"\x01")["isBase64Encoded"] is True


def test_handler_called_directly_with_the_helper_event(stack):
    public = stack.function("PublicFunction")
    response = public.invoke(api_gateway_event("GET", "/v1/whoami", authorizer={
        "principalId": "bob", "tenant": "t", "level": "1", "admin": "true"}))
    assert response["statusCode"] == 200
    assert '"principalId":"bob"' in response["body"]


def test_public_route_and_module_isolation(stack, http):
    status, body, headers = http.get("/v1/health")
    assert status == 200
    assert "x-amzn-RequestId" in headers
    assert (body["service"], body["utils"], body["stage"], body["hasAuthorizer"], body["now"]) == \
        ("public", "public-utils", "dev", False, "2030-03-29T00:00:00+00:00")
    assert stack.function("AuthorizerFunction").calls == 0
    # cases/app.py and public/app.py both `import utils`: each got its own
    assert sys.modules["_local_fn.CasesFunction.utils"].label() == "cases-utils"
    assert sys.modules["_local_fn.PublicFunction.utils"].label() == "public-utils"
    # same CodeUri, two functions: two separate copies of `common` (two "containers")
    assert sys.modules["_local_fn.WeeklyReportFunction.common"] is not sys.modules["_local_fn.CleanupFunction.common"]
    assert not {"app", "utils", "common", "weekly", "cleanup"} & set(sys.modules)


def test_request_authorizer_context_and_errors(stack, http):
    status, body, _ = http.get("/v1/whoami", headers={"Authorization": bearer()})
    assert status == 200
    assert body == {"principalId": "alice", "tenant": "acme", "level": "3", "admin": "false",
                    "table": "local-cases",
                    "casesFn": "arn:aws:lambda:us-east-1:123456789012:function:CasesFunction"}
    auth = stack.function("AuthorizerFunction")
    calls = auth.calls
    assert http.get("/v1/whoami")[:2] == (401, {"message": "Unauthorized"})   # no identity source ...
    assert auth.calls == calls                                                  # ... not even called
    assert http.get("/v1/whoami", headers={"Authorization": "Bearer junk"})[:2] == (401, {"message": "Unauthorized"})
    status, body, headers = http.get("/v1/whoami", headers={"Authorization": bearer("mallory", blocked=True)})
    assert (status, body) == (403, {"Message": "User is not authorized to access this resource with an explicit deny"})
    assert headers["x-amzn-ErrorType"] == "AccessDeniedException"


def test_authorizer_cache_runs_on_the_virtual_clock(stack, http):
    auth, token = stack.function("AuthorizerFunction"), bearer("bob")
    for path in ("/v1/whoami", "/v1/whoami", "/v1/cases/none"):
        assert http.get(path, headers={"Authorization": token}).status in (200, 404)
    assert auth.calls == 1                        # one call, the policy reused for another route
    stack.clock.advance(seconds=299)
    http.get("/v1/whoami", headers={"Authorization": token})
    assert auth.calls == 1
    stack.clock.advance(seconds=1)                # ReauthorizeEvery: 300
    http.get("/v1/whoami", headers={"Authorization": token})
    assert auth.calls == 2


def test_token_authorizer(stack, http):
    admin = stack.function("AdminAuthorizerFunction")
    assert http.get("/v1/admin/stats")[:2] == (401, {"message": "Unauthorized"})
    assert http.get("/v1/admin/stats", headers={"X-Admin-Token": "nope"}).status == 401  # ValidationExpression
    assert admin.calls == 0
    status, body, _ = http.get("/v1/admin/stats", headers={"X-Admin-Token": "adm-1"})
    # shares its CodeUri with AuthorizerFunction but must not see its JWT_SECRET (read at import)
    assert (status, body) == (200, {"role": "admin", "jwtSecretVisible": "false"})
    assert http.get("/v1/admin/stats", headers={"X-Admin-Token": "adm-deny"}).status == 403
    assert admin.calls == 2                                              # ReauthorizeEvery: 0


def test_gateway_errors_look_like_api_gateway(stack, http, caplog):
    missing = (403, {"message": "Missing Authentication Token"})
    assert http.get("/nope")[:2] == missing
    assert http.delete("/v1/health")[:2] == missing                         # method not declared
    assert http.get("/")[:2] == missing
    with caplog.at_level(logging.ERROR, logger="local_stack"):
        status, body, headers = http.get("/v1/boom")
    assert (status, body) == (502, {"message": "Internal server error"})
    assert headers["x-amzn-ErrorType"] == "InternalServerErrorException"
    assert "secret-detail-42" not in str(body)
    assert "Traceback" not in str(body)
    assert "secret-detail-42" in caplog.text                               # ... only in the server log
    status, body, _ = http.post("/v1/cases", {"title": "x", "priority": 9}, headers={"Authorization": bearer()})
    assert status == 422
    assert body["detail"][0]["loc"] == ["body", "priority"]                 # Powertools
    assert http.get("/v1/cases/c-404", headers={"Authorization": bearer()}).status == 404
    assert http.get("/v1/cases/ab", headers={"Authorization": bearer()}).status == 422   # Path(min_length)


def test_greedy_any_route_with_a_binary_body(stack, http):
    status, body, _ = http.put("/v1/cases/c-1/files/a/b%2Fc.bin", b"\x00\x01\x02",
                               headers={"Authorization": bearer(), "Content-Type": "application/octet-stream"})
    assert status == 200
    assert body == {"caseId": "c-1", "proxy": "a/b%2Fc.bin", "method": "PUT",
                    "resource": "/v1/cases/{caseId}/files/{proxy+}", "bodyLength": 3, "base64": True}


def test_create_then_read_a_case(stack, http):
    status, created, _ = http.post("/v1/cases", {"title": "urgent", "priority": 4},
                                   headers={"Authorization": bearer()})
    assert status == 201
    status, case, _ = http.get(f"/v1/cases/{created['caseId']}", query={"verbose": "true"},
                               headers={"Authorization": bearer()})
    assert (status, case) == (200, {"caseId": created["caseId"], "title": "urgent", "priority": 4,
                                    "owner": "alice", "utils": "cases-utils"})


def test_environment_overlay_is_per_function_and_thread_safe(stack):
    cases, public = stack.function("CasesFunction"), stack.function("PublicFunction")
    seen, barrier = [], threading.Barrier(8)

    def worker(fn):
        with fn.context():
            barrier.wait()
            for _ in range(200):
                seen.append((fn.name, os.environ["SERVICE_LABEL"], os.getenv("SERVICE_LABEL")))

    threads = [threading.Thread(target=worker, args=(f,)) for f in [cases, public] * 4]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(seen) == {("CasesFunction", "cases", "cases"), ("PublicFunction", "public", "public")}
    assert "SERVICE_LABEL" not in os.environ                 # outside any function
    with cases.context():
        os.environ["ONLY_IN_CASES"] = "1"                    # a write stays in the function's env
        assert dict(os.environ)["ONLY_IN_CASES"] == "1"
    assert "ONLY_IN_CASES" not in os.environ
    assert cases.env["ONLY_IN_CASES"] == "1"


def test_keep_alive_client_survives_many_requests(stack):
    with HttpClient(stack.url) as client:
        assert {client.get("/v1/health").status for _ in range(50)} == {200}
