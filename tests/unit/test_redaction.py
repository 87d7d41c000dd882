"""No personal data in logs: the one place that masks it."""
from extra_services.redaction import MASK, redact, scrub_text


def test_ibans_emails_phones_and_national_numbers_are_masked_in_free_text():
    text = ("pay BE68 5390 0754 7034 or BE68539007547034, mail jan.peeters@example.be, "
            "call +32 470 12 34 56 or 081 80 18 99, NN 85.07.30-033.28")
    scrubbed = scrub_text(text)
    for secret in ("5390", "539007547034", "jan.peeters", "470 12", "80 18 99", "85.07.30"):
        assert secret not in scrubbed


def test_enterprise_numbers_stay_readable():
    assert scrub_text("enterprise 0403.170.701 and 0403170701") == "enterprise 0403.170.701 and 0403170701"


def test_keys_that_name_personal_data_are_masked_whatever_their_value():
    assert redact({"debtor": {"name": "Jan Peeters", "enterpriseNumber": "0403170701"}, "iban": "x"}) == {
        "debtor": {"name": MASK, "enterpriseNumber": "0403170701"}, "iban": MASK}


def test_bearer_tokens_are_masked():
    assert "eyJ" not in scrub_text("Authorization: Bearer eyJhbGciOi.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
