"""What the daily direct-debit submission schedule sends to its function: {"scheduledAt": "<instant>"}, the
run's name, for its lease. Apart from run_tasks.py (the billing run's tasks), which the submission does not
need to import."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SubmissionTask(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)
    scheduled_at: str = Field(alias="scheduledAt", min_length=1, max_length=64)
