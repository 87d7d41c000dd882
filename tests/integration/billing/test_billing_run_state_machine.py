"""The weekly billing run: statemachines/nowjobs_billing.asl.json executed by moto on the virtual clock,
its Lambda tasks the real handlers. Exactly once: a retried step, a run that crashed midway and is run
again, and two overlapping runs each bill every hour once."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import date
from typing import Any

import pytest
from msgspec.structs import replace

from extra_services.billing import run as billing_run
from extra_services.nowjobs.contract_service import ContractService
from tests.integration.billing.conftest import on_thursday
from tests.integration.billing.support import (
    BILLING_RUN,
    FLEXI,
    STUDENT,
    WEEK,
    Company,
    Seeder,
    World,
)

PATH_OK = ["Plan", "BillCompanies", "Report", "EveryCompanyBilled", "Billed"]


def seeded(world: World, companies: int, shifts: int) -> tuple[list[Company], dict[str, set[str]]]:
    """Companies with confirmed hours of WEEK (the stack starts on Thursday 12 March before the run)."""
    seeder = Seeder(world, world.company())
    made = [seeder.company() for _ in range(companies)]
    hours = {c.company_id: {t.shift_id for t in seeder.confirmed_hours(c, shifts)} for c in made}
    return made, hours


def assert_billed_once(world: World, companies: list[Company], hours: dict[str, set[str]]) -> None:
    """One invoice per company holding exactly its hours; every hour out of UnbilledByWeek, on that invoice."""
    for company in companies:
        [invoice] = world.billed_invoices(company)
        lines = [line["shiftId"] for line in invoice["lines"]]
        assert Counter(lines) == Counter(hours[company.company_id])
    assert world.unbilled() == []
    communications = [i["structuredCommunication"] for c in companies for i in world.billed_invoices(c)]
    assert len(set(communications)) == len(communications)


class Fault:
    """ContractService.mark_billed failing from its `after`-th call on, `times` times (None: for good)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, after: int, times: int | None) -> None:
        self.calls, self.failed, self.after, self.times = 0, 0, after, times
        self.lock = threading.Lock()
        original = ContractService.mark_billed

        def mark_billed(service: ContractService, timesheet: Any, invoice_id: str) -> None:
            with self.lock:
                self.calls += 1
                crash = self.calls >= self.after and (self.times is None or self.failed < self.times)
                self.failed += crash
            if crash:
                raise RuntimeError("the billing function crashed")
            original(service, timesheet, invoice_id)

        monkeypatch.setattr(ContractService, "mark_billed", mark_billed)


def test_thursday_schedule_bills_the_past_week_once_per_company_as_quoted(world: World) -> None:
    flexi_via_mobile = world.company(acquisition="MOBILE")
    student_company = world.company(scheme="CORE")
    hires = [(flexi_via_mobile, world.hire(flexi_via_mobile, FLEXI)),
             (student_company, world.hire(student_company, STUDENT))]
    world.work_the_week(hires)

    world.stack.clock.set(BILLING_RUN)

    first_thursday, billing_thursday = world.runs()
    assert first_thursday["startDate"].isoformat() == "2026-03-05T05:00:00+00:00"   # 06:00 Brussels, nothing due
    assert billing_thursday["startDate"].isoformat() == "2026-03-12T05:00:00+00:00"
    assert world.execution(billing_thursday["executionArn"])["status"] == "SUCCEEDED"
    assert world.path(billing_thursday["executionArn"]) == PATH_OK
    [flexi_invoice] = world.invoices(flexi_via_mobile)
    [student_invoice] = world.invoices(student_company)
    for (company, contract_id), invoice in zip(hires, (flexi_invoice, student_invoice), strict=True):
        assert (invoice["periodStart"], invoice["periodEnd"], invoice["issuedOn"]) == (
            "2026-03-02", "2026-03-08", "2026-03-12")
        assert [(line["workedOn"], line["hours"]) for line in invoice["lines"]] == [
            ("2026-03-03", "7.50"), ("2026-03-04", "4.00")]
        assert invoice["subtotal"] == world.quote_total(company, contract_id)    # the quote shown before hiring
        assert invoice["structuredCommunication"].startswith("+++")
        assert invoice["collection"]["status"] == "PRENOTIFIED"
        assert (invoice["collection"]["dueOn"], invoice["collection"]["sequenceType"]) == ("2026-03-26", "FRST")
    assert (flexi_invoice["subtotal"], flexi_invoice["discount"], flexi_invoice["total"]) == (
        "229.08", "50.00", "179.08")                                            # the welcome discount, once
    assert (student_invoice["discount"], student_invoice["collection"]["scheme"]) == ("0.00", "CORE")
    assert world.unbilled() == []
    assert len(world.outbox("NOWJOBS_INVOICE")) == 2


@on_thursday
def test_a_run_that_crashes_midway_and_is_rerun_bills_every_hour_exactly_once(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    companies, hours = seeded(world, companies=4, shifts=3)
    monkeypatch.setattr(billing_run, "PAGE_SHIFTS", 1)
    fault = Fault(monkeypatch, after=5, times=None)              # the 5th hour marked crashes, and every one after

    crashed = world.start_run("crashed")
    world.stack.clock.advance("PT10M")                           # the machine's retries, on the virtual clock

    assert world.execution(crashed)["status"] == "FAILED"
    assert world.path(crashed)[-1] == "RunFailed"
    assert 0 < len(world.unbilled()) < 12                        # stopped midway: some hours billed, some not
    assert fault.failed > 0
    monkeypatch.undo()                                           # the function is fixed; the batches stay small
    monkeypatch.setattr(billing_run, "PAGE_SHIFTS", 1)

    rerun = world.start_run("rerun")
    world.stack.clock.settle()

    assert world.execution(rerun)["status"] == "SUCCEEDED"
    assert_billed_once(world, companies, hours)
    assert '"invoicesCompleted": 0' not in world.execution(rerun)["output"]  # it finished the crashed run's invoice


@on_thursday
def test_a_transient_failure_is_retried_by_the_machine_without_billing_twice(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    companies, hours = seeded(world, companies=3, shifts=2)
    fault = Fault(monkeypatch, after=3, times=1)

    arn = world.start_run("retried")
    world.stack.clock.advance("PT1M")

    assert fault.failed == 1
    assert world.execution(arn)["status"] == "SUCCEEDED"
    assert_billed_once(world, companies, hours)


@on_thursday
def test_two_overlapping_runs_bill_each_hour_once(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    companies, hours = seeded(world, companies=6, shifts=3)
    monkeypatch.setattr(billing_run, "PAGE_SHIFTS", 2)

    first, second = world.start_run("first"), world.start_run("second")
    world.stack.clock.settle()

    assert [world.execution(arn)["status"] for arn in (first, second)] == ["SUCCEEDED", "SUCCEEDED"]
    assert_billed_once(world, companies, hours)


@on_thursday
def test_a_rerun_after_a_complete_run_bills_nothing(world: World) -> None:
    companies, hours = seeded(world, companies=2, shifts=2)
    world.stack.clock.set(BILLING_RUN)                           # the schedule's run

    again = world.start_run("again", week=WEEK)
    world.stack.clock.settle()

    assert world.execution(again)["status"] == "SUCCEEDED"
    assert '"invoicesIssued": 0' in world.execution(again)["output"]
    assert_billed_once(world, companies, hours)


@on_thursday
def test_a_company_without_a_valid_mandate_gets_its_invoice_but_no_collection(world: World) -> None:
    seeder = Seeder(world, world.company())
    lapsed = seeder.company()
    company = seeder.repository.get_company(lapsed.company_id)
    assert company is not None
    old = replace(company.mandate, mandate=replace(company.mandate.mandate, signed_on=date(2022, 1, 10)))
    seeder.repository.save_company(replace(company, mandate=old))      # unused for 36 months: lapsed
    seeder.confirmed_hours(lapsed, 2)

    arn = world.start_run("lapsed")
    world.stack.clock.settle()

    assert world.execution(arn)["status"] == "SUCCEEDED"
    [invoice] = world.billed_invoices(lapsed)
    assert (invoice["status"], invoice["statusReason"], invoice.get("collectionId")) == (
        "AWAITING_MANDATE", "MANDATE_LAPSED", None)
    assert world.to_submit() == []
    [email] = world.outbox("NOWJOBS_INVOICE")
    assert "no longer valid" in email["body"]


@on_thursday
def test_a_company_that_cannot_be_billed_fails_the_run_after_the_others_are_billed(world: World) -> None:
    companies, _ = seeded(world, companies=2, shifts=2)
    seeder = Seeder(world, companies[0])
    ghost = Company("company-that-does-not-exist", "C-NOBODY", "0403170701", "BE68539007547034")
    seeder.confirmed_hours(ghost, 1)

    arn = world.start_run("with-a-ghost")
    world.stack.clock.advance("PT1M")

    assert world.execution(arn)["status"] == "FAILED"
    assert world.path(arn)[-1] == "SomeCompaniesNotBilled"
    for company in companies:
        assert len(world.billed_invoices(company)) == 1
    assert [row["companyId"] for row in world.unbilled()] == ["company-that-does-not-exist"]
