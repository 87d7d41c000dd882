"""NOWJOBS played on the local stack: its Digital Business Partner, its workers and its Dimona link.

It reacts to the application's NOWJOBS events (source extra-services.nowjobs) and answers on the partner
routes with the "nowjobs" partner token, after these virtual delays:

  CompanyRegistered   VERIFIED after 2 h, ACTIVATED after 26 h (inside the 48-hour target)
  JobOfferPublished   each demo worker whose status the offer accepts applies: the student after 20 min,
                      the flexi-jobber after 40 min, the regular worker after 60 min
  ContractProposed    the worker ACCEPTS after 30 min (answering that proposal version)
  DimonaRequested     DIMONA_CONFIRMED after 5 min, with a Dimona reference

Every answer carries an eventId derived from what it answers, so a redelivered event changes nothing.
A call that comes too late (the first shift already started) is refused by the application with a 409
and logged by the simulator, as it would be for the real partner."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from local_stack.simulators.partner import Partner, PartnerSimulators

PARTNER = "nowjobs"
SOURCE = "extra-services.nowjobs"
VERIFIED_AFTER = timedelta(hours=2)
ACTIVATED_AFTER = timedelta(hours=26)
ACCEPTED_AFTER = timedelta(minutes=30)
DIMONA_CONFIRMED_AFTER = timedelta(minutes=5)

# The platform's demo workers (realistic fields; one of each status).
WORKERS: list[tuple[timedelta, dict[str, Any]]] = [
    (timedelta(minutes=20), {"workerId": "W-STUDENT-LOTTE", "name": "Lotte Claes", "status": "STUDENT",
                             "birthDate": "2005-09-14", "experienceMonths": 6, "studentHoursUsedThisYear": 120}),
    (timedelta(minutes=40), {"workerId": "W-FLEXI-KARIM", "name": "Karim Benali", "status": "FLEXI",
                             "birthDate": "1984-04-02", "experienceMonths": 96, "studentHoursUsedThisYear": 0}),
    (timedelta(minutes=60), {"workerId": "W-REGULAR-SOFIE", "name": "Sofie Maes", "status": "REGULAR",
                             "birthDate": "1999-11-23", "experienceMonths": 30, "studentHoursUsedThisYear": 0}),
]


def _company_registered(event: dict[str, Any], nowjobs: Partner) -> None:
    company_id = event["detail"]["companyId"]
    path = f"/v1/partners/nowjobs/companies/{company_id}/events"
    nowjobs.call_after(VERIFIED_AFTER, "POST", path, {"type": "VERIFIED", "eventId": f"sim-verified-{company_id}"})
    nowjobs.call_after(ACTIVATED_AFTER, "POST", path, {"type": "ACTIVATED", "eventId": f"sim-activated-{company_id}"})


def _job_offer_published(event: dict[str, Any], nowjobs: Partner) -> None:
    offer = event["detail"]
    for delay, worker in WORKERS:
        if worker["status"] in offer["statuses"]:
            nowjobs.call_after(delay, "POST", f"/v1/partners/nowjobs/job-offers/{offer['offerId']}/applications",
                               {"worker": worker})


def _contract_proposed(event: dict[str, Any], nowjobs: Partner) -> None:
    contract_id, version = event["detail"]["contractId"], event["detail"]["proposalVersion"]
    nowjobs.call_after(ACCEPTED_AFTER, "POST", f"/v1/partners/nowjobs/contracts/{contract_id}/events",
                       {"type": "ACCEPTED", "proposalVersion": version,
                        "eventId": f"sim-accepted-{contract_id}-v{version}"})


def _dimona_requested(event: dict[str, Any], nowjobs: Partner) -> None:
    detail = event["detail"]
    request_id = detail["dimonaRequestId"]
    nowjobs.call_after(DIMONA_CONFIRMED_AFTER, "POST", f"/v1/partners/nowjobs/contracts/{detail['contractId']}/events",
                       {"type": "DIMONA_CONFIRMED", "proposalVersion": detail["proposalVersion"],
                        "dimonaReference": f"DIM-{detail['dimonaType']}-{request_id[:8].upper()}",
                        "eventId": f"sim-dimona-{request_id}"})


def install(simulators: PartnerSimulators) -> None:
    for detail_type, reaction in (("CompanyRegistered", _company_registered),
                                  ("JobOfferPublished", _job_offer_published),
                                  ("ContractProposed", _contract_proposed),
                                  ("DimonaRequested", _dimona_requested)):
        simulators.react(f"Nowjobs{detail_type}", PARTNER, {"source": [SOURCE], "detail-type": [detail_type]},
                         reaction)
