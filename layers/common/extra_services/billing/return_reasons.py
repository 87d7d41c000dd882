"""ISO 20022 reason codes of SEPA direct-debit R-transactions (returns, refunds, rejects) that the
bank partner may report (EPC SDD rulebooks, R-transaction reason list; ExternalReturnReason1Code)."""
from __future__ import annotations

RETURN_REASONS: dict[str, str] = {
    "AC01": "Account identifier incorrect",
    "AC04": "Account closed",
    "AC06": "Account blocked",
    "AC13": "Debtor account is a consumer account",
    "AG01": "Direct debit forbidden on this account",
    "AG02": "Operation code not valid",
    "AM04": "Insufficient funds",
    "AM05": "Duplicate collection",
    "BE05": "Creditor identifier incorrect",
    "CNOR": "Creditor bank not registered",
    "DNOR": "Debtor bank not registered",
    "FF01": "File format incorrect",
    "MD01": "No valid mandate",
    "MD02": "Mandate data missing or incorrect",
    "MD06": "Refund requested by the debtor",
    "MD07": "Debtor deceased",
    "MS02": "Refused by the debtor",
    "MS03": "Reason not specified",
    "RC01": "Bank identifier incorrect",
    "RR01": "Regulatory reason: debtor account or identification missing",
    "RR02": "Regulatory reason: debtor name or address missing",
    "RR03": "Regulatory reason: creditor name or address missing",
    "RR04": "Regulatory reason",
    "SL01": "Specific service offered by the debtor bank",
}


def return_reason_text(code: str) -> str:
    return RETURN_REASONS.get(code, code)
