"""A pain.008 file as billing keeps it: one per submission day, due date and scheme (decision #14 of
billing-sepa.md), opened, filled with claimed collections, then submitted. Its id is the file's
MsgId, readable and derived from what it holds: NJDD-{submitted on}-{scheme}-{due on}-{nn}. Pure rules."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from msgspec import Struct
from msgspec.structs import replace

from extra_services.billing.mandate import Scheme
from extra_services.billing.sepa_text import validate_sepa_identifier
from extra_services.billing.statuses import BatchStatus
from extra_services.money import ZERO

BATCH_ID_PATTERN = r"^NJDD-\d{8}-(B2B|CORE)-\d{8}-\d{2}$"


def batch_id_for(submitted_on: date, scheme: Scheme, due_on: date, number: int) -> str:
    return validate_sepa_identifier(
        f"NJDD-{submitted_on:%Y%m%d}-{scheme.value}-{due_on:%Y%m%d}-{number:02d}", what="batch id")


class CollectionBatch(Struct, frozen=True):
    batch_id: str
    due_on: date
    scheme: Scheme
    created_at: datetime  # the file's CreDtTm: the same file is rebuilt byte for byte from it
    status: BatchStatus = BatchStatus.OPEN
    count: int = 0
    total: Decimal = ZERO
    file_sha256: str | None = None
    submitted_at: datetime | None = None


def submitted(batch: CollectionBatch, *, count: int, total: Decimal, file_sha256: str,
              at: datetime) -> CollectionBatch:
    return replace(batch, status=BatchStatus.SUBMITTED, count=count, total=total, file_sha256=file_sha256,
                   submitted_at=at)
