"""The daily submission reads each due collection once (docs/decisions/billing-run.md, 17): a batch it opens
is built from the collections it claimed, not read back. A run that crashed after claiming leaves an
open batch that the next run finishes from its member rows: every collection in exactly one file, the
file the bank fetches being the one the run hashed."""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from extra_services.billing.repository import BillingRepository
from tests.integration.billing.conftest import on_thursday
from tests.integration.billing.support import Seeder, World

BEFORE_SUBMISSION = datetime(2026, 3, 24, 5, 30, tzinfo=UTC)   # Tuesday 06:30 Brussels, the due collections' day
RUN = {"scheduledAt": "2026-03-24T06:00:00Z"}
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}


def billed_week(world: World, companies: int) -> None:
    seeder = Seeder(world, world.company())
    for company in [seeder.company() for _ in range(companies)]:
        seeder.confirmed_hours(company, 1)
    arn = world.start_run("billing")
    world.stack.clock.settle()
    assert world.execution(arn)["status"] == "SUCCEEDED"
    world.stack.clock.set(BEFORE_SUBMISSION)
    assert len(world.to_submit()) == companies


def batch_row(world: World, batch_id: str) -> dict[str, Any]:
    [row] = world.rows("BillingTable", KeyConditionExpression="pk = :pk AND sk = :sk",
                       ExpressionAttributeValues={":pk": {"S": f"BATCH#{batch_id}"}, ":sk": {"S": "BATCH"}})
    return row


def assert_one_file_with(world: World, batch_id: str, collections: int) -> None:
    status, xml = world.pain008(batch_id)
    assert status == 200
    assert ET.fromstring(xml).findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == str(collections)
    data = xml.encode() if isinstance(xml, str) else xml                  # the route's UTF-8 body
    assert batch_row(world, batch_id)["fileSha256"] == hashlib.sha256(data).hexdigest()
    assert world.to_submit() == []


@on_thursday
def test_the_file_the_bank_fetches_is_the_one_the_run_submitted(world: World) -> None:
    billed_week(world, companies=3)

    run = world.stack.invoke("BillingSubmissionFunction", RUN)

    [batch_id] = run["batches"]
    assert run["NowjobsDirectDebitCollectionsSubmitted"] == 3
    assert_one_file_with(world, batch_id, 3)


@on_thursday
def test_a_submission_that_crashed_after_claiming_is_finished_by_the_next_run(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    billed_week(world, companies=3)

    def crash(*_: Any, **__: Any) -> None:
        raise RuntimeError("the submission function crashed")

    monkeypatch.setattr(BillingRepository, "save_batch", crash)     # after the claims, before the file
    with pytest.raises(Exception, match="crashed"):
        world.stack.invoke("BillingSubmissionFunction", RUN)
    assert {row.get("batchId") for row in world.to_submit()} != {None}  # claimed, not submitted
    monkeypatch.undo()

    again = world.stack.invoke("BillingSubmissionFunction", RUN)

    [batch_id] = again["batches"]
    assert again["NowjobsDirectDebitCollectionsSubmitted"] == 3
    assert_one_file_with(world, batch_id, 3)
