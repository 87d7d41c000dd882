"""Who is hired: the worker's status (student, flexi-jobber, regular) and the facts the cost depends on."""
from __future__ import annotations

from datetime import date
from enum import StrEnum

from msgspec import Struct

from extra_services.nowjobs.errors import BirthDateAfterShiftError, InvalidStudentHoursUsedError


class WorkerStatus(StrEnum):
    STUDENT = "STUDENT"
    FLEXI = "FLEXI"
    REGULAR = "REGULAR"


class Worker(Struct, frozen=True):
    status: WorkerStatus
    birth_date: date
    experience_months: int = 0  # carried for sector scales by experience; none is recorded yet
    student_hours_used_this_year: int = 0
    quota_year: int | None = None  # the year "this year" means; None: the year of the first shift


def check_worker(worker: Worker) -> None:
    if worker.student_hours_used_this_year < 0:
        raise InvalidStudentHoursUsedError(worker.student_hours_used_this_year)


def age_on(birth_date: date, day: date) -> int:
    if birth_date > day:
        raise BirthDateAfterShiftError(birth_date, day)
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
