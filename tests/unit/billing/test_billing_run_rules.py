"""Which weeks a run bills, how it cuts them for the Map state, the batch ids, the stored shapes and the
bank's message (pure: run.py, run_tasks.py, batch.py, records.py, api_models.py)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from extra_services.billing import records
from extra_services.billing.api_models import DirectDebitResultsIn
from extra_services.billing.batch import CollectionBatch, batch_id_for
from extra_services.billing.billable import BillableLine
from extra_services.billing.calendar import InvoicingWeek
from extra_services.billing.collection import prenotify
from extra_services.billing.invoice import Invoice
from extra_services.billing.ledger import BilledInvoice
from extra_services.billing.mandate import Mandate, Scheme
from extra_services.billing.plan import latest_billable_week, weeks_to_bill
from extra_services.billing.run import LISTED_FAILURES, BatchResult, Failure
from extra_services.billing.run_tasks import BillTask, PlanTask, ReportTask, parse_task
from extra_services.billing.statuses import InvoiceStatus
from extra_services.billing.structured_communication import structured_communication_digits
from extra_services.errors import InvalidInput

MakeMandate = Callable[..., Mandate]


@pytest.mark.parametrize(("today", "monday"), [
    (date(2026, 3, 12), date(2026, 3, 2)),    # the Thursday run bills the week before last Monday
    (date(2026, 3, 13), date(2026, 3, 2)),    # a late run, Friday: the same week
    (date(2026, 3, 11), date(2026, 2, 23)),   # Wednesday: that week's invoice day is tomorrow
])
def test_a_run_bills_the_newest_week_whose_invoice_thursday_has_come(today: date, monday: date) -> None:
    assert latest_billable_week(today).monday == monday


def test_a_run_also_looks_at_four_earlier_weeks_for_hours_confirmed_late() -> None:
    assert [w.monday for w in weeks_to_bill(date(2026, 3, 12))] == [
        date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 16), date(2026, 2, 23), date(2026, 3, 2)]


def test_a_week_asked_for_by_hand_must_be_a_monday_whose_invoice_day_has_come() -> None:
    assert weeks_to_bill(date(2026, 3, 12), date(2026, 3, 2)) == [InvoicingWeek(date(2026, 3, 2))]
    for wrong, code in ((date(2026, 3, 3), "NOT_A_MONDAY"), (date(2026, 3, 9), "WEEK_NOT_YET_BILLABLE")):
        with pytest.raises(InvalidInput) as refused:
            weeks_to_bill(date(2026, 3, 12), wrong)
        assert refused.value.code == code


def test_batch_ids_name_the_day_scheme_and_due_date_and_fit_a_sepa_message_id() -> None:
    batch_id = batch_id_for(date(2026, 3, 24), Scheme.CORE, date(2026, 3, 26), 1)

    assert batch_id == "NJDD-20260324-CORE-20260326-01"
    assert len(batch_id) <= 35


def test_invoices_collections_and_batches_read_back_as_written(make_mandate: MakeMandate) -> None:
    line = BillableLine("W-1", "C-1#2026-03-03T08:00:00Z", date(2026, 3, 3), Decimal("7.50"), Decimal("105.00"),
                        Decimal("29.40"), Decimal("15.00"), is_flexi_job=True)
    collection = prenotify(invoice_id="i-1", company_id="c-1", attempt=1, amount=Decimal("99.40"),
                           structured_communication=structured_communication_digits(7),
                           mandate=make_mandate(debtor_bic="GKCCBEBB"), earlier=(), prenotified_on=date(2026, 3, 12))
    invoice = BilledInvoice(Invoice("i-1", "c-1", InvoicingWeek(date(2026, 3, 2)), (line,),
                                    structured_communication_digits(7), Decimal("50.00"), "NJ50-ABCD-EFGH"),
                            1, "0403170701", "Brasserie", "a@b.be", datetime(2026, 3, 12, 5, tzinfo=UTC),
                            InvoiceStatus.UNPAID, collection_id=collection.end_to_end_id, attempts=1,
                            first_attempt=collection)
    batch = CollectionBatch("NJDD-20260324-B2B-20260326-01", date(2026, 3, 26), Scheme.B2B,
                            datetime(2026, 3, 24, 6, tzinfo=UTC))

    assert records.invoice_from(records.invoice_attrs(invoice)) == invoice
    assert records.collection_from(records.collection_attrs(collection)) == collection
    assert records.batch_from(records.batch_attrs(batch)) == batch
    assert records.invoice_from(records.invoice_attrs(invoice)).invoice.total == Decimal("99.40")


def results(**result: Any) -> dict[str, Any]:
    return {"batchId": "NJDD-20260324-B2B-20260326-01", "results": [{"endToEndId": "NJ-ABC", **result}]}


def test_a_bank_message_is_settled_or_returned_with_an_iso_reason() -> None:
    settled = DirectDebitResultsIn.model_validate(results(status="SETTLED"))
    returned = DirectDebitResultsIn.model_validate(results(status="RETURNED", reasonCode="AM04"))

    assert (settled.results[0].status, returned.results[0].reason_code) == ("SETTLED", "AM04")
    for bad in (results(status="RETURNED"), results(status="RETURNED", reasonCode="XX00"),
                results(status="SETTLED", reasonCode="AM04"), results(status="REJECTED")):
        with pytest.raises(ValidationError):
            DirectDebitResultsIn.model_validate(bad)


def test_the_state_machine_payloads_parse_into_their_tasks() -> None:
    plan = parse_task({"action": "PLAN", "input": {"scheduledAt": "2026-03-12T05:00:00Z"}})
    assert isinstance(plan, PlanTask) and plan.input.week is None
    first = parse_task({"action": "BILL", "week": "2026-03-02"})
    assert isinstance(first, BillTask) and (first.week, first.after, first.totals.to_domain()) == (
        date(2026, 3, 2), None, BatchResult())
    after = {"unbilledSk": "c-1#k-1#2026-03-03T08:00:00Z", "pk": "CONTRACT#k-1", "sk": "TIMESHEET#2026-03-03T08:00:00Z"}
    later = parse_task({"action": "BILL", "week": "2026-03-02", "after": after,
                        "totals": {"companies": 25, "invoicesIssued": 25, "failed": 80, "failures": []}})
    assert isinstance(later, BillTask) and later.after == after and later.totals.to_domain().failed == 80
    report = parse_task({"action": "REPORT", "results": [{"companies": 1, "invoicesIssued": 1, "failures": []}]})
    assert isinstance(report, ReportTask) and report.results[0].to_domain().invoices_issued == 1
    with pytest.raises(ValidationError):
        parse_task({"action": "SUBMIT"})


def test_a_run_counts_every_failure_but_names_only_the_first_ones_in_its_state() -> None:
    failures = [Failure(f"c-{i}", date(2026, 3, 2), "COMPANY_NOT_FOUND", "gone") for i in range(LISTED_FAILURES)]
    week = BatchResult.of(LISTED_FAILURES, [], failures)
    run = BatchResult.total([week, BatchResult.of(1, [], [Failure("c-x", date(2026, 2, 23), "X", "y")])])

    assert (run.companies, run.failed, len(run.failures)) == (LISTED_FAILURES + 1, LISTED_FAILURES + 1,
                                                              LISTED_FAILURES)
    assert run.metrics()["NowjobsBillingFailures"] == LISTED_FAILURES + 1
