"""Partner simulators for the local stack (LOCAL_SIMULATORS=on, the default).

A simulator plays a partner (the bailiff, the payment engine, NOWJOBS, the bank) exactly as the
real one would: it receives the domain events addressed to that partner from the bus (a rule with
a local target), waits some virtual time, then calls the partner's HTTP route with a partner
token. No shortcut into the application's code: the production path is what runs."""
from __future__ import annotations

from collections.abc import Callable

from local_stack.simulators import bank, gosolid, nowjobs
from local_stack.simulators.partner import PartnerSimulators

__all__ = ["PartnerSimulators", "install_simulators"]


def install_simulators(simulators: PartnerSimulators) -> None:
    """Each context's simulators register their reactions here (Go Solid, NOWJOBS, bank)."""
    for install in INSTALLERS:
        install(simulators)


INSTALLERS: list[Callable[[PartnerSimulators], None]] = [gosolid.install, nowjobs.install, bank.install]
