"""A worker's contract: proposal, acceptance, Dimona, cancellation and rating (RULES.md §3). Pure rules.

    PROPOSED --ACCEPTED--> DIMONA_REQUESTED --DIMONA_CONFIRMED--> DIMONA_CONFIRMED
        |                        '--DIMONA_REJECTED--> DIMONA_REJECTED
        '--DECLINED--> DECLINED
    company cancels: PROPOSED, DIMONA_REJECTED -> CANCELLED at once (no commitment of the worker stands);
        DIMONA_REQUESTED, DIMONA_CONFIRMED -> CANCELLATION_REQUESTED --CANCELLATION_AGREED--> CANCELLED
                                                                   '--CANCELLATION_REFUSED--> back
        (a Dimona outcome arriving while the cancellation waits is recorded; "back" is then its outcome)
    changed hours re-issue the proposal: PROPOSED again, next proposal version, no acceptance, no Dimona.

A repeated event (its effect already recorded) returns None: no second effect. An event that does not
fit the state is a Conflict (409) and changes nothing."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from msgspec import Struct
from msgspec.structs import replace

from extra_services.errors import Conflict, InvalidInput
from extra_services.nowjobs.application import Application
from extra_services.nowjobs.job_offer import JobOffer
from extra_services.nowjobs.shift_hours import Shift
from extra_services.nowjobs.statuses import ContractEventType, ContractStatus, DimonaType
from extra_services.nowjobs.wage_quote import WageQuote, quote
from extra_services.nowjobs.workers import Worker, WorkerStatus

DIMONA_TYPES = {WorkerStatus.STUDENT: DimonaType.STU, WorkerStatus.FLEXI: DimonaType.FLX,
                WorkerStatus.REGULAR: DimonaType.OTH}
NOT_HOLDING_A_POSITION = frozenset({ContractStatus.DECLINED, ContractStatus.CANCELLED})
MIN_SCORE, MAX_SCORE = 1, 5


class Dimona(Struct, frozen=True):
    request_id: str  # one per proposal version: a re-published DimonaRequested carries the same id
    type: DimonaType
    requested_at: datetime
    file_before: datetime  # the first shift's start: no shift may start without it
    replaces_request_id: str | None = None
    reference: str | None = None  # the Dimona number NOWJOBS reports
    confirmed_at: datetime | None = None
    rejected_at: datetime | None = None
    rejection_reason: str | None = None


class Cancellation(Struct, frozen=True):
    reason: str
    requested_at: datetime
    requested_by: str  # customer id
    status_before: ContractStatus
    cancelled_at: datetime | None = None
    refused_at: datetime | None = None


class Rating(Struct, frozen=True):
    score: int
    comment: str | None
    rated_at: datetime
    rated_by: str


class Contract(Struct, frozen=True):
    contract_id: str
    application_id: str
    offer_id: str
    company_id: str
    enterprise_number: str
    worker_id: str
    worker: Worker
    function: str
    joint_committee: str
    location: str
    hourly_wage: Decimal
    shifts: tuple[Shift, ...]
    created_at: datetime
    proposed_at: datetime
    proposal_version: int = 1
    status: ContractStatus = ContractStatus.PROPOSED
    accepted_at: datetime | None = None
    declined_at: datetime | None = None
    dimona: Dimona | None = None
    superseded_dimona_request_id: str | None = None  # a Dimona of an earlier proposal, to be replaced
    cancellation: Cancellation | None = None
    version: int = 0

    @property
    def first_shift_start(self) -> datetime:
        return min(shift.start for shift in self.shifts)

    @property
    def dimona_confirmed(self) -> bool:
        return self.dimona is not None and self.dimona.confirmed_at is not None

    @property
    def holds_a_position(self) -> bool:
        return self.status not in NOT_HOLDING_A_POSITION

    def shift_starting(self, start: datetime) -> Shift | None:
        return next((shift for shift in self.shifts if shift.start == start), None)


class ContractEvent(Struct, frozen=True):
    type: ContractEventType
    event_id: str | None = None
    proposal_version: int | None = None  # the version the worker answered; None: the current one
    dimona_reference: str | None = None
    reason: str | None = None


def dimona_type_for(status: WorkerStatus) -> DimonaType:
    return DIMONA_TYPES[status]


def contract_quote(contract: Contract) -> WageQuote:
    return quote(contract.worker, contract.joint_committee, contract.hourly_wage, contract.shifts)


def propose(application: Application, offer: JobOffer, shifts: Sequence[Shift], *, contract_id: str,
            now: datetime) -> Contract:
    if offer.filled_positions >= offer.positions:
        raise Conflict(f"All {offer.positions} position(s) of the offer are taken.", code="NO_POSITION_LEFT")
    return Contract(
        contract_id=contract_id, application_id=application.application_id, offer_id=offer.offer_id,
        company_id=offer.company_id, enterprise_number=offer.enterprise_number,
        worker_id=application.worker_id, worker=application.worker, function=offer.function,
        joint_committee=offer.joint_committee, location=offer.location, hourly_wage=offer.hourly_wage,
        shifts=_ordered(shifts), created_at=now, proposed_at=now)


def reissue(contract: Contract, shifts: Sequence[Shift], now: datetime) -> Contract | None:
    """The proposal with changed hours; None when the hours did not change (nothing to re-issue)."""
    new_shifts = _ordered(shifts)
    if contract.status in (ContractStatus.CANCELLED, ContractStatus.CANCELLATION_REQUESTED):
        raise Conflict("The contract is cancelled or being cancelled: propose a new contract instead.",
                       code="CONTRACT_CANCELLED")
    if new_shifts == contract.shifts:
        if contract.status is ContractStatus.DECLINED:
            raise Conflict("The worker declined these hours; change the hours to propose again.",
                           code="CONTRACT_DECLINED")
        return None
    if contract.dimona_confirmed and now >= contract.first_shift_start:
        raise Conflict("Work has started under this contract: its hours can no longer change; cancel it "
                       "and propose a new one.", code="CONTRACT_STARTED")
    return replace(contract, shifts=new_shifts, proposal_version=contract.proposal_version + 1,
                   status=ContractStatus.PROPOSED, proposed_at=now, accepted_at=None, declined_at=None,
                   dimona=None,
                   superseded_dimona_request_id=(contract.dimona.request_id if contract.dimona
                                                 else contract.superseded_dimona_request_id))


def apply_contract_event(contract: Contract, event: ContractEvent, now: datetime) -> Contract | None:
    if event.proposal_version is not None and event.proposal_version != contract.proposal_version:
        raise Conflict(f"{event.type.value} answers proposal version {event.proposal_version}; the current "
                       f"proposal is version {contract.proposal_version}.", code="STALE_PROPOSAL")
    return _APPLY[event.type](contract, event, now)


def _accepted(contract: Contract, _: ContractEvent, now: datetime) -> Contract | None:
    if contract.accepted_at is not None:
        return None
    _require(contract, ContractEventType.ACCEPTED, ContractStatus.PROPOSED)
    if now >= contract.first_shift_start:
        raise Conflict("The proposal expired when its first shift started; re-issue it with new hours.",
                       code="PROPOSAL_EXPIRED")
    dimona = Dimona(request_id=f"{contract.contract_id}-v{contract.proposal_version}",
                    type=dimona_type_for(contract.worker.status), requested_at=now,
                    file_before=contract.first_shift_start,
                    replaces_request_id=contract.superseded_dimona_request_id)
    return replace(contract, status=ContractStatus.DIMONA_REQUESTED, accepted_at=now, dimona=dimona)


def _declined(contract: Contract, _: ContractEvent, now: datetime) -> Contract | None:
    if contract.status is ContractStatus.DECLINED:
        return None
    _require(contract, ContractEventType.DECLINED, ContractStatus.PROPOSED)
    return replace(contract, status=ContractStatus.DECLINED, declined_at=now)


def _dimona_confirmed(contract: Contract, event: ContractEvent, now: datetime) -> Contract | None:
    if contract.dimona is not None and contract.dimona.confirmed_at is not None:
        return None
    _require_dimona_pending(contract, ContractEventType.DIMONA_CONFIRMED)
    assert contract.dimona is not None  # a pending Dimona always carries its request
    return _with_dimona_outcome(contract, ContractStatus.DIMONA_CONFIRMED,
                                replace(contract.dimona, confirmed_at=now, reference=event.dimona_reference))


def _dimona_rejected(contract: Contract, event: ContractEvent, now: datetime) -> Contract | None:
    if contract.dimona is not None and contract.dimona.rejected_at is not None:
        return None
    _require_dimona_pending(contract, ContractEventType.DIMONA_REJECTED)
    assert contract.dimona is not None
    return _with_dimona_outcome(contract, ContractStatus.DIMONA_REJECTED,
                                replace(contract.dimona, rejected_at=now, rejection_reason=event.reason,
                                        reference=event.dimona_reference))


def _require_dimona_pending(contract: Contract, event: ContractEventType) -> None:
    """The Dimona is pending while DIMONA_REQUESTED, and also while a cancellation asked meanwhile
    waits for the worker: its outcome is recorded either way."""
    cancellation = contract.cancellation
    if (contract.status is ContractStatus.CANCELLATION_REQUESTED and cancellation is not None
            and cancellation.status_before is ContractStatus.DIMONA_REQUESTED):
        return
    _require(contract, event, ContractStatus.DIMONA_REQUESTED)


def _with_dimona_outcome(contract: Contract, status: ContractStatus, dimona: Dimona) -> Contract:
    if contract.status is ContractStatus.CANCELLATION_REQUESTED and contract.cancellation is not None:
        return replace(contract, dimona=dimona, cancellation=replace(contract.cancellation, status_before=status))
    return replace(contract, status=status, dimona=dimona)


def _cancellation_agreed(contract: Contract, _: ContractEvent, now: datetime) -> Contract | None:
    if contract.status is ContractStatus.CANCELLED:
        return None
    _require(contract, ContractEventType.CANCELLATION_AGREED, ContractStatus.CANCELLATION_REQUESTED)
    assert contract.cancellation is not None
    return replace(contract, status=ContractStatus.CANCELLED,
                   cancellation=replace(contract.cancellation, cancelled_at=now))


def _cancellation_refused(contract: Contract, _: ContractEvent, now: datetime) -> Contract | None:
    if contract.cancellation is not None and contract.cancellation.refused_at is not None:
        return None
    _require(contract, ContractEventType.CANCELLATION_REFUSED, ContractStatus.CANCELLATION_REQUESTED)
    assert contract.cancellation is not None
    return replace(contract, status=contract.cancellation.status_before,
                   cancellation=replace(contract.cancellation, refused_at=now))


_APPLY = {
    ContractEventType.ACCEPTED: _accepted,
    ContractEventType.DECLINED: _declined,
    ContractEventType.DIMONA_CONFIRMED: _dimona_confirmed,
    ContractEventType.DIMONA_REJECTED: _dimona_rejected,
    ContractEventType.CANCELLATION_AGREED: _cancellation_agreed,
    ContractEventType.CANCELLATION_REFUSED: _cancellation_refused,
}

_CANCELLED_AT_ONCE = frozenset({ContractStatus.PROPOSED, ContractStatus.DIMONA_REJECTED})
_CANCELLED_WITH_AGREEMENT = frozenset({ContractStatus.DIMONA_REQUESTED, ContractStatus.DIMONA_CONFIRMED})


def cancel(contract: Contract, reason: str, *, by: str, now: datetime) -> Contract | None:
    """The company cancels with a reason; None when the same cancellation was already recorded."""
    current = contract.cancellation
    if contract.status in (ContractStatus.CANCELLED, ContractStatus.CANCELLATION_REQUESTED):
        if current is not None and current.reason == reason:
            return None
        raise Conflict(f"The contract is already {contract.status.value}.", code="CONTRACT_CANCELLED")
    if contract.status in _CANCELLED_AT_ONCE:
        return replace(contract, status=ContractStatus.CANCELLED,
                       cancellation=Cancellation(reason, now, by, contract.status, cancelled_at=now))
    if contract.status in _CANCELLED_WITH_AGREEMENT:
        return replace(contract, status=ContractStatus.CANCELLATION_REQUESTED,
                       cancellation=Cancellation(reason, now, by, contract.status))
    raise Conflict(f"A {contract.status.value} contract cannot be cancelled.", code="CONTRACT_NOT_CANCELLABLE")


def require_hours_confirmable(contract: Contract, shift_start: datetime) -> Shift:
    """The planned shift whose hours are reported; 409 without a confirmed Dimona or for a shift the
    cancellation removed; 422 for a shift the contract does not have."""
    if not contract.dimona_confirmed:
        raise Conflict("Hours can only be confirmed once the worker's Dimona is confirmed; it is "
                       f"{contract.status.value}.", code="DIMONA_NOT_CONFIRMED")
    shift = contract.shift_starting(shift_start)
    if shift is None:
        raise InvalidInput("The contract has no shift starting at that time.", code="UNKNOWN_SHIFT",
                           details=[{"field": "shiftStart", "message": "not a shift of the contract"}])
    cancelled_at = contract.cancellation.cancelled_at if contract.cancellation else None
    if cancelled_at is not None and shift.start >= cancelled_at:
        raise Conflict("That shift was cancelled with the contract.", code="SHIFT_CANCELLED")
    return shift


def rate(contract: Contract, existing: Rating | None, *, score: int, comment: str | None, by: str,
         now: datetime) -> Rating:
    """One rating of 1 to 5 per contract, once work has started under a confirmed Dimona."""
    if existing is not None:
        raise Conflict("This contract was already rated; a rating cannot be changed.", code="ALREADY_RATED")
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise InvalidInput(f"A rating is {MIN_SCORE} to {MAX_SCORE}, not {score}.", code="INVALID_RATING",
                           details=[{"field": "score", "message": f"{MIN_SCORE} to {MAX_SCORE}"}])
    if not contract.dimona_confirmed or now < contract.first_shift_start:
        raise Conflict("The worker can be rated once work has started.", code="NOTHING_WORKED_YET")
    return Rating(score, comment, now, by)


def _require(contract: Contract, event: ContractEventType, *fits: ContractStatus) -> None:
    if contract.status not in fits:
        raise Conflict(f"{event.value} does not fit a contract that is {contract.status.value}.",
                       code="CONTRACT_EVENT_OUT_OF_ORDER")


def _ordered(shifts: Sequence[Shift]) -> tuple[Shift, ...]:
    return tuple(sorted(shifts, key=lambda s: (s.start, s.end)))
