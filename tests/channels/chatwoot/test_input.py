"""The Chatwoot input channel (channels/chatwoot/input.py) on a test server, against the stand-in Chatwoot:
the webhook's token, staying off until configured, what is answered and what is ignored,
replies and buttons through Chatwoot's API, duplicates, and the metadata a handoff needs."""

import json
from typing import Any, Callable, Dict, Iterator, Optional

import pytest
import requests

from channels.chatwoot.input import ChatwootInput
from tests.support.chatwoot_standin import (
    BOT_TOKEN,
    WEBHOOK_TOKEN,
    ChatwootStandIn,
    message_created,
    option_picked,
    person,
)

WEBHOOK = "/webhooks/chatwoot/webhook"
FAST = {"retry_base_delay": 0.01, "retry_max_delay": 0.05, "max_attempts": 3, "request_timeout": 2}


@pytest.fixture(autouse=True)
def _no_chatwoot_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CHATWOOT_URL", "CHATWOOT_BOT_TOKEN", "CHATWOOT_ACCOUNT_ID", "CHATWOOT_WEBHOOK_TOKEN"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def standin() -> Iterator[ChatwootStandIn]:
    server = ChatwootStandIn()
    yield server
    server.close()


def make_channel(standin: ChatwootStandIn, **overrides: Any) -> ChatwootInput:
    credentials: Dict[str, Any] = {"url": standin.url, "bot_token": BOT_TOKEN, "webhook_token": WEBHOOK_TOKEN, **FAST}
    credentials.update(overrides)
    return ChatwootInput.from_credentials({k: v for k, v in credentials.items() if v is not None})


@pytest.fixture
def chatwoot(serve: Callable[[Any], Any], standin: ChatwootStandIn) -> Any:
    return serve(make_channel(standin))


def post(server: Any, body: Any, token: Optional[str] = WEBHOOK_TOKEN) -> requests.Response:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    params = {"token": token} if token is not None else {}
    return requests.post(
        server.url(WEBHOOK), params=params, data=raw, headers={"Content-Type": "application/json"}, timeout=5
    )


def say(server: Any, body: Any) -> requests.Response:
    r = post(server, body)
    assert r.status_code == 200, r.text
    server.drain()
    return r


# ---------------------------------------------------------------------------
# Off until configured; the webhook's token
# ---------------------------------------------------------------------------


def test_off_without_url_and_token(serve: Callable[[Any], Any], caplog: pytest.LogCaptureFixture) -> None:
    channel = ChatwootInput.from_credentials(None)
    assert not channel.enabled
    assert "Chatwoot channel is off: set CHATWOOT_URL, CHATWOOT_BOT_TOKEN" in caplog.text
    server = serve(channel)
    r = post(server, message_created("hi"))
    assert r.status_code == 503 and r.json()["missing"] == ["CHATWOOT_URL", "CHATWOOT_BOT_TOKEN"]
    assert channel.get_output_channel() is None


def test_on_from_the_environment(monkeypatch: pytest.MonkeyPatch, standin: ChatwootStandIn) -> None:
    monkeypatch.setenv("CHATWOOT_URL", standin.url)
    monkeypatch.setenv("CHATWOOT_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("CHATWOOT_ACCOUNT_ID", "3")
    channel = ChatwootInput.from_credentials(None)
    assert channel.enabled and channel.settings is not None and channel.settings.account_id == "3"


@pytest.mark.parametrize("token", [None, "", "wrong", WEBHOOK_TOKEN + "x", WEBHOOK_TOKEN.upper()])
def test_a_missing_or_wrong_token_is_refused(chatwoot: Any, standin: ChatwootStandIn, token: Optional[str]) -> None:
    r = post(chatwoot, message_created("forged"), token=token)
    assert r.status_code == 403
    chatwoot.drain()
    assert chatwoot.dialogue() == [] and standin.requests == []


def test_without_a_webhook_token_configured_everything_is_refused(
    serve: Callable[[Any], Any], standin: ChatwootStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    channel = make_channel(standin, webhook_token=None)
    assert channel.enabled
    assert "CHATWOOT_WEBHOOK_TOKEN is not set" in caplog.text
    server = serve(channel)
    for token in (None, "", "anything"):
        assert post(server, message_created("hi"), token=token).status_code == 403
    server.drain()
    assert server.dialogue() == []


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b""])
def test_invalid_json(chatwoot: Any, raw: bytes) -> None:
    assert post(chatwoot, raw).status_code == 400


def test_health_route(chatwoot: Any) -> None:
    r = requests.get(chatwoot.url("/webhooks/chatwoot/"), timeout=5)
    assert r.status_code == 200 and r.json() == {"status": "ok"}


# ---------------------------------------------------------------------------
# Answering
# ---------------------------------------------------------------------------


def test_a_contacts_message_reaches_the_dialogue_and_the_reply_goes_back(
    chatwoot: Any, standin: ChatwootStandIn
) -> None:
    r = say(chatwoot, message_created("(#131047) Re-engagement message", conversation=10, message_id=501))
    assert r.json() == {"status": "received"}
    message = chatwoot.only_message()
    assert message.text == "(#131047) Re-engagement message"
    assert message.sender_id == "chatwoot:3:10"
    assert message.input_channel == "chatwoot" and message.output_channel.name() == "chatwoot"
    assert message.metadata["channel"] == "chatwoot"
    assert message.metadata["chatwoot"] == {
        "account_id": "3",
        "conversation_id": "10",
        "message_id": "501",
        "inbox_id": "1",
        "inbox_channel": "Channel::Api",
        "contact_id": "14",
    }
    assert message.metadata["profile_name"] == "Asha Rao"
    assert standin.texts(10) == ["echo: (#131047) Re-engagement message"]
    [reply] = standin.messages(10)
    assert reply["message_type"] == "outgoing" and reply["private"] is False


def test_a_phone_number_gives_country_and_time_zone(chatwoot: Any) -> None:
    say(chatwoot, message_created("oi", channel="Channel::Whatsapp", phone_number="+5511987654321"))
    meta = chatwoot.only_message().metadata
    assert meta["country_code"] == "BR" and meta["time_zone"] == "America/Sao_Paulo"


def test_a_slash_command_is_plain_text(chatwoot: Any) -> None:
    say(chatwoot, message_created("/restart"))
    assert chatwoot.dialogue() == ["restart"]


@pytest.mark.parametrize(
    "body",
    [
        message_created("agent's reply", message_type="outgoing", sender_type="user"),
        message_created("echo: hi", message_type=1, sender_type="agent_bot"),
        message_created("internal", private=True),
        message_created("hello?", status="open"),
        message_created("hello?", status="resolved"),
        message_created("hello?", assignee=person()),
        message_created("hi", event="conversation_created"),
        {"event": "webwidget_triggered", "account": {"id": 3}},
    ],
)
def test_ignored_with_200_and_never_answered(chatwoot: Any, standin: ChatwootStandIn, body: Any) -> None:
    r = say(chatwoot, body)
    assert r.json()["status"] == "ignored"
    assert chatwoot.dialogue() == [] and standin.requests == []


def test_other_accounts_are_ignored_when_one_is_configured(
    serve: Callable[[Any], Any], standin: ChatwootStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    server = serve(make_channel(standin, account_id="3"))
    assert say(server, message_created("hi", account=4)).json() == {"status": "ignored", "reason": "another account"}
    assert "another account" in caplog.text
    say(server, message_created("hi", account=3))
    assert server.dialogue() == ["hi"]


def test_a_redelivered_event_is_answered_once(chatwoot: Any, standin: ChatwootStandIn) -> None:
    body = message_created("(#131047)", message_id=777)
    say(chatwoot, body)
    say(chatwoot, body)
    assert chatwoot.dialogue() == ["(#131047)"]
    assert standin.texts() == ["echo: (#131047)"]


def test_conversations_are_separate_senders(chatwoot: Any, standin: ChatwootStandIn) -> None:
    say(chatwoot, message_created("first", conversation=10))
    say(chatwoot, message_created("second", conversation=11))
    assert [m.sender_id for m in chatwoot.agent.messages] == ["chatwoot:3:10", "chatwoot:3:11"]
    assert standin.texts(10) == ["echo: first"] and standin.texts(11) == ["echo: second"]


def test_an_image_gets_the_notice_and_nothing_reaches_the_dialogue(chatwoot: Any, standin: ChatwootStandIn) -> None:
    say(chatwoot, message_created(None, attachments=[{"id": 1, "file_type": "image"}]))
    assert chatwoot.dialogue() == []
    [text] = standin.texts(10)
    assert "image" in text.lower() or "screenshot" in text.lower()


def test_a_reply_that_fails_is_retried(chatwoot: Any, standin: ChatwootStandIn) -> None:
    standin.push((500, {"error": "boom"}), (502, {"error": "bad gateway"}))
    say(chatwoot, message_created("hi"))
    assert standin.texts(10) == ["echo: hi"]
    assert [r["status"] for r in standin.requests] == [500, 502, 200]


def test_a_dialogue_failure_gets_an_apology(chatwoot: Any, standin: ChatwootStandIn) -> None:
    async def fail(message: Any) -> None:
        raise RuntimeError("dialogue broke")

    chatwoot.agent.respond = fail
    say(chatwoot, message_created("hi"))
    [apology] = standin.texts(10)
    assert "again" in apology.lower()


# ---------------------------------------------------------------------------
# Buttons
# ---------------------------------------------------------------------------

BUTTONS = [
    {"title": "Yes, it's fixed", "payload": "yes, it's fixed"},
    {"title": "No, still failing", "payload": "no, still failing"},
]


def ask_with_buttons(server: Any) -> None:
    async def respond(message: Any) -> None:
        if message.text == "start":
            await message.output_channel.send_response(
                message.sender_id, {"text": "Did that solve it?", "buttons": BUTTONS}
            )

    server.agent.respond = respond


def test_buttons_are_options_where_the_inbox_shows_them(chatwoot: Any, standin: ChatwootStandIn) -> None:
    ask_with_buttons(chatwoot)
    say(chatwoot, message_created("start", channel="Channel::Whatsapp"))
    [sent] = standin.messages(10)
    assert sent["content"] == "Did that solve it?" and sent["content_type"] == "input_select"
    assert sent["content_attributes"]["items"] == [
        {"title": "Yes, it's fixed", "value": "yes, it's fixed"},
        {"title": "No, still failing", "value": "no, still failing"},
    ]
    # WhatsApp through Chatwoot: the tapped option comes back as a message with its title
    say(chatwoot, message_created("No, still failing", channel="Channel::Whatsapp"))
    assert chatwoot.dialogue()[-1] == "no, still failing"
    assert chatwoot.agent.messages[-1].metadata["button_title"] == "No, still failing"


def test_a_widget_pick_reaches_the_dialogue_once(chatwoot: Any, standin: ChatwootStandIn) -> None:
    ask_with_buttons(chatwoot)
    say(chatwoot, message_created("start", channel="Channel::WebWidget"))
    picked = option_picked("Yes, it's fixed", "yes, it's fixed", message_id=900, channel="Channel::WebWidget")
    say(chatwoot, picked)
    say(chatwoot, picked)  # the message is updated again later (status...): not a second answer
    assert chatwoot.dialogue() == ["start", "yes, it's fixed"]


def test_buttons_are_numbered_where_it_has_no_options(chatwoot: Any, standin: ChatwootStandIn) -> None:
    ask_with_buttons(chatwoot)
    say(chatwoot, message_created("start", channel="Channel::TwilioSms"))
    assert standin.texts(10) == [
        "Did that solve it?\n\n1. Yes, it's fixed\n2. No, still failing\n\nReply with a number."
    ]
    assert standin.messages(10)[0].get("content_type") is None
    say(chatwoot, message_created("2", channel="Channel::TwilioSms"))
    assert chatwoot.dialogue()[-1] == "no, still failing"
    say(chatwoot, message_created("2", channel="Channel::TwilioSms"))
    assert chatwoot.dialogue()[-1] == "2"  # only the very next message counts


def test_custom_json_is_a_chatwoot_message(chatwoot: Any, standin: ChatwootStandIn) -> None:
    async def respond(message: Any) -> None:
        await message.output_channel.send_response(
            message.sender_id,
            {
                "custom": {
                    "content": "Pick one",
                    "content_type": "input_select",
                    "content_attributes": {"items": [{"title": "A", "value": "a"}]},
                }
            },
        )

    chatwoot.agent.respond = respond
    say(chatwoot, message_created("hi"))
    [sent] = standin.messages(10)
    assert sent["content_type"] == "input_select" and sent["content"] == "Pick one"
