"""One moto server per process, shared by successive LocalStacks (reset at each start).

Why shared: moto's backends are process-global anyway (two live stacks in one process cannot be
isolated), a restart costs ~0.5 s (werkzeug's shutdown poll), and a boto3 client cached by shared code
(a layer module, a test helper) keeps working from one stack to the next because the endpoint stays
the same. It stops at interpreter exit or with ``shutdown_moto_server()``.
"""
from __future__ import annotations

import atexit
import json
import logging
import threading
import urllib.request
from typing import Any

from .moto_fixes import MOTO_CONFIG

__all__ = ["ensure_moto_server", "reset_moto", "shutdown_moto_server"]

_lock = threading.Lock()
_server: Any = None
_thread: threading.Thread | None = None
_url: str | None = None
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))     # never via a proxy


def ensure_moto_server(host: str = "127.0.0.1") -> str:
    """Start the process's moto server if needed; returns its URL (http://host:port)."""
    global _server, _thread, _url
    with _lock:
        if _server is not None and _thread is not None and _thread.is_alive():
            return _url  # type: ignore[return-value]
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )
        from werkzeug.serving import make_server

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        app = DomainDispatcherApplication(create_backend_app)
        _server = make_server(host, 0, app, threaded=True, request_handler=MotoRequestHandler)
        _server.daemon_threads = True
        _thread = threading.Thread(target=_server.serve_forever, kwargs={"poll_interval": 0.05},
                                   name="moto-server", daemon=True)
        _thread.start()
        host_bound, port = _server.server_address[:2]
        _url = f"http://{host_bound}:{port}"
        return _url


def _post(url: str, body: Any = None) -> None:
    data = json.dumps(body).encode() if body is not None else b""
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    with _opener.open(request, timeout=30) as response:
        response.read()


def reset_moto(url: str) -> None:
    """Empty every backend and set the config the local stack needs (executing state machines,
    Lambda without Docker)."""
    _post(f"{url}/moto-api/reset")
    _post(f"{url}/moto-api/config", MOTO_CONFIG)


def shutdown_moto_server() -> None:
    global _server, _thread, _url
    with _lock:
        if _server is None:
            return
        _server.shutdown()
        _server.server_close()
        if _thread is not None:
            _thread.join(5)
        _server = _thread = _url = None


atexit.register(shutdown_moto_server)
