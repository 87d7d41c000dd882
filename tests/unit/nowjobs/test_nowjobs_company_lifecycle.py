"""Company onboarding: PENDING_VERIFICATION -> VERIFIED -> ACTIVE | REFUSED within a 48-hour target."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from extra_services.errors import Conflict, InvalidInput
from extra_services.nowjobs.company import (
    CompanyEvent,
    ExistingRegistration,
    apply_company_event,
    check_joint_committees_supported,
    check_may_register,
    mark_activation_overdue_notified,
    require_active,
)
from extra_services.nowjobs.statuses import CompanyEventType, CompanyStatus
from tests.unit.nowjobs.builders import NOW, company

VERIFIED = CompanyEvent(CompanyEventType.VERIFIED)
ACTIVATED = CompanyEvent(CompanyEventType.ACTIVATED)
REFUSED = CompanyEvent(CompanyEventType.REFUSED, reason="not a real business")


def test_verified_then_activated_company_is_active() -> None:
    verified = apply_company_event(company(), VERIFIED, NOW + timedelta(hours=2))
    assert verified is not None
    active = apply_company_event(verified, ACTIVATED, NOW + timedelta(hours=30))

    assert active is not None
    assert active.status is CompanyStatus.ACTIVE
    assert active.activation_target_met is True


def test_activation_before_verification_is_out_of_order() -> None:
    with pytest.raises(Conflict) as refused:
        apply_company_event(company(), ACTIVATED, NOW)
    assert refused.value.code == "COMPANY_EVENT_OUT_OF_ORDER"


def test_refusal_of_an_active_company_is_out_of_order() -> None:
    active = company(status=CompanyStatus.ACTIVE)
    with pytest.raises(Conflict):
        apply_company_event(active, REFUSED, NOW)


def test_refused_company_keeps_the_reason() -> None:
    refused = apply_company_event(company(status=CompanyStatus.VERIFIED), REFUSED, NOW)
    assert refused is not None
    assert (refused.status, refused.refusal_reason) == (CompanyStatus.REFUSED, "not a real business")
    assert not refused.awaiting_activation


def test_repeated_partner_event_has_no_second_effect() -> None:
    verified = company(status=CompanyStatus.VERIFIED, verified_at=NOW)
    assert apply_company_event(verified, VERIFIED, NOW + timedelta(hours=1)) is None


def test_late_repeat_of_verified_after_activation_has_no_effect() -> None:
    active = company(status=CompanyStatus.ACTIVE, verified_at=NOW, activated_at=NOW + timedelta(hours=1))
    assert apply_company_event(active, VERIFIED, NOW + timedelta(hours=2)) is None


def test_activation_is_due_48_hours_after_registration() -> None:
    assert company().activation_due == NOW + timedelta(hours=48)


def test_activation_after_48_hours_misses_the_target() -> None:
    late = apply_company_event(company(status=CompanyStatus.VERIFIED), ACTIVATED, NOW + timedelta(hours=49))
    assert late is not None
    assert late.activation_target_met is False


def test_company_waiting_past_48_hours_is_overdue_and_notified_once() -> None:
    waiting = company()
    assert mark_activation_overdue_notified(waiting, NOW + timedelta(hours=48)) is None
    notified = mark_activation_overdue_notified(waiting, NOW + timedelta(hours=48, seconds=1))
    assert notified is not None
    assert mark_activation_overdue_notified(notified, NOW + timedelta(hours=60)) is None


def test_job_offers_wait_for_activation() -> None:
    with pytest.raises(Conflict) as refused:
        require_active(company(status=CompanyStatus.VERIFIED))
    assert refused.value.code == "COMPANY_NOT_ACTIVE"
    require_active(company(status=CompanyStatus.ACTIVE))


def test_enterprise_registers_once_unless_refused() -> None:
    with pytest.raises(Conflict):
        check_may_register(ExistingRegistration("company-1", refused=False))
    check_may_register(ExistingRegistration("company-1", refused=True))
    check_may_register(None)


def test_unsupported_joint_committee_is_refused_with_its_code() -> None:
    check_joint_committees_supported(["302", "118.03"], date(2026, 3, 2))
    with pytest.raises(InvalidInput) as refused:
        check_joint_committees_supported(["302", "999"], date(2026, 3, 2))
    assert refused.value.code == "UNSUPPORTED_JOINT_COMMITTEE"
    assert "999" in refused.value.message
