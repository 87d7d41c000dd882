"""A POST with an Idempotency-Key that fails after its write (the event bus or the outbox throttled: a 503,
and Powertools drops its in-progress record) and is retried with the same key and body: the first
response, nothing created twice, the event still published (issue 6, fault injection)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from extra_services.domain_events import DomainEvent
from extra_services.errors import Conflict, InvalidInput, TemporarilyUnavailable
from extra_services.nowjobs.channel_responses import InvitationOut, JobOfferCreatedOut, RegistrationOut
from extra_services.nowjobs.company_service import CompanyService
from extra_services.nowjobs.contract_service import ContractService
from extra_services.nowjobs.hiring_service import HiringService
from extra_services.nowjobs.ports import OutboxChannel
from extra_services.nowjobs.request_models import CancellationIn, InvitationIn
from tests.integration.nowjobs.support import (
    ANNA,
    BASE_URL,
    ENTERPRISE,
    FakeOutbox,
    FakePublisher,
    World,
    active_company,
    offer_request,
    registration,
)
from tests.integration.nowjobs.test_nowjobs_contract_service import contract_for


@dataclass
class FailsOnce(FakePublisher):
    """EventBridge refusing the first publish (throttled after the SDK's retries)."""

    failed: bool = False

    def publish(self, *events: DomainEvent) -> None:
        if not self.failed:
            self.failed = True
            raise TemporarilyUnavailable("The service is busy; please retry in a moment.")
        super().publish(*events)


@dataclass
class OutboxFailsOnce(FakeOutbox):
    failed: bool = False

    def send(self, channel: OutboxChannel, recipient: str, subject: str, body: str, reference: str, *,
             kind: str = "NOWJOBS") -> None:
        if not self.failed:
            self.failed = True
            raise TemporarilyUnavailable("The service is busy; please retry in a moment.")
        super().send(channel, recipient, subject, body, reference, kind=kind)


def test_a_registration_retried_after_its_event_failed_answers_the_first_response(w: World) -> None:
    publisher = FailsOnce()
    companies = CompanyService(w.repository, w.eligibility, w.clock, publisher, w.outbox)
    with pytest.raises(TemporarilyUnavailable):
        companies.register(ANNA, registration(), idempotency_key="reg-1")      # stored, not announced
    first = RegistrationOut.of(companies.register(ANNA, registration(), idempotency_key="reg-1"))  # no 409
    again = RegistrationOut.of(companies.register(ANNA, registration(), idempotency_key="reg-1"))
    assert again == first and first.status.value == "PENDING_VERIFICATION"
    assert [c.company_id for c in w.repository.companies_of_enterprise(ENTERPRISE)] == [first.company_id]
    assert {e["companyId"] for e in publisher.of_type("CompanyRegistered")} == {first.company_id}
    with pytest.raises(InvalidInput) as reused:
        companies.register(ANNA, registration(name="Other SRL"), idempotency_key="reg-1")
    assert reused.value.code == "IDEMPOTENCY_KEY_REUSED"
    with pytest.raises(Conflict) as other_request:
        companies.register(ANNA, registration(), idempotency_key="reg-2")
    assert other_request.value.code == "COMPANY_ALREADY_REGISTERED"


def test_without_a_key_a_retried_registration_is_still_a_409(w: World) -> None:
    companies = CompanyService(w.repository, w.eligibility, w.clock, FailsOnce(), w.outbox)
    with pytest.raises(TemporarilyUnavailable):
        companies.register(ANNA, registration())
    with pytest.raises(Conflict) as refused:
        companies.register(ANNA, registration())
    assert refused.value.code == "COMPANY_ALREADY_REGISTERED"


def hiring(w: World, publisher: FakePublisher, outbox: FakeOutbox | None = None) -> HiringService:
    return HiringService(w.repository, w.eligibility, w.clock, publisher, outbox or w.outbox,
                         invitation_base_url=BASE_URL)


def test_a_job_offer_retried_after_its_event_failed_is_created_once(w: World) -> None:
    company_id = active_company(w)
    publisher = FailsOnce()
    offers = hiring(w, publisher)
    with pytest.raises(TemporarilyUnavailable):
        offers.create_offer(ANNA, company_id, offer_request(), idempotency_key="offer-1")
    first = JobOfferCreatedOut.of(offers.create_offer(ANNA, company_id, offer_request(), idempotency_key="offer-1"))
    assert JobOfferCreatedOut.of(offers.create_offer(ANNA, company_id, offer_request(),
                                                     idempotency_key="offer-1")) == first
    listed = w.repository.offers_of_company(company_id, limit=10, next_token=None).items
    assert [o.offer_id for o in listed] == [first.offer_id]
    assert {e["offerId"] for e in publisher.of_type("JobOfferPublished")} == {first.offer_id}
    with pytest.raises(InvalidInput) as reused:
        offers.create_offer(ANNA, company_id, offer_request(title="Cook"), idempotency_key="offer-1")
    assert reused.value.code == "IDEMPOTENCY_KEY_REUSED"
    other = offers.create_offer(ANNA, company_id, offer_request(), idempotency_key="offer-2")
    assert other.offer_id != first.offer_id


def test_a_retry_racing_the_first_attempt_answers_from_the_conflict_of_its_write(
        w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    company_id = active_company(w)
    publisher = FakePublisher()
    offers = hiring(w, publisher)
    first = JobOfferCreatedOut.of(offers.create_offer(ANNA, company_id, offer_request(),
                                                      idempotency_key="offer-race"))
    monkeypatch.setattr(w.repository, "get_offer", _misses_once(w.repository.get_offer))
    assert JobOfferCreatedOut.of(offers.create_offer(ANNA, company_id, offer_request(),
                                                     idempotency_key="offer-race")) == first
    assert len(w.repository.offers_of_company(company_id, limit=10, next_token=None).items) == 1
    assert len(publisher.of_type("JobOfferPublished")) == 2


def _misses_once(get):  # type: ignore[no-untyped-def]
    calls = {"n": 0}

    def get_offer(offer_id: str, *, consistent: bool = False):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return None if calls["n"] == 1 else get(offer_id, consistent=consistent)
    return get_offer


def test_an_invitation_retried_after_its_message_failed_is_created_and_sent_once(w: World) -> None:
    company_id = active_company(w)
    outbox = OutboxFailsOnce()
    invitations = hiring(w, FakePublisher(), outbox)
    request = InvitationIn.model_validate({"via": "EMAIL", "recipient": "jan@example.org"})
    with pytest.raises(TemporarilyUnavailable):
        invitations.create_invitation(ANNA, company_id, request, idempotency_key="inv-1")
    first = InvitationOut.of(invitations.create_invitation(ANNA, company_id, request, idempotency_key="inv-1"))
    assert InvitationOut.of(invitations.create_invitation(ANNA, company_id, request, idempotency_key="inv-1")) == first
    assert [m["reference"] for m in outbox.sent] == [first.invitation_id]


def test_a_cancellation_retried_after_its_event_failed_publishes_it_and_answers_the_same(w: World) -> None:
    contract_id = contract_for(w)
    publisher = FailsOnce()
    contracts = ContractService(w.repository, w.eligibility, w.clock, publisher, w.outbox)
    request = CancellationIn.model_validate({"reason": "Closed for renovation"})
    with pytest.raises(TemporarilyUnavailable):
        contracts.cancel(ANNA, contract_id, request, idempotency_key="cancel-1")   # stored, not announced
    first = contracts.cancel(ANNA, contract_id, request, idempotency_key="cancel-1")
    assert first.status.value == "CANCELLED"
    assert [e["contractId"] for e in publisher.of_type("ContractCancelled")] == [contract_id]
