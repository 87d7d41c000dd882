"""The weekly run at scale on the local stack: the same code, the same Distributed Map. By default 300
shifts across 30 companies (two pages of the week) keep the suite quick; BILLING_SCALE=full runs the
Performance issue's week, 10,000 confirmed shifts across 1,000 companies (40 pages), and prints the timings."""
from __future__ import annotations

import os
import time

from tests.integration.billing.conftest import on_thursday
from tests.integration.billing.support import Seeder, World

FULL = os.environ.get("BILLING_SCALE") == "full"
COMPANIES = 1_000 if FULL else 30
SHIFTS_PER_COMPANY = 10


@on_thursday
def test_a_large_week_is_billed_in_one_run_once_per_company(world: World) -> None:
    t0 = time.perf_counter()
    seeder = Seeder(world, world.company())
    companies = [seeder.company() for _ in range(COMPANIES)]
    for company in companies:
        seeder.confirmed_hours(company, SHIFTS_PER_COMPANY)
    seeded = time.perf_counter()

    world.stack.clock.settle_timeout = 3600                      # wall seconds: a large week takes minutes
    arn = world.start_run("large-week")
    world.stack.clock.settle()
    while world.execution(arn)["status"] == "RUNNING":           # a step waiting for its retry's backoff
        world.stack.clock.advance("PT1M")
    billed = time.perf_counter()

    assert world.execution(arn)["status"] == "SUCCEEDED"
    output = world.execution(arn)["output"]
    assert f'"companies": {COMPANIES}' in output and f'"invoicesIssued": {COMPANIES}' in output
    assert f'"shiftsBilled": {COMPANIES * SHIFTS_PER_COMPANY}' in output
    assert world.unbilled() == []
    for company in companies[:: max(1, COMPANIES // 20)]:
        [invoice] = world.billed_invoices(company)
        assert len(invoice["lines"]) == SHIFTS_PER_COMPANY
    print(f"\n{COMPANIES * SHIFTS_PER_COMPANY} shifts, {COMPANIES} companies: seeded in {seeded - t0:.1f} s, "
          f"billed in {billed - seeded:.1f} s ({COMPANIES * SHIFTS_PER_COMPANY / (billed - seeded):.0f} shifts/s)")
