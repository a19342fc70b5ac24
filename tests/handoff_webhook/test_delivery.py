"""Delivery against a local stand-in: retries, backoff, and failures that never raise."""

from __future__ import annotations

import json
import logging
import time

import pytest

from handoff_webhook import SIGNATURE_HEADER, RetryBudget, WebhookSettings, deliver, notify, verify

from .stand_in import WebhookStandIn, closed_port_url

SECRET = "whsec-test-0123456789abcdef"
QUICK = RetryBudget(attempts=3, total_seconds=5.0, base_delay=0.05, timeout=2.0)
PHONE = "919812345610"
FIELDS = dict(
    conversation_id=PHONE,
    channel="whatsapp",
    language="en",
    reason="user_asked",
    problem="Error 131047",
    messages=[{"from": "user", "text": "talk to a person", "at": 1.0}],
)


@pytest.fixture
def stand_in():
    server = WebhookStandIn()
    yield server
    server.close()


def settings_for(url: str, secret: str = SECRET) -> WebhookSettings:
    return WebhookSettings(url=url, secret=secret, agent_url="http://127.0.0.1:8080")


def test_fails_twice_with_503_then_accepts(stand_in):
    stand_in._script.extend([503, 503])
    result = notify(settings_for(stand_in.url), budget=QUICK, **FIELDS)
    assert result.ok and result.status == 200 and result.attempts == 3 and result.error is None
    assert len(stand_in.requests) == 3
    bodies = {r["body"] for r in stand_in.requests}
    assert len(bodies) == 1, "every try sends the same bytes (and the same id to dedupe by)"
    for request in stand_in.requests:
        assert request["path"] == "/hooks/tickfix-9f2c"
        assert verify(request["body"], request["headers"][SIGNATURE_HEADER], SECRET)
    body = json.loads(stand_in.requests[0]["body"])
    assert body["conversation_id"] == PHONE
    assert body["agent_url"] == f"http://127.0.0.1:8080/agent/conversations/{PHONE}"


def test_backoff_grows_between_tries(stand_in):
    stand_in._script.extend([503, 429])
    slept = []
    result = deliver(b"{}", settings_for(stand_in.url), budget=QUICK, sleep=slept.append)
    assert result.ok and result.attempts == 3
    assert slept == [0.05, 0.1]


def test_a_client_error_is_not_retried(stand_in):
    stand_in._script.extend([401])
    result = deliver(b"{}", settings_for(stand_in.url), budget=QUICK)
    assert not result.ok and result.status == 401 and result.attempts == 1 and result.error == "HTTP 401"


def test_final_failure_is_returned_and_logged_without_secrets(stand_in, caplog):
    stand_in._script.extend([503, 503, 503, 503])
    with caplog.at_level(logging.INFO, logger="handoff_webhook"):
        result = notify(settings_for(stand_in.url), budget=QUICK, **FIELDS)  # must not raise
    assert not result.ok and result.status == 503 and result.attempts == 3 and result.error == "HTTP 503"
    assert len(stand_in.requests) == 3
    logged = caplog.text
    assert "NOT delivered" in logged and "HTTP 503" in logged and "3 tries" in logged
    assert "9198******10" in logged and PHONE not in logged
    assert SECRET not in logged and "tickfix-9f2c" not in logged  # the URL's path can hold a token


def test_unreachable_endpoint_fails_within_the_budget(caplog):
    budget = RetryBudget(attempts=3, total_seconds=2.0, base_delay=0.05, timeout=1.0)
    start = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="handoff_webhook"):
        result = notify(settings_for(closed_port_url()), budget=budget, **FIELDS)
    assert time.monotonic() - start < 2.5
    assert not result.ok and result.status is None and result.attempts == 3
    assert result.error == "connection failed"
    assert "NOT delivered" in caplog.text and PHONE not in caplog.text


def test_the_budget_bounds_the_wait_for_a_slow_endpoint():
    def slow_post(*args, timeout, **kwargs):
        time.sleep(timeout)
        import requests

        raise requests.Timeout("read timed out")

    budget = RetryBudget(attempts=3, total_seconds=0.6, base_delay=0.05, timeout=0.25)
    start = time.monotonic()
    result = deliver(b"{}", settings_for("http://hooks.invalid/x"), budget=budget, post=slow_post)
    assert time.monotonic() - start < 0.9
    assert not result.ok and result.error == "timed out" and result.attempts >= 2


def test_nothing_raises_on_a_malformed_url_or_a_broken_field(caplog):
    with caplog.at_level(logging.WARNING, logger="handoff_webhook"):
        bad_url = notify(settings_for("not a url"), budget=QUICK, **FIELDS)
        bad_field = notify(settings_for("http://127.0.0.1:9/x"), budget=QUICK, **dict(FIELDS, findings=object()))
    assert not bad_url.ok and bad_url.attempts == 1 and bad_url.error.startswith("request failed")
    assert not bad_field.ok and bad_field.attempts == 0


def test_unsigned_when_no_secret_is_set(stand_in, caplog):
    with caplog.at_level(logging.WARNING, logger="handoff_webhook"):
        result = deliver(b"{}", settings_for(stand_in.url, secret=None), budget=QUICK)
    assert result.ok and SIGNATURE_HEADER not in stand_in.requests[0]["headers"]
    assert "unsigned" in caplog.text
