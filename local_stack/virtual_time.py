"""One virtual clock for moto 5.2.5's Step Functions interpreter, schedules and async invokes.

Semantics
---------
* Nothing waits in real time. Wait states (Seconds, SecondsPath, Timestamp, TimestampPath, JSONata),
  Retry backoff, task timeouts and heartbeats, state-machine TimeoutSeconds, schedules and Lambda
  async-retry backoff all PARK their thread until the virtual clock reaches their deadline.
* Only ``advance()`` / ``set()`` move time, one due instant at a time, earliest first; between two
  steps they wait until the system is idle, so work due at T1 (and the waits it creates) runs before
  anything due at T2, and a handler woken at T1 sees T1.
* Idle = every tracked thread is parked (deadline, task token, child thread) and no Python handler is
  in flight. ``settle()`` waits for idle without moving time; ``settle_timeout`` (wall seconds at one
  instant) turns a stuck system into ``SettleTimeout`` with a description of what still runs.

Accounting: ``_active`` counts runnable tracked threads. A thread is counted by its parent in
``start()`` (never invisible while starting), un-counted when it parks, and re-counted BY THE WAKER in
the same critical section that makes it runnable. Hence work is never pending while ``_active == 0``.

Limits: handlers take zero virtual time; threads a handler spawns itself are not tracked; never call
advance()/settle() from a handler (refused); one clock per process (it patches moto's modules).
"""
from __future__ import annotations

import heapq
import itertools
import re
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

__all__ = ["ClockClosed", "ClockError", "SettleTimeout", "VirtualClock", "format_instant", "parse_duration",
           "parse_instant"]


class ClockError(RuntimeError):
    pass


class SettleTimeout(ClockError):
    """The system did not become idle within the wall-clock safety limit."""


class ClockClosed(SystemExit):
    """Raised inside parked tracked threads when the clock is closed.

    A SystemExit subclass so moto's ``except Exception`` handlers do not turn it into a state
    failure and threading's excepthook stays silent."""


# ------------------------------------------------------------------ durations and instants
_DURATION = re.compile(
    r"^P(?:(?P<weeks>\d+(?:\.\d+)?)W)?(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$")


def parse_duration(text: str) -> timedelta:
    """ISO 8601 duration without years or months: P3D, PT90M, P1W, P1DT2H30M5.5S."""
    norm = str(text).strip().upper()
    match = _DURATION.match(norm)
    if not match or norm in ("P", "PT") or norm.endswith("T"):
        raise ValueError(f"unsupported ISO 8601 duration {text!r} (use W/D/H/M/S, no Y or month)")
    return timedelta(**{k: float(v) for k, v in match.groupdict().items() if v})


def parse_instant(value: Any) -> datetime:
    """Aware datetime or ISO 8601 text with an offset (or Z) -> aware UTC datetime."""
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if dt.tzinfo is None:
        raise ValueError(f"naive instant {value!r}: give an offset (e.g. Z)")
    return dt.astimezone(UTC)


def format_instant(dt: datetime) -> str:
    """2030-01-01T00:00:00Z (microseconds kept only when present)."""
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _as_delta(delta: Any = None, **kw: float) -> timedelta:
    if isinstance(delta, timedelta):
        d = delta
    elif isinstance(delta, str):
        d = parse_duration(delta)
    elif delta is None:
        d = timedelta(0)
    else:
        d = timedelta(seconds=float(delta))
    return d + timedelta(**kw)


# ------------------------------------------------------------------ parking
class _Waiter:
    __slots__ = ("cond", "deadline", "event", "reason", "thread", "tracked", "what", "woken")

    def __init__(self, clock: VirtualClock, deadline: datetime | None, event: Any, what: str,
                 tracked: bool) -> None:
        self.deadline = deadline
        self.cond = threading.Condition(clock._lock)
        self.woken = False
        self.reason: str | None = None
        self.tracked = tracked
        self.event = event
        self.what = what
        self.thread = threading.current_thread()


class _ThreadingShim:
    """Stands in for the ``threading`` module inside moto's interpreter modules."""

    def __init__(self, clock: VirtualClock) -> None:
        self.Thread = clock.Thread
        self.Event = clock.Event

    def __getattr__(self, name: str) -> Any:  # Lock, RLock, current_thread, ...
        return getattr(threading, name)


class VirtualClock:
    def __init__(self, start: datetime | str | None = None, *, settle_timeout: float = 30.0,
                 advance_timeout: float | None = None, max_steps: int = 100_000,
                 wake_batch: int = 4) -> None:
        self._now = parse_instant(start or datetime(2030, 1, 1, tzinfo=UTC))
        self.settle_timeout = settle_timeout      # per instant: wall seconds to become idle
        self.advance_timeout = advance_timeout    # a whole advance()/set(); None = no cap
        self.max_steps = max_steps
        # Waiters due at the same instant are released `wake_batch` at a time (the next batch once
        # idle, same virtual time): moto + boto3 slow down ~10x with hundreds of runnable threads.
        self.wake_batch = wake_batch
        self._lock = threading.RLock()          # guards everything below
        self._idle = threading.Condition(self._lock)
        self._advance_lock = threading.Lock()   # one advance()/settle() at a time
        self._active = 0                        # runnable tracked threads
        self._handlers = 0                      # Python handlers in flight
        self._handler_names: Counter[str] = Counter()
        self._parked: set[_Waiter] = set()
        self._heap: list[tuple[datetime, int, _Waiter]] = []   # woken entries are stale
        self._seq = itertools.count()
        self._stale = 0
        self._pollers: set[_Waiter] = set()
        self._threads: set[threading.Thread] = set()
        self._progress = 0                      # bumped whenever a tracked thread ends
        self._closed = False
        self._tls = threading.local()
        self.listeners: list[Callable[[datetime], None]] = []  # e.g. time-machine's move_to
        self.steps = 0                          # distinct instants the last advance stopped at
        self.Event = self._make_event_class()
        self.Thread = self._make_thread_class()
        self._saved: list[tuple[Any, str, Any]] = []

    # ------------------------------------------------------------ public API
    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: Any = None, **kw: float) -> datetime:
        """Move time forward by delta (timedelta, seconds or ISO duration 'P3D') running everything
        that falls due, in time order; returns when idle."""
        d = _as_delta(delta, **kw)
        if d < timedelta(0):
            raise ValueError(f"cannot advance by a negative duration {d}")
        return self._advance_to(lambda now: now + d)   # target taken once we hold the lock

    def set(self, when: Any) -> datetime:
        """Move time to an absolute instant (never backwards); returns when idle."""
        target = parse_instant(when)
        return self._advance_to(lambda now: target)

    def settle(self, timeout: float | None = None) -> None:
        """Wait until the system is idle, without moving time."""
        self._check_caller("settle")
        limit = self.settle_timeout if timeout is None else timeout
        wall_deadline = time.monotonic() + limit
        with self._serialized(wall_deadline, "settle()"), self._lock:
            self._wait_idle_locked(wall_deadline, limit, "settle()")

    def sleep(self, seconds: float, what: str = "sleep") -> None:
        """Park the calling thread for `seconds` of virtual time."""
        with self._lock:
            self._park_locked(self._deadline_in(seconds), None, what)

    def park_until(self, when: datetime, what: str) -> None:
        """Park the calling thread until the clock reaches `when` (absolute)."""
        with self._lock:
            self._park_locked(when, None, what)

    @contextmanager
    def handler_running(self, name: str) -> Iterator[None]:
        """Count a Python handler as in-flight work while the block runs."""
        self._tls.in_handler = getattr(self._tls, "in_handler", 0) + 1
        with self._lock:
            self._handlers += 1
            self._handler_names[name] += 1
        try:
            yield
        finally:
            self._tls.in_handler -= 1
            with self._lock:
                self._handlers -= 1
                self._handler_names[name] -= 1
                if self._handler_names[name] <= 0:
                    del self._handler_names[name]
                if self._active == 0 and self._handlers == 0:
                    self._idle.notify_all()

    def stats(self) -> dict[str, Any]:
        with self._lock:
            nxt = self._next_deadline_locked()
            return {"active_threads": self._active, "handlers_in_flight": self._handlers,
                    "parked": len(self._parked), "next_due": format_instant(nxt) if nxt else None}

    def describe(self) -> str:
        """Human-readable dump of parked and running tracked threads."""
        with self._lock:
            return self._diagnose_locked("describe()")

    def close(self) -> None:
        """Release every parked tracked thread (they end via ClockClosed)."""
        with self._lock:
            self._closed = True
            for w in list(self._parked):
                self._wake_locked(w, "closed")
            self._idle.notify_all()

    def join_threads(self, timeout: float) -> list[threading.Thread]:
        """After close(): wait (wall time) for tracked threads to end; returns those still alive."""
        deadline = time.monotonic() + timeout
        with self._lock:
            threads = list(self._threads)
        for t in threads:
            t.join_wall(max(0.0, deadline - time.monotonic()))
        return [t for t in threads if t.is_alive()]

    # ----------------------------------------------------------- advancing
    @contextmanager
    def _serialized(self, wall_deadline: float, doing: str) -> Iterator[None]:
        """One advance()/settle() at a time (concurrent POST /_local/clock calls queue up)."""
        if not self._advance_lock.acquire(timeout=max(0.0, wall_deadline - time.monotonic())):
            raise SettleTimeout(f"VirtualClock: {doing} timed out waiting for another advance()/settle()")
        try:
            yield
        finally:
            self._advance_lock.release()

    def _advance_to(self, target_of: Callable[[datetime], datetime]) -> datetime:
        self._check_caller("advance")
        t0 = time.monotonic()
        total = None if self.advance_timeout is None else t0 + self.advance_timeout
        with self._serialized(total or t0 + self.settle_timeout, "advance()"), self._lock:
            if self._closed:
                raise ClockError("clock is closed")
            target = target_of(self._now)
            if target < self._now:
                raise ValueError(f"cannot move the clock back from {format_instant(self._now)} "
                                 f"to {format_instant(target)}")
            steps = 0
            while True:
                # Time only moves while idle, atomically with the idle check.
                step_deadline = time.monotonic() + self.settle_timeout
                doing = f"advancing to {target.isoformat()}"
                if total is not None and total < step_deadline:
                    self._wait_idle_locked(total, self.advance_timeout or 0, doing + " (advance_timeout)")
                else:
                    self._wait_idle_locked(step_deadline, self.settle_timeout, doing)
                nxt = self._next_deadline_locked()
                if nxt is None or nxt > target:
                    self._move_locked(target)
                    self.steps = steps
                    return self._now
                if nxt > self._now:
                    steps += 1
                    if steps > self.max_steps:
                        raise ClockError(f"more than {self.max_steps} distinct due times before "
                                         f"{target.isoformat()} (a tight Wait/Retry loop?); now={self._now}")
                    self._move_locked(nxt)
                self._wake_due_locked(self.wake_batch)

    def _move_locked(self, when: datetime) -> None:
        if when != self._now:
            self._now = when
            for listener in self.listeners:
                listener(when)

    def _wake_due_locked(self, limit: int = 0) -> None:
        heap, woken = self._heap, 0
        while heap and (heap[0][2].woken or heap[0][0] <= self._now):
            _, _, w = heapq.heappop(heap)
            if w.woken:
                self._stale -= 1
                continue
            self._wake_locked(w, "deadline", popped=True)
            woken += 1
            if limit and woken >= limit:
                return

    def _next_deadline_locked(self) -> datetime | None:
        heap = self._heap
        while heap and heap[0][2].woken:      # drop waiters already woken by an event
            heapq.heappop(heap)
            self._stale -= 1
        return heap[0][0] if heap else None

    def _wait_idle_locked(self, wall_deadline: float, limit: float, doing: str) -> None:
        while self._active or self._handlers:
            if self._closed:
                raise ClockError("clock is closed")
            remaining = wall_deadline - time.monotonic()
            if remaining <= 0:
                raise SettleTimeout(self._diagnose_locked(
                    f"VirtualClock: system not idle after {limit:g}s wall time while {doing}"))
            self._idle.wait(min(remaining, 1.0))

    def _check_caller(self, op: str) -> None:
        if getattr(self._tls, "tracked", False) or getattr(self._tls, "in_handler", 0):
            raise ClockError(f"clock.{op}() called from a tracked thread or a Lambda handler: "
                             "it would wait for itself (deadlock)")

    # ---------------------------------------------------- parking primitives
    def _deadline_in(self, seconds: float) -> datetime | None:
        try:
            return self._now + timedelta(seconds=seconds)
        except OverflowError:
            return None

    def _park_locked(self, deadline: datetime | None, event: Any, what: str) -> str | None:
        """Block the calling thread until woken; the caller holds self._lock."""
        tracked = getattr(self._tls, "tracked", False)
        if self._closed:
            raise ClockClosed() if tracked else ClockError("clock is closed")
        if deadline is not None and deadline <= self._now:
            return "deadline"
        w = _Waiter(self, deadline, event, what, tracked)
        self._parked.add(w)
        if deadline is not None:
            heapq.heappush(self._heap, (deadline, next(self._seq), w))
        if event is not None:
            event._waiters.append(w)
        if tracked:
            self._dec_active_locked()
        while not w.woken:
            w.cond.wait()
        if w.reason == "closed":
            raise ClockClosed() if tracked else ClockError("clock is closed")
        return w.reason

    def _wake_locked(self, w: _Waiter, reason: str, popped: bool = False) -> None:
        if w.woken:
            return
        w.woken, w.reason = True, reason
        self._parked.discard(w)
        self._pollers.discard(w)
        if w.deadline is not None and not popped:     # its heap entry is now stale
            self._stale += 1
            if self._stale > 256 and self._stale > len(self._heap) // 2:
                self._heap = [e for e in self._heap if not e[2].woken]
                heapq.heapify(self._heap)
                self._stale = 0
        if w.event is not None and reason != "set":
            with suppress(ValueError):
                w.event._waiters.remove(w)
        if w.tracked:
            self._active += 1          # the waker makes it runnable: no idle gap
        w.cond.notify()

    def _dec_active_locked(self) -> None:
        self._active -= 1
        if self._active == 0 and self._handlers == 0:
            self._idle.notify_all()

    def _poll_sleep(self, seconds: float) -> None:
        """time.sleep() of moto's .sync polling loops: park until some tracked thread has ended
        since this thread's previous poll (e.g. the child execution), never on wall time."""
        if not getattr(self._tls, "tracked", False):
            time.sleep(seconds)
            return
        with self._lock:
            if getattr(self._tls, "poll_seen", None) != self._progress:
                self._tls.poll_seen = self._progress   # something ended since: poll again now
                return
            w = _Waiter(self, None, None, ".sync poll", True)
            self._parked.add(w)
            self._pollers.add(w)
            self._dec_active_locked()
            while not w.woken:
                w.cond.wait()
            self._tls.poll_seen = self._progress
            if w.reason == "closed":
                raise ClockClosed()

    # ----------------------------------------------------------- diagnostics
    def _diagnose_locked(self, headline: str) -> str:
        parked_threads = {w.thread for w in self._parked if w.tracked}
        running = [t for t in self._threads if t not in parked_threads]
        lines = [f"{headline}; virtual now={self._now.isoformat()}",
                 f"  runnable tracked threads={self._active}, python handlers in flight="
                 f"{self._handlers} {dict(self._handler_names)}, parked={len(self._parked)}"]
        frames = sys._current_frames()
        for t in running[:10]:
            lines.append(f"  RUNNING {t.name}:")
            stack = traceback.extract_stack(frames[t.ident]) if t.ident in frames else []
            lines += [f"    {fs.filename.rsplit('/', 3)[-1]}:{fs.lineno} {fs.name}" for fs in stack[-6:]]
        for w in sorted(self._parked, key=lambda w: (w.deadline is None, w.deadline or self._now))[:20]:
            due = w.deadline.isoformat() if w.deadline else "never (event)"
            lines.append(f"  parked {w.thread.name}: {w.what} until {due}")
        return "\n".join(lines)

    # ------------------------------------------------ primitive class factories
    def _make_event_class(clock):
        class VirtualEvent:
            """threading.Event whose timeouts run on the virtual clock."""
            __slots__ = ("_flag", "_waiters")

            def __init__(self) -> None:
                self._flag = False
                self._waiters: list[_Waiter] = []

            def is_set(self) -> bool:
                return self._flag

            isSet = is_set  # noqa: N815 - threading.Event's old name

            def set(self) -> None:
                with clock._lock:
                    self._set_locked()

            def _set_locked(self) -> None:
                self._flag = True
                waiters, self._waiters = self._waiters, []
                for w in waiters:
                    clock._wake_locked(w, "set")

            def clear(self) -> None:
                with clock._lock:
                    self._flag = False

            def wait(self, timeout: float | None = None) -> bool:
                what = sys._getframe(1).f_code.co_name
                with clock._lock:
                    if self._flag:
                        return True
                    if timeout is not None and timeout <= 0:
                        return False
                    deadline = None if timeout is None else clock._deadline_in(timeout)
                    # like threading.Event: a set() (even a set(); clear() pulse) returns True
                    return clock._park_locked(deadline, self, what) == "set" or self._flag

            def _wait_until(self, deadline: datetime, what: str) -> str | None:
                with clock._lock:
                    if self._flag:
                        return "set"
                    return clock._park_locked(deadline, self, what)

        return VirtualEvent

    def _make_thread_class(clock):
        virtual_event = clock.Event

        class TrackedThread(threading.Thread):
            """Counted as runnable from start() until it ends; join() parks on the clock."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._vt_done = virtual_event()

            def start(self) -> None:
                with clock._lock:
                    if clock._closed:
                        raise (ClockClosed() if getattr(clock._tls, "tracked", False)
                               else ClockError("clock is closed"))
                    clock._active += 1        # counted before it exists: no start-up gap
                    clock._threads.add(self)
                try:
                    super().start()
                except BaseException:
                    with clock._lock:
                        clock._threads.discard(self)
                        clock._dec_active_locked()
                    raise

            def run(self) -> None:
                clock._tls.tracked = True
                try:
                    super().run()
                except ClockClosed:
                    pass                      # released by close(): end quietly
                finally:
                    _forget_tmp_thread(self)
                    with clock._lock:
                        clock._threads.discard(self)
                        self._vt_done._set_locked()      # the joiner becomes runnable first
                        clock._progress += 1
                        for w in list(clock._pollers):   # .sync pollers poll again
                            clock._wake_locked(w, "progress")
                        clock._dec_active_locked()

            def join(self, timeout: float | None = None) -> None:
                if not self._started.is_set():
                    raise RuntimeError("cannot join thread before it is started")
                if self is threading.current_thread():
                    raise RuntimeError("cannot join current thread")
                if self._vt_done.wait(timeout):   # virtual timeout (state machine TimeoutSeconds)
                    super().join()

            def join_wall(self, timeout: float) -> None:
                super().join(timeout)

        return TrackedThread

    # ------------------------------------------------------------ moto patches
    def install(self) -> None:
        """Patch moto's ASL interpreter to park on this clock. One clock per process; idempotent."""
        if self._saved:
            return
        from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl
        from moto.stepfunctions.parser.asl.component.program import program
        from moto.stepfunctions.parser.asl.component.state.exec import execute_state
        from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration import (
            inline_iteration_component,
            job,
        )
        from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration.itemprocessor import (
            map_run_record,
        )
        from moto.stepfunctions.parser.asl.component.state.exec.state_parallel import (
            branch_worker,
            branches_decl,
        )
        from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
            state_task_service_callback as cb_task,
        )
        from moto.stepfunctions.parser.asl.component.state.wait.wait_function import (
            timestamp as ts_mod,
        )
        from moto.stepfunctions.parser.asl.component.state.wait.wait_function import (
            wait_function as wf_mod,
        )
        from moto.stepfunctions.parser.asl.eval import environment
        from moto.stepfunctions.parser.asl.eval.callback import callback as cb_mod
        from moto.stepfunctions.parser.backend import execution_worker

        clock = self
        shim = _ThreadingShim(self)

        def wait_eval_body(self_: Any, env: Any) -> None:
            if isinstance(self_, ts_mod.Timestamp):      # Timestamp / TimestampPath
                self_.string.eval(env=env)
                raw = env.stack.pop()
                target = self_._from_timestamp_string(timestamp=raw)
                if target is None:
                    raise ts_mod.FailureEventException(self_._create_failure_event(env, raw))
                deadline = target.replace(tzinfo=UTC)     # absolute, exact
                what = f"Wait {type(self_).__name__}={raw}"
            else:                                        # Seconds / SecondsPath / JSONata
                seconds = self_._get_wait_seconds(env=env)
                if seconds <= 0:
                    return
                with clock._lock:
                    deadline = clock._deadline_in(seconds) or datetime.max.replace(tzinfo=UTC)
                what = f"Wait {type(self_).__name__}={seconds}s"
            interrupt = env.program_state_event
            while env.is_running() and clock.now() < deadline:
                if isinstance(interrupt, clock.Event) and not interrupt.is_set():
                    interrupt._wait_until(deadline, what)   # stop/timeout pulses wake it early
                else:
                    clock.park_until(deadline, what)

        def retry_sleep(seconds: float) -> None:
            clock.sleep(seconds, what=f"Retry backoff {seconds:g}s")

        patches = [
            (wf_mod.WaitFunction, "_eval_body", wait_eval_body),
            (retrier_decl, "time", SimpleNamespace(sleep=retry_sleep)),
            (cb_mod, "Event", self.Event),
            (execute_state, "threading", shim),
            (execute_state, "Thread", self.Thread),
            (program, "threading", shim),
            (environment, "threading", shim),
            (branch_worker, "threading", shim),
            (branches_decl, "threading", shim),
            (inline_iteration_component, "threading", shim),
            (job, "threading", shim),
            (map_run_record, "threading", shim),
            (cb_task, "threading", shim),
            (cb_task, "time", SimpleNamespace(sleep=self._poll_sleep)),
            (execution_worker, "Thread", self.Thread),
        ]
        for obj, name, value in patches:
            self._saved.append((obj, name, getattr(obj, name)))
            setattr(obj, name, value)
        self._closed = False

    def uninstall(self) -> None:
        self.close()
        for obj, name, value in reversed(self._saved):
            setattr(obj, name, value)
        self._saved.clear()

    @contextmanager
    def patch_moto(self) -> Iterator[VirtualClock]:
        self.install()
        try:
            yield self
        finally:
            self.uninstall()


def _forget_tmp_thread(thread: threading.Thread) -> None:
    """moto appends every interpreter thread to a global list it never prunes."""
    try:
        from moto.stepfunctions.parser.utils import TMP_THREADS
        TMP_THREADS.remove(thread)
    except (ImportError, ValueError):
        pass
