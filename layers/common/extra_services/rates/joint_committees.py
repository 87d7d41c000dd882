"""Joint committees (commissions paritaires): those NOWJOBS supports, those allowing flexi-jobs,
and the sector hourly floors for flexi-jobbers where one is known.

Committees whose flexi admission is limited to some NACE codes or functions (e.g. 118, 200, 304, 330,
331) are listed whole: the function-level check belongs to the contract, not to the quote."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from extra_services.rates.dated import DatedTable, Row

_SOURCE_2018 = "[src: sodalis.be: flexi-jobs allowed since 2018-01-01; RULES.md §3]"
_FLEXI_2018 = frozenset({"118.03", "119", "201", "202", "202.01", "302", "311", "312", "314"})
_FLEXI_2023 = _FLEXI_2018 | {"118", "223", "303.03", "304", "330"}
_FLEXI_2024 = _FLEXI_2023 | {
    "112", "118.07", "118.08", "118.09", "118.10", "118.11", "118.12", "118.14", "118.21", "118.22",
    "132", "140.01", "140.05", "144", "145", "200", "320", "323",
}
_FLEXI_2024_Q2 = (_FLEXI_2024 - {"144", "145", "323"}) | {"145.04", "331"}
_FLEXI_2024_H2 = _FLEXI_2024_Q2 | {"139"}

FLEXI_ALLOWED_JOINT_COMMITTEES = DatedTable[frozenset[str]](
    "joint committees allowing flexi-jobs",
    [
        Row(date(2015, 12, 1), frozenset({"302"}), "[src: groups.be flexi-jobs] horeca first [verify date]"),
        Row(date(2018, 1, 1), _FLEXI_2018, _SOURCE_2018),
        Row(date(2023, 1, 1), _FLEXI_2023, "[src: sodalis.be: added 2023-01-01; RULES.md §3]"),
        Row(date(2024, 1, 1), _FLEXI_2024, "[src: liantis.be: 12 sectors added 2024-01-01]"),
        Row(date(2024, 4, 1), _FLEXI_2024_Q2,
            "[src: attentia.be, liantis.be: opt-out 144, 145 (but 145.04), 323 domestic; opt-in 331]"),
        Row(date(2024, 7, 1), _FLEXI_2024_H2, "[src: liantis.be, salar.be: opt-in 139 from 2024-07-01]"),
    ],
)

NOWJOBS_SUPPORTED_JOINT_COMMITTEES = DatedTable[frozenset[str]](
    "joint committees NOWJOBS supports",
    [
        Row(date(2024, 1, 1),
            frozenset({"118.03", "119", "140.03", "200", "201", "202", "202.01", "223", "302", "303.03",
                       "304", "311", "312", "314", "330"}),
            "RULES.md §3 flexi list + 200 and 140.03 [to confirm with NOWJOBS: "
            "nowjobs.be/fr/entreprises/questions]"),
    ],
)

FLEXI_HOURLY_FLOORS: dict[str, DatedTable[Decimal]] = {
    "302": DatedTable[Decimal](
        "horeca (302) flexi hourly floor incl. 7.67% flexi holiday pay",
        [
            Row(date(2024, 5, 1), Decimal("12.29"), "[src: attentia.be: €11.41 + €0.88 from 2024-05-01]"),
            Row(date(2025, 2, 1), Decimal("12.53"),
                "RULES.md §3: €12.53 incl. flexi holiday pay, Feb 2025 [src: groups.be; vandelanotte.be]"),
        ],
    ),
}


def normalise_joint_committee(code: str) -> str:
    """'302', ' 302 ' and '302.00' name the same committee."""
    code = code.strip()
    return code.removesuffix(".00")


def is_supported_by_nowjobs(code: str, day: date) -> bool:
    return normalise_joint_committee(code) in NOWJOBS_SUPPORTED_JOINT_COMMITTEES.at(day)


def allows_flexi(code: str, day: date) -> bool:
    return normalise_joint_committee(code) in FLEXI_ALLOWED_JOINT_COMMITTEES.at(day)


def flexi_hourly_floor(code: str, day: date) -> Decimal | None:
    """The sector floor for a flexi-jobber, or None where no sector scale is recorded."""
    table = FLEXI_HOURLY_FLOORS.get(normalise_joint_committee(code))
    return None if table is None else table.at(day)
