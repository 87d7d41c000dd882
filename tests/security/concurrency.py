"""N callers at once, over HTTP: the harness of issue 6 part 2.

`at_once(n, base_url, action)` starts n threads, each with its own keep-alive HttpClient (its own
connection, so the local stack serves them in parallel), holds them at a barrier and releases them
together; it returns what each action returned, in thread order. No sleeping: the barrier and the
joins have wall-clock limits only to turn a hang into a failure.

On top of it, the three questions part 2 asks of any route:

* `identical_submissions`: n identical requests with one Idempotency-Key -> one resource, every
  answer the first one or a documented 409;
* `concurrent_callbacks`: n deliveries of the same partner event -> applied once;
* `concurrent_updates`: n different changes of one resource -> each either applied (and visible
  afterwards) or refused with a 409; never an acknowledged change that is lost.
"""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from local_stack.testing import HttpClient, Response

T = TypeVar("T")
WALL_LIMIT = 60.0


def at_once(n: int, base_url: str, action: Callable[[HttpClient, int], T]) -> list[T]:
    barrier = threading.Barrier(n, timeout=WALL_LIMIT)
    results: list[Any] = [None] * n
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            with HttpClient(base_url, timeout=WALL_LIMIT) as client:
                client.get("/_local/health")          # connect before the barrier: all start together
                barrier.wait()
                results[index] = action(client, index)
        except BaseException as exc:  # reported below, with the others
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,), name=f"at-once-{i}") for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WALL_LIMIT)
    if any(t.is_alive() for t in threads):
        raise AssertionError(f"{sum(t.is_alive() for t in threads)} of {n} callers still running")
    if errors:
        raise errors[0]
    return results


@dataclass
class Outcome:
    """What n concurrent calls gave: statuses, distinct bodies, and the counts of issue 6."""
    answers: list[Response]
    created: Sequence[str] = ()                 # ids of what exists afterwards (for duplicates)
    applied: int = 0                            # effects visible afterwards
    acknowledged: int = 0                       # 2xx answers that promised an effect
    problems: list[str] = field(default_factory=list)

    @property
    def statuses(self) -> Counter[int]:
        return Counter(a.status for a in self.answers)

    @property
    def duplicates(self) -> int:
        return max(0, len(self.created) - 1)

    @property
    def losses(self) -> int:
        return max(0, self.acknowledged - self.applied)


def identical_submissions(base_url: str, path: str, body: Any, headers: dict[str, str], *, n: int = 50,
                          resource_id: Callable[[Any], str],
                          existing: Callable[[], Sequence[str]]) -> Outcome:
    """n identical POSTs with one Idempotency-Key: afterwards exactly one new resource, every 2xx answer
    identical to the first, the others a documented 409 (the first request is still running)."""
    before = set(existing())
    answers = at_once(n, base_url, lambda client, _: client.post(path, body, headers=headers))
    created = sorted(set(existing()) - before)
    outcome = Outcome(answers, created=created, acknowledged=1 if any(a.status < 300 for a in answers) else 0,
                      applied=1 if created else 0)
    successes = [a for a in answers if a.status < 300]
    if len({repr(a.body) for a in successes}) > 1:
        outcome.problems.append(f"{len({repr(a.body) for a in successes})} different 2xx answers")
    ids = {resource_id(a.body) for a in successes}
    if successes and ids != set(created):
        outcome.problems.append(f"answered ids {sorted(ids)} but created {created}")
    others = {s for s in outcome.statuses if s >= 300 and s != 409}
    if others:
        outcome.problems.append(f"statuses other than 2xx and 409: {dict(outcome.statuses)}")
    if not successes:
        outcome.problems.append(f"no caller got the resource: {dict(outcome.statuses)}")
    return outcome


def concurrent_callbacks(base_url: str, path: str, body: Any, headers: dict[str, str], *, n: int = 20,
                         effects: Callable[[], int]) -> Outcome:
    """n deliveries of one partner event: the effect counted once, every answer 2xx or 409."""
    before = effects()
    answers = at_once(n, base_url, lambda client, _: client.post(path, body, headers=headers))
    applied = effects() - before
    outcome = Outcome(answers, created=["x"] * applied, applied=applied,
                      acknowledged=1 if any(a.status < 300 for a in answers) else 0)
    if {s for s in outcome.statuses if s >= 300 and s != 409}:
        outcome.problems.append(f"statuses other than 2xx and 409: {dict(outcome.statuses)}")
    if applied != 1:
        outcome.problems.append(f"the event was applied {applied} times")
    return outcome


def concurrent_updates(base_url: str, requests: Sequence[tuple[str, Any, dict[str, str]]], *,
                       applied: Callable[[], int]) -> Outcome:
    """Different changes of one resource at once: as many changes visible afterwards (`applied()`) as
    2xx answers — none lost, none applied behind a refusal — and every refusal a 409."""
    before = applied()
    answers = at_once(len(requests), base_url,
                      lambda client, i: client.post(requests[i][0], requests[i][1], headers=requests[i][2]))
    acknowledged = sum(1 for a in answers if a.status < 300)
    visible = applied() - before
    outcome = Outcome(answers, created=["x"] * max(1, visible - acknowledged + 1), acknowledged=acknowledged,
                      applied=min(visible, acknowledged))
    if {s for s in outcome.statuses if s >= 300 and s != 409}:
        outcome.problems.append(f"statuses other than 2xx and 409: {dict(outcome.statuses)}")
    if visible != acknowledged:
        outcome.problems.append(f"{acknowledged} changes acknowledged, {visible} visible afterwards")
    if not acknowledged:
        outcome.problems.append("no change was applied")
    return outcome
