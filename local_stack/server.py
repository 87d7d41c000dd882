"""The HTTP front door: local routes first, then API Gateway (stdlib server, keep-alive, a thread
per connection)."""
from __future__ import annotations

import logging
import sys
import threading
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from .gateway import ApiGateway
from .local_routes import LocalRequest, LocalRouteError, LocalRoutes, Response, encode_response

__all__ = ["LocalHttpServer"]

log = logging.getLogger("local_stack")


class LocalHttpServer:
    """Binds at construction (so the URL is known before the functions are built); serves from
    start() on, once `gateway` is set. Requests arriving in between wait in the listen backlog."""

    def __init__(self, host: str, port: int, local_routes: LocalRoutes, *, verbose: bool = False) -> None:
        self.local_routes = local_routes
        self.gateway: ApiGateway | None = None
        self.verbose = verbose
        self._http = ThreadingHTTPServer((host, port), _RequestHandler)
        self._http.daemon_threads = True
        self._http.request_queue_size = 256
        self._http.front_door = self  # type: ignore[attr-defined]
        self.host, self.port = host, self._http.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._http.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="local-stack-http", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop serving and close the listening socket (idempotent)."""
        if self._thread is not None:
            self._http.shutdown()
            self._thread.join(5)
            self._thread = None
        self._http.server_close()

    def dispatch(self, method: str, target: str, headers: Message, body: bytes, source_ip: str) -> Response:
        path, _, query = target.partition("?")
        try:
            handler = self.local_routes.find(method, path)
            if handler is not None:
                request = LocalRequest(method, path, dict(parse_qsl(query, keep_blank_values=True)), headers, body)
                return encode_response(*handler(request))
            if path == "/_local" or path.startswith("/_local/"):
                raise LocalRouteError(404, f"no local route {method} {path}")
        except LocalRouteError as exc:
            return exc.response()
        except Exception:
            log.exception("local route %s %s failed", method, path)
            return LocalRouteError(500, "the local route failed (see the server log)").response()
        if self.gateway is None:
            return LocalRouteError(503, "the stack is not started").response()
        return self.gateway.handle(method, target, headers.items(), body, source_ip)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"              # keep-alive
    disable_nagle_algorithm = True             # headers and body are two writes
    server_version = "local-stack"

    def _serve(self) -> None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = self._read_chunked()
        else:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        front_door: LocalHttpServer = self.server.front_door  # type: ignore[attr-defined]
        try:
            status, headers, data = front_door.dispatch(self.command, self.path, self.headers, body,
                                                        self.client_address[0])
        except Exception:                         # an emulator bug: say so, keep the connection
            log.exception("local stack internal error on %s %s", self.command, self.path)
            status, headers = 500, [("Content-Type", "application/json")]
            data = b'{"message": "local stack internal error"}'
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _read_chunked(self) -> bytes:
        out = b""
        while True:
            size = int(self.rfile.readline().split(b";")[0], 16)
            if size == 0:
                self.rfile.readline()
                return out
            out += self.rfile.read(size)
            self.rfile.readline()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _serve  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.front_door.verbose:  # type: ignore[attr-defined]
            sys.stderr.write(f"{self.address_string()} {format % args}\n")
