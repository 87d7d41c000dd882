"""The project on the local stack: the generic emulator (LocalStack) plus what belongs to this
application — the identity provider and its tokens, the demo personas seeded through the real
event path, the /_local routes of API.md, Swagger UI, and the partner simulators."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from local_stack.identity import LocalIdentityProvider
from local_stack.local_routes import LocalRequest, LocalRouteError
from local_stack.personas import PERSONAS, registry_events, seed_events
from local_stack.simulators import PartnerSimulators, install_simulators
from local_stack.virtual_time import format_instant, parse_instant

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"
PARTNERS = ("go-solid", "nowjobs", "bank")
CHANNELS = ("mobile", "touch")


@dataclass(frozen=True)
class Options:
    port: int = 3000
    start: datetime | None = None
    simulators: bool = True
    seed: bool = True
    log_level: str = "INFO"

    @classmethod
    def from_environ(cls) -> Options:
        start = os.environ.get("LOCAL_CLOCK_START")
        simulators = os.environ.get("LOCAL_SIMULATORS", "on").strip().lower()
        if simulators not in {"on", "off"}:
            raise SystemExit(f"LOCAL_SIMULATORS must be on or off, not {simulators!r}")
        return cls(port=int(os.environ.get("PORT", "3000")),
                   start=parse_instant(start) if start else None, simulators=simulators == "on",
                   log_level=os.environ.get("LOCAL_LOG_LEVEL", "WARNING").upper())


class Application:
    """Start with .start(); .url, .stack, .idp, .token_for(...) for tests and the CLI."""

    def __init__(self, options: Options | None = None) -> None:
        from local_stack.stack import LocalStack
        self.options = options or Options()
        self.idp = LocalIdentityProvider()
        self.ready = False
        self.simulators: PartnerSimulators | None = None
        self.stack = LocalStack(TEMPLATE, port=self.options.port, start=self.options.start,
                                parameters={**self.idp.template_parameters("{LOCAL_URL}/_local/jwks.json"),
                                            "LogLevel": self.options.log_level})

    # -------------------------------------------------------------- lifecycle
    def start(self) -> Application:
        self.stack.start()
        try:
            self._add_routes()
            if self.options.simulators:
                self.simulators = PartnerSimulators(self)
                install_simulators(self.simulators)
            if self.options.seed:
                self.seed()
            self.ready = True
        except BaseException:
            self.stack.stop()
            raise
        return self

    def stop(self) -> None:
        if self.simulators is not None:
            self.simulators.close()
        self.stack.stop()

    def __enter__(self) -> Application:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return str(self.stack.url)

    def seed(self) -> None:
        """The demo's facts, through the real feeds: core banking, enterprise registry, credit bureau."""
        for detail_type, detail in seed_events():
            self.stack.put_event("core-banking", detail_type, detail)
        for source, detail_type, detail in registry_events():
            self.stack.put_event(source, detail_type, detail)

    # ----------------------------------------------------------------- tokens
    def token_for(self, customer_id: str, channel: str = "mobile", **kw: Any) -> str:
        return self.idp.channel_token(customer_id, channel, self.stack.clock.now(), **kw)

    def partner_token(self, partner: str, **kw: Any) -> str:
        return self.idp.partner_token(partner, self.stack.clock.now(), **kw)

    # ----------------------------------------------------------------- routes
    def _add_routes(self) -> None:
        add = self.stack.add_local_route
        add("GET", "/_local/health", self._health)
        add("GET", "/_local/jwks.json", lambda _: (200, {}, self.idp.jwks()))
        add("POST", "/_local/tokens", self._tokens)
        add("POST", "/_local/events", self._events)
        add("GET", "/_local/outbox", self._outbox)
        add("GET", "/_local/personas", lambda _: (200, {}, [
            {"customerId": p.customer_id, "description": p.description, "expectation": p.expectation}
            for p in PERSONAS]))
        add("GET", "/docs", self._swagger_page)
        add("GET", "/docs/openapi.json", self._openapi)
        add("GET", "/docs/*", self._swagger_asset)

    def _health(self, _: LocalRequest) -> tuple[int, Any, Any]:
        body = {"status": "ready" if self.ready else "starting", "now": format_instant(self.stack.clock.now()),
                "simulators": "on" if self.options.simulators else "off"}
        return (200 if self.ready else 503), {}, body

    def _tokens(self, request: LocalRequest) -> tuple[int, Any, Any]:
        body = request.json(default=None)
        if not isinstance(body, dict):
            raise LocalRouteError(400, 'expected {"customerId", "channel"} or {"partner"}')
        lifetime = body.get("expiresIn", 3600)
        if not isinstance(lifetime, int) or not -86400 <= lifetime <= 86400:
            raise LocalRouteError(400, "expiresIn must be whole seconds between -86400 and 86400")
        kw = {"lifetime": timedelta(seconds=lifetime)}
        if "partner" in body:
            if body["partner"] not in PARTNERS:
                raise LocalRouteError(400, f"partner must be one of {', '.join(PARTNERS)}")
            return 200, {}, {"token": self.partner_token(body["partner"], **kw)}
        customer, channel = body.get("customerId"), body.get("channel", "mobile")
        if not isinstance(customer, str) or not customer or channel not in CHANNELS:
            raise LocalRouteError(400, "customerId (a string) and channel (mobile | touch) are required")
        return 200, {}, {"token": self.token_for(customer, channel, **kw)}

    def _events(self, request: LocalRequest) -> tuple[int, Any, Any]:
        body = request.json(default=None)
        if (not isinstance(body, dict) or not isinstance(body.get("source"), str)
                or not isinstance(body.get("detailType"), str) or not isinstance(body.get("detail"), dict)):
            raise LocalRouteError(400, 'expected {"source": str, "detailType": str, "detail": {...}}')
        entry = self.stack.put_event(body["source"], body["detailType"], body["detail"])
        return 200, {}, {"eventId": entry.get("EventId"), "now": format_instant(self.stack.clock.now())}

    def _outbox(self, _: LocalRequest) -> tuple[int, Any, Any]:
        ddb = self.stack.client("dynamodb")
        table = self.stack.template.name("NotificationsTable")
        items = ddb.query(TableName=table, KeyConditionExpression="pk = :pk", ScanIndexForward=False,
                          ExpressionAttributeValues={":pk": {"S": "OUTBOX"}}).get("Items", [])
        from boto3.dynamodb.types import TypeDeserializer
        des = TypeDeserializer()
        rows = [{k: des.deserialize(v) for k, v in item.items() if k not in ("pk", "sk")} for item in items]
        return 200, {}, {"items": json.loads(json.dumps(rows, default=str))}

    def _openapi(self, _: LocalRequest) -> tuple[int, Any, Any]:
        document = json.loads((ROOT / "docs" / "openapi.json").read_text())
        document["servers"] = [{"url": self.url, "description": "the local stack"}]
        return 200, {}, document

    def _swagger_page(self, _: LocalRequest) -> tuple[int, Any, Any]:
        page = SWAGGER_PAGE.replace("{OPENAPI}", "/docs/openapi.json")
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()

    def _swagger_asset(self, request: LocalRequest) -> tuple[int, Any, Any]:
        from swagger_ui_bundle import swagger_ui_path
        name = request.path.removeprefix("/docs/")
        path = (Path(swagger_ui_path) / name).resolve()
        if Path(swagger_ui_path).resolve() not in path.parents or not path.is_file():
            raise LocalRouteError(404, f"no such file: {name}")
        kind = {".js": "application/javascript", ".css": "text/css", ".png": "image/png",
                ".html": "text/html"}.get(path.suffix, "application/octet-stream")
        return 200, {"Content-Type": kind}, path.read_bytes()


SWAGGER_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Extra services for entrepreneurs - API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({url: "{OPENAPI}", dom_id: "#swagger-ui", persistAuthorization: true});</script>
</body></html>"""
