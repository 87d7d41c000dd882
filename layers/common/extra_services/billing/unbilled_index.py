"""Which hours are confirmed and not yet invoiced in a week: NOWJOBS' UnbilledByWeek index read by its
keys only, as nowjobs/repository.py documents it for billing (unbilledWeek = Monday, unbilledSk =
"{companyId}#{contractId}#{shiftStart}"). The plan needs the keys, not every hour's record; pages are
kept small so no single call reads a whole large week."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from extra_services.aws_clients import client
from extra_services.billing.ports import ShiftKey
from extra_services.dynamo import throttling_is_503

UNBILLED_BY_WEEK = "UnbilledByWeek"
PAGE = 500


class UnbilledIndex:
    def __init__(self, nowjobs_table: str) -> None:
        self.table = nowjobs_table

    def unbilled_shifts(self, week_monday: date) -> dict[str, list[ShiftKey]]:
        """Company id -> the keys of its unbilled shifts in that week, in shift order."""
        found: dict[str, list[ShiftKey]] = {}
        kwargs: dict[str, Any] = {
            "TableName": self.table, "IndexName": UNBILLED_BY_WEEK, "Limit": PAGE,
            "KeyConditionExpression": "unbilledWeek = :week", "ProjectionExpression": "unbilledSk",
            "ExpressionAttributeValues": {":week": {"S": week_monday.isoformat()}}}
        while True:
            with throttling_is_503():
                page = client("dynamodb").query(**kwargs)
            for item in page.get("Items", []):
                company_id, contract_id, shift_start = item["unbilledSk"]["S"].split("#", 2)
                found.setdefault(company_id, []).append(ShiftKey(contract_id, datetime.fromisoformat(shift_start)))
            if "LastEvaluatedKey" not in page:
                return found
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
