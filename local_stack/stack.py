"""LocalStack: the whole template in one process, on one virtual clock.

    with LocalStack("template.yaml", port=0, start=datetime(2030, 1, 1, tzinfo=UTC)) as stack:
        stack.add_local_route("GET", "/_local/health", lambda request: (200, {}, {"ok": True}))
        ...   # HTTP on stack.url, boto3 via stack.client("dynamodb"), time via stack.clock

One live stack per process (moto's backends, the clock's patches and os.environ are process-wide);
a new one may start once the previous one has stopped.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .eventbridge import AsyncFailure, AsyncInvoker, deliver_rule_targets
from .functions import FunctionRegistry, LocalFunction, add_layer_path, install_env_overlay, route_moto_lambda_invokes
from .gateway import ApiGateway, Route, build_gateway
from .local_routes import Handler, LocalRequest, LocalRoutes, clock_routes
from .moto_fixes import apply_moto_fixes
from .moto_server import ensure_moto_server, reset_moto
from .provision import provision
from .schedules import Schedule, start_schedules
from .server import LocalHttpServer
from .template import Template
from .virtual_time import VirtualClock, parse_instant

__all__ = ["LocalStack"]

log = logging.getLogger("local_stack")

LOCAL_URL_PLACEHOLDER = "{LOCAL_URL}"
_active: LocalStack | None = None
_active_lock = threading.Lock()


class LocalStack:
    def __init__(self, template_path: str | Path, *, host: str = "127.0.0.1", port: int = 3000,
                 start: datetime | str | None = None, parameters: dict[str, Any] | None = None,
                 verbose: bool = False, freeze_time: bool = True, stack_name: str = "local",
                 region: str = "us-east-1", account: str = "123456789012", cache_authorizers: bool = True,
                 settle_timeout: float = 30.0) -> None:
        self.template_path = Path(template_path)
        self.host, self.port, self._requested_port = host, port, port
        now = datetime.now(UTC).replace(microsecond=0)  # noqa: TID251 - the real time is the default start
        self.start_at = parse_instant(start) if start is not None else now
        self.parameters = dict(parameters or {})
        self.verbose, self.freeze_time = verbose, freeze_time
        self.stack_name, self.region, self.account = stack_name, region, account
        self.cache_authorizers, self.settle_timeout = cache_authorizers, settle_timeout
        self.local_routes = LocalRoutes()
        clock_routes(self.local_routes, lambda: self.clock)
        self.local_routes.add("GET", "/_local/routes", self._routes_route)
        self.functions: dict[str, LocalFunction] = {}           # by logical id
        self.functions_by_name: dict[str, LocalFunction] = {}
        self.state_machines: dict[str, str] = {}                # logical id -> ARN
        self.schedules: list[Schedule] = []
        self.start_seconds: float | None = None                 # wall time start() took
        self._clients: dict[str, Any] = {}
        self._clients_lock = threading.Lock()
        self._exit: ExitStack | None = None
        self.url = ""

    # ------------------------------------------------------------ lifecycle
    def start(self) -> LocalStack:
        global _active
        with _active_lock:
            if _active is not None:
                raise RuntimeError("another LocalStack is running in this process: stop it first")
            _active = self
        exit_stack = ExitStack()
        try:
            t0 = time.perf_counter()
            self._start(exit_stack)
            self.start_seconds = time.perf_counter() - t0
        except BaseException:
            exit_stack.close()
            with _active_lock:
                _active = None
            raise
        self._exit = exit_stack
        log.info("local stack on %s (moto %s) started in %.2fs", self.url, self.moto_url, self.start_seconds)
        return self

    def stop(self) -> None:
        global _active
        if self._exit is None:
            return
        self._http.close()                  # no new requests first
        try:
            self._exit.close()
        finally:
            self._exit = None
            with _active_lock:
                _active = None

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _start(self, es: ExitStack) -> None:
        import time_machine

        self.moto_url = ensure_moto_server(self.host)
        reset_moto(self.moto_url)
        self._clients = {}
        self.functions.clear()
        self.functions_by_name.clear()
        self._set_process_env(es)
        self._http = LocalHttpServer(self.host, self._requested_port, self.local_routes, verbose=self.verbose)
        es.callback(self._http.close)
        self.port, self.url = self._http.port, self._http.url
        parameters = {k: v.replace(LOCAL_URL_PLACEHOLDER, self.url) if isinstance(v, str) else v
                      for k, v in self.parameters.items()}
        self.template = Template(self.template_path, stack_name=self.stack_name, region=self.region,
                                 account=self.account, parameters=parameters, endpoint_url=self.moto_url)

        self.clock = VirtualClock(self.start_at, settle_timeout=self.settle_timeout)
        if self.freeze_time:
            traveller = es.enter_context(time_machine.travel(self.clock.now(), tick=False))
            self.clock.listeners.append(traveller.move_to)     # datetime.now() follows the clock
        es.enter_context(self.clock.patch_moto())
        apply_moto_fixes()
        self.registry = FunctionRegistry()
        self.invoker = AsyncInvoker(self.clock, self.registry, self.functions_by_name, self.client)
        es.enter_context(route_moto_lambda_invokes(self.registry, self.clock, self.invoker.submit))
        es.enter_context(deliver_rule_targets(self.invoker))
        es.callback(self._release_tracked_threads)             # at stop(): before any patch goes away

        install_env_overlay()
        self._build_functions()
        provisioned = provision(self.template, self.client, self.functions)
        self.state_machines = provisioned.state_machines
        self.schedules = provisioned.schedules
        self.api: ApiGateway = build_gateway(self.template, self.functions, self.clock,
                                             cache_authorizers=self.cache_authorizers)
        self._http.gateway = self.api
        start_schedules(self.clock, self.schedules, self._fire_schedule)
        self._http.start()

    def _set_process_env(self, es: ExitStack) -> None:
        """Endpoint and fake credentials for every boto3 client in the process; restored at stop()."""
        no_proxy = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1", "localhost"]))
        wanted = {"AWS_ENDPOINT_URL": self.moto_url, "AWS_ACCESS_KEY_ID": "testing",
                  "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": self.region,
                  "AWS_REGION": self.region, "NO_PROXY": no_proxy,
                  # moto's Step Functions service integrations call http://localhost:$MOTO_PORT
                  "MOTO_PORT": self.moto_url.rsplit(":", 1)[1]}
        dropped = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")
        saved = {k: os.environ.get(k) for k in (*wanted, *dropped)}

        def restore() -> None:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

        es.callback(restore)
        for key in dropped:
            os.environ.pop(key, None)
        os.environ.update(wanted)

    def _release_tracked_threads(self) -> None:
        self.clock.close()
        alive = self.clock.join_threads(timeout=2.0)
        if alive:
            log.warning("still running after stop(): %s", ", ".join(t.name for t in alive))

    def _build_functions(self) -> None:
        t = self.template
        layer_dirs: dict[str, Path] = {}
        for lid, _ in t.of_type("AWS::Serverless::LayerVersion"):
            props = t.properties(lid)
            if isinstance(props.get("ContentUri"), str):
                folder = (t.dir / props["ContentUri"]).resolve()
                built_by_sam = bool((t.resources[lid].get("Metadata") or {}).get("BuildMethod"))
                if not built_by_sam and (folder / "python").is_dir():
                    folder = folder / "python"         # a pre-built layer: Lambda mounts python/
                layer_dirs[t.arn(lid)] = folder
        for lid, _ in t.of_type("AWS::Serverless::Function"):
            props = t.properties(lid)
            if props.get("PackageType") == "Image":
                log.warning("%s: image functions are not emulated locally", lid)
                continue
            layers = [layer_dirs[arn] for arn in props.get("Layers") or [] if arn in layer_dirs]
            for folder in layers:
                add_layer_path(folder)
            fn = LocalFunction(lid, t.name(lid), t.arn(lid), props, base_dir=t.dir, region=t.region,
                               layer_dirs=layers)
            self.functions[lid] = self.functions_by_name[fn.name] = fn
            self.registry.register(fn.name, fn)
        for fn in self.functions.values():
            fn.load()

    def _fire_schedule(self, schedule: Schedule, when: datetime) -> None:
        payload = schedule.payload(when, self.account, self.region)
        if schedule.targets_state_machine:
            self.invoker.start_execution(schedule.target_arn, payload, f"schedule {schedule.name}")
        else:
            self.invoker.submit(schedule.target_arn, payload, f"schedule {schedule.name}")

    # ------------------------------------------------------------ API
    @property
    def routes(self) -> list[Route]:
        return self.api.routes

    @property
    def failures(self) -> list[AsyncFailure]:
        """Async invocations that still failed after their retries (oldest first)."""
        return self.invoker.failures

    def client(self, service: str) -> Any:
        """A boto3 client on the moto server (cached per stack; boto3 clients are thread-safe)."""
        with self._clients_lock:
            if service not in self._clients:
                import boto3
                self._clients[service] = boto3.client(service, region_name=self.region,
                                                      endpoint_url=self.moto_url)
            return self._clients[service]

    def function(self, name_or_lid: str) -> LocalFunction:
        fn = self.functions.get(name_or_lid) or self.functions_by_name.get(name_or_lid)
        if fn is None:
            raise KeyError(f"no function {name_or_lid!r} in {self.template_path.name}")
        return fn

    def invoke(self, function: str, event: Any) -> Any:
        """Synchronous invoke by name or logical id: Lambda's JSON boundary, in-flight work for the clock."""
        return self.function(function).invoke(event, self.clock)

    def add_local_route(self, method: str, path: str, handler: Handler) -> None:
        """`path` exact ("/_local/health") or a prefix ending in "*" ("/docs*"); matched before the
        API routes. handler(request) -> (status, headers, body)."""
        self.local_routes.add(method, path, handler)

    def bus_name(self, bus: str | None = None) -> str:
        """A bus logical id or name -> its name; None -> the template's only custom bus."""
        buses = {lid: self.template.name(lid) for lid, _ in self.template.of_type("AWS::Events::EventBus")}
        if bus is not None:
            return buses.get(bus, bus)
        if len(buses) > 1:
            raise ValueError(f"several buses in the template, name one: {sorted(buses.values())}")
        return next(iter(buses.values()), "default")

    def put_event(self, source: str, detail_type: str, detail: Any, bus: str | None = None) -> dict[str, Any]:
        """PutEvents one event, then wait until every consumer (and what it started) has run."""
        entry = {"Source": source, "DetailType": detail_type, "EventBusName": self.bus_name(bus),
                 "Detail": detail if isinstance(detail, str) else json.dumps(detail)}
        result: dict[str, Any] = self.client("events").put_events(Entries=[entry])["Entries"][0]
        self.clock.settle()
        return result

    def _routes_route(self, request: LocalRequest) -> tuple[int, Any, Any]:
        items = [{"method": r.method, "path": r.path, "function": r.function.name,
                  "authorizer": r.authorizer.name if r.authorizer else None} for r in self.routes]
        return 200, {}, {"items": items, "local": self.local_routes.listing()}
