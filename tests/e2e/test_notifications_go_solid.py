"""GET /v1/notifications over HTTP: Go Solid news lands in the creditor enterprise's inbox, read by
whoever may use the services for it, newest first and paginated; the e-mail outbox names no debtor
and no amount; a domain event delivered twice is notified once."""
import pytest

from local_stack.personas import BAKERY, GO_SOLID_HEALTHY_DEBTOR, registry_events


@pytest.fixture(scope="module")
def case_id(http, tokens):
    for source, detail_type, detail in registry_events():
        http.post("/_local/events", {"source": source, "detailType": detail_type, "detail": detail})
    answer = http.post("/v1/go-solid/cases", {
        "creditorEnterpriseNumber": BAKERY.number, "declaration": {"accepted": True, "wordingVersion": "2025-01"},
        "debtor": {"enterpriseNumber": GO_SOLID_HEALTHY_DEBTOR.number, "name": GO_SOLID_HEALTHY_DEBTOR.name},
        "invoices": [{"number": "N-1", "issueDate": "2026-01-02", "dueDate": "2026-02-01", "amount": "1000.00"}],
        "evidence": [{"kind": "INVOICE", "documentId": "doc-n1"}]}, headers=tokens.person("C-BART"))
    assert answer.status == 202, answer.body
    case = answer.body["caseId"]
    http.post("/_local/clock", {"advance": "PT1H"})
    for event in ({"type": "SUMMONS_SERVED", "servedOn": "2026-03-02"},
                  {"type": "DEBTOR_PAYMENT", "amount": "400.00", "paidOn": "2026-03-02"}):
        served = http.post(f"/v1/partners/go-solid/cases/{case}/events", event, headers=tokens.partner("go-solid"))
        assert served.status == 200, served.body
        http.post("/_local/clock", {"advance": "PT1H"})
    return case


def inbox(http, tokens, customer, **query):
    answer = http.get("/v1/notifications", query=query, headers=tokens.person(customer))
    assert answer.status == 200, answer.body
    return answer.body


def test_every_person_usable_for_the_creditor_reads_the_case_news_newest_first(http, tokens, case_id):
    types = [n["type"] for n in inbox(http, tokens, "C-BART")["items"]]
    assert types == ["GO_SOLID_PaymentForwarded", "GO_SOLID_SummonsServed", "GO_SOLID_CaseAccepted"]
    assert [n["type"] for n in inbox(http, tokens, "C-CHRIS")["items"]] == types        # CONTRACTING mandate
    assert inbox(http, tokens, "C-DINA")["items"] == []                                  # view-only
    assert inbox(http, tokens, "C-ANNA")["items"] == []                                  # another enterprise


def test_the_inbox_is_paginated_and_in_the_language_asked(http, tokens, case_id):
    first = inbox(http, tokens, "C-BART", limit=2, language="nl")
    assert len(first["items"]) == 2 and first["nextToken"]
    assert first["items"][0]["title"] == "Go Solid: betaling doorgestort"
    assert first["items"][0]["link"] == f"/v1/go-solid/cases/{case_id}"
    rest = inbox(http, tokens, "C-BART", limit=2, nextToken=first["nextToken"])
    assert [n["type"] for n in rest["items"]] == ["GO_SOLID_CaseAccepted"]
    assert rest["nextToken"] is None
    assert rest["items"][0]["title"] == "Go Solid : dossier accepté"                    # French by default


def test_bad_queries_are_422(http, tokens, case_id):
    for query in ({"language": "de"}, {"limit": 0}, {"nextToken": "not-a-token"}):
        answer = http.get("/v1/notifications", query=query, headers=tokens.person("C-BART"))
        assert answer.status == 422, query
    assert http.get("/v1/notifications").status == 401


def test_the_submitter_gets_e_mails_that_name_no_debtor_and_no_amount(http, tokens, case_id):
    mails = [m for m in http.get("/_local/outbox").body["items"] if case_id[:8] in m["texts"]["en"]["body"]]
    assert len(mails) == 3
    assert {(m["channel"], m["recipientCustomerId"], m["status"]) for m in mails} == {("EMAIL", "C-BART", "PENDING")}
    for mail in mails:
        text = str(mail["texts"])
        assert GO_SOLID_HEALTHY_DEBTOR.name not in text and "400" not in text


def test_a_domain_event_delivered_twice_is_notified_once_and_a_broken_one_is_set_aside(http, tokens, case_id):
    before = inbox(http, tokens, "C-BART", limit=100)["items"]
    replay = {"eventId": f"{case_id}-2", "occurredAt": "2026-03-02T08:00:00Z", "caseId": case_id,
              "creditorEnterpriseNumber": BAKERY.number, "submittedBy": "C-BART", "debtorName": "X",
              "summonsServiceDue": "2026-03-06T16:00:00Z"}
    assert http.post("/_local/events", {"source": "extra-services.gosolid", "detailType": "CaseAccepted",
                                        "detail": replay}).status == 200
    broken = {"eventId": "x-1", "caseId": case_id}
    assert http.post("/_local/events", {"source": "extra-services.gosolid", "detailType": "CaseAccepted",
                                        "detail": broken}).status == 200
    assert inbox(http, tokens, "C-BART", limit=100)["items"] == before
