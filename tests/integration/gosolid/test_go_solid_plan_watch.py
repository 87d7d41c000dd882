"""The plan watch (CollectionService.watch_plans, run hourly by a schedule) under moto: a plan missed
mid-way is recorded and its waiting workflow resumed once, whatever the retries and overlaps; a
crash between the write and the resume is made good by the next run; one failing case holds up no
other. Calendar of gosolid_builders: served Wednesday 18 March 2026, the month runs to 20 April."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from extra_services.caller import Channel
from extra_services.gosolid.case import Case, CaseStatus, PlanStatus, TimelineType, WaitStage
from extra_services.gosolid.collection_service import CollectionService, PlanWatchIncomplete
from extra_services.gosolid.feeds import feed_event
from extra_services.gosolid.repository import CaseRepository
from tests.integration.gosolid.conftest import World
from tests.unit.gosolid.gosolid_builders import ACCEPTED_AT, CREDITOR, DEBTOR, SUBMITTED_AT, event, request

AGREED_AT = datetime(2026, 3, 25, 10, tzinfo=UTC)
GRACE_END = datetime(2026, 4, 14, 22, tzinfo=UTC)      # 1st due Friday 10 April, grace until Tuesday 14 April
WATCH_RUN = GRACE_END + timedelta(minutes=5)


def case_with_plan(world: World, token: str) -> str:
    """A served case whose debtor agreed two instalments (10 April, 11 May); its workflow waits on the plan."""
    world.clock.at = SUBMITTED_AT
    facts_at = datetime(2026, 3, 1, tzinfo=UTC)
    for number in (CREDITOR, DEBTOR):
        world.facts.put_fact(feed_event("EnterpriseRegistryChanged", {
            "enterpriseNumber": number, "name": "X", "status": "ACTIVE", "kind": "COMPANY", "country": "BE"}, facts_at))
    world.facts.put_fact(feed_event("CreditRiskChanged", {"enterpriseNumber": DEBTOR, "score": 80}, facts_at))
    case_id = world.service.submit("C-1", Channel.MOBILE, request()).case_id
    world.clock.at = ACCEPTED_AT
    world.collection.screen(case_id)
    world.clock.at = datetime(2026, 3, 18, 15, tzinfo=UTC)
    world.partner.apply_partner_event(case_id, event("SUMMONS_SERVED", servedOn="2026-03-18"))
    world.clock.at = AGREED_AT
    owed = world.repository.load(case_id).outstanding
    world.partner.apply_partner_event(case_id, event("PAYMENT_PLAN_AGREED", installments=[
        {"dueOn": "2026-04-10", "amount": "300.00"}, {"dueOn": "2026-05-11", "amount": str(owed - 300)}]))
    world.collection.wait_for(case_id, WaitStage.PLAN, token)
    return case_id


def missed_count(case: Case) -> int:
    return sum(1 for entry in case.timeline if entry.type is TimelineType.INSTALMENT_MISSED)


def test_a_plan_missed_mid_way_resumes_its_wait_once_and_a_second_run_changes_nothing(world: World) -> None:
    case_id = case_with_plan(world, "t-plan")
    world.clock.at = GRACE_END - timedelta(seconds=1)
    assert world.collection.watch_plans().looked_at == 0
    assert world.repository.load(case_id).status is CaseStatus.PAYMENT_PLAN

    world.clock.at = WATCH_RUN
    run = world.collection.watch_plans()
    case = world.repository.load(case_id)
    assert (run.looked_at, run.plans_missed) == (1, [case_id])
    assert (case.status, case.payment_plan.status) == (CaseStatus.SUMMONS_SERVED, PlanStatus.MISSED)
    assert world.workflows.tokens()[-1] == "t-plan"
    assert world.workflows.resumed[-1][1]["nextStep"] == "AWAIT_DEBTOR"        # the debtor's month still runs
    assert (case.task, case.pending_resume, case.pending_events) == (None, None, ())

    published, resumed = list(world.events.published), list(world.workflows.resumed)
    world.clock.advance(hours=1)
    assert world.collection.watch_plans().looked_at == 0
    assert world.repository.load(case_id) == case                              # same version: nothing written
    assert (world.events.published, world.workflows.resumed) == (published, resumed)
    assert world.events.types().count("InstalmentMissed") == 1


def test_overlapping_runs_record_the_miss_once_and_resume_once(world: World) -> None:
    case_id = case_with_plan(world, "t-plan")
    world.clock.at = WATCH_RUN
    other_run = CollectionService(CaseRepository(world.repository.table), world.clock, world.events,
                                  world.workflows)

    class OverlappedRepository(CaseRepository):
        """Between this run's read and its write, another run checks every plan."""

        overlapped = False

        def save(self, case: Case) -> Case:
            if not self.overlapped:
                self.overlapped = True
                assert other_run.watch_plans().plans_missed == [case_id]
            return super().save(case)

    world.collection.repository = OverlappedRepository(world.repository.table)
    world.collection.watch_plans()             # loses the race, retries from a fresh read: nothing left to do

    case = world.repository.load(case_id)
    assert missed_count(case) == 1
    assert world.events.types().count("InstalmentMissed") == 1
    assert world.workflows.tokens().count("t-plan") == 1
    assert world.workflows.refused == []


def test_a_resume_left_undelivered_by_a_crash_is_made_good_by_the_next_run_and_holds_up_no_other_case(
        world: World) -> None:
    first, second = case_with_plan(world, "t-first"), case_with_plan(world, "t-second")
    world.clock.at = WATCH_RUN
    world.events.failures_to_come = 1       # the bus fails once: after the write, before the resume

    with pytest.raises(PlanWatchIncomplete) as incomplete:
        world.collection.watch_plans()
    run = incomplete.value.run
    [crashed] = run.failed
    [done] = {first, second} - {crashed}
    assert (run.looked_at, run.failed[crashed], run.plans_missed) == (2, "RuntimeError", [done])
    stuck = world.repository.load(crashed)
    assert (stuck.status, stuck.pending_resume is not None) == (CaseStatus.SUMMONS_SERVED, True)
    assert world.workflows.tokens() == ["t-" + ("first" if done == first else "second")]

    world.clock.advance(hours=1)
    assert world.collection.watch_plans().plans_missed == [crashed]
    assert sorted(world.workflows.tokens()) == ["t-first", "t-second"]
    assert world.events.types().count("InstalmentMissed") == 2               # one per case
    assert all(missed_count(world.repository.load(case_id)) == 1 for case_id in (first, second))
    world.clock.advance(hours=1)
    assert world.collection.watch_plans().looked_at == 0


def test_a_run_out_of_time_leaves_the_rest_for_the_next_run(world: World) -> None:
    first, second = case_with_plan(world, "t-first"), case_with_plan(world, "t-second")
    world.clock.at = WATCH_RUN
    budget = iter([True, False])
    run = world.collection.watch_plans(keep_going=lambda: next(budget))
    assert (run.looked_at, run.stopped_early) == (1, True)
    assert sorted(world.collection.watch_plans().plans_missed + run.plans_missed) == sorted([first, second])
