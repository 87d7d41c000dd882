"""Go Solid over HTTP with the simulators off (the test plays the bailiff and the registry): API.md's
422 list, who may do what, unknown cases, and partner callbacks that come twice or out of order."""
import pytest

from local_stack.personas import BAKERY, GO_SOLID_HEALTHY_DEBTOR, registry_events

CASES = "/v1/go-solid/cases"


def body(**overrides):
    data = {"creditorEnterpriseNumber": BAKERY.number, "declaration": {"accepted": True, "wordingVersion": "2025-01"},
            "debtor": {"enterpriseNumber": GO_SOLID_HEALTHY_DEBTOR.number, "name": GO_SOLID_HEALTHY_DEBTOR.name},
            "invoices": [{"number": "F-1", "issueDate": "2026-01-02", "dueDate": "2026-02-01", "amount": "1000.00"}],
            "evidence": [{"kind": "INVOICE", "documentId": "doc-1"}]}
    data.update(overrides)
    return data


def invoice(number="F-1", **overrides):
    return {"number": number, "issueDate": "2026-01-02", "dueDate": "2026-02-01", "amount": "1000.00", **overrides}


@pytest.fixture(scope="module", autouse=True)
def registry(http):
    for source, detail_type, detail in registry_events():
        answer = http.post("/_local/events", {"source": source, "detailType": detail_type, "detail": detail})
        assert answer.status == 200, answer.body


def idle(http):
    assert http.post("/_local/clock", {"advance": "PT0S"}).status == 200


def submitted_case(http, tokens, **overrides):
    answer = http.post(CASES, body(**overrides), headers=tokens.person("C-BART"))
    assert answer.status == 202, answer.body
    idle(http)
    return answer.body["caseId"]


def partner_event(http, tokens, case_id, event, partner="go-solid", headers=None):
    answer = http.post(f"/v1/partners/go-solid/cases/{case_id}/events", event,
                       headers={**tokens.partner(partner), **(headers or {})})
    idle(http)
    return answer


@pytest.mark.parametrize(("overrides", "field"), [
    ({"invoices": []}, "body.invoices"),
    ({"invoices": [invoice(f"F-{i}") for i in range(6)]}, "body.invoices"),
    ({"creditorEnterpriseNumber": "0403.170.702"}, "body.creditorEnterpriseNumber"),
    ({"debtor": {"enterpriseNumber": f"BE {BAKERY.number}", "name": "Ourselves"}}, "body"),
    ({"invoices": [invoice(dueDate="2026-03-20")]}, "body.invoices[0].dueDate"),
    ({"invoices": [invoice(currency="USD")]}, "body.invoices[0].currency"),
    ({"invoices": [invoice(amount="0.00")]}, "body.invoices[0].amount"),
    ({"invoices": [invoice(amount="-5.00")]}, "body.invoices[0].amount"),
    ({"declaration": None}, "body.declaration"),
])
def test_api_md_bad_submissions_are_422_with_the_field(http, tokens, overrides, field):
    answer = http.post(CASES, body(**overrides), headers=tokens.person("C-BART"))
    assert answer.status == 422, answer.body
    assert field in [d["field"] for d in answer.body["error"]["details"]], answer.body
    quote = http.post("/v1/go-solid/quotes", body(**overrides), headers=tokens.person("C-BART"))
    assert quote.status == (200 if field == "body.declaration" else 422)     # a quote needs no declaration


def test_malformed_json_is_400_and_no_token_is_401(http, tokens):
    broken = http.post(CASES, "{not json", headers={**tokens.person("C-BART"), "Content-Type": "application/json"})
    assert (broken.status, broken.body["error"]["code"]) == (400, "MALFORMED_JSON")
    assert http.post(CASES, body()).status == 401


def test_only_a_person_usable_for_the_creditor_submits_and_partners_use_their_own_route(http, tokens):
    assert http.post(CASES, body(), headers=tokens.person("C-DINA")).status == 403      # view-only mandate
    assert http.post(CASES, body(), headers=tokens.partner("go-solid")).status == 403
    case_id = submitted_case(http, tokens)
    served = {"type": "SUMMONS_SERVED", "servedOn": "2026-03-02"}
    assert partner_event(http, tokens, case_id, served, partner="nowjobs").status == 403
    channel = http.post(f"/v1/partners/go-solid/cases/{case_id}/events", served, headers=tokens.person("C-BART"))
    assert channel.status == 403


def test_an_unknown_case_and_another_enterprises_case_are_both_404(http, tokens):
    case_id = submitted_case(http, tokens)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert http.get(f"{CASES}/{unknown}", headers=tokens.person("C-BART")).status == 404
    assert http.get(f"{CASES}/{case_id}", headers=tokens.person("C-ANNA")).status == 404     # not her enterprise
    assert http.post(f"{CASES}/{unknown}/withdrawal", {"reason": "x"}, headers=tokens.person("C-BART")).status == 404
    assert http.post(f"{CASES}/{unknown}/creditor-reports", {"type": "CUSTOMER_CONTACTED"},
                     headers=tokens.person("C-BART")).status == 404
    answer = partner_event(http, tokens, unknown, {"type": "SUMMONS_SERVED", "servedOn": "2026-03-02"})
    assert (answer.status, answer.body["error"]["code"]) == (404, "CASE_NOT_FOUND")
    listed = http.get(CASES, query={"creditorEnterpriseNumber": BAKERY.number}, headers=tokens.person("C-ANNA"))
    assert listed.status == 403


def test_a_callback_out_of_order_is_409_and_leaves_the_case_unchanged(http, tokens):
    case_id = submitted_case(http, tokens)
    before = http.get(f"{CASES}/{case_id}", headers=tokens.person("C-BART")).body
    for event, code in [({"type": "PV_DRAWN", "drawnOn": "2026-03-02"}, "EVENT_DOES_NOT_FIT"),
                        ({"type": "TITLE_ENFORCEABLE", "on": "2026-03-02"}, "EVENT_DOES_NOT_FIT"),
                        ({"type": "DEBTOR_CONTESTED", "reason": "no", "on": "2026-03-02"}, "EVENT_DOES_NOT_FIT"),
                        ({"type": "ENFORCEMENT_CLOSED", "outcome": "RECOVERED"}, "EVENT_DOES_NOT_FIT")]:
        answer = partner_event(http, tokens, case_id, event)
        assert (answer.status, answer.body["error"]["code"]) == (409, code), event
    assert http.get(f"{CASES}/{case_id}", headers=tokens.person("C-BART")).body == before
    future = partner_event(http, tokens, case_id, {"type": "SUMMONS_SERVED", "servedOn": "2030-01-01"})
    assert future.status == 422


def test_a_replayed_callback_has_no_second_effect(http, tokens):
    case_id = submitted_case(http, tokens)
    served = {"type": "SUMMONS_SERVED", "servedOn": "2026-03-02", "eventId": "bailiff-77"}
    first = partner_event(http, tokens, case_id, served)
    again = partner_event(http, tokens, case_id, served)
    assert (first.status, first.body["applied"]) == (200, True)
    assert (again.status, again.body["applied"], again.body["status"]) == (200, False, "SUMMONS_SERVED")
    reused = partner_event(http, tokens, case_id, {**served, "servedOn": "2026-03-01"})
    assert (reused.status, reused.body["error"]["code"]) == (409, "CALLBACK_ID_REUSED")

    payment = {"type": "DEBTOR_PAYMENT", "amount": "100.00", "paidOn": "2026-03-02"}
    assert partner_event(http, tokens, case_id, payment, headers={"Idempotency-Key": "pay-1"}).body["applied"]
    assert not partner_event(http, tokens, case_id, payment, headers={"Idempotency-Key": "pay-1"}).body["applied"]
    case = http.get(f"{CASES}/{case_id}", headers=tokens.person("C-BART")).body
    assert case["amounts"]["collected"] == "100.00"
    assert [e["type"] for e in case["timeline"]].count("SUMMONS_SERVED") == 1


def test_the_same_idempotency_key_returns_the_first_case(http, tokens):
    headers = {**tokens.person("C-BART"), "Idempotency-Key": "submit-42"}
    first = http.post(CASES, body(), headers=headers)
    second = http.post(CASES, body(), headers=headers)
    assert (first.status, second.status) == (202, 202)
    assert second.body == first.body
    idle(http)                                                # screening has run: the case moved on
    assert http.get(f"{CASES}/{first.body['caseId']}", headers=tokens.person("C-BART")).body["status"] != "SUBMITTED"
    assert http.post(CASES, body(), headers=headers).body == first.body
    other = http.post(CASES, body(invoices=[invoice(amount="999.00")]), headers=headers)
    assert (other.status, other.body["error"]["code"]) == (422, "IDEMPOTENCY_KEY_REUSED")
    idle(http)


def test_creditor_reports_and_withdrawal(http, tokens):
    case_id = submitted_case(http, tokens)
    too_much = http.post(f"{CASES}/{case_id}/creditor-reports", {"type": "PAID_DIRECTLY", "amount": "1000.01"},
                         headers=tokens.person("C-BART"))
    assert too_much.status == 422
    no_amount = http.post(f"{CASES}/{case_id}/creditor-reports", {"type": "PAID_DIRECTLY"},
                          headers=tokens.person("C-BART"))
    assert no_amount.status == 422
    contact = http.post(f"{CASES}/{case_id}/creditor-reports", {"type": "CUSTOMER_CONTACTED", "note": "called us"},
                        headers={**tokens.person("C-CHRIS"), "Idempotency-Key": "r-1"})   # CONTRACTING mandate
    assert (contact.status, contact.body["status"]) == (200, "ACCEPTED")
    withdrawn = http.post(f"{CASES}/{case_id}/withdrawal", {"reason": "paid in cash"}, headers=tokens.person("C-BART"))
    assert (withdrawn.status, withdrawn.body["status"]) == (200, "WITHDRAWN")
    idle(http)
    twice = http.post(f"{CASES}/{case_id}/withdrawal", {"reason": "again"}, headers=tokens.person("C-BART"))
    assert (twice.status, twice.body["error"]["code"]) == (409, "CASE_CLOSED")
