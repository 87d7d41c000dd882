"""Eligibility use cases: the caller's overview, one enterprise, and the usable check other contexts
rely on. Reads only (applying core-banking events: event_applier.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msgspec import Struct

from extra_services.caller import Channel
from extra_services.clock import Clock, brussels_today
from extra_services.eligibility import rules
from extra_services.eligibility.rules import CustomerView
from extra_services.eligibility.views import EligibilityViews, ItemKey
from extra_services.errors import Forbidden

if TYPE_CHECKING:
    from extra_services.eligibility.api_models import EnterpriseExtraServicesOut, ExtraServicesOut


class Usability(Struct, frozen=True):
    """A person's view as read once, judged for the channel in use, for any enterprise."""

    view: CustomerView
    channel: Channel

    def require_usable(self, enterprise_number: str) -> None:
        """The mandate check every committing route makes (not only the authorizer's)."""
        decision = rules.decide_for_enterprise(self.view, self.channel, enterprise_number)
        if not decision.usable:
            raise Forbidden("You may not use the extra services for this enterprise: "
                            + ", ".join(decision.reasons) + ".", code="NOT_USABLE_FOR_ENTERPRISE",
                            details=[{"field": "enterpriseNumber", "message": r.value}
                                     for r in decision.reasons])


class EligibilityService:
    def __init__(self, views: EligibilityViews, clock: Clock) -> None:
        self.views = views
        self.clock = clock

    # The routes' answers are built in overview.py, imported by these two methods only: the other contexts
    # use this service to check that a person is usable, and need neither the API models nor the catalogue.
    def overview(self, customer_id: str, channel: Channel) -> ExtraServicesOut:
        from extra_services.eligibility.overview import extra_services_out  # noqa: PLC0415

        return extra_services_out(self.views.customer_view(customer_id), channel, brussels_today(self.clock))

    def for_enterprise(self, customer_id: str, channel: Channel,
                       enterprise_number: str) -> EnterpriseExtraServicesOut:
        from extra_services.eligibility.overview import enterprise_extra_services_out  # noqa: PLC0415

        return enterprise_extra_services_out(self.views.customer_view(customer_id), channel, enterprise_number,
                                             brussels_today(self.clock))

    def require_usable(self, customer_id: str, channel: Channel, enterprise_number: str) -> None:
        """Forbidden (403) unless the person may use the services for the enterprise."""
        Usability(self.views.customer_view(customer_id), channel).require_usable(enterprise_number)

    def usability_with(self, customer_id: str, channel: Channel,
                       other: ItemKey) -> tuple[Usability, dict[str, Any] | None]:
        """The person's usability and another table's item (e.g. the case they ask for), read in one
        call; the item as DynamoDB returned it, None when absent."""
        view, item = self.views.customer_view_with(customer_id, other)
        return Usability(view, channel), item
