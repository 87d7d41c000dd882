"""RULES.md §1 through HTTP on the local stack: every persona, every reason code, every case."""
import pytest

from local_stack.personas import ANNA_SOLE_TRADER, BAKERY, GARAGE

NO_PRODUCT, NO_ACCESS, NO_MANDATE = "NO_PROFESSIONAL_PRODUCT", "NO_DIGITAL_ACCESS", "NO_ADEQUATE_MANDATE"

# persona, channel -> (visible, top-level reasons, {enterprise: (usable, reasons)})
OVERVIEW = {
    ("C-ANNA", "mobile"): (True, [], {ANNA_SOLE_TRADER.number: (True, [])}),
    ("C-BART", "mobile"): (True, [], {BAKERY.number: (True, [])}),
    ("C-CHRIS", "touch"): (True, [], {BAKERY.number: (True, [])}),
    ("C-DINA", "mobile"): (True, [], {BAKERY.number: (False, [NO_MANDATE])}),
    ("C-EMMA", "mobile"): (True, [], {GARAGE.number: (False, [NO_MANDATE])}),
    ("C-FRANK", "mobile"): (False, [NO_PRODUCT], {}),
    ("C-GERT", "mobile"): (False, [NO_PRODUCT], {}),
    ("C-HILDE", "touch"): (False, [NO_PRODUCT], {}),
    ("C-ILSE", "mobile"): (True, [], {GARAGE.number: (False, [NO_ACCESS])}),
    ("C-ILSE", "touch"): (True, [], {GARAGE.number: (True, [])}),
}


@pytest.mark.parametrize(("customer", "channel"), list(OVERVIEW))
def test_each_persona_sees_what_the_rules_say(http, tokens, customer, channel):
    visible, reasons, enterprises = OVERVIEW[(customer, channel)]
    answer = http.get("/v1/extra-services", headers=tokens.person(customer, channel))
    assert answer.status == 200, answer.body
    assert answer.body["visible"] is visible
    assert answer.body["reasons"] == reasons
    assert {e["enterpriseNumber"]: (e["usable"], e["reasons"]) for e in answer.body["enterprises"]} == enterprises


def test_products_carry_their_segment_and_the_relation_of_the_person(http, tokens):
    products = http.get("/v1/extra-services", headers=tokens.person("C-ANNA")).body["products"]
    assert {(p["productId"], p["segment"], p["relation"], p["enterpriseNumber"]) for p in products} == {
        ("P-ANNA-PRO", "PROFESSIONAL", "HOLDER", ANNA_SOLE_TRADER.number),
        ("P-ANNA-PRIVATE", "PRIVATE", "HOLDER", None)}
    bart = http.get("/v1/extra-services", headers=tokens.person("C-BART")).body["products"]
    assert [(p["productId"], p["relation"], p["powers"]) for p in bart] == [("P-BAKERY-CURRENT", "MANDATE", "FULL")]


def test_catalogue_entry_points_helpdesk_and_declaration_wording_are_served(http, tokens):
    body = http.get("/v1/extra-services", headers=tokens.person("C-ANNA", "touch")).body
    services = {s["id"]: s for s in body["services"]}
    assert set(services) == {"go-solid", "nowjobs"}
    assert services["go-solid"]["helpdesk"] == {"phone": "081 80 18 99", "email": "hotline@cbc.be"}
    assert "Services supplémentaires" in services["nowjobs"]["entryPoints"]["mobile"]["fr"]
    assert "Paiements" in services["nowjobs"]["entryPoints"]["touch"]["fr"]
    assert body["generalSupport"] == {"phone": "016 43 25 30", "email": "extraservicessupport@kbc.be"}
    assert body["declaration"]["wordingVersion"]
    assert set(body["declaration"]["text"]) == {"fr", "nl", "en"}


@pytest.mark.parametrize("spelling", ["BE 0403.170.701", "0403.170.701", "0403170701", "BE0403170701"])
def test_the_enterprise_route_accepts_every_usual_spelling(http, tokens, spelling):
    answer = http.get(f"/v1/enterprises/{spelling.replace(' ', '%20')}/extra-services",
                      headers=tokens.person("C-ANNA"))
    assert answer.status == 200, answer.body
    assert answer.body["enterpriseNumber"] == "0403170701"
    assert answer.body["usable"] is True
    assert answer.body["visible"] is True


@pytest.mark.parametrize(("customer", "channel", "enterprise", "usable", "reasons"), [
    ("C-BART", "mobile", BAKERY.number, True, []),
    ("C-DINA", "mobile", BAKERY.number, False, [NO_MANDATE]),
    ("C-EMMA", "mobile", GARAGE.number, False, [NO_MANDATE]),
    ("C-ILSE", "mobile", GARAGE.number, False, [NO_ACCESS]),
    ("C-ILSE", "touch", GARAGE.number, True, []),
    ("C-FRANK", "mobile", BAKERY.number, False, [NO_PRODUCT, NO_MANDATE]),
    ("C-GERT", "mobile", GARAGE.number, False, [NO_PRODUCT, NO_MANDATE]),
    ("C-HILDE", "mobile", "0891234515", False, [NO_PRODUCT, NO_MANDATE]),
])
def test_usable_for_one_enterprise(http, tokens, customer, channel, enterprise, usable, reasons):
    answer = http.get(f"/v1/enterprises/{enterprise}/extra-services", headers=tokens.person(customer, channel))
    assert answer.status == 200, answer.body
    assert (answer.body["usable"], answer.body["reasons"]) == (usable, reasons)


def test_an_enterprise_without_relation_is_not_usable_and_leaks_nothing(http, tokens):
    answer = http.get(f"/v1/enterprises/{GARAGE.number}/extra-services", headers=tokens.person("C-BART"))
    assert answer.status == 200
    assert (answer.body["usable"], answer.body["reasons"]) == (False, [NO_MANDATE])
    text = str(answer.body)
    assert "P-GARAGE" not in text
    assert "Garage" not in text
    assert "C-GARAGE" not in text


@pytest.mark.parametrize("bad", ["0403.170.702", "12345", "BE-ABC"])
def test_an_invalid_enterprise_number_is_a_readable_422(http, tokens, bad):
    answer = http.get(f"/v1/enterprises/{bad}/extra-services", headers=tokens.person("C-ANNA"))
    assert answer.status == 422
    error = answer.body["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert "not a valid Belgian enterprise number" in error["message"]
    assert error["details"][0]["field"] == "path.enterpriseNumber"
