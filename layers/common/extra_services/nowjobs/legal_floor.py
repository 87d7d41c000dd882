"""The legal hourly floor a wage must reach, and the joint-committee rules checked with it (RULES.md §3).

Floors are thresholds, not charged amounts: rounded up to the cent, so a wage equal to the floor shown
is never below the law."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, Decimal

from extra_services.money import CENT
from extra_services.nowjobs.errors import (
    FlexiNotAllowedInJointCommitteeError,
    UnsupportedJointCommitteeError,
    WageBelowLegalFloorError,
)
from extra_services.nowjobs.rates_on_date import rates_known_on
from extra_services.nowjobs.workers import Worker, WorkerStatus, age_on
from extra_services.rates.joint_committees import (
    allows_flexi,
    flexi_hourly_floor,
    is_supported_by_nowjobs,
    normalise_joint_committee,
)
from extra_services.rates.national_minimum_wage import NATIONAL_MINIMUM_WAGE, YOUTH_MINIMUM_WAGE_PERCENTAGES

_WHOM = {WorkerStatus.STUDENT: "a student", WorkerStatus.FLEXI: "a flexi-jobber",
         WorkerStatus.REGULAR: "a regular worker"}


def legal_hourly_floor(worker: Worker, joint_committee: str, day: date) -> Decimal:
    """The sector floor where one is recorded (flexi), else the youth/national minimum by age on `day`."""
    with rates_known_on(day):
        sector = _sector_floor(worker.status, joint_committee, day)
        if sector is not None:
            return sector
        percentage = YOUTH_MINIMUM_WAGE_PERCENTAGES.at(day).percentage_for(age_on(worker.birth_date, day))
        return _national_floor(day, percentage)


def highest_hourly_floor(status: WorkerStatus, joint_committee: str, day: date) -> Decimal:
    """The floor for any worker of `status` whatever the age: what an offer open to that status must pay."""
    with rates_known_on(day):
        sector = _sector_floor(status, joint_committee, day)
        if sector is not None:
            return sector
        brackets = YOUTH_MINIMUM_WAGE_PERCENTAGES.at(day).brackets
        return _national_floor(day, max(percentage for _, percentage in brackets))


def check_joint_committee(status: WorkerStatus, joint_committee: str, day: date) -> str:
    """The normalised committee, if NOWJOBS supports it on `day` and it admits the worker's status."""
    committee = normalise_joint_committee(joint_committee)
    with rates_known_on(day):
        if not is_supported_by_nowjobs(committee, day):
            raise UnsupportedJointCommitteeError(committee, day)
        if status is WorkerStatus.FLEXI and not allows_flexi(committee, day):
            raise FlexiNotAllowedInJointCommitteeError(committee, day)
    return committee


def check_committee_and_wage(worker: Worker, joint_committee: str, hourly_wage: Decimal, day: date) -> Decimal:
    """The legal floor for this worker on `day`, after checking the committee and that the wage reaches it."""
    committee = check_joint_committee(worker.status, joint_committee, day)
    floor = legal_hourly_floor(worker, committee, day)
    if hourly_wage < floor:
        raise WageBelowLegalFloorError(hourly_wage, floor, _whom(worker, committee, day), committee, day)
    return floor


def check_wage_for_any_worker(status: WorkerStatus, joint_committee: str, hourly_wage: Decimal,
                              day: date) -> Decimal:
    """As check_committee_and_wage, for a worker of `status` of any age (a job offer)."""
    committee = check_joint_committee(status, joint_committee, day)
    floor = highest_hourly_floor(status, committee, day)
    if hourly_wage < floor:
        raise WageBelowLegalFloorError(hourly_wage, floor, f"{_WHOM[status]} of any age", committee, day)
    return floor


def _sector_floor(status: WorkerStatus, joint_committee: str, day: date) -> Decimal | None:
    return flexi_hourly_floor(joint_committee, day) if status is WorkerStatus.FLEXI else None


def _national_floor(day: date, percentage: Decimal) -> Decimal:
    return (NATIONAL_MINIMUM_WAGE.at(day).hourly * percentage).quantize(CENT, rounding=ROUND_CEILING)


def _whom(worker: Worker, committee: str, day: date) -> str:
    """Who the floor is for, as the refusal message says it."""
    if _sector_floor(worker.status, committee, day) is not None:
        return _WHOM[worker.status]
    return f"{_WHOM[worker.status]} aged {age_on(worker.birth_date, day)}"
