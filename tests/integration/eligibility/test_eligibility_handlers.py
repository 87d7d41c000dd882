"""The eligibility handlers invoked directly with API Gateway events on the local stack's tables."""
from tests.support import channel_authorizer, partner_authorizer


def test_the_overview_handler_answers_from_the_projection(make_app, api_event):
    app = make_app()
    event = api_event("GET", "/v1/extra-services", authorizer=channel_authorizer("C-BART"))
    answer = app.stack.invoke("EligibilityApiFunction", event)
    assert answer["statusCode"] == 200
    assert '"usable":true' in answer["body"].replace(" ", "")


def test_a_handler_without_authorizer_context_refuses_with_403(make_app, api_event):
    app = make_app(seed=False)
    answer = app.stack.invoke("EligibilityApiFunction", api_event("GET", "/v1/extra-services"))
    assert answer["statusCode"] == 403


def test_a_partner_identity_on_a_channel_route_is_refused_by_the_handler_too(make_app, api_event):
    app = make_app(seed=False)
    event = api_event("GET", "/v1/extra-services", authorizer=partner_authorizer("bank"))
    answer = app.stack.invoke("EligibilityApiFunction", event)
    assert answer["statusCode"] == 403
    assert "WRONG_CREDENTIAL" in answer["body"]


def test_the_consumer_applies_an_eventbridge_event(make_app):
    app = make_app(seed=False)
    result = app.stack.invoke("EligibilityEventsFunction", {
        "version": "0", "id": "e-1", "detail-type": "DigitalAccessChanged", "source": "core-banking",
        "detail": {"customerId": "C-1", "channel": "MOBILE", "status": "ACTIVE",
                   "occurredAt": "2026-01-01T00:00:00Z"}})
    assert result == {"outcome": "applied"}
    again = app.stack.invoke("EligibilityEventsFunction", {
        "version": "0", "id": "e-1", "detail-type": "DigitalAccessChanged", "source": "core-banking",
        "detail": {"customerId": "C-1", "channel": "MOBILE", "status": "ACTIVE",
                   "occurredAt": "2026-01-01T00:00:00Z"}})
    assert again == {"outcome": "superseded"}
