"""The mechanism every simulator uses: react to bus events, act later over HTTP."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from local_stack.testing import HttpClient

if TYPE_CHECKING:
    from local_stack.application import Application

log = logging.getLogger("local_stack.simulators")


@dataclass(frozen=True)
class Call:
    """What a simulator did: for the demo's timeline and for tests."""

    at: datetime
    partner: str
    method: str
    path: str
    body: Any
    status: int


class Partner:
    """What a simulator's reaction may do: call its partner routes now or at a later virtual time."""

    def __init__(self, simulators: PartnerSimulators, name: str) -> None:
        self._simulators = simulators
        self.name = name

    @property
    def now(self) -> datetime:
        return self._simulators.app.stack.clock.now()

    def call(self, method: str, path: str, body: Any = None) -> Any:
        return self._simulators.call(self.name, method, path, body)

    def call_at(self, when: datetime, method: str, path: str, body: Any = None) -> None:
        """Park a tracked thread until `when` (virtual), then call: in-flight work for the clock."""
        clock = self._simulators.app.stack.clock

        def later() -> None:
            wait = (when - clock.now()).total_seconds()
            if wait > 0:
                clock.sleep(wait, what=f"simulator {self.name}: {method} {path}")
            self.call(method, path, body)

        clock.Thread(target=later, name=f"simulator:{self.name}", daemon=True).start()

    def call_after(self, delay: timedelta, method: str, path: str, body: Any = None) -> None:
        self.call_at(self.now + delay, method, path, body)


Reaction = Callable[[dict[str, Any], Partner], None]


class PartnerSimulators:
    def __init__(self, app: Application) -> None:
        self.app = app
        self.calls: list[Call] = []

    def react(self, name: str, partner: str, pattern: dict[str, Any], reaction: Reaction) -> None:
        """On every bus event matching `pattern`, run reaction(event, partner) as a local target."""
        stack = self.app.stack
        function_name = f"LocalSimulator{name}"
        actor = Partner(self, partner)

        def handler(event: dict[str, Any], _context: Any) -> dict[str, str]:
            reaction(event, actor)
            return {"simulated": name}

        stack.registry.register(function_name, handler)
        events = stack.client("events")
        bus = stack.bus_name()
        events.put_rule(Name=function_name, EventBusName=bus, EventPattern=json.dumps(pattern), State="ENABLED")
        events.put_targets(Rule=function_name, EventBusName=bus, Targets=[{
            "Id": "simulator",
            "Arn": f"arn:aws:lambda:{stack.region}:{stack.account}:function:{function_name}"}])

    def call(self, partner: str, method: str, path: str, body: Any = None) -> Any:
        # A token minted now (one minted earlier expires in virtual time) and a client per call
        # (simulator threads woken at the same instant call concurrently).
        token = self.app.partner_token(partner)
        with HttpClient(self.app.url, headers={"Authorization": f"Bearer {token}"}) as client:
            answer = client.request(method, path, body)
        self.calls.append(Call(self.app.stack.clock.now(), partner, method, path, body, answer.status))
        if answer.status >= 400:
            log.warning("simulator %s: %s %s -> %s %s", partner, method, path, answer.status, answer.body)
        return answer

    def close(self) -> None:
        """Nothing held between calls; kept for the application's shutdown."""
