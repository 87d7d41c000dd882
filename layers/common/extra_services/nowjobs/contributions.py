"""Employer social-security contributions on a shift, by worker status (RULES.md §3)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum

from msgspec import Struct

from extra_services.money import ZERO
from extra_services.nowjobs.student_quota import minutes_within_quota, quota_hours_counted
from extra_services.nowjobs.workers import WorkerStatus
from extra_services.rates.employer_contributions import (
    FLEXI_SPECIAL_CONTRIBUTION,
    NORMAL_EMPLOYER_RATE,
    STUDENT_SOLIDARITY_EMPLOYER_RATE,
)


class ContributionKind(StrEnum):
    STUDENT_SOLIDARITY = "STUDENT_SOLIDARITY"
    FLEXI_SPECIAL = "FLEXI_SPECIAL"
    NORMAL = "NORMAL"


class ContributionShare(Struct, frozen=True):
    kind: ContributionKind
    rate: Decimal
    hours: Decimal  # worked hours charged at this rate


class ContributionMinutes(Struct, frozen=True):
    kind: ContributionKind
    rate: Decimal
    minutes: int  # worked minutes charged at this rate


def contribution_minutes(status: WorkerStatus, day: date, worked: int,
                         quota_left: int) -> tuple[list[ContributionMinutes], int]:
    """The worked minutes at each rate, and the quota hours the shift counts (students only)."""
    if status is WorkerStatus.FLEXI:
        return [ContributionMinutes(ContributionKind.FLEXI_SPECIAL, FLEXI_SPECIAL_CONTRIBUTION.at(day), worked)], 0
    normal = NORMAL_EMPLOYER_RATE.at(day)
    if status is WorkerStatus.REGULAR:
        return [ContributionMinutes(ContributionKind.NORMAL, normal, worked)], 0
    within = minutes_within_quota(worked, quota_left)
    shares = [
        ContributionMinutes(ContributionKind.STUDENT_SOLIDARITY, STUDENT_SOLIDARITY_EMPLOYER_RATE.at(day), within),
        ContributionMinutes(ContributionKind.NORMAL, normal, worked - within),
    ]
    return [share for share in shares if share.minutes > 0], quota_hours_counted(worked)


def merge_shares(shares: Iterable[ContributionShare]) -> tuple[ContributionShare, ...]:
    """One share per (kind, rate), hours summed: the rates a quote shows."""
    merged: dict[tuple[ContributionKind, Decimal], Decimal] = {}
    for share in shares:
        key = (share.kind, share.rate)
        merged[key] = merged.get(key, ZERO) + share.hours
    return tuple(ContributionShare(kind, rate, hours) for (kind, rate), hours in merged.items())
