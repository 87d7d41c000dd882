"""Company registration, partner verification and activation, the 48-hour target, the welcome discount."""
from __future__ import annotations

from datetime import timedelta

import pytest

from extra_services.billing.billable import DiscountCodeState
from extra_services.caller import Channel
from extra_services.errors import Conflict, Forbidden, InvalidInput, NotFound
from extra_services.nowjobs.ports import Actor, OutboxChannel
from extra_services.nowjobs.response_models import CompanyOut
from extra_services.nowjobs.statuses import CompanyStatus
from tests.integration.nowjobs.support import ANNA, NOW, STRANGER, World, active_company, event, registration


def test_registration_records_a_b2b_mandate_and_awaits_verification(w: World) -> None:
    registered = w.companies.register(ANNA, registration())

    assert registered.status is CompanyStatus.PENDING_VERIFICATION
    assert registered.activation_due == NOW + timedelta(hours=48)
    company = w.repository.get_company(registered.company_id)
    assert company is not None
    assert company.mandate.mandate.scheme.value == "B2B"
    assert company.mandate.mandate.reference.startswith("NJ-") and len(company.mandate.mandate.reference) == 35
    assert (company.mandate.signed_by, company.declaration.wording_version) == (ANNA.customer_id, "2025-01")
    assert w.publisher.of_type("CompanyRegistered")[0]["activationDue"] == "2026-03-04T09:00:00Z"
    assert CompanyOut.of(w.companies.get(ANNA, registered.company_id)).model_dump(mode="json")[
        "directDebitMandate"]["iban"] == "BE68…7034"


def test_mandate_references_are_unique_per_registration(w: World) -> None:
    first = w.companies.register(ANNA, registration())
    w.companies.apply_partner_event(first.company_id, event("REFUSED", reason="duplicate"))
    second = w.companies.register(ANNA, registration())
    references = {w.repository.get_company(c.company_id).mandate.mandate.reference  # type: ignore[union-attr]
                  for c in (first, second)}
    assert len(references) == 2


def test_registration_without_the_declaration_is_a_422(w: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        w.companies.register(ANNA, registration(declaration=None))
    assert refused.value.code == "DECLARATION_REQUIRED"


def test_registration_for_an_enterprise_the_person_may_not_commit_is_a_403(w: World) -> None:
    with pytest.raises(Forbidden):
        w.companies.register(STRANGER, registration())


def test_registration_with_an_unsupported_joint_committee_is_a_422(w: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        w.companies.register(ANNA, registration(jointCommittees=["302", "999"]))
    assert refused.value.code == "UNSUPPORTED_JOINT_COMMITTEE"


def test_second_registration_is_a_409_but_a_refused_company_may_register_again(w: World) -> None:
    first = w.companies.register(ANNA, registration())
    with pytest.raises(Conflict):
        w.companies.register(ANNA, registration())
    w.companies.apply_partner_event(first.company_id, event("REFUSED", reason="incomplete"))
    again = w.companies.register(ANNA, registration())
    assert w.repository.get_company(again.company_id).new_to_nowjobs is False  # type: ignore[union-attr]


def test_partner_verifies_then_activates(w: World) -> None:
    company_id = w.companies.register(ANNA, registration()).company_id
    w.at(NOW + timedelta(hours=3))
    assert w.companies.apply_partner_event(company_id, event("VERIFIED")).status is CompanyStatus.VERIFIED
    w.at(NOW + timedelta(hours=20))
    active = w.companies.apply_partner_event(company_id, event("ACTIVATED"))

    assert (active.status, active.activation_target_met) == (CompanyStatus.ACTIVE, True)
    assert [e.detail_type for e in w.publisher.events] == [
        "CompanyRegistered", "CompanyVerified", "CompanyActivated", "DiscountCodeIssued"]


def test_activation_before_verification_is_a_409_and_changes_nothing(w: World) -> None:
    company_id = w.companies.register(ANNA, registration()).company_id
    with pytest.raises(Conflict):
        w.companies.apply_partner_event(company_id, event("ACTIVATED"))
    assert w.companies.get(ANNA, company_id).status is CompanyStatus.PENDING_VERIFICATION


def test_duplicate_partner_event_has_no_second_effect(w: World) -> None:
    company_id = w.companies.register(ANNA, registration()).company_id
    w.companies.apply_partner_event(company_id, event("VERIFIED", eventId="evt-1"))
    w.companies.apply_partner_event(company_id, event("ACTIVATED", eventId="evt-2"))
    published = len(w.publisher.events)

    again = w.companies.apply_partner_event(company_id, event("VERIFIED", eventId="evt-1"))

    assert again.status is CompanyStatus.ACTIVE
    assert len(w.publisher.events) == published
    assert len(w.outbox.sent) == 1


def test_someone_else_does_not_see_the_company(w: World) -> None:
    company_id = w.companies.register(ANNA, registration()).company_id
    with pytest.raises(NotFound):
        w.companies.get(STRANGER, company_id)
    with pytest.raises(Forbidden):
        w.companies.of_enterprise(STRANGER, "0403170701")
    assert [c.company_id for c in w.companies.of_enterprise(ANNA, "0403170701")] == [company_id]


def test_missed_activation_target_is_announced_once_and_measured(w: World) -> None:
    late = w.companies.register(ANNA, registration()).company_id
    w.at(NOW + timedelta(hours=47))
    assert w.companies.check_activation_targets().overdue == ()

    w.at(NOW + timedelta(hours=49))
    first = w.companies.check_activation_targets()
    second = w.companies.check_activation_targets()

    assert [o.company_id for o in first.overdue] == [late]
    assert first.overdue[0].overdue_by == timedelta(hours=1)
    assert first.metrics() == {"NowjobsActivationsOverdue": 1, "NowjobsActivationTargetsMissed": 1}
    assert second.metrics() == {"NowjobsActivationsOverdue": 1, "NowjobsActivationTargetsMissed": 0}
    assert [d["companyId"] for d in w.publisher.of_type("CompanyActivationOverdue")] == [late]
    assert [(m["kind"], m["recipient"]) for m in w.outbox.sent] == [
        ("NOWJOBS_ACTIVATION_OVERDUE", "anna@brasserie.example")]

    w.companies.apply_partner_event(late, event("VERIFIED"))
    w.companies.apply_partner_event(late, event("ACTIVATED"))
    assert w.companies.check_activation_targets().overdue == ()
    assert w.companies.get(ANNA, late).activation_target_met is False


def test_new_company_from_cbc_mobile_gets_its_discount_code_by_email_once(w: World) -> None:
    company_id = active_company(w)
    w.companies.apply_partner_event(company_id, event("ACTIVATED"))  # a repeat

    code = w.companies.discount_code_for_billing(company_id)
    assert code is not None and code.state is DiscountCodeState.UNUSED
    [mail] = w.outbox.sent
    assert (mail["channel"], mail["recipient"]) == (OutboxChannel.EMAIL, "anna@brasserie.example")
    assert code.code in mail["body"]
    assert "code" not in w.publisher.of_type("DiscountCodeIssued")[0]


def test_company_from_touch_or_known_to_nowjobs_gets_no_discount(w: World) -> None:
    via_touch = Actor(ANNA.customer_id, Channel.TOUCH)
    company_id = w.companies.register(via_touch, registration(acquisitionChannel="TOUCH")).company_id
    w.companies.apply_partner_event(company_id, event("VERIFIED"))
    w.companies.apply_partner_event(company_id, event("ACTIVATED"))
    assert w.companies.discount_code_for_billing(company_id) is None
    assert w.outbox.sent == []


def test_partner_saying_the_company_is_known_to_nowjobs_withholds_the_discount(w: World) -> None:
    company_id = w.companies.register(ANNA, registration()).company_id
    w.companies.apply_partner_event(company_id, event("VERIFIED"))
    w.companies.apply_partner_event(company_id, event("ACTIVATED", alreadyNowjobsCustomer=True))
    assert w.companies.discount_code_for_billing(company_id) is None


def test_billing_uses_the_discount_code_once(w: World) -> None:
    company_id = active_company(w)
    code = w.companies.discount_code_for_billing(company_id)
    assert code is not None
    w.companies.redeem_discount_code(company_id, code.code, "invoice-1")
    w.companies.redeem_discount_code(company_id, code.code, "invoice-1")
    with pytest.raises(Conflict):
        w.companies.redeem_discount_code(company_id, code.code, "invoice-2")
    assert w.companies.discount_code_for_billing(company_id).state is DiscountCodeState.USED  # type: ignore[union-attr]
