"""Job offers, applications and invitations: what an active company may publish, who may apply, and
what an invitation is."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from extra_services.errors import Conflict, InvalidInput
from extra_services.nowjobs.application import check_application
from extra_services.nowjobs.invitation import invitation_link, invite, new_invitation_id, qr_code_svg
from extra_services.nowjobs.job_offer import OfferDraft, check_offer
from extra_services.nowjobs.legal_floor import highest_hourly_floor
from extra_services.nowjobs.statuses import InvitationChannel
from extra_services.nowjobs.workers import Worker, WorkerStatus
from tests.unit.nowjobs.builders import NOW, SHIFTS, WEDNESDAY, active_company, company, offer, worker

STUDENT, FLEXI, REGULAR = WorkerStatus.STUDENT, WorkerStatus.FLEXI, WorkerStatus.REGULAR


def draft(**overrides: Any) -> OfferDraft:
    values: dict[str, Any] = {"title": "Waiter", "function": "waiter", "joint_committee": "302",
                                 "location": "Gent", "hourly_wage": Decimal("13.00"), "statuses": (FLEXI,),
                                 "positions": 1, "shifts": SHIFTS}
    values.update(overrides)
    return OfferDraft(**values)


def test_offer_before_activation_is_refused() -> None:
    with pytest.raises(Conflict):
        check_offer(company(), draft(), NOW)


def test_flexi_offer_in_horeca_may_pay_the_sector_floor() -> None:
    check_offer(active_company(), draft(hourly_wage=Decimal("12.53")), NOW)


def test_offer_open_to_students_pays_at_least_the_adult_minimum() -> None:
    assert highest_hourly_floor(STUDENT, "302", WEDNESDAY) == Decimal("12.83")
    with pytest.raises(InvalidInput) as refused:
        check_offer(active_company(), draft(statuses=(FLEXI, STUDENT), hourly_wage=Decimal("12.82")), NOW)
    assert refused.value.code == "WAGE_BELOW_LEGAL_FLOOR"
    assert "a student of any age" in refused.value.message


def test_offer_shift_in_the_past_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_offer(active_company(), draft(), SHIFTS[0].start)
    assert refused.value.code == "SHIFT_NOT_IN_FUTURE"
    assert refused.value.details[0]["field"] == "shifts[0].start"


def test_offer_more_than_a_year_ahead_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_offer(active_company(), draft(), SHIFTS[0].start - timedelta(days=366))
    assert refused.value.code == "SHIFT_TOO_FAR_AHEAD"


def test_offer_in_a_committee_the_company_did_not_register_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_offer(active_company(), draft(joint_committee="118.03"), NOW)
    assert refused.value.code == "JOINT_COMMITTEE_NOT_REGISTERED"


def test_flexi_offer_in_a_committee_without_flexi_jobs_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_offer(active_company(joint_committees=("140.03",)),
                    draft(joint_committee="140.03", hourly_wage=Decimal("15.00")), NOW)
    assert refused.value.code == "FLEXI_NOT_ALLOWED_IN_JOINT_COMMITTEE"


def test_application_with_a_status_the_offer_does_not_accept_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_application(offer(statuses=(FLEXI,)), worker(STUDENT), NOW)
    assert refused.value.code == "WORKER_STATUS_NOT_ACCEPTED"


def test_application_after_the_first_shift_started_is_refused() -> None:
    with pytest.raises(Conflict):
        check_application(offer(), worker(FLEXI), SHIFTS[0].start)


def test_application_whose_cost_cannot_be_quoted_is_refused() -> None:
    born_after_the_shift = Worker(REGULAR, WEDNESDAY + timedelta(days=1))
    with pytest.raises(InvalidInput) as refused:
        check_application(offer(), born_after_the_shift, NOW)
    assert refused.value.code == "BIRTH_DATE_AFTER_SHIFT"


def test_invitation_ids_are_unique_and_end_the_link() -> None:
    ids = {new_invitation_id() for _ in range(500)}
    assert len(ids) == 500
    assert all(i.startswith("inv_") and len(i) == 28 for i in ids)
    assert invitation_link("https://jobs.example/i/", "inv_x") == "https://jobs.example/i/inv_x"


def test_qr_invitation_lasts_30_days_and_a_sent_link_7_days() -> None:
    common: dict[str, Any] = {"company_id": "c", "enterprise_number": "0403170701", "offer_id": None,
              "base_url": "https://jobs.example/i", "now": NOW}
    qr = invite(invitation_id="inv_a", via=InvitationChannel.QR, recipient=None, **common)
    sms = invite(invitation_id="inv_b", via=InvitationChannel.SMS, recipient="+32470123456", **common)
    assert qr.expires_at == NOW + timedelta(days=30)
    assert sms.expires_at == NOW + timedelta(days=7)
    assert not sms.is_expired(NOW + timedelta(days=6)) and sms.is_expired(NOW + timedelta(days=7))


def test_qr_code_is_an_inline_svg() -> None:
    svg = qr_code_svg("https://jobs.example/i/inv_abc")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert svg == qr_code_svg("https://jobs.example/i/inv_abc")

