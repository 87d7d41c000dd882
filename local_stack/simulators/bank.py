"""The bank partner on the local stack: it receives the direct-debit submissions and reports their results.

On DirectDebitBatchSubmitted (source extra-services.billing) it fetches the batch's pain.008 from the ops
route with the "bank" partner token, as the real bank's integration would, reads each transaction's
end-to-end id, sequence type and debtor account, and answers on POST /v1/partners/bank/direct-debit-results:

  on the due date, 10:00 Brussels      every collection SETTLED
  two TARGET days later, 10:00         RETURNED with the persona's reason code, for the first (FRST) debit
                                       of an account in local_stack.personas.BANK_DEBTORS (AM04)

A batch already seen (a re-announced submission) is ignored: the bank refuses a file twice.
LOCAL_SIMULATORS=off: nothing here runs; play the bank through the partner route."""
from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from local_stack.personas import BANK_DEBTORS
from local_stack.simulators.partner import Partner, PartnerSimulators

PARTNER = "bank"
SOURCE = "extra-services.billing"
RESULTS = "/v1/partners/bank/direct-debit-results"
SETTLES_AT = time(10)
RETURN_AFTER_TARGET_DAYS = 2
BRUSSELS = ZoneInfo("Europe/Brussels")
_RETURNS = {debtor.iban: debtor.first_direct_debit_returned_with for debtor in BANK_DEBTORS}
_seen: set[str] = set()
_seen_lock = threading.Lock()


def transactions(pain008: str) -> list[dict[str, str]]:
    """(endToEndId, sequenceType, debtorIban) of each transaction of a pain.008.001.02 file."""
    root = ET.fromstring(pain008)  # the application's own file
    ns = {"p": root.tag.split("}")[0].strip("{")}
    found = []
    for payment in root.iterfind(".//p:PmtInf", ns):
        sequence = payment.findtext("p:PmtTpInf/p:SeqTp", default="", namespaces=ns)
        for tx in payment.iterfind("p:DrctDbtTxInf", ns):
            found.append({"endToEndId": tx.findtext("p:PmtId/p:EndToEndId", default="", namespaces=ns),
                          "sequenceType": sequence,
                          "debtorIban": tx.findtext("p:DbtrAcct/p:Id/p:IBAN", default="", namespaces=ns)})
    return found


def _at(day: date) -> datetime:
    return datetime.combine(day, SETTLES_AT, tzinfo=BRUSSELS)


def _return_day(due_on: date) -> date:
    from extra_services.billing.calendar import target_business_day_after  # the layer is on sys.path by then
    day = due_on
    for _ in range(RETURN_AFTER_TARGET_DAYS):
        day = target_business_day_after(day)
    return day


def _batch_submitted(event: dict[str, Any], bank: Partner) -> None:
    detail = event["detail"]
    batch_id, due_on = detail["batchId"], date.fromisoformat(detail["dueOn"])
    with _seen_lock:
        if batch_id in _seen:
            return
        _seen.add(batch_id)
    answer = bank.call("GET", detail["pain008"])
    if answer.status != 200:
        return
    found = transactions(answer.body)
    bank.call_at(_at(due_on), "POST", RESULTS, {"batchId": batch_id, "results": [
        {"endToEndId": t["endToEndId"], "status": "SETTLED"} for t in found]})
    returned = [{"endToEndId": t["endToEndId"], "status": "RETURNED", "reasonCode": _RETURNS[t["debtorIban"]]}
                for t in found if t["sequenceType"] == "FRST" and t["debtorIban"] in _RETURNS]
    if returned:
        bank.call_at(_at(_return_day(due_on)), "POST", RESULTS, {"batchId": batch_id, "results": returned})


def install(simulators: PartnerSimulators) -> None:
    with _seen_lock:
        _seen.clear()  # a new local stack: moto starts empty, batch ids may come again
    simulators.react("BankDirectDebitBatchSubmitted", PARTNER,
                     {"source": [SOURCE], "detail-type": ["DirectDebitBatchSubmitted"]}, _batch_submitted)
