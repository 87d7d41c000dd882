"""Issue 6, part 5: no personal data in the logs. The scan itself runs once at the end of the session over
every captured line (tests/security/plugin.py); these tests prove that the scan and the capture can see
what they look for, and that the one place that masks (extra_services.redaction, applied by the logger's
formatter) masks it, so that the 0 at the end means something."""
from __future__ import annotations

import pytest

from tests.security import log_capture, pii
from tests.security.figures import FIGURES

PLANTED = {
    "IBAN": "BE68 5390 0754 7034",
    "e-mail": "anna.peeters@brasserie.example",
    "phone": "+32 470 12 34 56",
    "national number": "85.07.30-033.28",
    "JWT": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJDLUFOTkEifQ.c2lnbmF0dXJl",
}


@pytest.mark.parametrize(("kind", "value"), list(PLANTED.items()))
def test_the_scanner_finds_each_kind_of_personal_data(kind, value):
    hits = pii.scan_line(f'{{"level":"INFO","message":"about {value} today"}}')
    assert [h.kind for h in hits] == [kind]


def test_the_scanner_finds_the_fixtures_names_even_json_escaped():
    assert "Victor Securitas" in pii.fixture_names() and "Bakkerij Janssens BV" in pii.fixture_names()
    assert [h.kind for h in pii.scan_line('{"message":"Victor Securitas"}')] == ["fixture name"]
    assert [h.kind for h in pii.scan_line('{"message":"D\\u00e9biteur SA paid"}')] == ["fixture name"]


@pytest.mark.parametrize("innocent", [
    '{"enterpriseNumber":"0403170701","dotted":"0403.170.701"}',         # public registry data, kept readable
    '{"caseId":"0d5ffb17-036e-5be2-8db4-7519eeb5c431","amount":"1299.35"}',
    '{"timestamp":"2026-03-02 08:00:00,000+0000","xray_trace_id":"1-67a1b2c3-0123456789abcdef01234567"}',
    '{"_aws":{"Timestamp":1772438400000},"CoreBankingEventApplied":[1.0]}',
    '{"message":"core-banking event consumed","detailType":"ProductChanged","eventId":"a9098b11"}',
])
def test_the_scanner_leaves_ids_amounts_and_timestamps_alone(innocent):
    assert pii.scan_line(innocent) == []


def test_personal_data_logged_by_a_handler_is_masked_before_it_reaches_the_log():
    """Every kind, given as values of personal keys and inside free text, through the application's logger."""
    from extra_services.observability import logger
    capture = log_capture._ACTIVE
    if capture is None:
        pytest.skip("the issue 6 plugin is not loaded")
    before = capture.lines
    logger.info(f"customer wrote from {PLANTED['e-mail']} about {PLANTED['IBAN']}, call {PLANTED['phone']}, "
                f"national number {PLANTED['national number']}, token {PLANTED['JWT']}",
                extra={"iban": PLANTED["IBAN"], "contact": {"name": "Victor Securitas", "email": PLANTED["e-mail"]},
                       "debtorName": "Débiteur SA", "note": "Victor Securitas called"})
    assert capture.lines == before + 1
    line = capture.path.read_text(encoding="utf-8").splitlines()[-1]
    assert "customer wrote from" in line
    assert pii.scan_line(line) == [], [h.shown() for h in pii.scan_line(line)]
    FIGURES.add("5", "masking checks (one place: extra_services/redaction.py)", 1)
