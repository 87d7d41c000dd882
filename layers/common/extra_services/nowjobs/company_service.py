"""NOWJOBS company use cases: registration, the Digital Business Partner's verification and activation,
the 48-hour activation target, and the welcome discount code."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import uuid4

from msgspec import Struct
from msgspec.structs import replace

from extra_services.billing.billable import DiscountCode
from extra_services.billing.mandate import Mandate, mandate_reference_for
from extra_services.clock import Clock, brussels_today
from extra_services.eligibility.declaration import record_declaration
from extra_services.errors import ChangedConcurrently, Conflict
from extra_services.nowjobs import events
from extra_services.nowjobs.access import found, require_access
from extra_services.nowjobs.company import (
    Company,
    SignedMandate,
    activation_overdue_email,
    apply_company_event,
    check_joint_committees_supported,
    check_may_register,
    mark_activation_overdue_notified,
)
from extra_services.nowjobs.discount_code import (
    WelcomeDiscount,
    discount_email,
    is_eligible_for_welcome_discount,
    new_discount_code,
    redeem,
    welcome_discount_for,
)
from extra_services.nowjobs.ports import Actor, EventPublisher, Outbox, OutboxChannel, UsableCheck
from extra_services.nowjobs.replay import derived_id, request_hash, require_same_request
from extra_services.nowjobs.repository import NowjobsRepository
from extra_services.nowjobs.statuses import CompanyStatus

if TYPE_CHECKING:  # annotations only: the schedules and the billing run never load the API models
    from extra_services.nowjobs.partner_models import CompanyEventIn
    from extra_services.nowjobs.request_models import CompanyRegistrationIn

SERVICE_ID = "nowjobs"  # as in the eligibility catalogue and the declaration record
CODE_ATTEMPTS = 5


class OverdueActivation(Struct, frozen=True):
    company_id: str
    enterprise_number: str
    status: CompanyStatus
    activation_due: datetime
    overdue_by: timedelta


class ActivationCheck(Struct, frozen=True):
    """What the scheduled check found: `overdue` is every company past the 48-hour target still waiting
    (the metric the alarm watches); `newly_overdue` those notified by this run (one notification each)."""

    checked_at: datetime
    overdue: tuple[OverdueActivation, ...]
    newly_overdue: tuple[OverdueActivation, ...]

    def metrics(self) -> dict[str, int]:
        return {"NowjobsActivationsOverdue": len(self.overdue),
                "NowjobsActivationTargetsMissed": len(self.newly_overdue)}


class CompanyService:
    def __init__(self, repository: NowjobsRepository, eligibility: UsableCheck, clock: Clock,
                 publisher: EventPublisher, outbox: Outbox, *,
                 new_id: Callable[[], str] = lambda: str(uuid4()),
                 new_code: Callable[[], str] = new_discount_code) -> None:
        self.repository = repository
        self.eligibility = eligibility
        self.clock = clock
        self.publisher = publisher
        self.outbox = outbox
        self.new_id = new_id
        self.new_code = new_code

    # ------------------------------------------------------------------------------------- channels
    def register(self, actor: Actor, request: CompanyRegistrationIn, *,
                 idempotency_key: str | None = None) -> Company:
        """422 without the declaration, for an unsupported joint committee or an invalid mandate; 403 when
        the person may not commit the enterprise; 409 when it is already registered.

        With an Idempotency-Key the company's and its mandate's ids are uuid5(person, key) and the company
        keeps the body's hash (replay.py): a retry of a registration that stopped after its write (its
        event not published) finds its own company, publishes CompanyRegistered again while the partner
        has not acted on it yet, and answers the first response; it is a replay, not a 409."""
        now, today = self.clock.now(), brussels_today(self.clock)
        declaration = record_declaration(request.declaration, customer_id=actor.customer_id, channel=actor.channel,
                                         enterprise_number=request.enterprise_number, service=SERVICE_ID,
                                         at=now, today=today)
        self.eligibility.require_usable(actor.customer_id, actor.channel, request.enterprise_number)
        check_joint_committees_supported(request.joint_committees, today)
        if idempotency_key is None:
            company_id, mandate_id, body_hash = self.new_id(), self.new_id(), None
        else:
            company_id = derived_id("company", actor.customer_id, idempotency_key)
            mandate_id = derived_id("mandate", actor.customer_id, idempotency_key)
            body_hash = request_hash(request.model_dump(mode="json"))
            stored = self.repository.get_company(company_id, consistent=True)
            if stored is not None:
                return self._replayed_registration(actor, stored, body_hash)
        previous = self.repository.registration_of(request.enterprise_number)
        check_may_register(previous)
        mandate = Mandate(reference=mandate_reference_for(mandate_id), signed_on=today, debtor_name=request.name,
                          debtor_iban=request.iban, scheme=request.direct_debit_mandate.scheme)
        company = Company(
            company_id=company_id, enterprise_number=request.enterprise_number, name=request.name,
            address=request.address.to_domain(), contact=request.contact.to_domain(),
            joint_committees=tuple(request.joint_committees),
            mandate=SignedMandate(mandate_id, mandate, now, actor.customer_id),
            acquisition_channel=request.acquisition_channel, registration_channel=actor.channel,
            declaration=declaration, registered_at=now, new_to_nowjobs=previous is None, request_hash=body_hash)
        try:
            self.repository.create_company(company, previous)
        except Conflict:
            # a concurrent attempt of the same request stored it first: that is a replay, anything else a 409
            stored = None if body_hash is None else self.repository.get_company(company_id, consistent=True)
            if stored is None or body_hash is None:
                raise
            return self._replayed_registration(actor, stored, body_hash)
        self.publisher.publish(events.company_registered(company))
        return company

    def _replayed_registration(self, actor: Actor, stored: Company, body_hash: str) -> Company:
        """The company as the first answer to the request that registered `stored` showed it (the person's
        key, the same body)."""
        same_person = stored.mandate.signed_by == actor.customer_id  # implied by the derived id; checked anyway
        require_same_request(stored.request_hash if same_person else None, body_hash)
        if stored.status is CompanyStatus.PENDING_VERIFICATION:  # the partner may never have been told
            self.publisher.publish(events.company_registered(stored))
        # as the registration answered then (PENDING_VERIFICATION), whatever the partner did since
        return replace(stored, status=CompanyStatus.PENDING_VERIFICATION)

    def get(self, actor: Actor, company_id: str) -> Company:
        company = found(self.repository.get_company(company_id), "company")
        require_access(self.eligibility, actor, company.enterprise_number, "company")
        return company

    def of_enterprise(self, actor: Actor, enterprise_number: str) -> list[Company]:
        """The enterprise's NOWJOBS registrations, newest first (403 for an enterprise not usable)."""
        self.eligibility.require_usable(actor.customer_id, actor.channel, enterprise_number)
        return self.repository.companies_of_enterprise(enterprise_number)

    # -------------------------------------------------------------------------------------- partner
    def apply_partner_event(self, company_id: str, request: CompanyEventIn) -> Company:
        """VERIFIED, REFUSED or ACTIVATED from the Digital Business Partner; 409 out of order; a repeat
        (same event id, or a state already reached) has no second effect."""
        company = found(self.repository.get_company(company_id), "company")
        event = request.to_domain()
        if self.repository.event_seen(f"COMPANY#{company_id}", event.event_id):
            changed = None
        else:
            changed = apply_company_event(company, event, self.clock.now())
        if changed is not None:
            company = self.repository.save_company(changed, event_id=event.event_id)
            self.publisher.publish(events.company_status_changed(company))
        if company.status is CompanyStatus.ACTIVE and is_eligible_for_welcome_discount(company):
            self._send_welcome_discount(company)  # again on a repeat: completes a run cut short after saving
        return company

    # ------------------------------------------------------------------------------------- schedule
    def check_activation_targets(self) -> ActivationCheck:
        """Run by a schedule: companies still waiting after 48 hours, found through the DueItems index.
        Each is announced once: CompanyActivationOverdue (for the partner, who escalates) and an e-mail
        to the company's contact."""
        now = self.clock.now()
        overdue: list[OverdueActivation] = []
        newly: list[OverdueActivation] = []
        for company in self.repository.companies_awaiting_activation_due_by(now):
            if not company.activation_overdue(now):
                continue
            found_overdue = OverdueActivation(company.company_id, company.enterprise_number, company.status,
                                              company.activation_due, now - company.activation_due)
            overdue.append(found_overdue)
            marked = mark_activation_overdue_notified(company, now)
            if marked is None:
                continue
            # Announced before it is marked: a crash in between announces it twice, never zero times
            # (the e-mail once: the outbox keeps one message per reference).
            self.publisher.publish(events.activation_overdue(marked))
            subject, body = activation_overdue_email(company)
            self.outbox.send(OutboxChannel.EMAIL, company.contact.email, subject, body,
                             reference=f"nowjobs-activation-overdue-{company.company_id}",
                             kind="NOWJOBS_ACTIVATION_OVERDUE")
            newly.append(found_overdue)
            try:
                self.repository.save_company(marked)
            except ChangedConcurrently:
                continue  # activated or refused meanwhile; the next run sees its new state
        return ActivationCheck(now, tuple(overdue), tuple(newly))

    # -------------------------------------------------------------------------------------- billing
    def discount_code_for_billing(self, company_id: str) -> DiscountCode | None:
        discount = self.repository.get_discount(company_id)
        return None if discount is None else discount.for_billing()

    def redeem_discount_code(self, company_id: str, code: str, invoice_id: str) -> None:
        """Billing marks the code used by the invoice that deducted it: once, whatever the retries."""
        discount = found(self.repository.get_discount(company_id), "discount code")
        used = redeem(discount, code, invoice_id, self.clock.now())
        if used is not None:
            self.repository.save_discount(used)

    # ------------------------------------------------------------------------------------- internal
    def _send_welcome_discount(self, company: Company) -> None:
        discount = self.repository.get_discount(company.company_id)
        if discount is None:
            discount = self._issue_discount(company)
        subject, body = discount_email(company, discount)
        self.outbox.send(OutboxChannel.EMAIL, company.contact.email, subject, body,
                         reference=f"nowjobs-welcome-discount-{company.company_id}",
                         kind="NOWJOBS_WELCOME_DISCOUNT")

    def _issue_discount(self, company: Company) -> WelcomeDiscount:
        now = self.clock.now()
        for _ in range(CODE_ATTEMPTS):
            discount = welcome_discount_for(company, self.new_code(), now)
            if self.repository.create_discount(discount):
                self.publisher.publish(events.discount_code_issued(discount))
                return discount
        raise ChangedConcurrently("discount code")  # five collisions in a row: retry later
