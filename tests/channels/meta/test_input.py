"""The WhatsApp Cloud API input channel (channels/meta/input.py and webhook_input.py):
Meta's verification, signatures, answering fast, order, duplicates, staying off
until configured, and the slash guard on everything that reaches the dialogue."""

import json
from typing import Any, Dict, Optional

import pytest
import requests

from tests.channels.meta_webhook import (
    APP_SECRET,
    PHONE_NUMBER_ID,
    USER,
    VERIFY_TOKEN,
    WEBHOOK,
    delivery,
    msg,
    post,
    say,
    sent_texts,
    sign,
    tap,
    text,
    value,
)

# ---------------------------------------------------------------------------
# Verification (GET)
# ---------------------------------------------------------------------------


def test_verification_echoes_challenge_with_right_token(whatsapp: Any) -> None:
    r = requests.get(
        whatsapp.url(WEBHOOK),
        params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
        timeout=5,
    )
    assert r.status_code == 200
    assert r.text == "1158201444"
    assert r.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.challenge": "1"},
        {},
    ],
)
def test_verification_refused_otherwise(whatsapp: Any, params: Dict[str, str]) -> None:
    r = requests.get(whatsapp.url(WEBHOOK), params=params, timeout=5)
    assert r.status_code == 403
    assert "1" not in r.text


def test_health_route(whatsapp: Any) -> None:
    r = requests.get(whatsapp.url("/webhooks/whatsapp/"), timeout=5)
    assert r.status_code == 200 and r.json() == {"status": "ok"}


# ---------------------------------------------------------------------------
# Signatures (POST)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=" + "0" * 64, "sha1=abcdef", "sha256=" + "zz"],
)
def test_missing_or_wrong_signature_is_refused(whatsapp: Any, api: Any, signature: Optional[str]) -> None:
    r = post(whatsapp, delivery(value([text("forged")])), signature=signature)
    assert r.status_code == 403
    whatsapp.drain()
    assert whatsapp.dialogue() == [] and api.requests == []


def test_signature_made_with_another_secret_or_body_is_refused(whatsapp: Any, api: Any) -> None:
    raw = json.dumps(delivery(value([text("forged")]))).encode()
    assert post(whatsapp, raw, signature=sign(raw, "other-secret")).status_code == 403
    tampered = raw.replace(b"forged", b"FORGED")
    assert post(whatsapp, tampered, signature=sign(raw)).status_code == 403
    whatsapp.drain()
    assert whatsapp.dialogue() == []


def test_signature_is_checked_on_the_raw_bytes(whatsapp: Any) -> None:
    # Meta signs the body exactly as sent, e.g. with escaped unicode.
    raw = (
        b'{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",'
        b'"value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"' + PHONE_NUMBER_ID.encode() + b'"},'
        b'"contacts":[{"profile":{"name":"Jos\\u00e9"},"wa_id":"5511987654321"}],'
        b'"messages":[{"from":"5511987654321","id":"wamid.raw1","timestamp":"1795000000","type":"text",'
        b'"text":{"body":"n\\u00e3o chegou"}}]}}]}]}'
    )
    assert post(whatsapp, raw, signature=sign(raw)).status_code == 200
    whatsapp.drain()
    assert whatsapp.dialogue() == ["n\u00e3o chegou"]
    assert whatsapp.agent.messages[0].metadata["profile_name"] == "Jos\u00e9"
    assert whatsapp.agent.messages[0].metadata["time_zone"] == "America/Sao_Paulo"


@pytest.mark.parametrize(
    "raw, status",
    [
        (b"{not json", 400),
        (b"\xff\xfe\x00", 400),
        (b"", 400),
        (b"[]", 200),
        (b'"text"', 200),
        (b'{"object": "page", "entry": []}', 200),
        (b'{"object": "whatsapp_business_account", "entry": "nope"}', 200),
        (b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": []}]}]}', 200),
        (
            b'{"object": "whatsapp_business_account", '
            b'"entry": [{"changes": [{"value": {"messages": [{"type": "text"}]}}]}]}',
            200,
        ),
        (
            b'{"object": "whatsapp_business_account", '
            b'"entry": [{"changes": [{"value": {"messages": [{"from": "1", "type": "text", "text": "x"}]}}]}]}',
            200,
        ),
        (
            b'{"object": "whatsapp_business_account", '
            b'"entry": [{"changes": [{"value": {"messages": [{"from": {"a": 1}, "type": 5}]}}]}]}',
            200,
        ),
    ],
)
def test_malformed_bodies_never_cause_a_500(whatsapp: Any, api: Any, raw: bytes, status: int) -> None:
    r = post(whatsapp, raw, signature=sign(raw))
    assert r.status_code == status
    assert "Traceback" not in r.text
    whatsapp.drain()
    assert whatsapp.dialogue() == []


def test_a_body_the_parser_chokes_on_is_ignored_not_a_500(
    whatsapp: Any, whatsapp_channel: Any, monkeypatch: pytest.MonkeyPatch, all_logs: Any
) -> None:
    def broken(payload: Any) -> Any:
        raise KeyError("surprise")

    monkeypatch.setattr(whatsapp_channel, "parse_delivery", broken)
    r = post(whatsapp, delivery(value([text("hello")])))
    assert r.status_code == 200 and r.json() == {"status": "ignored"}
    assert any("webhook body not understood: KeyError" in rec.getMessage() for rec in all_logs.records)


# ---------------------------------------------------------------------------
# Background processing: fast answer, order, duplicates, failures
# ---------------------------------------------------------------------------


def test_text_message_reaches_dialogue_and_reply_goes_to_graph_api(whatsapp: Any, api: Any) -> None:
    m = text("My template message failed with error 131047")
    r = post(whatsapp, delivery(value([m])))
    assert r.status_code == 200 and r.json() == {"status": "received"}
    whatsapp.drain()

    message = whatsapp.only_message()
    assert (message.text, message.sender_id, message.input_channel, message.message_id) == (
        "My template message failed with error 131047",
        USER,
        "whatsapp",
        m["id"],
    )
    request = [r for r in api.requests if r["kind"] == "graph"][0]
    assert request["json"]["to"] == USER
    assert request["json"]["text"]["body"] == "echo: My template message failed with error 131047"


def test_several_messages_and_entries_keep_their_order(whatsapp: Any, api: Any) -> None:
    # The first message is slow in the dialogue; the rest must still wait for it.
    whatsapp.agent.delays["first"] = 0.3
    body = delivery(
        entries=[
            [value([text("first"), text("second")])],
            [value([text("third")]), value([text("fourth")])],
        ]
    )
    assert post(whatsapp, body).status_code == 200
    whatsapp.drain()
    assert whatsapp.dialogue() == ["first", "second", "third", "fourth"]
    assert sent_texts(api) == ["echo: first", "echo: second", "echo: third", "echo: fourth"]


def test_other_users_are_not_held_up_by_a_slow_user(whatsapp: Any) -> None:
    whatsapp.agent.delays["slow"] = 0.5
    other = "447700900123"
    body = delivery(value([text("slow")]), value([text("fast", sender=other)], wa_id=other, name="Bo"))
    assert post(whatsapp, body).status_code == 200
    whatsapp.drain()
    assert whatsapp.dialogue() == ["fast", "slow"]
    fast = whatsapp.agent.messages[0]
    assert fast.sender_id == other and fast.metadata["country_code"] == "GB"


def test_answers_before_the_dialogue_is_done(whatsapp: Any) -> None:
    whatsapp.agent.delays["slow"] = 1.5
    r = post(whatsapp, delivery(value([text("slow")])))
    assert r.status_code == 200
    assert r.elapsed.total_seconds() < 1.0
    assert whatsapp.dialogue() == []
    whatsapp.drain()
    assert whatsapp.dialogue() == ["slow"]


def test_redelivered_message_is_processed_once(whatsapp: Any, api: Any) -> None:
    m = text("same message")
    body = delivery(value([m]))
    for _ in range(3):
        assert post(whatsapp, body).status_code == 200
    whatsapp.drain()
    assert whatsapp.dialogue() == ["same message"]
    assert sent_texts(api) == ["echo: same message"]


def test_a_delivery_to_two_instances_sharing_redis_is_processed_once(
    serve: Any, api: Any, fresh_redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Production mode (TICKFIX_REDIS_URL here; the lock store's Redis under `rasa run`)."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.channels.meta_webhook import make_channel

    monkeypatch.setenv("TICKFIX_REDIS_URL", fresh_redis_url)
    a, b = serve(make_channel(api)), serve(make_channel(api))
    bodies = [delivery(value([text(f"message {n}")])) for n in range(5)]
    with ThreadPoolExecutor(4) as pool:  # each delivery to both at once, and again
        codes = list(
            pool.map(
                lambda job: post(job[0], job[1]).status_code,
                [(server, body) for body in bodies for server in (a, b, b, a)],
            )
        )
    a.drain()
    b.drain()
    assert codes == [200] * 20
    assert sorted(a.dialogue() + b.dialogue()) == [f"message {n}" for n in range(5)]
    assert sorted(sent_texts(api)) == [f"echo: message {n}" for n in range(5)]


def test_dialogue_failure_sends_an_apology(whatsapp: Any, api: Any) -> None:
    async def boom(message: Any) -> None:
        raise RuntimeError("model not loaded")

    whatsapp.agent.respond = boom
    say(whatsapp, text("hello"))
    assert sent_texts(api) == ["Sorry, something went wrong on my side. Please try again in a minute."]


def test_an_album_of_images_gets_one_notice(whatsapp: Any, api: Any) -> None:
    images = [msg("image", {"mime_type": "image/jpeg", "id": str(i)}) for i in range(4)]
    say(whatsapp, *images)
    assert len(sent_texts(api)) == 1 and whatsapp.dialogue() == []
    # a different kind of message still gets its own notice
    say(whatsapp, msg("audio", {"id": "9", "voice": True}))
    assert len(sent_texts(api)) == 2


# ---------------------------------------------------------------------------
# The slash guard: no "/intent{...}" shortcut reaches Rasa
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, reaches",
    [
        ("/restart", "restart"),
        ('/inform{"cause":"payment_issue"}', 'inform{"cause":"payment_issue"}'),
        ("  //ask_human", "ask_human"),
        ("/", ""),
        ("the path is /v21.0/messages", "the path is /v21.0/messages"),
    ],
)
def test_typed_slash_commands_reach_the_dialogue_as_plain_text(
    whatsapp: Any, api: Any, typed: str, reaches: str
) -> None:
    say(whatsapp, text(typed))
    assert whatsapp.dialogue() == [reaches]
    assert sent_texts(api) == [f"echo: {reaches}".strip()]  # "/" alone is still answered


def test_tapped_and_captioned_slash_payloads_are_neutralised_too(whatsapp: Any) -> None:
    say(
        whatsapp,
        tap('/inform{"template_status":"pending"}', "Pending"),
        tap("/choose_tier", "1K", kind="list_reply"),
        msg("button", {"payload": "/ask_human", "text": "Talk to us"}),
        msg("image", {"caption": "/restart please", "mime_type": "image/jpeg", "id": "1"}),
    )
    assert whatsapp.dialogue() == [
        'inform{"template_status":"pending"}',
        "choose_tier",
        "ask_human",
        "restart please",
    ]


# ---------------------------------------------------------------------------
# Off until configured
# ---------------------------------------------------------------------------


def test_channel_off_without_settings_starts_and_answers_503(
    serve: Any, all_logs: Any, tmp_path: Any, load_credentials: Any
) -> None:
    credentials = tmp_path / "credentials.yml"
    credentials.write_text("channels.meta.input.WhatsAppInput:\n")
    channels = load_credentials(str(credentials))
    [channel] = [c for c in channels if c.name() == "whatsapp"]
    assert not channel.enabled
    assert channel.get_output_channel() is None
    line = [r.getMessage() for r in all_logs.records if "WhatsApp channel is off" in r.getMessage()]
    assert len(line) == 1
    for name in ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"):
        assert name in line[0]

    server = serve(channel)
    r = requests.post(server.url(WEBHOOK), data=b"{}", timeout=5)
    assert r.status_code == 503
    assert r.json()["error"] == "WhatsApp channel is not configured"
    assert "WHATSAPP_APP_SECRET" in r.json()["missing"]
    assert requests.get(server.url(WEBHOOK), timeout=5).status_code == 503
    assert requests.get(server.url("/webhooks/whatsapp/"), timeout=5).status_code == 503


def test_settings_come_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Any, load_credentials: Any) -> None:
    monkeypatch.setenv("WHATSAPP_ACCESS_TOKEN", "tok")
    monkeypatch.setenv("WHATSAPP_PHONE_NUMBER_ID", "123")
    monkeypatch.setenv("WHATSAPP_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("WHATSAPP_VERIFY_TOKEN", "ver")
    credentials = tmp_path / "credentials.yml"
    # a quoted placeholder arrives literally from Rasa and must count as unset
    credentials.write_text('channels.meta.input.WhatsAppInput:\n  access_token: "${WHATSAPP_ACCESS_TOKEN}"\n')
    [channel] = load_credentials(str(credentials))
    assert channel.enabled
    assert channel.config.access_token == "tok"
    assert channel.config.api_base == "https://graph.facebook.com/v26.0"
