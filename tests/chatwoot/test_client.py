"""chatwoot.client against the stand-in: the documented paths and bodies, retries, no raising, no token in logs."""

import logging
from dataclasses import replace

import pytest

from chatwoot.client import ChatwootClient
from chatwoot.conversation import ConversationRef
from chatwoot.settings import ChatwootSettings
from tests.support.chatwoot_standin import BOT_TOKEN, ChatwootStandIn

REF = ConversationRef("3", "10")


def test_a_reply_is_an_outgoing_message_with_the_bots_token(standin: ChatwootStandIn, settings: ChatwootSettings):
    outcome = ChatwootClient(settings).send_message(REF, "Hello")
    assert outcome.ok and outcome.status == 200 and outcome.attempts == 1
    [request] = standin.requests
    assert request["path"] == "/api/v1/accounts/3/conversations/10/messages"
    assert request["headers"]["api_access_token"] == BOT_TOKEN
    assert request["json"] == {"content": "Hello", "message_type": "outgoing", "private": False}
    assert standin.texts(10) == ["Hello"]


def test_a_note_is_private_and_options_carry_their_items(standin: ChatwootStandIn, settings: ChatwootSettings):
    client = ChatwootClient(settings)
    assert client.send_note(REF, "Summary: ...").ok
    items = {"items": [{"title": "Yes", "value": "yes"}]}
    assert client.send_message(REF, "Fixed?", content_type="input_select", content_attributes=items).ok
    assert standin.notes(10) == ["Summary: ..."]
    assert standin.messages(10)[0]["content_type"] == "input_select"
    assert standin.messages(10)[0]["content_attributes"] == items


def test_status_change(standin: ChatwootStandIn, settings: ChatwootSettings):
    client = ChatwootClient(settings)
    outcome = client.set_status(REF, "open")
    assert outcome.ok and outcome.body["payload"]["current_status"] == "open"
    assert standin.requests[0]["path"] == "/api/v1/accounts/3/conversations/10/toggle_status"
    assert standin.statuses[(3, 10)] == "open"
    assert not client.set_status(REF, "closed").ok and len(standin.requests) == 1


def test_5xx_is_retried_with_backoff(standin: ChatwootStandIn, settings: ChatwootSettings):
    standin.push((500, {"error": "boom"}), (503, {"error": "busy"}))
    slept = []
    outcome = ChatwootClient(settings, sleep=slept.append).send_message(REF, "Hello")
    assert outcome.ok and outcome.attempts == 3
    assert len(slept) == 2 and all(0 < s <= settings.retry_max_delay for s in slept)
    assert standin.texts(10) == ["Hello"]


def test_gives_up_after_the_attempts_without_raising(standin: ChatwootStandIn, settings: ChatwootSettings):
    standin.push(*[(500, {"error": "boom"})] * 3)
    outcome = ChatwootClient(settings, sleep=lambda s: None).send_message(REF, "Hello")
    assert not outcome.ok and outcome.status == 500 and outcome.attempts == 3
    assert outcome.error == "HTTP 500: boom"


def test_4xx_is_not_retried(standin: ChatwootStandIn, settings: ChatwootSettings):
    outcome = ChatwootClient(replace(settings, bot_token="wrong-token-123")).send_message(REF, "Hello")
    assert not outcome.ok and outcome.status == 401 and outcome.attempts == 1


def test_a_timeout_is_retried(standin: ChatwootStandIn, settings: ChatwootSettings):
    standin.push(("hang", 0.8))
    outcome = ChatwootClient(replace(settings, request_timeout=0.3)).send_message(REF, "Hello")
    assert outcome.ok and outcome.attempts == 2


def test_nobody_listening(settings: ChatwootSettings):
    dead = replace(settings, url="http://127.0.0.1:9", max_attempts=2)
    outcome = ChatwootClient(dead, sleep=lambda s: None).send_message(REF, "Hello")
    assert (outcome.ok, outcome.status, outcome.attempts, outcome.error) == (False, None, 2, "connection failed")


def test_a_malformed_url_fails_once(settings: ChatwootSettings):
    outcome = ChatwootClient(replace(settings, url="not a url")).send_message(REF, "Hello")
    assert not outcome.ok and outcome.attempts == 1 and outcome.error.startswith("request failed")


@pytest.mark.parametrize("status", [500, 401])
def test_the_token_never_reaches_the_logs(
    standin: ChatwootStandIn, settings: ChatwootSettings, caplog: pytest.LogCaptureFixture, status: int
):
    caplog.set_level(logging.DEBUG)
    standin.push(*[(status, {"error": f"bad token {BOT_TOKEN}"})] * 3)
    outcome = ChatwootClient(settings, sleep=lambda s: None).send_message(REF, "Hello")
    assert not outcome.ok and BOT_TOKEN not in (outcome.error or "")
    assert caplog.records and BOT_TOKEN not in caplog.text
