"""Which weeks a run bills: the newest whose invoice Thursday has come, and four before it for hours
confirmed late, or one week asked for by hand. Pure rules."""
from __future__ import annotations

from datetime import date, timedelta

from extra_services.billing.calendar import InvoicingWeek, invoicing_week_of
from extra_services.errors import InvalidInput

CATCH_UP_WEEKS = 4
_DAYS_FROM_MONDAY_TO_INVOICE_DAY = 10


def latest_billable_week(today: date) -> InvoicingWeek:
    """The newest week whose invoice day (its following Thursday) is today or past."""
    return invoicing_week_of(today - timedelta(days=_DAYS_FROM_MONDAY_TO_INVOICE_DAY))


def weeks_to_bill(today: date, requested: date | None = None) -> list[InvoicingWeek]:
    if requested is not None:
        if requested.weekday() != 0:
            raise InvalidInput(f"An invoicing week starts on a Monday, not on {requested.isoformat()}.",
                               code="NOT_A_MONDAY")
        week = InvoicingWeek(requested)
        if week.invoice_date > today:
            raise InvalidInput(f"The week of {requested.isoformat()} is invoiced from "
                               f"{week.invoice_date.isoformat()}, not before.", code="WEEK_NOT_YET_BILLABLE")
        return [week]
    latest = latest_billable_week(today)
    return [InvoicingWeek(latest.monday - timedelta(weeks=n)) for n in range(CATCH_UP_WEEKS, -1, -1)]
