"""Contract: proposal, the worker's answer, the Dimona, re-issue, cancellation and rating."""
from __future__ import annotations

from datetime import timedelta

import pytest

from extra_services.errors import Conflict, InvalidInput
from extra_services.nowjobs.contract import (
    ContractEvent,
    Rating,
    apply_contract_event,
    cancel,
    dimona_type_for,
    rate,
    reissue,
    require_hours_confirmable,
)
from extra_services.nowjobs.statuses import ContractEventType, ContractStatus, DimonaType
from extra_services.nowjobs.workers import WorkerStatus
from tests.unit.nowjobs.builders import NOW, SHIFTS, THURSDAY, WEDNESDAY, after_events, confirmed, proposed, shift

ACCEPTED, DECLINED = ContractEventType.ACCEPTED, ContractEventType.DECLINED
DIMONA_CONFIRMED, DIMONA_REJECTED = ContractEventType.DIMONA_CONFIRMED, ContractEventType.DIMONA_REJECTED
FIRST_SHIFT_START = SHIFTS[0].start


def test_student_gets_an_stu_dimona() -> None:
    assert dimona_type_for(WorkerStatus.STUDENT) is DimonaType.STU


def test_flexi_worker_gets_an_flx_dimona() -> None:
    contract = after_events(proposed(WorkerStatus.FLEXI), ACCEPTED)
    assert contract.dimona is not None
    assert contract.dimona.type is DimonaType.FLX


def test_regular_worker_gets_an_oth_dimona() -> None:
    assert dimona_type_for(WorkerStatus.REGULAR) is DimonaType.OTH


def test_acceptance_requests_the_dimona_to_be_filed_before_the_first_shift() -> None:
    contract = after_events(proposed(), ACCEPTED)

    assert contract.status is ContractStatus.DIMONA_REQUESTED
    assert contract.dimona is not None
    assert contract.dimona.file_before == FIRST_SHIFT_START
    assert contract.dimona.request_id == "contract-1-v1"


def test_acceptance_after_the_first_shift_started_is_refused() -> None:
    with pytest.raises(Conflict) as refused:
        apply_contract_event(proposed(), ContractEvent(ACCEPTED), FIRST_SHIFT_START)
    assert refused.value.code == "PROPOSAL_EXPIRED"


def test_dimona_confirmation_before_acceptance_is_out_of_order() -> None:
    with pytest.raises(Conflict) as refused:
        apply_contract_event(proposed(), ContractEvent(DIMONA_CONFIRMED), NOW)
    assert refused.value.code == "CONTRACT_EVENT_OUT_OF_ORDER"


def test_declined_proposal_cannot_be_accepted() -> None:
    declined = after_events(proposed(), DECLINED)
    with pytest.raises(Conflict):
        apply_contract_event(declined, ContractEvent(ACCEPTED), NOW)


def test_repeated_events_have_no_second_effect() -> None:
    accepted = after_events(proposed(), ACCEPTED)
    assert apply_contract_event(accepted, ContractEvent(ACCEPTED), NOW) is None
    dimona_ok = after_events(accepted, DIMONA_CONFIRMED)
    assert apply_contract_event(dimona_ok, ContractEvent(DIMONA_CONFIRMED), NOW) is None


def test_dimona_rejection_is_recorded_with_its_reason() -> None:
    accepted = after_events(proposed(), ACCEPTED)
    rejected = apply_contract_event(accepted, ContractEvent(DIMONA_REJECTED, reason="worker unknown"), NOW)
    assert rejected is not None
    assert rejected.status is ContractStatus.DIMONA_REJECTED
    assert rejected.dimona is not None and rejected.dimona.rejection_reason == "worker unknown"


def test_answer_to_an_older_proposal_is_refused() -> None:
    reissued = reissue(proposed(), (shift(WEDNESDAY, 10, 18),), NOW)
    assert reissued is not None
    with pytest.raises(Conflict) as refused:
        apply_contract_event(reissued, ContractEvent(ACCEPTED, proposal_version=1), NOW)
    assert refused.value.code == "STALE_PROPOSAL"


def test_hours_cannot_be_confirmed_before_dimona_is_confirmed() -> None:
    for contract in (proposed(), after_events(proposed(), ACCEPTED),
                     after_events(proposed(), ACCEPTED, DIMONA_REJECTED)):
        with pytest.raises(Conflict) as refused:
            require_hours_confirmable(contract, FIRST_SHIFT_START)
        assert refused.value.code == "DIMONA_NOT_CONFIRMED"


def test_hours_can_be_confirmed_for_a_shift_of_a_contract_with_a_confirmed_dimona() -> None:
    assert require_hours_confirmable(confirmed(), FIRST_SHIFT_START) == SHIFTS[0]
    with pytest.raises(InvalidInput) as refused:
        require_hours_confirmable(confirmed(), FIRST_SHIFT_START + timedelta(hours=1))
    assert refused.value.code == "UNKNOWN_SHIFT"


def test_changed_hours_reissue_the_proposal_without_acceptance_or_dimona() -> None:
    contract = confirmed()
    reissued = reissue(contract, (shift(WEDNESDAY, 12, 20),), NOW)

    assert reissued is not None
    assert (reissued.status, reissued.proposal_version) == (ContractStatus.PROPOSED, 2)
    assert (reissued.accepted_at, reissued.dimona) == (None, None)
    assert reissued.superseded_dimona_request_id == "contract-1-v1"
    accepted_again = after_events(reissued, ACCEPTED)
    assert accepted_again.dimona is not None
    assert accepted_again.dimona.replaces_request_id == "contract-1-v1"


def test_same_hours_do_not_reissue_the_proposal() -> None:
    assert reissue(proposed(), tuple(reversed(SHIFTS)), NOW) is None


def test_hours_cannot_change_once_work_started() -> None:
    with pytest.raises(Conflict) as refused:
        reissue(confirmed(), (shift(THURSDAY, 9, 12),), FIRST_SHIFT_START + timedelta(hours=1))
    assert refused.value.code == "CONTRACT_STARTED"


def test_cancelling_a_proposal_takes_effect_at_once_with_its_reason() -> None:
    cancelled = cancel(proposed(), "position filled", by="customer-1", now=NOW)
    assert cancelled is not None
    assert cancelled.status is ContractStatus.CANCELLED
    assert cancelled.cancellation is not None
    assert (cancelled.cancellation.reason, cancelled.cancellation.cancelled_at) == ("position filled", NOW)


def test_cancelling_an_accepted_contract_waits_for_the_workers_agreement() -> None:
    requested = cancel(confirmed(), "closed for works", by="customer-1", now=NOW)
    assert requested is not None
    assert requested.status is ContractStatus.CANCELLATION_REQUESTED
    agreed = after_events(requested, ContractEventType.CANCELLATION_AGREED)
    assert agreed.status is ContractStatus.CANCELLED


def test_refused_cancellation_restores_the_contract() -> None:
    requested = cancel(confirmed(), "closed for works", by="customer-1", now=NOW)
    assert requested is not None
    restored = after_events(requested, ContractEventType.CANCELLATION_REFUSED)
    assert restored.status is ContractStatus.DIMONA_CONFIRMED


def test_dimona_outcome_arriving_while_a_cancellation_waits_is_recorded() -> None:
    requested = cancel(after_events(proposed(), ACCEPTED), "closed for works", by="customer-1", now=NOW)
    assert requested is not None
    confirmed_meanwhile = after_events(requested, DIMONA_CONFIRMED)
    assert confirmed_meanwhile.status is ContractStatus.CANCELLATION_REQUESTED
    assert confirmed_meanwhile.dimona_confirmed
    assert after_events(confirmed_meanwhile, ContractEventType.CANCELLATION_REFUSED).status is \
        ContractStatus.DIMONA_CONFIRMED


def test_repeating_a_cancellation_has_no_second_effect_but_another_reason_is_a_conflict() -> None:
    cancelled = cancel(proposed(), "position filled", by="customer-1", now=NOW)
    assert cancelled is not None
    assert cancel(cancelled, "position filled", by="customer-1", now=NOW) is None
    with pytest.raises(Conflict):
        cancel(cancelled, "another reason", by="customer-1", now=NOW)


def test_declined_contract_cannot_be_cancelled() -> None:
    with pytest.raises(Conflict):
        cancel(after_events(proposed(), DECLINED), "too late", by="customer-1", now=NOW)


def test_worker_is_rated_once_work_has_started() -> None:
    rating = rate(confirmed(), None, score=5, comment="great", by="customer-1", now=FIRST_SHIFT_START)
    assert rating.score == 5


def test_second_rating_is_refused() -> None:
    first = Rating(4, None, FIRST_SHIFT_START, "customer-1")
    with pytest.raises(Conflict) as refused:
        rate(confirmed(), first, score=5, comment=None, by="customer-1", now=FIRST_SHIFT_START)
    assert refused.value.code == "ALREADY_RATED"


@pytest.mark.parametrize("score", [0, 6, -1])
def test_rating_outside_1_to_5_is_refused(score: int) -> None:
    with pytest.raises(InvalidInput):
        rate(confirmed(), None, score=score, comment=None, by="customer-1", now=FIRST_SHIFT_START)


def test_rating_before_work_started_is_refused() -> None:
    with pytest.raises(Conflict) as refused:
        rate(confirmed(), None, score=3, comment=None, by="customer-1", now=NOW)
    assert refused.value.code == "NOTHING_WORKED_YET"
