"""Keeps every log line the application writes during the test run, in one file per pytest process.

What CloudWatch would receive from our functions, captured in-process:

* every record of a Powertools logger (extra_services.observability), serialised by that logger's own
  formatter — the RedactingFormatter — so the line kept is the line the function prints;
* WARNING and above of the local stack, the layer and Powertools itself (e.g. "function X failed:
  <exception>" with its traceback: Lambda's runtime would print an unhandled exception the same way);
* every EMF metric document the handlers flush (Powertools Metrics prints them to stdout).

A handler on the root logger sees every record that propagates, whichever logger emitted it and
whenever it was created (the layer is imported by the first local stack of the process, mid-test).
Powertools adds a SuppressFilter to the root logger's handlers; this handler ignores filters."""
from __future__ import annotations

import json
import logging
import threading
from collections import deque
from pathlib import Path
from typing import Any, TextIO

# Loggers whose WARNING+ records are application logs (besides the Powertools loggers themselves).
APPLICATION_LOGGERS = ("local_stack", "extra_services", "aws_lambda_powertools", "_local_fn", "root")

_PLAIN = logging.Formatter("%(levelname)s %(name)s %(message)s")


def _powertools_formatter(name: str) -> logging.Formatter | None:
    logger: logging.Logger | None = logging.getLogger(name)
    while logger is not None:
        handler = getattr(logger, "powertools_handler", None)
        if handler is not None and handler.formatter is not None:
            return handler.formatter
        logger = logger.parent
    return None


class LogCapture(logging.Handler):
    def __init__(self, path: Path) -> None:
        super().__init__(level=logging.NOTSET)
        self.path = path
        self.lines = 0
        self._out: TextIO = path.open("a", encoding="utf-8", buffering=1)
        self._write_lock = threading.Lock()
        self.metrics: deque[str] = deque(maxlen=10_000)     # metric names flushed, newest last
        self._restore_emf: Any = None

    # -------------------------------------------------------------- logging
    def filter(self, record: logging.LogRecord) -> bool:
        return True

    def emit(self, record: logging.LogRecord) -> None:
        formatter = _powertools_formatter(record.name)
        if formatter is None:
            if record.levelno < logging.WARNING or not record.name.startswith(APPLICATION_LOGGERS):
                return
            formatter = _PLAIN
        try:
            line = formatter.format(record)
        except Exception:  # a record the formatter cannot serialise is still a line to scan
            line = f"{record.name} {record.levelname} {record.msg!r} {record.args!r}"
        self.write(line)

    def write(self, line: str) -> None:
        with self._write_lock:
            self._out.write(line.rstrip("\n") + "\n")
            self.lines += 1

    # -------------------------------------------------------------- EMF metrics
    def tap_metrics(self) -> None:
        """Observe the EMF documents Powertools Metrics serialises (it then prints them to stdout)."""
        from aws_lambda_powertools.metrics.provider.cloudwatch_emf.cloudwatch import AmazonCloudWatchEMFProvider

        original = AmazonCloudWatchEMFProvider.serialize_metric_set
        capture = self

        def serialize_metric_set(self: Any, *args: Any, **kwargs: Any) -> Any:
            document = original(self, *args, **kwargs)
            try:
                for directive in document["_aws"]["CloudWatchMetrics"]:
                    capture.metrics.extend(m["Name"] for m in directive["Metrics"])
                capture.write("EMF " + json.dumps(document, default=str))
            except (KeyError, TypeError):
                capture.write("EMF " + repr(document))
            return document

        AmazonCloudWatchEMFProvider.serialize_metric_set = serialize_metric_set  # type: ignore[method-assign]

        def restore() -> None:
            AmazonCloudWatchEMFProvider.serialize_metric_set = original  # type: ignore[method-assign]

        self._restore_emf = restore

    # -------------------------------------------------------------- lifecycle
    def start(self) -> LogCapture:
        logging.getLogger().addHandler(self)
        self.tap_metrics()
        return self

    def stop(self) -> None:
        logging.getLogger().removeHandler(self)
        if self._restore_emf is not None:
            self._restore_emf()
        with self._write_lock:
            self._out.close()


_ACTIVE: LogCapture | None = None


def activate(path: Path) -> LogCapture:
    global _ACTIVE  # noqa: PLW0603 - one capture per process, started by the plugin
    _ACTIVE = LogCapture(path).start()
    return _ACTIVE


def deactivate() -> None:
    global _ACTIVE  # noqa: PLW0603
    if _ACTIVE is not None:
        _ACTIVE.stop()
        _ACTIVE = None


def metrics_seen() -> list[str]:
    """The names of the metrics flushed in this process so far (empty without the plugin)."""
    return list(_ACTIVE.metrics) if _ACTIVE is not None else []
