"""API.md's 422 list for a Go Solid case, with readable messages; plus the checks that need today."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from extra_services.errors import InvalidInput
from extra_services.gosolid.partner_events import PartnerEventIn
from extra_services.gosolid.requests import CaseRequest, CreditorReportIn
from extra_services.gosolid.submission import check_evidence, check_invoice_dates
from tests.unit.gosolid.gosolid_builders import body, request

TODAY = date(2026, 3, 16)


def invoice(**overrides: Any) -> dict[str, Any]:
    return {"number": "F-1", "issueDate": "2026-01-02", "dueDate": "2026-02-01", "amount": "100.00", **overrides}


def errors(**overrides: Any) -> str:
    with pytest.raises(ValidationError) as refused:
        CaseRequest.model_validate(body(**overrides))
    return str(refused.value)


def test_a_valid_body_normalises_enterprise_numbers_and_keeps_money_exact() -> None:
    case = request()
    assert (case.creditor_enterprise_number, case.debtor.enterprise_number) == ("0403170701", "0202239951")
    assert str(case.invoices[0].amount) == "1000.00"


@pytest.mark.parametrize("count", [0, 6])
def test_zero_or_more_than_five_invoices_are_refused(count: int) -> None:
    assert "invoices" in errors(invoices=[invoice(number=f"F-{i}") for i in range(count)])


def test_an_invalid_enterprise_number_is_refused_readably() -> None:
    assert "is not a valid Belgian enterprise number" in errors(creditorEnterpriseNumber="0403.170.702")


def test_the_debtor_cannot_be_the_creditor_in_another_spelling() -> None:
    assert "another enterprise than the creditor" in errors(
        debtor={"enterpriseNumber": "BE0403170701", "name": "Me"})


def test_a_currency_other_than_euro_is_refused() -> None:
    assert "EUR" in errors(invoices=[invoice(currency="USD")])


@pytest.mark.parametrize("amount", ["0", "0.00", "-5.00"])
def test_a_non_positive_amount_is_refused(amount: str) -> None:
    assert "must be positive" in errors(invoices=[invoice(amount=amount)])


@pytest.mark.parametrize("amount", ["10.001", "1e-3", "NaN", "Infinity", "abc", True])
def test_amounts_with_more_than_two_decimals_or_not_numbers_are_refused(amount: Any) -> None:
    assert "at most two decimals" in errors(invoices=[invoice(amount=amount)])


def test_an_absurd_amount_is_refused() -> None:
    assert "may not exceed 1000000.00" in errors(invoices=[invoice(amount="1000000.01")])


def test_json_numbers_are_accepted_as_amounts() -> None:
    assert str(request(invoices=[invoice(amount=1250.5)]).invoices[0].amount) == "1250.5"


def test_the_same_invoice_twice_is_refused() -> None:
    assert "only once" in errors(invoices=[invoice(), invoice()])


def test_a_due_date_before_the_issue_date_is_refused() -> None:
    assert "cannot be before the issue date" in errors(invoices=[invoice(issueDate="2026-02-02")])


def test_an_unknown_evidence_kind_is_refused() -> None:
    assert "evidence" in errors(evidence=[{"kind": "PHOTO", "documentId": "d"}])


def test_unknown_fields_are_refused_rather_than_ignored() -> None:
    assert "Extra inputs are not permitted" in errors(contractualPenlty={"percent": "5"})


def test_an_invoice_not_yet_due_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_invoice_dates(request(invoices=[invoice(dueDate="2026-03-17")]), TODAY)
    assert refused.value.details == [{"field": "body.invoices[0].dueDate",
                                      "message": "invoice F-1 is not yet due (due 2026-03-17)"}]


def test_an_invoice_due_today_is_due() -> None:
    check_invoice_dates(request(invoices=[invoice(dueDate="2026-03-16")]), TODAY)


def test_an_invoice_older_than_the_rate_table_is_refused() -> None:
    with pytest.raises(InvalidInput, match="fell due before 2022-12-31"):
        check_invoice_dates(request(invoices=[invoice(issueDate="2022-11-01", dueDate="2022-12-01")]), TODAY)


def test_a_submission_carries_the_invoice_as_evidence() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_evidence(request(evidence=[{"kind": "CONTRACT", "documentId": "c-1"}]))
    assert refused.value.code == "EVIDENCE_MISSING"


def test_a_paid_directly_report_says_how_much() -> None:
    with pytest.raises(ValidationError, match="gives the amount"):
        CreditorReportIn.model_validate({"type": "PAID_DIRECTLY"})


def test_partner_events_are_told_apart_by_type_and_unknown_types_refused() -> None:
    adapter: TypeAdapter[PartnerEventIn] = TypeAdapter(PartnerEventIn)
    assert adapter.validate_python({"type": "PV_DRAWN", "drawnOn": "2026-04-28"}).type == "PV_DRAWN"
    with pytest.raises(ValidationError):
        adapter.validate_python({"type": "SOMETHING", "on": "2026-04-28"})
    with pytest.raises(ValidationError, match="date order"):
        adapter.validate_python({"type": "PAYMENT_PLAN_AGREED", "installments": [
            {"dueOn": "2026-05-01", "amount": "1"}, {"dueOn": "2026-04-01", "amount": "1"}]})
