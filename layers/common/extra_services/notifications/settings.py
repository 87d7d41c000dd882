"""Settings of the notifier and of the notifications route, apart from their wiring: each function's wiring
module imports only its own collaborators (the notifier's Go Solid texts, the route's eligibility reads)."""
from __future__ import annotations

from pydantic import Field

from extra_services.settings import EnvSettings


class NotificationsSettings(EnvSettings):
    table: str = Field(alias="NOTIFICATIONS_TABLE", min_length=3)


class NotifierSettings(NotificationsSettings):
    dead_letter_queue_url: str = Field(alias="DEAD_LETTER_QUEUE_URL", min_length=8)


class NotificationsApiSettings(NotificationsSettings):
    eligibility_table: str = Field(alias="ELIGIBILITY_TABLE", min_length=3)
