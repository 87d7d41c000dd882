"""`make demo` (local_stack/demo.py): both journeys reach their outcome on a fresh local stack, and the
timeline it prints tells their key steps in order, with no personal data beyond the demo personas'."""
from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from local_stack.demo import GO_SOLID, NOWJOBS, START, DemoResult, print_timeline, run_demo


@pytest.fixture(scope="module")
def demo() -> DemoResult:
    return run_demo()


@pytest.fixture(scope="module")
def printed(demo: DemoResult) -> str:
    out = io.StringIO()
    print_timeline(demo, out)
    return out.getvalue()


def in_order(keys: list[str], wanted: list[str]) -> list[str]:
    """The wanted keys missing from `keys`, or out of order."""
    rest = iter(keys)
    return [key for key in wanted if key not in rest]


def test_the_go_solid_case_goes_from_submission_to_paid(demo: DemoResult) -> None:
    assert demo.go_solid_status == "PAID"
    assert in_order(demo.keys(GO_SOLID), [
        "quote", "submit-case", "CaseAccepted", "SummonsRequested", "SUMMONS_SERVED", "SummonsServed",
        "DEBTOR_PAYMENT", "PaymentForwarded", "CaseClosed", "read-case"]) == []


def test_the_nowjobs_week_goes_from_registration_to_a_settled_direct_debit(demo: DemoResult) -> None:
    assert (demo.invoice_status, demo.collection_status) == ("PAID", "SETTLED")
    assert in_order(demo.keys(NOWJOBS), [
        "register-company", "CompanyRegistered", "VERIFIED", "ACTIVATED", "CompanyActivated", "publish-offer",
        "JobOfferPublished", "invite", "open-invitation", "APPLIED", "propose-contract", "ContractProposed",
        "ACCEPTED", "DimonaRequested", "DIMONA_CONFIRMED", "confirm-hours", "HoursConfirmed", "InvoiceIssued",
        "DirectDebitBatchSubmitted", "BANK_SETTLED", "DirectDebitSettled", "read-invoice"]) == []


def test_the_timeline_runs_forward_in_virtual_time_from_monday_2_march(demo: DemoResult) -> None:
    moments = [step.at for step in demo.steps]
    assert moments == sorted(moments)
    assert moments[0] == START and moments[-1] < datetime(2026, 3, 27, tzinfo=UTC)
    assert next(s for s in demo.steps if s.key == "InvoiceIssued").at == datetime(2026, 3, 12, 5, 0, tzinfo=UTC)
    assert next(s for s in demo.steps if s.key == "BANK_SETTLED").at == datetime(2026, 3, 26, 9, 0, tzinfo=UTC)


def test_the_printed_timeline_reads_as_two_stories_without_personal_data(printed: str) -> None:
    assert "outcome: case PAID" in printed
    assert "outcome: invoice PAID, direct debit SETTLED" in printed
    assert "Mon 02/03/2026 09:00  Bart (CBC Mobile)" in printed          # Brussels time, the actor, what
    for personal in ("@", "+32", "BE68", "5390"):                       # e-mail, phone, IBAN of the registration
        assert personal not in printed
