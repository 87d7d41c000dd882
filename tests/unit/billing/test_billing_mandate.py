import uuid
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extra_services.billing.errors import (
    InvalidMandateError,
    InvalidSepaIdentifierError,
    MandateLapsedError,
    OneOffMandateAlreadyUsedError,
)
from extra_services.billing.mandate import (
    CollectionOutcome,
    EarlierCollection,
    Mandate,
    MandateKind,
    Scheme,
    SequenceType,
    add_months,
    is_lapsed,
    lapses_on,
    mandate_reference_for,
    sequence_type_for,
)
from extra_services.billing.sepa_text import validate_sepa_identifier
from extra_services.errors import Conflict, InvalidInput

MakeMandate = Callable[..., Mandate]


def test_mandate_reference_from_a_uuid_is_35_upper_case_sepa_characters() -> None:
    reference = mandate_reference_for("3f2504e0-4f89-11d3-9a0c-0305e82c3301")
    assert reference == "NJ-3F2504E04F8911D39A0C0305E82C3301"
    assert len(reference) == 35


def test_the_same_id_always_gives_the_same_mandate_reference() -> None:
    assert mandate_reference_for("COMPANY-42-M1") == mandate_reference_for("COMPANY-42-M1") == "NJ-COMPANY-42-M1"


@pytest.mark.parametrize("bad_id", ["company-42", "A_B", "", "-A", "X" * 33, "Ünïcode"])
def test_an_id_that_cannot_become_a_reference_is_refused(bad_id: str) -> None:
    with pytest.raises(InvalidSepaIdentifierError):
        mandate_reference_for(bad_id)


@given(st.uuids(), st.uuids())
def test_two_different_ids_never_share_a_mandate_reference(first: uuid.UUID, second: uuid.UUID) -> None:
    first_reference = mandate_reference_for(str(first))
    validate_sepa_identifier(first_reference, what="mandate reference")
    assert (first_reference == mandate_reference_for(str(second))) == (first == second)


def test_business_mandate_is_b2b_by_default() -> None:
    mandate = Mandate(reference="NJ-1", signed_on=date(2026, 1, 5), debtor_name="Atelier Lumière SRL",
                      debtor_iban="be71 0961 2345 6769")
    assert mandate.scheme is Scheme.B2B
    assert mandate.kind is MandateKind.RECURRENT
    assert mandate.debtor_iban == "BE71096123456769"
    assert mandate.pre_notification_days == 14


@pytest.mark.parametrize("iban", ["BE71096123456768", "BE00", "BR1800360305000010009795493C1"])
def test_a_mandate_with_an_invalid_or_non_sepa_debtor_iban_is_refused(make_mandate: MakeMandate,
                                                                       iban: str) -> None:
    with pytest.raises(InvalidMandateError) as refused:
        make_mandate(debtor_iban=iban)
    assert refused.value.code == "INVALID_MANDATE"
    assert isinstance(refused.value, InvalidInput)


@pytest.mark.parametrize("reference", ["NJ//1", "/NJ1", "NJ_1", "N" * 36, ""])
def test_a_mandate_reference_outside_the_sepa_rules_is_refused(make_mandate: MakeMandate, reference: str) -> None:
    with pytest.raises(InvalidSepaIdentifierError):
        make_mandate(reference=reference)


@pytest.mark.parametrize("days", [0, 15, -1])
def test_an_agreed_pre_notification_period_is_between_1_and_14_days(make_mandate: MakeMandate, days: int) -> None:
    with pytest.raises(InvalidMandateError):
        make_mandate(agreed_pre_notification_days=days)


def test_an_agreed_shorter_pre_notification_period_replaces_the_14_days(make_mandate: MakeMandate) -> None:
    assert make_mandate(agreed_pre_notification_days=5).pre_notification_days == 5


def test_a_mandate_without_a_debtor_name_is_refused(make_mandate: MakeMandate) -> None:
    with pytest.raises(InvalidMandateError):
        make_mandate(debtor_name="   ")


def test_first_collection_under_a_mandate_is_frst(make_mandate: MakeMandate) -> None:
    assert sequence_type_for(make_mandate(), [], date(2026, 3, 26)) is SequenceType.FRST


def test_second_collection_under_a_mandate_is_rcur(make_mandate: MakeMandate) -> None:
    first = EarlierCollection(date(2026, 3, 26), CollectionOutcome.SETTLED)
    assert sequence_type_for(make_mandate(), [first], date(2026, 4, 2)) is SequenceType.RCUR


@pytest.mark.parametrize("outcome", [CollectionOutcome.PRENOTIFIED, CollectionOutcome.SUBMITTED,
                                     CollectionOutcome.RETURNED])
def test_a_collection_after_a_pending_or_returned_first_one_is_rcur(make_mandate: MakeMandate,
                                                                    outcome: CollectionOutcome) -> None:
    first = EarlierCollection(date(2026, 3, 26), outcome)
    assert sequence_type_for(make_mandate(), [first], date(2026, 4, 2)) is SequenceType.RCUR


def test_after_a_first_collection_rejected_before_settlement_the_next_is_frst_again(
        make_mandate: MakeMandate) -> None:
    rejected = EarlierCollection(date(2026, 3, 26), CollectionOutcome.REJECTED)
    assert sequence_type_for(make_mandate(), [rejected], date(2026, 4, 2)) is SequenceType.FRST


def test_only_collections_due_earlier_decide_the_sequence_type(make_mandate: MakeMandate) -> None:
    later = EarlierCollection(date(2026, 4, 2), CollectionOutcome.PRENOTIFIED)
    assert sequence_type_for(make_mandate(), [later], date(2026, 3, 26)) is SequenceType.FRST


def test_mandate_unused_for_36_months_lapses(make_mandate: MakeMandate) -> None:
    mandate = make_mandate(signed_on=date(2022, 1, 10))
    last = [EarlierCollection(date(2023, 3, 2), CollectionOutcome.SETTLED)]
    assert lapses_on(mandate, last) == date(2026, 3, 2)
    assert not is_lapsed(mandate, last, date(2026, 3, 1))
    with pytest.raises(MandateLapsedError) as refused:
        sequence_type_for(mandate, last, date(2026, 3, 2))
    assert refused.value.code == "MANDATE_LAPSED"
    assert isinstance(refused.value, Conflict)


def test_a_mandate_never_used_lapses_36_months_after_its_signature(make_mandate: MakeMandate) -> None:
    mandate = make_mandate(signed_on=date(2023, 1, 5))
    assert sequence_type_for(mandate, [], date(2026, 1, 2)) is SequenceType.FRST
    with pytest.raises(MandateLapsedError):
        sequence_type_for(mandate, [], date(2026, 1, 5))


def test_a_rejected_collection_still_restarts_the_36_months(make_mandate: MakeMandate) -> None:
    mandate = make_mandate(signed_on=date(2022, 1, 10))
    rejected = [EarlierCollection(date(2024, 6, 3), CollectionOutcome.REJECTED)]
    assert lapses_on(mandate, rejected) == date(2027, 6, 3)


def test_a_collection_only_announced_does_not_restart_the_36_months(make_mandate: MakeMandate) -> None:
    mandate = make_mandate(signed_on=date(2022, 1, 10))
    announced = [EarlierCollection(date(2024, 6, 3), CollectionOutcome.PRENOTIFIED)]
    assert lapses_on(mandate, announced) == date(2025, 1, 10)


def test_a_one_off_mandate_is_collected_once_as_ooff(make_mandate: MakeMandate) -> None:
    mandate = make_mandate(kind=MandateKind.ONE_OFF)
    assert sequence_type_for(mandate, [], date(2026, 3, 26)) is SequenceType.OOFF
    with pytest.raises(OneOffMandateAlreadyUsedError):
        sequence_type_for(mandate, [EarlierCollection(date(2026, 3, 26), CollectionOutcome.SETTLED)],
                          date(2026, 4, 2))


def test_a_collection_cannot_be_due_before_the_mandate_was_signed(make_mandate: MakeMandate) -> None:
    with pytest.raises(InvalidMandateError):
        sequence_type_for(make_mandate(signed_on=date(2026, 3, 1)), [], date(2026, 2, 26))


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2023, 3, 2), 36, date(2026, 3, 2)),
    (date(2024, 2, 29), 36, date(2027, 2, 28)),
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2025, 12, 15), 1, date(2026, 1, 15)),
])
def test_months_are_added_day_to_day_or_to_the_end_of_a_shorter_month(start: date, months: int,
                                                                      expected: date) -> None:
    assert add_months(start, months) == expected
