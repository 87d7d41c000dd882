"""What the creditor is told, in French, Dutch and English, from Go Solid's domain events."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from extra_services.domain_events import DomainEvent
from extra_services.gosolid import lifecycle
from extra_services.gosolid.case import Case, RejectionReason
from extra_services.gosolid.case_events import SOURCE
from extra_services.gosolid.screening import ScreeningDecision
from extra_services.notifications.models import Language
from extra_services.notifications.notifier import notifications_for
from tests.unit.gosolid.gosolid_builders import (
    ACCEPTED_AT,
    accepted,
    event,
    in_enforcement,
    served,
    submitted,
    with_plan,
)

LATER = datetime(2026, 6, 1, tzinfo=UTC)


def published(case: Case, detail_type: str) -> DomainEvent:
    found = [e for e in case.pending_events if e.detail_type == detail_type]
    return DomainEvent(SOURCE, detail_type, found[-1].detail)


def paid() -> Case:
    return lifecycle.apply_partner_event(in_enforcement(), event("DEBTOR_PAYMENT", amount="1304.53",
                                                                 paidOn="2026-05-20"), LATER).case


CASES = {
    "CaseAccepted": accepted,
    "CaseRejected": lambda: lifecycle.decide(submitted(), ScreeningDecision(
        (RejectionReason.INSOLVENT_DEBTOR,), 40), ACCEPTED_AT).case,
    "SummonsServed": served,
    "PaymentPlanAgreed": lambda: with_plan(("2026-04-10", "1304.53")),
    "PaymentForwarded": paid,
    "CaseClosed": paid,
}


@pytest.mark.parametrize("detail_type", list(CASES))
def test_each_milestone_reaches_the_enterprise_inbox_in_three_languages(detail_type: str) -> None:
    wanted = notifications_for(published(CASES[detail_type](), detail_type))
    (entry,) = wanted.inbox
    assert entry.owner == "ENTERPRISE#0403170701"
    assert entry.link == "/v1/go-solid/cases/case-1"
    for language in Language:
        text = entry.texts.pick(language)
        assert text.title.startswith("Go Solid")
        assert "Débiteur SA" in text.body


def test_the_email_to_the_submitter_names_neither_the_debtor_nor_amounts() -> None:
    wanted = notifications_for(published(paid(), "PaymentForwarded"))
    (email,) = wanted.outbox
    assert email.recipient_customer_id == "C-1"
    for language in Language:
        text = email.texts.pick(language)
        assert "Débiteur" not in text.body
        assert "1" + "250" not in text.body.replace(" ", "")


def test_amounts_read_the_local_way() -> None:
    entry = notifications_for(published(paid(), "PaymentForwarded")).inbox[0]
    assert "1 250,00 EUR" in entry.texts.fr.body
    assert "EUR 1,250.00" in entry.texts.en.body


def test_a_rejection_says_why() -> None:
    entry = notifications_for(published(CASES["CaseRejected"](), "CaseRejected")).inbox[0]
    assert "solvabilité du débiteur est insuffisante" in entry.texts.fr.body


def test_a_contestation_tells_the_creditor_it_owes_the_fees() -> None:
    contested = lifecycle.apply_partner_event(served(), event("DEBTOR_CONTESTED", reason="no", on="2026-03-20"),
                                              ACCEPTED_AT + timedelta(days=5)).case
    entry = notifications_for(published(contested, "CaseClosed")).inbox[0]
    assert "fees are yours to pay" in entry.texts.en.body


def test_events_for_partners_only_notify_nobody() -> None:
    summons = lifecycle.request_summons(accepted(), ACCEPTED_AT).case
    assert notifications_for(published(summons, "SummonsRequested")).inbox == ()
    assert notifications_for(DomainEvent("core-banking", "ProductChanged", {})).inbox == ()
