"""The Go Solid case deadlines (RULES.md §2; docs/decisions/gosolid-deadlines-and-amounts.md).

Legal terms follow the Judicial Code: art. 52 (the term starts the day after service), art. 54
(a month runs "de quantième à veille de quantième"), art. 53 (the last day is included and rolls
to the next working day). The acceptance and service limits are service-level targets counted in
working hours / working days. Dates are Europe/Brussels calendar dates; instants are UTC."""
from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from msgspec import Struct

from extra_services.belgian_calendar import (
    add_working_days,
    add_working_hours,
    brussels_date,
    closing_of,
    next_working_day_on_or_after,
    start_of_day,
)
from extra_services.clock import iso_instant

ACCEPTANCE_DECISION_WORKING_HOURS = 4
SUMMONS_SERVICE_WORKING_DAYS = 4
DEBTOR_TERM_MONTHS = 1
PV_WAIT_CALENDAR_DAYS = 8


class CaseDeadlines(Struct, frozen=True):
    acceptance_decision_due: datetime
    summons_service_due: datetime
    response_deadline: date
    pv_earliest: date

    @property
    def debtor_month_expires_at(self) -> datetime:
        return debtor_month_expires_at(self.response_deadline)

    @property
    def pv_earliest_at(self) -> datetime:
        return pv_earliest_at(self.pv_earliest)

    def as_api(self) -> dict[str, str]:
        """The `deadlines` object of API.md (instants ISO 8601 UTC, dates YYYY-MM-DD)."""
        return {
            "acceptanceDecisionDue": iso_instant(self.acceptance_decision_due),
            "summonsServiceDue": iso_instant(self.summons_service_due),
            "responseDeadline": self.response_deadline.isoformat(),
            "pvEarliest": self.pv_earliest.isoformat(),
        }


def acceptance_decision_due(submitted_at: datetime) -> datetime:
    """Submission + 4 working hours (a submission outside hours counts from the next opening)."""
    return add_working_hours(submitted_at, ACCEPTANCE_DECISION_WORKING_HOURS)


def summons_service_due(accepted_at: datetime) -> datetime:
    """17:00 Brussels on the 4th working day after the Brussels date of acceptance."""
    return closing_of(add_working_days(brussels_date(accepted_at), SUMMONS_SERVICE_WORKING_DAYS))


def month_term_end(served_on: date, months: int = DEBTOR_TERM_MONTHS) -> date:
    """Last day of a term of `months` months before art. 53's roll to a working day.

    Art. 52: the term starts the day after service. Art. 54: it ends on the eve of the start's
    day-number `months` later; when that day-number does not exist in that month, on its last day."""
    if months < 1:
        raise ValueError("months must be >= 1")
    starts_on = served_on + timedelta(days=1)
    month_index = starts_on.month - 1 + months
    year, month = starts_on.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if starts_on.day > last_day:
        return date(year, month, last_day)
    return date(year, month, starts_on.day) - timedelta(days=1)


def response_deadline(served_on: date) -> date:
    """Last day of the debtor's month (art. 52-54): Saturday, Sunday or legal holiday rolls forward."""
    return next_working_day_on_or_after(month_term_end(served_on))


def pv_earliest(response_deadline_on: date) -> date:
    """First working day on or after the response deadline + 8 calendar days."""
    return next_working_day_on_or_after(response_deadline_on + timedelta(days=PV_WAIT_CALENDAR_DAYS))


def debtor_month_expires_at(response_deadline_on: date) -> datetime:
    """End of the response-deadline day in Brussels (= 00:00 the next day), as a UTC instant.

    Art. 52: a day runs midnight to midnight, so the debtor may act until that instant."""
    return start_of_day(response_deadline_on + timedelta(days=1))


def pv_earliest_at(pv_earliest_on: date) -> datetime:
    """Start (00:00 Brussels) of the PV-earliest day, as a UTC instant."""
    return start_of_day(pv_earliest_on)


def case_deadlines(
    submitted_at: datetime,
    *,
    accepted_at: datetime | None = None,
    served_on: date | None = None,
) -> CaseDeadlines:
    """The four deadlines from what is known; each missing event is assumed at its limit."""
    decision_due = acceptance_decision_due(submitted_at)
    service_due = summons_service_due(accepted_at if accepted_at is not None else decision_due)
    served = served_on if served_on is not None else brussels_date(service_due)
    answer_due = response_deadline(served)
    return CaseDeadlines(
        acceptance_decision_due=decision_due,
        summons_service_due=service_due,
        response_deadline=answer_due,
        pv_earliest=pv_earliest(answer_due),
    )


def expected_timeline(submitted_at: datetime) -> CaseDeadlines:
    """For a quote: acceptance at the acceptance limit, service on the service limit's day."""
    return case_deadlines(submitted_at)
