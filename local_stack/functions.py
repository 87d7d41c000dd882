"""Lambda functions run in-process: per-function environment, per-function modules, layers.

* Environment: ``os.environ`` becomes an overlay whose reads and writes see the *current function's*
  variables first (a ContextVar), so two functions with different TABLE_NAME run concurrently, and a
  module reading ``os.environ`` at import time sees its own function's values.
* Modules: each CodeUri is imported as the package ``_local_fn.<LogicalId>``; while a function imports
  or runs, ``import utils`` resolves to ``_local_fn.<LogicalId>.utils`` when utils is a top-level module
  of its CodeUri. Several ``app.py``/``utils.py`` do not clash, and a new LocalStack is a cold start.
* Layers: a layer's folder goes on sys.path once; layer modules are shared by all functions.
"""
from __future__ import annotations

import contextvars
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import logging
import os
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from .virtual_time import VirtualClock

__all__ = ["FunctionRegistry", "LambdaContext", "LocalFunction", "add_layer_path", "function_name_of",
           "install_env_overlay", "route_moto_lambda_invokes"]

log = logging.getLogger("local_stack")

_ENV: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("local_fn_env", default=None)
_CURRENT: contextvars.ContextVar[LocalFunction | None] = contextvars.ContextVar("local_fn", default=None)
_ROOT_PACKAGE = "_local_fn"
_IMPORT_LOCK = threading.RLock()


# ------------------------------------------------------------------ environment overlay
class _OverlayEnviron(os._Environ):  # type: ignore[type-arg]
    def __getitem__(self, key: str) -> str:
        overlay = _ENV.get()
        if overlay is not None and key in overlay:
            return overlay[key]
        return super().__getitem__(key)

    def __setitem__(self, key: str, value: str) -> None:
        overlay = _ENV.get()
        if overlay is not None:
            overlay[key] = value                  # stays inside the function's "container"
        else:
            super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        overlay = _ENV.get()
        if overlay is not None and key in overlay:
            del overlay[key]
        else:
            super().__delitem__(key)

    def __iter__(self) -> Iterator[str]:
        overlay = _ENV.get()
        if overlay:
            yield from overlay
        for key in super().__iter__():
            if not overlay or key not in overlay:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)


def install_env_overlay() -> None:
    if type(os.environ) is not _OverlayEnviron:
        os.environ.__class__ = _OverlayEnviron      # same object: `from os import environ` sees it too


# ------------------------------------------------------------------ module isolation
class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str, fn: LocalFunction) -> None:
        self.target, self.fn = target, fn

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        self.fn._aliases.add(spec.name)
        return importlib.import_module(self.target)   # the real, uniquely named module

    def exec_module(self, module: ModuleType) -> None:
        pass


class _FunctionFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        fn = _CURRENT.get()
        if fn is None or fullname.partition(".")[0] not in fn.local_names:
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(f"{fn.package}.{fullname}", fn))


def _ensure_package(name: str, path: list[str]) -> None:
    if name not in sys.modules:
        spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
        spec.submodule_search_locations = path
        module = importlib.util.module_from_spec(spec)
        module.__path__ = path
        sys.modules[name] = module


def _install_finder() -> None:
    if not any(isinstance(f, _FunctionFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _FunctionFinder())


def add_layer_path(folder: Path) -> None:
    """Put a layer's content on sys.path (once), ahead of site-packages as /opt/python is in Lambda."""
    path = str(folder)
    if path not in sys.path:
        sys.path.insert(0, path)
        importlib.invalidate_caches()


# ------------------------------------------------------------------ functions
class LambdaContext:
    def __init__(self, fn: LocalFunction) -> None:
        self.function_name, self.function_version = fn.name, "$LATEST"
        self.invoked_function_arn, self.memory_limit_in_mb = fn.arn, fn.memory
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name, self.log_stream_name = f"/aws/lambda/{fn.name}", "local"
        self.identity = self.client_context = None
        self._deadline = time.monotonic() + fn.timeout

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def _env_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


class LocalFunction:
    """One AWS::Serverless::Function; `props` are its resolved Properties (Globals merged)."""

    def __init__(self, lid: str, name: str, arn: str, props: dict[str, Any], *, base_dir: Path,
                 region: str, layer_dirs: list[Path] | None = None) -> None:
        self.lid, self.name, self.arn, self.props = lid, name, arn, props
        code_uri = props.get("CodeUri", ".")
        if not isinstance(code_uri, str):
            raise ValueError(f"{lid}: CodeUri must be a local folder, got {code_uri!r}")
        self.code_dir = (base_dir / code_uri).resolve()
        if not self.code_dir.is_dir():
            raise ValueError(f"{lid}: CodeUri {code_uri} is not a folder")
        self.handler_spec: str = props["Handler"]
        self.timeout, self.memory = int(props.get("Timeout", 3)), int(props.get("MemorySize", 128))
        self.layer_dirs = layer_dirs or []
        invoke_config = props.get("EventInvokeConfig") or {}
        self.max_retries = int(invoke_config.get("MaximumRetryAttempts", 2))
        self.on_failure: list[tuple[str, str]] = []       # (SQS|SNS|..., target ARN)
        dlq = props.get("DeadLetterQueue")
        if dlq:
            self.on_failure.append((dlq.get("Type", "SQS"), dlq["TargetArn"]))
        destination = (invoke_config.get("DestinationConfig") or {}).get("OnFailure")
        if destination and destination.get("Destination"):
            self.on_failure.append((destination.get("Type", "SQS"), destination["Destination"]))
        self.env = {
            "AWS_LAMBDA_FUNCTION_NAME": name, "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.memory), "AWS_SAM_LOCAL": "true",
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{name}", "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region, "LAMBDA_TASK_ROOT": str(self.code_dir), "_HANDLER": self.handler_spec}
        for key, value in ((props.get("Environment") or {}).get("Variables") or {}).items():
            self.env[key] = _env_value(value)
        self.package = f"{_ROOT_PACKAGE}.{lid}"
        self.local_names = {p.stem if p.suffix == ".py" else p.name for p in self.code_dir.iterdir()
                            if (p.suffix == ".py" or (p.is_dir() and p.name.isidentifier()))
                            and p.name != "__pycache__"}
        self._aliases: set[str] = set()
        self.handler: Callable[[Any, Any], Any] | None = None
        self.calls = 0

    def __repr__(self) -> str:
        return f"<LocalFunction {self.name} {self.handler_spec}>"

    @contextmanager
    def context(self) -> Iterator[None]:
        """Run the block 'inside' this function: its environment and its modules."""
        env_token, fn_token = _ENV.set(self.env), _CURRENT.set(self)
        try:
            yield
        finally:
            _CURRENT.reset(fn_token)
            _ENV.reset(env_token)
            if self._aliases:            # drop `utils` -> _local_fn.X.utils aliases again
                for name in list(self._aliases):
                    module = sys.modules.get(name)
                    if module is not None and getattr(module, "__name__", "").startswith(self.package + "."):
                        sys.modules.pop(name, None)
                self._aliases.clear()

    def load(self) -> None:
        """Import the handler module (a cold start)."""
        module_path, attr = self.handler_spec.rsplit(".", 1)
        _install_finder()
        with _IMPORT_LOCK:
            for name in [n for n in sys.modules if n == self.package or n.startswith(self.package + ".")]:
                del sys.modules[name]
            _ensure_package(_ROOT_PACKAGE, [])
            _ensure_package(self.package, [str(self.code_dir)])
            hidden = {n: sys.modules.pop(n) for n in list(sys.modules)
                      if n.partition(".")[0] in self.local_names}     # e.g. another function's `utils`
            try:
                with self.context():
                    module = importlib.import_module(f"{self.package}.{module_path.replace('/', '.')}")
            finally:
                sys.modules.update(hidden)
        self.handler = getattr(module, attr)

    def __call__(self, event: Any, context: Any = None) -> Any:
        if self.handler is None:
            raise RuntimeError(f"{self.name} is not loaded")
        self.calls += 1
        with self.context():
            return self.handler(event, LambdaContext(self))

    def invoke(self, event: Any, clock: VirtualClock | None = None) -> Any:
        """Synchronous call with Lambda's JSON boundary both ways, counted as in-flight work."""
        payload = json.loads(json.dumps(event))
        if clock is None:
            result = self(payload)
        else:
            with clock.handler_running(self.name):
                result = self(payload)
        return json.loads(json.dumps(result))        # a non-JSON result is a Lambda error


def function_name_of(function: str) -> str:
    """name, name:qualifier, or arn:aws:lambda:region:account:function:name[:qualifier] -> name."""
    if function.startswith("arn:"):
        return function.split(":")[6]
    return function.split(":", 1)[0]


class FunctionRegistry:
    """Function name -> handler(event, context): the template's LocalFunctions, or a test's stand-in."""

    def __init__(self) -> None:
        self.handlers: dict[str, Callable[[Any, Any], Any]] = {}

    def register(self, name: str, handler: Callable[[Any, Any], Any]) -> None:
        self.handlers[name] = handler

    def invoke(self, function: str, body: bytes | str | None, response_headers: dict[str, str]) -> bytes:
        """moto's Lambda Invoke contract: the payload bytes; an error sets x-amz-function-error."""
        name = function_name_of(function)
        handler = self.handlers.get(name)
        if handler is None:
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps({"errorType": "ResourceNotFoundException",
                               "errorMessage": f"Function not found: {name}"}).encode()
        event = json.loads(body) if body else {}
        try:
            result = handler(event, None)
            return json.dumps(result).encode()
        except Exception as exc:  # Lambda's unhandled error payload
            log.warning("function %s failed: %s: %s", name, type(exc).__name__, exc, exc_info=True)
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps({"errorType": type(exc).__name__, "errorMessage": str(exc),
                               "stackTrace": traceback.format_exc().splitlines()}).encode()


@contextmanager
def route_moto_lambda_invokes(registry: FunctionRegistry, clock: VirtualClock,
                              submit_async: Callable[[str, Any, str], None]) -> Iterator[None]:
    """Every Lambda Invoke reaching moto (use_docker=False: Step Functions tasks, SDK calls from
    handlers, our async deliveries) runs the registry's handler, counted as in-flight work.
    InvocationType=Event is handed to `submit_async` (retries and failure destinations)."""
    from moto.awslambda_simple.models import LambdaSimpleBackend

    original = LambdaSimpleBackend.invoke

    def invoke(self: Any, function_name: str, qualifier: Any, body: Any, headers: Any,  # noqa: PLR0917
               response_headers: dict[str, str]) -> bytes:
        name = function_name_of(function_name)
        if headers and headers.get("X-Amz-Invocation-Type") == "Event":
            submit_async(name, json.loads(body) if body else {}, "Invoke(Event)")
            return b""
        with clock.handler_running(name):
            return registry.invoke(name, body, response_headers)

    LambdaSimpleBackend.invoke = invoke
    try:
        yield
    finally:
        LambdaSimpleBackend.invoke = original
