"""A collection attempt from its pre-notification to the bank's result, and what each result does to the
invoice (pure rules: collection.py, ledger.py)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from msgspec.structs import replace

from extra_services.billing.billable import BillableLine
from extra_services.billing.calendar import InvoicingWeek
from extra_services.billing.collection import (
    CollectionAttempt,
    apply_result,
    collection_id_for,
    mark_submitted,
    next_cycle_after,
    prenotify,
    redate,
)
from extra_services.billing.errors import MandateLapsedError
from extra_services.billing.invoice import Invoice
from extra_services.billing.ledger import BilledInvoice, after_returned, after_settled, invoice_id_for
from extra_services.billing.mandate import CollectionOutcome, EarlierCollection, Mandate, SequenceType
from extra_services.billing.statuses import InvoiceStatus, ResultStatus
from extra_services.billing.structured_communication import structured_communication_digits
from extra_services.errors import Conflict

MakeMandate = Callable[..., Mandate]
THURSDAY = date(2026, 3, 12)
AT = datetime(2026, 3, 26, 9, 0, tzinfo=UTC)


def attempt(mandate: Mandate, *, number: int = 1, earlier: tuple[EarlierCollection, ...] = (),
            on: date = THURSDAY) -> CollectionAttempt:
    return prenotify(invoice_id="invoice-1", company_id="company-1", attempt=number, amount=Decimal("179.08"),
                     structured_communication=structured_communication_digits(101), mandate=mandate,
                     earlier=earlier, prenotified_on=on)


def billed(collection: CollectionAttempt) -> BilledInvoice:
    line = BillableLine("W-1", "C-1#2026-03-03T08:00:00Z", date(2026, 3, 3), Decimal("4.00"), Decimal("56.00"),
                        Decimal("15.68"), Decimal("8.00"), is_flexi_job=True)
    invoice = Invoice("invoice-1", "company-1", InvoicingWeek(date(2026, 3, 2)), (line,),
                      structured_communication_digits(101), Decimal("0.00"), None)
    return BilledInvoice(invoice, 1, "0403170701", "Brasserie", "anna@example.be", AT, InvoiceStatus.UNPAID,
                         collection_id=collection.end_to_end_id, attempts=collection.attempt)


def submitted(collection: CollectionAttempt) -> CollectionAttempt:
    return mark_submitted(collection, "NJDD-20260324-B2B-20260326-01", datetime(2026, 3, 24, 6, tzinfo=UTC))


def test_an_invoice_issued_on_thursday_12_march_is_collected_on_26_march_and_sent_on_24(
        make_mandate: MakeMandate) -> None:
    first = attempt(make_mandate())

    assert (first.prenotified_on, first.due_on, first.submit_on) == (THURSDAY, date(2026, 3, 26), date(2026, 3, 24))
    assert (first.status, first.sequence_type, first.end_to_end_id) == (
        CollectionOutcome.PRENOTIFIED, SequenceType.FRST, collection_id_for("invoice-1", 1))
    assert len(first.end_to_end_id) == 35 and first.end_to_end_id.startswith("NJ-")


def test_a_shorter_agreed_pre_notification_brings_the_due_date_forward(make_mandate: MakeMandate) -> None:
    first = attempt(make_mandate(agreed_pre_notification_days=5))

    assert (first.due_on, first.submit_on) == (date(2026, 3, 17), date(2026, 3, 13))


def test_the_submission_day_never_comes_before_the_pre_notification(make_mandate: MakeMandate) -> None:
    first = attempt(make_mandate(agreed_pre_notification_days=1))

    assert first.due_on == date(2026, 3, 13)
    assert first.submit_on == THURSDAY


def test_the_attempt_after_a_used_mandate_is_recurrent_and_a_lapsed_mandate_is_refused(
        make_mandate: MakeMandate) -> None:
    used = (EarlierCollection(date(2026, 3, 5), CollectionOutcome.SETTLED),)

    assert attempt(make_mandate(), earlier=used).sequence_type is SequenceType.RCUR
    with pytest.raises(MandateLapsedError):
        attempt(make_mandate(signed_on=date(2022, 1, 10)))


def test_ids_are_derived_so_a_rerun_writes_the_same_invoice_and_attempt() -> None:
    assert invoice_id_for("company-1", date(2026, 3, 2), 1) == invoice_id_for("company-1", date(2026, 3, 2), 1)
    assert invoice_id_for("company-1", date(2026, 3, 2), 1) != invoice_id_for("company-1", date(2026, 3, 2), 2)
    assert collection_id_for("invoice-1", 1) != collection_id_for("invoice-1", 2)


@pytest.mark.parametrize(("day", "next_thursday"), [
    (date(2026, 3, 25), date(2026, 3, 26)), (date(2026, 3, 26), date(2026, 4, 2)),
    (date(2026, 3, 27), date(2026, 4, 2)), (date(2026, 3, 29), date(2026, 4, 2))])
def test_a_return_is_tried_again_on_the_next_thursday_cycle(day: date, next_thursday: date) -> None:
    assert next_cycle_after(day) == next_thursday


def test_a_collection_whose_submission_day_passed_gets_new_dates_and_keeps_its_id(make_mandate: MakeMandate) -> None:
    first = attempt(make_mandate())

    later = redate(replace(first, batch_id="NJDD-20260324-B2B-20260326-01"), date(2026, 3, 26))

    assert (later.prenotified_on, later.due_on, later.submit_on, later.batch_id) == (
        date(2026, 3, 26), date(2026, 4, 9), date(2026, 4, 7), None)
    assert later.end_to_end_id == first.end_to_end_id


def test_results_settle_a_submitted_attempt_and_return_it_even_after_settlement(make_mandate: MakeMandate) -> None:
    sent = submitted(attempt(make_mandate()))

    settled = apply_result(sent, ResultStatus.SETTLED, None, AT)
    assert settled is not None and settled.status is CollectionOutcome.SETTLED
    returned = apply_result(settled, ResultStatus.RETURNED, "AM04", AT)
    assert returned is not None and (returned.status, returned.return_reason) == (CollectionOutcome.RETURNED, "AM04")
    assert apply_result(settled, ResultStatus.SETTLED, None, AT) is None          # already so: no change
    assert apply_result(returned, ResultStatus.RETURNED, "AM04", AT) is None


@pytest.mark.parametrize("status", [CollectionOutcome.PRENOTIFIED, CollectionOutcome.RETURNED])
def test_settling_an_attempt_not_at_the_bank_or_already_returned_does_not_fit(
        make_mandate: MakeMandate, status: CollectionOutcome) -> None:
    with pytest.raises(Conflict) as refused:
        apply_result(replace(attempt(make_mandate()), status=status), ResultStatus.SETTLED, None, AT)
    assert refused.value.code == "RESULT_DOES_NOT_FIT"


def test_the_current_attempt_settling_pays_the_invoice_and_an_old_one_changes_nothing(
        make_mandate: MakeMandate) -> None:
    first = submitted(attempt(make_mandate()))
    invoice = billed(first)

    paid = after_settled(invoice, replace(first, status=CollectionOutcome.SETTLED), AT)

    assert paid is not None and (paid.status, paid.paid_at) == (InvoiceStatus.PAID, AT)
    assert after_settled(paid, first, AT) is None
    other = replace(first, end_to_end_id=collection_id_for("invoice-1", 2))
    assert after_settled(invoice, other, AT) is None


def test_a_return_opens_the_one_new_attempt_and_a_second_return_needs_attention(make_mandate: MakeMandate) -> None:
    first = submitted(attempt(make_mandate()))
    returned = replace(first, status=CollectionOutcome.RETURNED, return_reason="AM04")
    second = attempt(make_mandate(), number=2, earlier=(returned.as_earlier(),), on=date(2026, 4, 2))

    unpaid = after_returned(billed(first), returned, second)

    assert unpaid is not None
    assert (unpaid.status, unpaid.collection_id, unpaid.attempts, unpaid.status_reason) == (
        InvoiceStatus.UNPAID, second.end_to_end_id, 2, "AM04")
    assert second.sequence_type is SequenceType.RCUR
    escalated = after_returned(unpaid, replace(second, status=CollectionOutcome.RETURNED, return_reason="MS02"), None)
    assert escalated is not None and (escalated.status, escalated.status_reason) == (
        InvoiceStatus.NEEDS_ATTENTION, "MS02")
