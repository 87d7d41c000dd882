"""API Gateway REST emulation: routes, Lambda authorizers, proxy (v1) events and responses.

Behaves like API Gateway where a client can tell: the most specific resource wins ({proxy+} last), a
resource that matches without the method is *not* retried on a greedy one, an unknown route is 403
"Missing Authentication Token", a handler crash or a malformed proxy response is 502 (the traceback
goes to the log only), authorizers follow the 401/403/500 rules and their cache runs on the virtual clock.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

from .functions import LocalFunction, function_name_of
from .template import API_TYPES, Template, TemplateError, merge_globals
from .virtual_time import VirtualClock

__all__ = ["ApiGateway", "Authorizer", "GatewayError", "RestApi", "Route", "build_gateway",
           "parse_resource_path", "policy_effect", "proxy_event"]

log = logging.getLogger("local_stack")

Headers = list[tuple[str, str]]


class GatewayError(Exception):
    def __init__(self, status: int, body: dict[str, Any], error_type: str) -> None:
        super().__init__(f"{status} {body}")
        self.status, self.body, self.error_type = status, body, error_type


MISSING_TOKEN = (403, {"message": "Missing Authentication Token"}, "MissingAuthenticationTokenException")
UNAUTHORIZED = (401, {"message": "Unauthorized"}, "UnauthorizedException")
EXPLICIT_DENY = (403, {"Message": "User is not authorized to access this resource with an explicit deny"},
                 "AccessDeniedException")
NOT_ALLOWED = (403, {"Message": "User is not authorized to access this resource"}, "AccessDeniedException")
AUTHORIZER_ERROR = (500, {"message": None}, "AuthorizerConfigurationException")
BAD_GATEWAY = (502, {"message": "Internal server error"}, "InternalServerErrorException")


# ------------------------------------------------------------------ proxy events
def proxy_event(method: str, path: str, *, resource: str | None = None, query_string: str = "",
                header_pairs: Iterable[tuple[str, str]] = (), body: bytes | str | None = None,
                binary: bool = False, path_parameters: dict[str, str] | None = None, stage: str = "Prod",
                api_id: str = "local", account: str = "123456789012", region: str = "us-east-1",
                source_ip: str = "127.0.0.1", request_id: str | None = None, now: datetime | None = None,
                authorizer: dict[str, Any] | None = None) -> dict[str, Any]:
    """A REST API Lambda proxy integration event (payload format 1.0), as API Gateway builds it."""
    request_id = request_id or str(uuid.uuid4())
    now = now or datetime.fromtimestamp(time.time(), UTC)
    resource = resource or path
    headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for key, value in header_pairs:
        headers[key] = value                      # the last value wins, like API Gateway
        multi_headers.setdefault(key, []).append(value)
    query: dict[str, str] = {}
    multi_query: dict[str, list[str]] = {}
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        query[key] = value
        multi_query.setdefault(key, []).append(value)
    if isinstance(body, str):
        body = body.encode()
    if body:
        body_text: str | None = base64.b64encode(body).decode() if binary else body.decode("utf-8", "replace")
    else:
        body_text, binary = None, False
    context: dict[str, Any] = {
        "resourceId": hashlib.sha1(resource.encode()).hexdigest()[:6], "resourcePath": resource,
        "httpMethod": method, "extendedRequestId": request_id,
        "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "requestTimeEpoch": int(now.timestamp() * 1000), "path": f"/{stage}{path}", "accountId": account,
        "protocol": "HTTP/1.1", "stage": stage, "domainPrefix": api_id, "requestId": request_id,
        "apiId": api_id, "domainName": f"{api_id}.execute-api.{region}.amazonaws.com",
        "identity": {"sourceIp": source_ip, "userAgent": headers.get("User-Agent"), "accountId": None,
                     "caller": None, "user": None, "userArn": None, "accessKey": None,
                     "cognitoIdentityId": None, "cognitoIdentityPoolId": None,
                     "cognitoAuthenticationType": None, "cognitoAuthenticationProvider": None,
                     "principalOrgId": None}}
    if authorizer is not None:
        context["authorizer"] = authorizer
    return {
        "resource": resource, "path": path, "httpMethod": method,
        "headers": headers or None, "multiValueHeaders": multi_headers or None,
        "queryStringParameters": query or None, "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": path_parameters or None, "stageVariables": None,
        "requestContext": context, "body": body_text, "isBase64Encoded": binary,
    }


# ------------------------------------------------------------------ routes
@dataclass
class Authorizer:
    name: str
    kind: str                          # TOKEN | REQUEST
    function: LocalFunction
    ttl: int                           # ReauthorizeEvery (seconds); 0 = no cache
    token_header: str = "Authorization"
    validation: str | None = None
    identity: list[tuple[str, str]] = field(default_factory=list)   # ("header"|"query", name)


@dataclass
class RestApi:
    lid: str
    api_id: str
    stage: str
    authorizers: dict[str, Any]        # the template's Auth.Authorizers
    default_authorizer: str | None
    binary_types: list[str]


_LITERAL, _PARAM, _GREEDY = 0, 1, 2


def parse_resource_path(path: str) -> list[tuple[int, str]]:
    out = []
    for seg in (s for s in path.split("/") if s):
        if seg.startswith("{") and seg.endswith("+}"):
            out.append((_GREEDY, seg[1:-2]))
        elif seg.startswith("{") and seg.endswith("}"):
            out.append((_PARAM, seg[1:-1]))
        else:
            out.append((_LITERAL, seg))
    return out


@dataclass
class Route:
    api: RestApi | None
    method: str                        # GET, POST, ..., ANY
    path: str                          # the resource: /v1/cases/{caseId}
    function: LocalFunction
    authorizer: Authorizer | None
    parts: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.parts = self.parts or parse_resource_path(self.path)

    @property
    def rank(self) -> tuple[int, ...]:
        return tuple(kind for kind, _ in self.parts)

    @property
    def shape(self) -> tuple[tuple[int, str], ...]:      # resource identity: /a/{x} == /a/{y}
        return tuple((kind, text if kind == _LITERAL else "") for kind, text in self.parts)

    def match(self, segments: list[str]) -> dict[str, str] | None:
        params = {}
        for i, (kind, text) in enumerate(self.parts):
            if i >= len(segments):
                return None
            if kind == _GREEDY:
                params[text] = "/".join(segments[i:])
                return params
            if kind == _LITERAL and segments[i] != text:
                return None
            if kind == _PARAM:
                params[text] = segments[i]
        return params if len(segments) == len(self.parts) else None


@functools.lru_cache(maxsize=1024)
def _arn_pattern(resource: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in resource))


def policy_effect(policy: dict[str, Any], method_arn: str) -> str | None:
    """IAM-style evaluation of an authorizer policy: an explicit Deny wins, else Allow, else None."""
    allowed = False
    statements = policy.get("Statement", [])
    for st in [statements] if isinstance(statements, dict) else statements:
        actions = st.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        if not any(a in ("execute-api:Invoke", "execute-api:*", "*") for a in actions):
            continue
        resources = st.get("Resource", [])
        resources = [resources] if isinstance(resources, str) else resources
        if any(_arn_pattern(r).fullmatch(method_arn) for r in resources):
            if st.get("Effect", "").lower() == "deny":
                return "Deny"
            allowed = True
    return "Allow" if allowed else None


# ------------------------------------------------------------------ the gateway
class ApiGateway:
    def __init__(self, clock: VirtualClock | None = None, *, account: str = "123456789012",
                 region: str = "us-east-1", cache_authorizers: bool = True) -> None:
        self.clock = clock
        self.account, self.region = account, region
        self.routes: list[Route] = []
        self.cache_authorizers = cache_authorizers
        self._cache: dict[Any, tuple[dict[str, Any], datetime, int]] = {}
        self._lock = threading.Lock()

    def add(self, route: Route) -> None:
        for r in self.routes:
            if r.method == route.method and r.shape == route.shape:
                raise ValueError(f"duplicate route {route.method} {route.path}")
            for (k1, t1), (k2, t2) in zip(r.parts, route.parts, strict=False):   # API Gateway refuses these
                if k1 == k2 == _PARAM and t1 != t2:
                    raise ValueError(f"sibling path variables {{{t1}}} / {{{t2}}}: {r.path} vs {route.path}")
                if (k1, t1 if k1 == _LITERAL else "") != (k2, t2 if k2 == _LITERAL else ""):
                    break
        self.routes.append(route)
        self.routes.sort(key=lambda r: r.rank)      # the most specific resource first

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        segments = [s for s in path.split("/") if s]
        for r in self.routes:                       # the first matching *resource* wins ...
            params = r.match(segments)
            if params is None:
                continue
            same = [x for x in self.routes if x.shape == r.shape]
            route = next((x for x in same if x.method == method), None) or \
                next((x for x in same if x.method == "ANY"), None)
            return (route, params) if route else None   # ... no fallback to {proxy+} for the method
        return None

    def _now(self) -> datetime:
        return self.clock.now() if self.clock else datetime.fromtimestamp(time.time(), UTC)

    # ------------------------------------------------------------ a request
    def handle(self, method: str, target: str, header_pairs: Iterable[tuple[str, str]], body: bytes,
               source_ip: str) -> tuple[int, Headers, bytes]:
        request_id = str(uuid.uuid4())
        try:
            return self._handle(method, target, list(header_pairs), body, source_ip=source_ip, request_id=request_id)
        except GatewayError as e:
            return e.status, [("Content-Type", "application/json"), ("x-amzn-RequestId", request_id),
                              ("x-amzn-ErrorType", e.error_type)], json.dumps(e.body).encode()

    def _handle(self, method: str, target: str, header_pairs: Headers, body: bytes, *, source_ip: str,
                request_id: str) -> tuple[int, Headers, bytes]:
        path, _, query = target.partition("?")
        found = self.match(method, path)
        if found is None:
            raise GatewayError(*MISSING_TOKEN)
        route, params = found
        event = self.event_for(route, method, path, query=query, header_pairs=header_pairs, body=body,
                               params=params, source_ip=source_ip, request_id=request_id)
        if route.authorizer is not None:
            event["requestContext"]["authorizer"] = self._authorize(route, event)
        try:
            result = route.function.invoke(event, self.clock)
        except Exception as exc:
            log.error("%s %s: %s failed", method, path, route.function.name, exc_info=True)
            raise GatewayError(*BAD_GATEWAY) from exc
        return self._response(result, request_id)

    def event_for(self, route: Route, method: str, path: str, *, query: str = "", header_pairs: Headers = (),
                  body: bytes = b"", params: dict[str, str] | None = None, source_ip: str = "127.0.0.1",
                  request_id: str | None = None) -> dict[str, Any]:
        api = route.api
        content_type = next((v for k, v in header_pairs if k.lower() == "content-type"), "")
        media = content_type.split(";")[0].strip()
        binary = bool(body) and api is not None and any(
            re.fullmatch(t.replace("*", ".*"), media) for t in api.binary_types)
        return proxy_event(method, path, resource=route.path, query_string=query, header_pairs=header_pairs,
                           body=body, binary=binary, path_parameters=params,
                           stage=api.stage if api else "Prod", api_id=api.api_id if api else "local",
                           account=self.account, region=self.region, source_ip=source_ip,
                           request_id=request_id, now=self._now())

    def _authorize(self, route: Route, event: dict[str, Any]) -> dict[str, Any]:
        a, api = route.authorizer, route.api
        assert a is not None
        assert api is not None
        method_arn = (f"arn:aws:execute-api:{self.region}:{self.account}:{api.api_id}/{api.stage}/"
                      f"{event['httpMethod']}{event['path']}")
        lower = {k.lower(): v for k, v in (event["headers"] or {}).items()}
        if a.kind == "TOKEN":
            token = lower.get(a.token_header.lower())
            if not token or (a.validation and not re.fullmatch(a.validation, token)):
                raise GatewayError(*UNAUTHORIZED)      # the authorizer is not even called
            key: Any = (a.name, token)
            request: dict[str, Any] = {"type": "TOKEN", "authorizationToken": token, "methodArn": method_arn}
        else:
            values = []
            for kind, name in a.identity:
                value = lower.get(name.lower()) if kind == "header" else \
                    (event["queryStringParameters"] or {}).get(name)
                if not value and a.ttl > 0:
                    raise GatewayError(*UNAUTHORIZED)  # a missing identity source (caching on)
                values.append(value)
            key = (a.name, tuple(values))
            request = {"type": "REQUEST", "methodArn": method_arn, **{k: event[k] for k in (
                "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
                "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext")}}
        now = self._now()
        use_cache = self.cache_authorizers and a.ttl > 0
        with self._lock:
            hit = self._cache.get(key) if use_cache else None
        if hit is None or hit[1] <= now:
            t0 = time.perf_counter()
            try:
                out = a.function.invoke(request, self.clock)
            except Exception as exc:
                if str(exc) == "Unauthorized":       # API Gateway's contract for a 401
                    raise GatewayError(*UNAUTHORIZED) from exc
                log.error("authorizer %s failed", a.name, exc_info=True)
                raise GatewayError(*AUTHORIZER_ERROR) from exc
            if not isinstance(out, dict) or "principalId" not in out or "policyDocument" not in out:
                log.error("authorizer %s returned no principalId/policyDocument: %r", a.name, out)
                raise GatewayError(*AUTHORIZER_ERROR)
            hit = (out, now + timedelta(seconds=a.ttl), int((time.perf_counter() - t0) * 1000))
            if use_cache:
                with self._lock:
                    self._cache[key] = hit            # NB: like AWS, the policy is reused for ALL routes
        out, _, latency = hit
        effect = policy_effect(out["policyDocument"], method_arn)
        if effect == "Deny":
            raise GatewayError(*EXPLICIT_DENY)
        if effect is None:
            raise GatewayError(*NOT_ALLOWED)
        context: dict[str, Any] = {}
        for k, v in (out.get("context") or {}).items():
            if isinstance(v, dict | list):
                log.error("authorizer %s: context values must be string/number/boolean (%s)", a.name, k)
                raise GatewayError(*AUTHORIZER_ERROR)
            context[k] = json.dumps(v) if isinstance(v, bool) else str(v)   # REST APIs stringify
        context["principalId"] = out["principalId"]
        context["integrationLatency"] = latency
        return context

    @staticmethod
    def _response(result: Any, request_id: str) -> tuple[int, Headers, bytes]:
        try:
            status = int(result["statusCode"])
            body = result.get("body")
            if body is not None and not isinstance(body, str):
                raise TypeError("body must be a string")
            single = result.get("headers") or {}
            multi = result.get("multiValueHeaders") or {}
            headers = [(k, str(v)) for k, v in single.items() if k not in multi]
            headers += [(k, str(v)) for k, vs in multi.items() for v in vs]
            data = base64.b64decode(body) if result.get("isBase64Encoded") and body else (body or "").encode()
        except Exception as exc:
            log.error("malformed Lambda proxy response (%s): %r", exc, result)
            raise GatewayError(*BAD_GATEWAY) from exc
        if not any(k.lower() == "content-type" for k, _ in headers):
            headers.append(("Content-Type", "application/json"))
        headers.append(("x-amzn-RequestId", request_id))
        return status, headers, data


# ------------------------------------------------------------------ from the template
def build_gateway(template: Template, functions: dict[str, LocalFunction], clock: VirtualClock | None, *,
                  cache_authorizers: bool = True) -> ApiGateway:
    """Every `Api` event of the template's functions, on its RestApi, with its Lambda authorizer."""
    gateway = ApiGateway(clock, account=template.account, region=template.region,
                         cache_authorizers=cache_authorizers)
    apis: dict[str, RestApi] = {}
    api_props = [(lid, template.properties(lid)) for lid, _ in template.of_type(*API_TYPES)]
    implicit = template.resolve(merge_globals(template.globals.get("Api") or {}, {}))
    for lid, props in [*api_props, ("ServerlessRestApi", implicit)]:
        auth = props.get("Auth") or {}
        api = RestApi(lid, template.api_id(lid), props.get("StageName", "Prod"), auth.get("Authorizers") or {},
                      auth.get("DefaultAuthorizer"),
                      [b.replace("~1", "/") for b in props.get("BinaryMediaTypes") or []])
        apis[lid] = apis[api.api_id] = api           # RestApiId: !Ref X resolves to the id
    by_name = {fn.name: fn for fn in functions.values()}
    authorizers: dict[tuple[str, str], Authorizer | None] = {}

    def authorizer(api: RestApi, name: str) -> Authorizer | None:
        if (api.lid, name) not in authorizers:
            cfg = api.authorizers.get(name)
            if cfg is None:
                raise TemplateError(f"{api.lid}: unknown authorizer {name}")
            if "FunctionArn" not in cfg:
                log.warning("%s: authorizer %s is not a Lambda authorizer: routes using it are open locally",
                            api.lid, name)
                authorizers[(api.lid, name)] = None
            else:
                identity = cfg.get("Identity") or {}
                sources = [("header", h) for h in identity.get("Headers") or []] + \
                          [("query", q) for q in identity.get("QueryStrings") or []]
                authorizers[(api.lid, name)] = Authorizer(
                    name, cfg.get("FunctionPayloadType", "TOKEN"),
                    by_name[function_name_of(cfg["FunctionArn"])], int(identity.get("ReauthorizeEvery", 300)),
                    identity.get("Header", "Authorization"), identity.get("ValidationExpression"),
                    sources or [("header", "Authorization")])
        return authorizers[(api.lid, name)]

    for fn in functions.values():
        for event in (fn.props.get("Events") or {}).values():
            if event.get("Type") != "Api":
                continue
            p = event.get("Properties") or {}
            api = apis[p.get("RestApiId", "ServerlessRestApi")]
            auth_name = (p.get("Auth") or {}).get("Authorizer", api.default_authorizer)
            route_auth = None if auth_name in (None, "NONE", "AWS_IAM") else authorizer(api, auth_name)
            method = p["Method"].upper().replace("*", "ANY")
            gateway.add(Route(api, method, p["Path"], fn, route_auth))
    return gateway
