"""The student's yearly quota of hours at solidarity contributions (RULES.md §3): every started hour
of a shift counts as one; worked minutes within what is left are at the solidarity rate."""
from __future__ import annotations

from extra_services.nowjobs.workers import Worker
from extra_services.rates.student_quota import student_quota_hours


def remaining_student_quota(worker: Worker, year: int, quota_year: int) -> int:
    """Hours of `year`'s quota left; the hours already used count only in `quota_year`."""
    used = worker.student_hours_used_this_year if year == quota_year else 0
    return max(0, student_quota_hours(year) - used)


def quota_hours_counted(worked_minutes: int) -> int:
    """Every started hour counts as one."""
    return -(-worked_minutes // 60)


def minutes_within_quota(worked_minutes: int, quota_hours_left: int) -> int:
    return min(worked_minutes, quota_hours_left * 60)
