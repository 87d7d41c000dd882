"""NOWJOBS hiring use cases: job offers, invitations, applications and what each candidate costs."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from uuid import uuid4

from msgspec.structs import replace

from extra_services.clock import Clock, brussels_today
from extra_services.errors import Conflict, InvalidInput
from extra_services.nowjobs import events
from extra_services.nowjobs.access import found, require_access
from extra_services.nowjobs.application import Application, Candidate, candidate, check_application
from extra_services.nowjobs.company import Company, require_active
from extra_services.nowjobs.invitation import (
    OUTBOX_CHANNEL,
    Invitation,
    invitation_message,
    invite,
    new_invitation_id,
    require_open,
)
from extra_services.nowjobs.job_offer import JobOffer, check_offer, publish
from extra_services.nowjobs.ports import Actor, EventPublisher, Outbox, UsableCheck
from extra_services.nowjobs.replay import derived_id, request_hash, require_same_request
from extra_services.nowjobs.repository import NowjobsRepository, PageOf
from extra_services.nowjobs.statuses import OfferStatus
from extra_services.nowjobs.wage_quote import WageQuote, quote
from extra_services.nowjobs.workers import Worker

if TYPE_CHECKING:  # annotations only: the schedules and the billing run never load the API models
    from extra_services.nowjobs.partner_models import ApplicationIn
    from extra_services.nowjobs.request_models import InvitationIn, JobOfferIn, WageQuoteIn

DEFAULT_PAGE = 20


class HiringService:
    def __init__(self, repository: NowjobsRepository, eligibility: UsableCheck, clock: Clock,
                 publisher: EventPublisher, outbox: Outbox, *, invitation_base_url: str,
                 new_id: Callable[[], str] = lambda: str(uuid4()),
                 new_invitation: Callable[[], str] = new_invitation_id) -> None:
        self.repository = repository
        self.eligibility = eligibility
        self.clock = clock
        self.publisher = publisher
        self.outbox = outbox
        self.invitation_base_url = invitation_base_url
        self.new_id = new_id
        self.new_invitation = new_invitation

    # --------------------------------------------------------------------------------------- offers
    def create_offer(self, actor: Actor, company_id: str, request: JobOfferIn, *,
                     idempotency_key: str | None = None) -> JobOffer:
        """Published at once. 409 before activation; 422 for shifts not in the future, a committee the
        company did not register, or a wage below the legal floor of an accepted status.

        With an Idempotency-Key the offer's id is uuid5(company, person, key) and the offer keeps the
        body's hash (replay.py): a retry of a request that stopped after its write finds that offer,
        publishes JobOfferPublished again and answers the first response; never a second offer."""
        company = self._company(actor, company_id)
        if idempotency_key is None:
            offer_id, body_hash = self.new_id(), None
        else:
            offer_id = derived_id("job-offer", company.company_id, actor.customer_id, idempotency_key)
            body_hash = request_hash(request.model_dump(mode="json"))
            stored = self.repository.get_offer(offer_id, consistent=True)
            if stored is not None:
                return self._replayed_offer(stored, body_hash)
        now = self.clock.now()
        draft = request.to_draft()
        check_offer(company, draft, now)
        offer = publish(draft, offer_id=offer_id, company=company, now=now, request_hash=body_hash)
        try:
            self.repository.create_offer(offer)
        except Conflict:
            # a concurrent attempt of the same request stored it first: answer as it did
            stored = None if body_hash is None else self.repository.get_offer(offer_id, consistent=True)
            if stored is None or body_hash is None:
                raise
            return self._replayed_offer(stored, body_hash)
        self.publisher.publish(events.job_offer_published(offer))
        return offer

    def _replayed_offer(self, stored: JobOffer, body_hash: str) -> JobOffer:
        require_same_request(stored.request_hash, body_hash)
        self.publisher.publish(events.job_offer_published(stored))  # consumers deduplicate by offerId
        return replace(stored, status=OfferStatus.PUBLISHED)  # as answered then

    def list_offers(self, actor: Actor, company_id: str, *, limit: int = DEFAULT_PAGE,
                    next_token: str | None = None) -> PageOf[JobOffer]:
        self._company(actor, company_id)
        return self.repository.offers_of_company(company_id, limit=limit, next_token=next_token)

    def get_offer(self, actor: Actor, offer_id: str) -> JobOffer:
        return self._offer(actor, offer_id)

    # ---------------------------------------------------------------------------------- invitations
    def create_invitation(self, actor: Actor, company_id: str, request: InvitationIn, *,
                          idempotency_key: str | None = None) -> Invitation:
        """A unique expiring link (the answer draws its QR code), and for SMS/WHATSAPP/EMAIL the message
        through the outbox.

        With an Idempotency-Key the invitation is stored with a record of the request (its id
        uuid5(company, person, key), the body's hash): a retry of a request that stopped after its write
        (the outbox failed) answers the same invitation and queues its message again (the outbox keeps one
        per invitation). The invitation id itself stays random: it is the link's secret."""
        company = self._company(actor, company_id)
        require_active(company)
        if request.offer_id is not None:
            offer = self.repository.get_offer(request.offer_id)
            if offer is None or offer.company_id != company.company_id:
                raise InvalidInput("The offer is not one of the company's.", code="UNKNOWN_OFFER",
                                   details=[{"field": "offerId", "message": "not an offer of the company"}])
        made_by: tuple[str, str] | None = None
        if idempotency_key is not None:
            made_by = (derived_id("invitation-request", company.company_id, actor.customer_id, idempotency_key),
                       request_hash(request.model_dump(mode="json")))
            earlier = self.repository.invitation_of_request(made_by[0])
            if earlier is not None:
                return self._invitation_replayed(company, *earlier, made_by[1])
        invitation = invite(invitation_id=self.new_invitation(), company_id=company.company_id,
                            enterprise_number=company.enterprise_number, via=request.via,
                            recipient=request.recipient, offer_id=request.offer_id,
                            base_url=self.invitation_base_url, now=self.clock.now())
        try:
            self.repository.create_invitation(invitation, request=made_by)
        except Conflict:
            # a concurrent attempt of the same request stored its invitation first: answer as it did
            earlier = None if made_by is None else self.repository.invitation_of_request(made_by[0])
            if earlier is None or made_by is None:
                raise
            return self._invitation_replayed(company, *earlier, made_by[1])
        return self._invitation_sent(company, invitation)

    def _invitation_replayed(self, company: Company, invitation: Invitation, stored_hash: str,
                             body_hash: str) -> Invitation:
        require_same_request(stored_hash, body_hash)
        return self._invitation_sent(company, invitation)

    def _invitation_sent(self, company: Company, invitation: Invitation) -> Invitation:
        channel = OUTBOX_CHANNEL.get(invitation.via)
        if channel is not None and invitation.recipient is not None:
            subject, body = invitation_message(company.name, invitation)
            self.outbox.send(channel, invitation.recipient, subject, body, reference=invitation.invitation_id,
                             kind="NOWJOBS_INVITATION")
        return invitation

    def open_invitation(self, invitation_id: str) -> tuple[Invitation, Company]:
        """For the NOWJOBS platform when someone follows the link: the invitation and its company; 404
        unknown, 409 expired."""
        invitation = require_open(found(self.repository.get_invitation(invitation_id), "invitation"),
                                  self.clock.now())
        return invitation, found(self.repository.get_company(invitation.company_id), "company")

    # --------------------------------------------------------------------------------- applications
    def record_application(self, offer_id: str, request: ApplicationIn) -> Application:
        """From the NOWJOBS platform. The same worker applying twice to an offer gets the first id back."""
        offer = found(self.repository.get_offer(offer_id), "job offer")
        worker = request.worker.to_domain(quota_year=brussels_today(self.clock).year)
        check_application(offer, worker, self.clock.now())
        application = Application(
            application_id=self.new_id(), offer_id=offer.offer_id, company_id=offer.company_id,
            enterprise_number=offer.enterprise_number, worker_id=request.worker.worker_id,
            worker_name=request.worker.name, worker=worker, received_at=self.clock.now())
        return self.repository.create_application(application)

    def list_applications(self, actor: Actor, offer_id: str, *, limit: int = DEFAULT_PAGE,
                          next_token: str | None = None) -> PageOf[Candidate]:
        """The candidates, newest first, each with what hiring them for the offer's shifts costs."""
        offer = self._offer(actor, offer_id)
        page = self.repository.applications_of_offer(offer_id, limit=limit, next_token=next_token)
        return PageOf([candidate(offer, a) for a in page.items], page.next_token)

    # ---------------------------------------------------------------------------------------- quote
    def quote_wage(self, request: WageQuoteIn) -> WageQuote:
        """POST /v1/nowjobs/wage-quotes: nothing stored; "this year" of the student quota is today's year."""
        worker = Worker(request.status, request.birth_date, request.experience_months,
                        request.student_hours_used_this_year, quota_year=brussels_today(self.clock).year)
        return quote(worker, request.joint_committee, request.hourly_wage, [s.to_domain() for s in request.shifts])

    # ------------------------------------------------------------------------------------- internal
    def _company(self, actor: Actor, company_id: str) -> Company:
        company = found(self.repository.get_company(company_id), "company")
        require_access(self.eligibility, actor, company.enterprise_number, "company")
        return company

    def _offer(self, actor: Actor, offer_id: str) -> JobOffer:
        offer = found(self.repository.get_offer(offer_id), "job offer")
        require_access(self.eligibility, actor, offer.enterprise_number, "job offer")
        return offer
