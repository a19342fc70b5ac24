"""WhatsApp Cloud API channel: webhook in, Graph API out, over real HTTP."""

import hashlib
import hmac
import json
from typing import Any, Dict, List, Optional

import pytest
import requests


from channels.whatsapp import (
    LIST_ROW_DESCRIPTION_LIMIT,
    LIST_ROW_ID_LIMIT,
    LIST_ROW_TITLE_LIMIT,
    REPLY_BUTTON_ID_LIMIT,
    REPLY_BUTTON_TITLE_LIMIT,
    WhatsAppConfig,
    WhatsAppInput,
)

TOKEN = "EAAG-test-token-0123456789"
APP_SECRET = "app-secret-for-tests"
VERIFY_TOKEN = "verify-me-please"
PHONE_NUMBER_ID = "106540352242922"
USER = "919812345610"
WEBHOOK = "/webhooks/whatsapp/webhook"


# ---------------------------------------------------------------------------
# Payload builders in Meta's webhook format
# ---------------------------------------------------------------------------


def delivery(*values: Dict[str, Any], entries: Optional[List[List[Dict[str, Any]]]] = None) -> Dict[str, Any]:
    """A webhook body; each value becomes one entry unless entries is given."""
    groups = entries if entries is not None else [[v] for v in values]
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [{"field": "messages", "value": v} for v in group],
            }
            for group in groups
        ],
    }


def value(messages: List[Dict[str, Any]], wa_id: str = USER, name: str = "Asha Rao") -> Dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": "15550783881",
            "phone_number_id": PHONE_NUMBER_ID,
        },
        "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
        "messages": messages,
    }


_counter = [0]


def msg(kind: str, content: Any, sender: str = USER, **extra: Any) -> Dict[str, Any]:
    _counter[0] += 1
    m = {
        "from": sender,
        "id": f"wamid.HBgMOTE5ODEyMzQ1NjEwFQIAEhgg{_counter[0]:06d}",
        "timestamp": "1795000000",
        "type": kind,
    }
    if content is not None:
        m[kind] = content
    m.update(extra)
    return m


def text(body: str, **kw: Any) -> Dict[str, Any]:
    return msg("text", {"body": body}, **kw)


def sign(raw: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def post(server: Any, body: Any, signature: Optional[str] = "auto") -> requests.Response:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if signature == "auto":
        headers["X-Hub-Signature-256"] = sign(raw)
    elif signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return requests.post(server.url(WEBHOOK), data=raw, headers=headers, timeout=5)


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


@pytest.fixture
def channel(api: Any) -> WhatsAppInput:
    return WhatsAppInput.from_credentials(
        {
            "access_token": TOKEN,
            "phone_number_id": PHONE_NUMBER_ID,
            "app_secret": APP_SECRET,
            "verify_token": VERIFY_TOKEN,
            "api_base": api.url + "/v26.0",
            "retry_base_delay": 0.01,
            "retry_max_delay": 0.05,
            "max_attempts": 3,
            "request_timeout": 5,
        }
    )


@pytest.fixture
def server(serve: Any, channel: WhatsAppInput) -> Any:
    return serve(channel)


def dialogue(server: Any) -> List[str]:
    return [m.text for m in server.agent.messages]


def sent_texts(api: Any) -> List[str]:
    return [m["text"]["body"] for m in api.graph_messages() if m.get("type") == "text"]


# ---------------------------------------------------------------------------
# Verification (GET)
# ---------------------------------------------------------------------------


def test_verification_echoes_challenge_with_right_token(server: Any) -> None:
    r = requests.get(
        server.url(WEBHOOK),
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
def test_verification_refused_otherwise(server: Any, params: Dict[str, str]) -> None:
    r = requests.get(server.url(WEBHOOK), params=params, timeout=5)
    assert r.status_code == 403
    assert "1" not in r.text


# ---------------------------------------------------------------------------
# Inbound messages
# ---------------------------------------------------------------------------


def test_text_message_reaches_dialogue_and_reply_goes_to_graph_api(server: Any, api: Any) -> None:
    m = text("My template message failed with error 131047")
    r = post(server, delivery(value([m])))
    assert r.status_code == 200
    server.drain()

    assert dialogue(server) == ["My template message failed with error 131047"]
    user_message = server.agent.messages[0]
    assert user_message.sender_id == USER
    assert user_message.input_channel == "whatsapp"
    assert user_message.message_id == m["id"]
    meta = user_message.metadata
    assert meta["profile_name"] == "Asha Rao"
    assert meta["wa_id"] == USER
    assert meta["phone_number_id"] == PHONE_NUMBER_ID
    assert meta["country_code"] == "IN"
    assert meta["time_zone"] == "Asia/Calcutta"
    assert meta["timestamp"] == 1795000000

    request = [r for r in api.requests if r["kind"] == "graph"][0]
    assert request["path"] == f"/v26.0/{PHONE_NUMBER_ID}/messages"
    assert request["headers"]["authorization"] == f"Bearer {TOKEN}"
    assert request["headers"]["content-type"] == "application/json"
    assert request["json"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": USER,
        "type": "text",
        "text": {"body": "echo: My template message failed with error 131047", "preview_url": False},
    }


def test_button_reply_sends_button_id_as_user_text(server: Any) -> None:
    m = msg(
        "interactive",
        {"type": "button_reply", "button_reply": {"id": '/inform{"template_status":"pending"}', "title": "Pending"}},
        context={"from": "15550783881", "id": "wamid.previous"},
    )
    assert post(server, delivery(value([m]))).status_code == 200
    server.drain()
    assert dialogue(server) == ['/inform{"template_status":"pending"}']
    meta = server.agent.messages[0].metadata
    assert meta["button_title"] == "Pending"
    assert meta["reply_to_message_id"] == "wamid.previous"


def test_list_reply_sends_row_id_as_user_text(server: Any) -> None:
    m = msg(
        "interactive",
        {"type": "list_reply", "list_reply": {"id": "/choose_tier{\"tier\":\"1k\"}", "title": "1K", "description": "1,000 a day"}},
    )
    assert post(server, delivery(value([m]))).status_code == 200
    server.drain()
    assert dialogue(server) == ['/choose_tier{"tier":"1k"}']


def test_template_quick_reply_button_uses_payload_else_text(server: Any) -> None:
    with_payload = msg("button", {"payload": "STOP_PROMOS", "text": "Stop promotions"})
    without_payload = msg("button", {"text": "Talk to support"})
    assert post(server, delivery(value([with_payload, without_payload]))).status_code == 200
    server.drain()
    assert dialogue(server) == ["STOP_PROMOS", "Talk to support"]


@pytest.mark.parametrize(
    "kind, content, expected",
    [
        ("image", {"mime_type": "image/jpeg", "sha256": "abc", "id": "1234"}, "I can't read images yet"),
        ("sticker", {"mime_type": "image/webp", "sha256": "abc", "id": "1234", "animated": False}, "stickers"),
        ("document", {"filename": "error.pdf", "mime_type": "application/pdf", "sha256": "x", "id": "9"}, "documents"),
        ("audio", {"mime_type": "audio/ogg; codecs=opus", "sha256": "x", "id": "9", "voice": True}, "voice messages"),
        ("video", {"mime_type": "video/mp4", "sha256": "x", "id": "9"}, "videos"),
        ("location", {"latitude": 19.07, "longitude": 72.87}, "location"),
        ("contacts", [{"name": {"formatted_name": "A"}}], "contact cards"),
        ("reaction", {"message_id": "wamid.x", "emoji": "\U0001F44D"}, "Thanks!"),
        ("unsupported", None, "only read text"),
    ],
)
def test_non_text_messages_get_a_helpful_reply_not_the_dialogue(
    server: Any, api: Any, kind: str, content: Any, expected: str
) -> None:
    extra = {}
    if kind == "unsupported":
        extra["errors"] = [{"code": 131051, "title": "Message type unknown"}]
    m = msg(kind, content, **extra)
    assert post(server, delivery(value([m]))).status_code == 200
    server.drain()
    assert dialogue(server) == []
    assert len(sent_texts(api)) == 1
    assert expected in sent_texts(api)[0]
    assert api.graph_messages()[0]["to"] == USER


def test_removed_reaction_is_ignored(server: Any, api: Any) -> None:
    m = msg("reaction", {"message_id": "wamid.x", "emoji": ""})
    assert post(server, delivery(value([m]))).status_code == 200
    server.drain()
    assert dialogue(server) == [] and api.requests == []


def test_image_with_caption_passes_the_caption_to_dialogue(server: Any, api: Any) -> None:
    m = msg("image", {"caption": "error 131026 on this one", "mime_type": "image/jpeg", "id": "1"})
    assert post(server, delivery(value([m]))).status_code == 200
    server.drain()
    assert dialogue(server) == ["error 131026 on this one"]
    texts = sent_texts(api)
    assert "only read the text" in texts[0]
    assert texts[1] == "echo: error 131026 on this one"


def test_status_updates_are_accepted_and_never_reach_dialogue(server: Any, api: Any, all_logs: Any) -> None:
    statuses = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
        "statuses": [
            {"id": "wamid.a", "status": s, "timestamp": "1795000001", "recipient_id": USER}
            for s in ("sent", "delivered", "read")
        ]
        + [
            {
                "id": "wamid.b",
                "status": "failed",
                "timestamp": "1795000002",
                "recipient_id": USER,
                "errors": [{"code": 131047, "title": "Re-engagement message"}],
            }
        ],
    }
    r = post(server, delivery(statuses))
    assert r.status_code == 200
    server.drain()
    assert dialogue(server) == [] and api.requests == []
    assert any("131047" in rec.getMessage() for rec in all_logs.records)
    assert not any(USER in rec.getMessage() for rec in all_logs.records)


def test_several_messages_and_entries_keep_their_order(server: Any, api: Any) -> None:
    # The first message is slow in the dialogue; the rest must still wait for it.
    server.agent.delays["first"] = 0.3
    body = delivery(
        entries=[
            [value([text("first"), text("second")])],
            [value([text("third")]), value([text("fourth")])],
        ]
    )
    assert post(server, body).status_code == 200
    server.drain()
    assert dialogue(server) == ["first", "second", "third", "fourth"]
    assert sent_texts(api) == ["echo: first", "echo: second", "echo: third", "echo: fourth"]


def test_other_users_are_not_held_up_by_a_slow_user(server: Any) -> None:
    server.agent.delays["slow"] = 0.5
    other = "447700900123"
    body = delivery(value([text("slow")]), value([text("fast", sender=other)], wa_id=other, name="Bo"))
    assert post(server, body).status_code == 200
    server.drain()
    assert dialogue(server) == ["fast", "slow"]
    fast = server.agent.messages[0]
    assert fast.sender_id == other and fast.metadata["country_code"] == "GB"


def test_answers_before_the_dialogue_is_done(server: Any) -> None:
    server.agent.delays["slow"] = 1.5
    r = post(server, delivery(value([text("slow")])))
    assert r.status_code == 200
    assert r.elapsed.total_seconds() < 1.0
    assert dialogue(server) == []
    server.drain()
    assert dialogue(server) == ["slow"]


def test_redelivered_message_is_processed_once(server: Any, api: Any) -> None:
    m = text("same message")
    body = delivery(value([m]))
    for _ in range(3):
        assert post(server, body).status_code == 200
    server.drain()
    assert dialogue(server) == ["same message"]
    assert sent_texts(api) == ["echo: same message"]


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=" + "0" * 64, "sha1=abcdef", "sha256=" + "zz"],
)
def test_missing_or_wrong_signature_is_refused(server: Any, api: Any, signature: Optional[str]) -> None:
    r = post(server, delivery(value([text("forged")])), signature=signature)
    assert r.status_code == 403
    server.drain()
    assert dialogue(server) == [] and api.requests == []


def test_signature_made_with_another_secret_or_body_is_refused(server: Any, api: Any) -> None:
    raw = json.dumps(delivery(value([text("forged")]))).encode()
    assert post(server, raw, signature=sign(raw, "other-secret")).status_code == 403
    tampered = raw.replace(b"forged", b"FORGED")
    assert post(server, tampered, signature=sign(raw)).status_code == 403
    server.drain()
    assert dialogue(server) == []


def test_signature_is_checked_on_the_raw_bytes(server: Any) -> None:
    # Meta signs the body exactly as sent, e.g. with escaped unicode.
    raw = (
        b'{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",'
        b'"value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"' + PHONE_NUMBER_ID.encode() + b'"},'
        b'"contacts":[{"profile":{"name":"Jos\\u00e9"},"wa_id":"5511987654321"}],'
        b'"messages":[{"from":"5511987654321","id":"wamid.raw1","timestamp":"1795000000","type":"text",'
        b'"text":{"body":"n\\u00e3o chegou"}}]}}]}]}'
    )
    assert post(server, raw, signature=sign(raw)).status_code == 200
    server.drain()
    assert dialogue(server) == ["n\u00e3o chegou"]
    assert server.agent.messages[0].metadata["profile_name"] == "Jos\u00e9"
    assert server.agent.messages[0].metadata["time_zone"] == "America/Sao_Paulo"


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
        (b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {"messages": [{"type": "text"}]}}]}]}', 200),
        (b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {"messages": [{"from": "1", "type": "text", "text": "x"}]}}]}]}', 200),
        (b'{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {"messages": [{"from": {"a": 1}, "type": 5}]}}]}]}', 200),
    ],
)
def test_malformed_bodies_never_cause_a_500(server: Any, api: Any, raw: bytes, status: int) -> None:
    r = post(server, raw, signature=sign(raw))
    assert r.status_code == status
    assert "Traceback" not in r.text
    server.drain()
    assert dialogue(server) == []


def test_messages_for_another_business_number_are_ignored(server: Any, api: Any) -> None:
    v = value([text("hello")])
    v["metadata"]["phone_number_id"] = "999999999999999"
    assert post(server, delivery(v)).status_code == 200
    server.drain()
    assert dialogue(server) == []


def test_username_user_without_phone_number_is_answered_by_bsuid(server: Any, api: Any) -> None:
    bsuid = "IN.1648738043044942"
    m = {"from_user_id": bsuid, "id": "wamid.bsuid1", "timestamp": "1795000000", "type": "text", "text": {"body": "hi"}}
    v = value([m])
    v["contacts"] = [{"profile": {"name": "Ravi", "username": "@ravi"}, "user_id": bsuid}]
    assert post(server, delivery(v)).status_code == 200
    server.drain()
    assert server.agent.messages[0].sender_id == bsuid
    assert server.agent.messages[0].metadata["username"] == "@ravi"
    sent = api.graph_messages()[0]
    assert sent["recipient"] == bsuid and "to" not in sent


def test_dialogue_failure_sends_an_apology(server: Any, api: Any) -> None:
    async def boom(message: Any) -> None:
        raise RuntimeError("model not loaded")

    server.agent.respond = boom
    assert post(server, delivery(value([text("hello")]))).status_code == 200
    server.drain()
    assert sent_texts(api) == ["Sorry, something went wrong on my side. Please try again in a minute."]


# ---------------------------------------------------------------------------
# Graph API failures
# ---------------------------------------------------------------------------


def test_graph_500_then_200_is_retried(server: Any, api: Any) -> None:
    api.push(api.graph_error(500, 2, "Service temporarily unavailable", "OAuthException"))
    assert post(server, delivery(value([text("retry me")]))).status_code == 200
    server.drain()
    graph = [r for r in api.requests if r["kind"] == "graph"]
    assert [r["status"] for r in graph] == [500, 200]
    assert graph[0]["json"] == graph[1]["json"]
    assert sent_texts(api) == ["echo: retry me"]


def test_graph_429_and_transient_rate_limit_are_retried(server: Any, api: Any) -> None:
    api.push(
        api.graph_error(429, 130429, "Rate limit hit") + ({"Retry-After": "0"},),
        api.graph_error(400, 80007, "Rate limit issues"),
    )
    assert post(server, delivery(value([text("busy")]))).status_code == 200
    server.drain()
    assert [r["status"] for r in api.requests] == [429, 400, 200]


def test_graph_permanent_error_is_not_retried(server: Any, api: Any, all_logs: Any) -> None:
    api.push(api.graph_error(400, 131047, "Re-engagement message", "OAuthException"))
    assert post(server, delivery(value([text("late")]))).status_code == 200
    server.drain()
    assert [r["status"] for r in api.requests] == [400]
    assert any("131047" in r.getMessage() for r in all_logs.records)


def test_graph_always_500_gives_up_without_crashing_and_logs_are_masked(
    server: Any, api: Any, all_logs: Any
) -> None:
    api.push(*[api.graph_error(500, 1, f"An unknown error occurred for {USER}")] * 3)
    assert post(server, delivery(value([text("doomed")]))).status_code == 200
    server.drain()
    assert [r["status"] for r in api.requests] == [500, 500, 500]

    logs = "\n".join(r.getMessage() for r in all_logs.records)
    assert "giving up" in logs
    assert "9198******10" in logs
    assert TOKEN not in logs and APP_SECRET not in logs and USER not in logs
    for record in all_logs.records:  # exception texts too
        assert TOKEN not in str(record.args) and TOKEN not in (record.exc_text or "")

    # The channel still works afterwards.
    assert post(server, delivery(value([text("alive?")]))).status_code == 200
    server.drain()
    assert sent_texts(api) == ["echo: alive?"]


def test_unreachable_graph_api_gives_up(serve: Any, all_logs: Any) -> None:
    channel = WhatsAppInput.from_credentials(
        {
            "access_token": TOKEN,
            "phone_number_id": PHONE_NUMBER_ID,
            "app_secret": APP_SECRET,
            "verify_token": VERIFY_TOKEN,
            "api_base": "http://127.0.0.1:9/v26.0",
            "retry_base_delay": 0.01,
            "max_attempts": 2,
            "request_timeout": 1,
        }
    )
    server = serve(channel)
    assert post(server, delivery(value([text("anyone?")]))).status_code == 200
    server.drain()
    logs = "\n".join(r.getMessage() for r in all_logs.records)
    assert "giving up" in logs and "ConnectionError" in logs and TOKEN not in logs


# ---------------------------------------------------------------------------
# Outbound formats
# ---------------------------------------------------------------------------


def buttons(n: int, title: str = "Option", payload: str = "/choose") -> List[Dict[str, str]]:
    return [{"title": f"{title} {i}", "payload": f'{payload}{{"n":{i}}}'} for i in range(1, n + 1)]


def test_up_to_three_buttons_become_reply_buttons(server: Any, api: Any) -> None:
    async def respond(message: Any) -> None:
        await message.output_channel.send_response(
            message.sender_id,
            {
                "text": "What is the template's status in WhatsApp Manager?",
                "buttons": [
                    {"title": "Approved", "payload": '/inform{"template_status":"approved"}'},
                    {"title": "Pending review by Meta today", "payload": '/inform{"template_status":"pending"}'},
                    {"title": "Pending review by Meta tomorrow", "payload": "/x"},
                ],
            },
        )

    server.agent.respond = respond
    assert post(server, delivery(value([text("hi")]))).status_code == 200
    server.drain()
    sent = api.graph_messages()
    assert len(sent) == 1
    assert sent[0]["type"] == "interactive" and sent[0]["to"] == USER
    interactive = sent[0]["interactive"]
    assert interactive["type"] == "button"
    assert interactive["body"] == {"text": "What is the template's status in WhatsApp Manager?"}
    reply_buttons = interactive["action"]["buttons"]
    assert [b["type"] for b in reply_buttons] == ["reply"] * 3
    ids = [b["reply"]["id"] for b in reply_buttons]
    titles = [b["reply"]["title"] for b in reply_buttons]
    assert ids == ['/inform{"template_status":"approved"}', '/inform{"template_status":"pending"}', "/x"]
    assert titles[0] == "Approved"
    assert all(len(t) <= REPLY_BUTTON_TITLE_LIMIT for t in titles)
    assert len(set(titles)) == 3  # two long titles share a prefix but stay distinct


def test_four_to_ten_buttons_become_a_list(channel: WhatsAppInput) -> None:
    out = channel.get_output_channel()
    many = buttons(7, title="A rather long option title number")
    many[0]["description"] = "x" * 100
    [message] = out.build_button_messages(USER, "Pick one", many)
    interactive = message["interactive"]
    assert message["type"] == "interactive" and interactive["type"] == "list"
    assert interactive["body"] == {"text": "Pick one"}
    assert 1 <= len(interactive["action"]["button"]) <= 20
    [section] = interactive["action"]["sections"]
    rows = section["rows"]
    assert len(rows) == 7
    assert [r["id"] for r in rows] == [b["payload"] for b in many]
    assert all(len(r["title"]) <= LIST_ROW_TITLE_LIMIT for r in rows)
    assert all(len(r.get("description", "")) <= LIST_ROW_DESCRIPTION_LIMIT for r in rows)
    assert len({r["title"] for r in rows}) == 7
    # a cut title is shown in full in the description
    assert rows[1]["description"] == "A rather long option title number 2"


def test_more_than_ten_buttons_are_split_into_lists(channel: WhatsAppInput) -> None:
    out = channel.get_output_channel()
    messages = out.build_button_messages(USER, "Which error code?", buttons(23))
    assert [m["interactive"]["type"] for m in messages] == ["list", "list", "list"]
    rows = [r for m in messages for r in m["interactive"]["action"]["sections"][0]["rows"]]
    assert [len(m["interactive"]["action"]["sections"][0]["rows"]) for m in messages] == [10, 10, 3]
    assert [r["title"] for r in rows] == [f"Option {i}" for i in range(1, 24)]
    assert messages[0]["interactive"]["body"]["text"] == "Which error code?"


def test_long_body_is_sent_as_text_before_the_buttons(channel: WhatsAppInput) -> None:
    out = channel.get_output_channel()
    long_text = "Explanation. " * 100
    messages = out.build_button_messages(USER, long_text, buttons(2))
    assert messages[0]["type"] == "text"
    assert messages[-1]["interactive"]["body"]["text"] == "Please choose:"
    assert len(messages[-1]["interactive"]["body"]["text"]) <= 1024


def test_url_buttons_become_text_lines(channel: WhatsAppInput) -> None:
    out = channel.get_output_channel()
    messages = out.build_button_messages(
        USER,
        "See the docs",
        [{"title": "Error codes", "url": "https://developers.facebook.com/docs/whatsapp"}],
    )
    assert messages == [
        {
            "type": "text",
            "text": {
                "body": "See the docs\n\nError codes: https://developers.facebook.com/docs/whatsapp",
                "preview_url": False,
            },
        }
    ]


def test_overlong_payload_round_trips_through_a_short_id(server: Any, api: Any) -> None:
    long_payload = '/inform{"details":"' + "x" * 300 + '"}'

    async def respond(message: Any) -> None:
        if message.text == "hi":
            await message.output_channel.send_response(
                message.sender_id,
                {"text": "Choose", "buttons": [{"title": "Long", "payload": long_payload}] + buttons(5)},
            )

    server.agent.respond = respond
    assert post(server, delivery(value([text("hi")]))).status_code == 200
    server.drain()
    rows = api.graph_messages()[0]["interactive"]["action"]["sections"][0]["rows"]
    short_id = rows[0]["id"]
    assert len(short_id) <= LIST_ROW_ID_LIMIT and short_id != long_payload

    tap = msg("interactive", {"type": "list_reply", "list_reply": {"id": short_id, "title": "Long"}})
    assert post(server, delivery(value([tap]))).status_code == 200
    server.drain()
    assert dialogue(server)[-1] == long_payload


def test_reply_button_ids_fit_the_limit(channel: WhatsAppInput) -> None:
    out = channel.get_output_channel()
    [message] = out.build_button_messages(USER, "Q", [{"title": "A", "payload": "p" * 400}])
    assert len(message["interactive"]["action"]["buttons"][0]["reply"]["id"]) <= REPLY_BUTTON_ID_LIMIT


def test_long_text_is_split_on_paragraphs(server: Any, api: Any) -> None:
    paragraphs = [f"Step {i}: " + ("check the template and the number. " * 30).strip() for i in range(1, 11)]
    long_text = "\n\n".join(paragraphs)
    assert len(long_text) > 9000

    async def respond(message: Any) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": long_text})

    server.agent.respond = respond
    assert post(server, delivery(value([text("how do I fix it?")]))).status_code == 200
    server.drain()
    chunks = sent_texts(api)
    assert len(chunks) == 4  # 3 + 3 + 3 + 1 paragraphs of ~1,060 characters
    assert all(len(c) <= 4096 for c in chunks)
    assert all(c.startswith("Step ") for c in chunks)  # cut between paragraphs
    assert "\n\n".join(chunks) == long_text


def test_text_without_breaks_is_still_split_within_the_limit(channel: WhatsAppInput) -> None:
    from channels._common import split_text

    chunks = split_text("x" * 10000, 4096)
    assert [len(c) for c in chunks] == [4096, 4096, 1808]


def test_image_custom_json_and_attachment(server: Any, api: Any) -> None:
    async def respond(message: Any) -> None:
        out = message.output_channel
        await out.send_response(message.sender_id, {"image": "https://example.com/where-to-click.png"})
        await out.send_response(
            message.sender_id,
            {"custom": {"type": "template", "template": {"name": "hello_world", "language": {"code": "en_US"}}, "to": "someone-else"}},
        )
        await out.send_response(message.sender_id, {"custom": {"whatsapp": {"type": "reaction", "reaction": {"message_id": "wamid.1", "emoji": "\u2705"}}}})
        await out.send_response(message.sender_id, {"custom": {"blocks": [1, 2]}})  # not WhatsApp: skipped

    server.agent.respond = respond
    assert post(server, delivery(value([text("show me")]))).status_code == 200
    server.drain()
    sent = api.graph_messages()
    assert [m["type"] for m in sent] == ["image", "template", "reaction"]
    assert sent[0]["image"] == {"link": "https://example.com/where-to-click.png"}
    assert sent[1]["to"] == USER and sent[1]["template"]["name"] == "hello_world"
    assert all(m["messaging_product"] == "whatsapp" for m in sent)


# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------


def test_channel_off_without_settings_starts_and_answers_503(
    serve: Any, all_logs: Any, tmp_path: Any, load_credentials: Any
) -> None:
    credentials = tmp_path / "credentials.yml"
    credentials.write_text("channels.whatsapp.WhatsAppInput:\n")
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


def test_settings_come_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Any, load_credentials: Any) -> None:
    monkeypatch.setenv("WHATSAPP_ACCESS_TOKEN", "tok")
    monkeypatch.setenv("WHATSAPP_PHONE_NUMBER_ID", "123")
    monkeypatch.setenv("WHATSAPP_APP_SECRET", "sec")
    monkeypatch.setenv("WHATSAPP_VERIFY_TOKEN", "ver")
    credentials = tmp_path / "credentials.yml"
    # a quoted placeholder arrives literally from Rasa and must count as unset
    credentials.write_text('channels.whatsapp.WhatsAppInput:\n  access_token: "${WHATSAPP_ACCESS_TOKEN}"\n')
    [channel] = load_credentials(str(credentials))
    assert channel.enabled
    assert channel.config.access_token == "tok"
    assert channel.config.api_base == "https://graph.facebook.com/v26.0"


def test_bad_numeric_setting_falls_back_to_default() -> None:
    config = WhatsAppConfig({"max_attempts": "many", "retry_base_delay": "-3"})
    assert config.max_attempts == 4 and config.retry_base_delay == 0.0


def test_unset_placeholder_in_credentials_stops_rasa(tmp_path: Any, load_credentials: Any) -> None:
    """Why credentials.yml must not say ``access_token: ${WHATSAPP_ACCESS_TOKEN}``."""
    from rasa.shared.exceptions import RasaException

    credentials = tmp_path / "credentials.yml"
    credentials.write_text("channels.whatsapp.WhatsAppInput:\n  access_token: ${WHATSAPP_ACCESS_TOKEN}\n")
    with pytest.raises(RasaException, match="environment variables"):
        load_credentials(str(credentials))


def test_an_album_of_images_gets_one_notice(server: Any, api: Any) -> None:
    images = [msg("image", {"mime_type": "image/jpeg", "id": str(i)}) for i in range(4)]
    assert post(server, delivery(value(images))).status_code == 200
    server.drain()
    assert len(sent_texts(api)) == 1 and dialogue(server) == []
    # a different kind of message still gets its own notice
    assert post(server, delivery(value([msg("audio", {"id": "9", "voice": True})]))).status_code == 200
    server.drain()
    assert len(sent_texts(api)) == 2
