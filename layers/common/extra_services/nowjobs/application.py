"""A worker's application to a job offer, sent by the NOWJOBS platform, and its cost (RULES.md §3).
Pure rules."""
from __future__ import annotations

from datetime import datetime

from msgspec import Struct

from extra_services.errors import Conflict, InvalidInput
from extra_services.nowjobs.job_offer import JobOffer
from extra_services.nowjobs.wage_quote import WageQuote, quote
from extra_services.nowjobs.workers import Worker


class Application(Struct, frozen=True):
    application_id: str
    offer_id: str
    company_id: str
    enterprise_number: str
    worker_id: str
    worker_name: str | None
    worker: Worker  # quota_year = the Brussels year the hours used were reported in
    received_at: datetime
    contract_id: str | None = None


class Candidate(Struct, frozen=True):
    """An application as the company sees it: what hiring the worker for the offer's shifts costs, or the
    reason no quote could be made (e.g. a rate table without a row for a shift's date)."""

    application: Application
    cost_quote: WageQuote | None
    cost_quote_problem: InvalidInput | None = None


def check_application(offer: JobOffer, worker: Worker, now: datetime) -> None:
    """422 when the offer does not accept the worker's status or the cost cannot be quoted (e.g. a birth
    date after a shift); 409 once the offer's first shift has started."""
    if worker.status not in offer.statuses:
        raise InvalidInput(f"The offer accepts {', '.join(s.value for s in offer.statuses)}, not "
                           f"{worker.status.value}.", code="WORKER_STATUS_NOT_ACCEPTED",
                           details=[{"field": "worker.status", "message": "not accepted by the offer"}])
    if now >= offer.first_shift_start:
        raise Conflict("The offer's first shift has started: it no longer takes applications.",
                       code="OFFER_STARTED")
    cost_quote(offer, worker)


def cost_quote(offer: JobOffer, worker: Worker) -> WageQuote:
    """What hiring this worker for the offer's shifts costs; the contract and the invoice use the same."""
    return quote(worker, offer.joint_committee, offer.hourly_wage, offer.shifts)


def candidate(offer: JobOffer, application: Application) -> Candidate:
    try:
        return Candidate(application, cost_quote(offer, application.worker))
    except InvalidInput as problem:
        return Candidate(application, None, problem)
