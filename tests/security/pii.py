"""The personal-data scanner for the captured logs.

Deliberately independent of extra_services.redaction (a scan that reused the masking patterns would be
blind to exactly what they miss): its own patterns, each candidate confirmed by the field's check
(schwifty for IBANs, stdnum for national numbers) so that ids and amounts are not counted as hits.

Kinds: IBAN, e-mail, phone, national number, JWT, and the names used by the fixtures (collected from
the test and local-stack sources and the demo personas). Enterprise numbers are public registry data
and deliberately not personal data (docs/decisions/observability.md)."""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")
_PHONE_INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)[1-9]\d(?:[ ./-]?\d){6,13}\b")
_PHONE_LOCAL = re.compile(r"(?<![\w.+-])0\d{1,3}(?:[ /.]\d{2,3})(?:[ .]\d{2}){2,3}(?![\w.-])")
_PHONE_MOBILE_COMPACT = re.compile(r"(?<![\w.+-])04\d{8}(?![\w.-])")
_NATIONAL_NUMBER = re.compile(r"(?<![\w.-])\d{2}\.?\d{2}\.?\d{2}[-. ]?\d{3}\.?\d{2}(?![\w.-])")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")

_NAME_LITERAL = re.compile(
    r"""["'](?:name|firstName|lastName|debtorName|fullName|contactName|companyName)["']\s*:\s*"""
    r"""["']([^"'\\\n]{4,80})["']""")
_NAME_KEYWORD = re.compile(
    r"""\b(?:name|debtor_name|first_name|last_name|contact_name|company_name)\s*=\s*["']([^"'\\\n]{4,80})["']""")
_PROPER_NAME = re.compile(r"^[A-ZÀ-Ý][\w'’.-]+(?: [\w'’.&()+-]+)+$")


@dataclass(frozen=True)
class Hit:
    kind: str
    value: str
    line: str

    def shown(self) -> str:
        """The hit for the report, itself masked (the report must not print what it found)."""
        masked = self.value[:2] + "…" + self.value[-2:] if len(self.value) > 6 else "…"
        return f"{self.kind}: {masked} in {self.line[:160]!r}".replace(self.value, masked)


def _valid_iban(text: str) -> bool:
    from schwifty import IBAN
    try:
        IBAN(text.replace(" ", ""), validate_bban=True)
    except ValueError:
        return False
    return True


def _longest_valid_iban(candidate: str) -> str | None:
    """The pattern is greedy (an IBAN followed by " TODAY" reads as one): try shorter prefixes too."""
    if " " in candidate:
        groups = candidate.split(" ")
        prefixes = [" ".join(groups[:k]) for k in range(len(groups), 2, -1)]
    else:
        prefixes = [candidate[:n] for n in range(len(candidate), 14, -1)]
    return next((p for p in prefixes if _valid_iban(p)), None)


def _valid_national_number(text: str) -> bool:
    from stdnum.be import nn
    return bool(nn.is_valid(text))


def _valid_enterprise_number(text: str) -> bool:
    from stdnum.be import vat
    return bool(vat.is_valid(text))


@cache
def fixture_names() -> frozenset[str]:
    """Names the fixtures give people and companies, minus words the application itself uses."""
    names: set[str] = set()
    sources = [*ROOT.joinpath("tests").rglob("*.py"), *ROOT.joinpath("local_stack").rglob("*.py")]
    for path in sources:
        if path.parent.name == "security" and path.name == "pii.py":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in (_NAME_LITERAL, _NAME_KEYWORD):
            names.update(m.strip() for m in pattern.findall(text) if _PROPER_NAME.match(m.strip()))
    from local_stack import personas
    for value in vars(personas).values():
        if isinstance(value, personas.Enterprise):
            names.add(value.name)
    for persona in personas.PERSONAS:          # "Anna, sole trader ..." -> Anna
        first = persona.description.split(",", 1)[0].strip()
        if first.isalpha() and first[:1].isupper():
            names.add(first)
    application = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                            for folder in ("layers", "functions") for p in ROOT.joinpath(folder).rglob("*.py"))
    return frozenset(n for n in names if len(n) >= 4 and n not in application)


@cache
def _names_pattern() -> re.Pattern[str] | None:
    names = sorted(fixture_names(), key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def _readable(line: str) -> str:
    """A JSON log line with its escapes undone (a name with an accent is written \\u00e9 by json)."""
    body = line.removeprefix("EMF ")
    if body.startswith("{"):
        try:
            return line + "\n" + json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            pass
    return line


def scan_line(line: str) -> list[Hit]:
    text = _readable(line)
    hits: list[Hit] = []
    for m in _IBAN.finditer(text):
        iban = _longest_valid_iban(m.group())
        if iban:
            hits.append(Hit("IBAN", iban, line))
    hits += [Hit("e-mail", m.group(), line) for m in _EMAIL.finditer(text)]
    for pattern in (_PHONE_INTERNATIONAL, _PHONE_LOCAL):
        hits += [Hit("phone", m.group(), line) for m in pattern.finditer(text)]
    hits += [Hit("phone", m.group(), line) for m in _PHONE_MOBILE_COMPACT.finditer(text)
             if not _valid_enterprise_number(m.group())]
    for m in _NATIONAL_NUMBER.finditer(text):
        if _valid_national_number(m.group()):
            hits.append(Hit("national number", m.group(), line))
    hits += [Hit("JWT", m.group(), line) for m in _JWT.finditer(text)]
    names = _names_pattern()
    if names is not None:
        hits += [Hit("fixture name", m.group(), line) for m in names.finditer(text)]
    # one value found twice in a line (raw and unescaped) is one hit
    unique = {(h.kind, h.value): h for h in hits}
    return list(unique.values())


@dataclass
class ScanResult:
    lines: int
    hits: list[Hit]

    def by_kind(self) -> Counter[str]:
        return Counter(h.kind for h in self.hits)


def scan_lines(lines: Iterable[str]) -> ScanResult:
    count, hits = 0, []
    for line in lines:
        count += 1
        hits += scan_line(line)
    return ScanResult(count, hits)


def scan_files(paths: Iterable[Path]) -> ScanResult:
    def lines() -> Iterable[str]:
        for path in paths:
            with path.open(encoding="utf-8", errors="replace") as handle:
                yield from (line.rstrip("\n") for line in handle if line.strip())
    return scan_lines(lines())
