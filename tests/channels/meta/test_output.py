"""Sending through the Graph API (channels/meta/output.py): message formats
as they go over the wire, retries and giving up, masked logs."""

from typing import Any, Dict, List

from channels.meta.buttons import LIST_ROW_ID_LIMIT, REPLY_BUTTON_TITLE_LIMIT
from tests.channels.meta_webhook import (
    APP_SECRET,
    PHONE_NUMBER_ID,
    TOKEN,
    USER,
    make_channel,
    say,
    sent_texts,
    tap,
    text,
)


def answer_with(server: Any, response: Dict[str, Any], when: str = "") -> None:
    """Let the stand-in dialogue answer with this Rasa response (to ``when`` only, if given)."""

    async def respond(message: Any) -> None:
        if not when or message.text == when:
            await message.output_channel.send_response(message.sender_id, response)

    server.agent.respond = respond


def test_text_goes_out_as_a_graph_api_text_message(whatsapp: Any, api: Any) -> None:
    say(whatsapp, text("hello"))
    [request] = api.requests
    assert request["path"] == f"/v26.0/{PHONE_NUMBER_ID}/messages"
    assert request["headers"]["authorization"] == f"Bearer {TOKEN}"
    assert request["headers"]["content-type"] == "application/json"
    assert request["json"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": USER,
        "type": "text",
        "text": {"body": "echo: hello", "preview_url": False},
    }


def test_up_to_three_buttons_become_reply_buttons(whatsapp: Any, api: Any) -> None:
    answer_with(
        whatsapp,
        {
            "text": "What is the template's status in WhatsApp Manager?",
            "buttons": [
                {"title": "Approved", "payload": "approved"},
                {"title": "Pending review by Meta today", "payload": "pending"},
                {"title": "Pending review by Meta tomorrow", "payload": "x"},
            ],
        },
    )
    say(whatsapp, text("hi"))
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
    assert ids == ["approved", "pending", "x"]
    assert titles[0] == "Approved"
    assert all(len(t) <= REPLY_BUTTON_TITLE_LIMIT for t in titles)
    assert len(set(titles)) == 3  # two long titles share a prefix but stay distinct


def options(n: int) -> List[Dict[str, str]]:
    return [{"title": f"Option {i}", "payload": f"option {i}"} for i in range(1, n + 1)]


def test_overlong_payload_round_trips_through_a_short_id(whatsapp: Any, api: Any) -> None:
    long_payload = "the details are " + "x" * 300
    answer_with(
        whatsapp, {"text": "Choose", "buttons": [{"title": "Long", "payload": long_payload}] + options(5)}, when="hi"
    )
    say(whatsapp, text("hi"))
    rows = api.graph_messages()[0]["interactive"]["action"]["sections"][0]["rows"]
    short_id = rows[0]["id"]
    assert len(short_id) <= LIST_ROW_ID_LIMIT and short_id != long_payload

    say(whatsapp, tap(short_id, "Long", kind="list_reply"))
    assert whatsapp.dialogue()[-1] == long_payload


def test_long_text_is_split_on_paragraphs(whatsapp: Any, api: Any) -> None:
    paragraphs = [f"Step {i}: " + ("check the template and the number. " * 30).strip() for i in range(1, 11)]
    long_text = "\n\n".join(paragraphs)
    assert len(long_text) > 9000
    answer_with(whatsapp, {"text": long_text})
    say(whatsapp, text("how do I fix it?"))
    chunks = sent_texts(api)
    assert len(chunks) == 4  # 3 + 3 + 3 + 1 paragraphs of ~1,060 characters
    assert all(len(c) <= 4096 for c in chunks)
    assert all(c.startswith("Step ") for c in chunks)  # cut between paragraphs
    assert "\n\n".join(chunks) == long_text


def test_image_custom_json_and_attachment(whatsapp: Any, api: Any) -> None:
    async def respond(message: Any) -> None:
        out = message.output_channel
        await out.send_response(message.sender_id, {"image": "https://example.com/where-to-click.png"})
        await out.send_response(
            message.sender_id,
            {
                "custom": {
                    "type": "template",
                    "template": {"name": "hello_world", "language": {"code": "en_US"}},
                    "to": "someone-else",
                }
            },
        )
        await out.send_response(
            message.sender_id,
            {"custom": {"whatsapp": {"type": "reaction", "reaction": {"message_id": "wamid.1", "emoji": "\u2705"}}}},
        )
        await out.send_response(message.sender_id, {"custom": {"blocks": [1, 2]}})  # not WhatsApp: skipped
        await out.send_response(message.sender_id, {"custom": {"text": "plain custom text"}})

    whatsapp.agent.respond = respond
    say(whatsapp, text("show me"))
    sent = api.graph_messages()
    assert [m["type"] for m in sent] == ["image", "template", "reaction", "text"]
    assert sent[0]["image"] == {"link": "https://example.com/where-to-click.png"}
    assert sent[1]["to"] == USER and sent[1]["template"]["name"] == "hello_world"
    assert sent[3]["text"]["body"] == "plain custom text"
    assert all(m["messaging_product"] == "whatsapp" for m in sent)


def test_an_image_meta_refuses_is_sent_as_its_url(whatsapp: Any, api: Any) -> None:
    api.push(api.graph_error(400, 131053, "Media upload error"))
    answer_with(whatsapp, {"image": "https://example.com/missing.png"})
    say(whatsapp, text("show me"))
    assert [r["status"] for r in api.requests] == [400, 200]
    assert sent_texts(api) == ["https://example.com/missing.png"]


# ---------------------------------------------------------------------------
# Graph API failures
# ---------------------------------------------------------------------------


def test_graph_500_then_200_is_retried(whatsapp: Any, api: Any) -> None:
    api.push(api.graph_error(500, 2, "Service temporarily unavailable", "OAuthException"))
    say(whatsapp, text("retry me"))
    graph = [r for r in api.requests if r["kind"] == "graph"]
    assert [r["status"] for r in graph] == [500, 200]
    assert graph[0]["json"] == graph[1]["json"]
    assert sent_texts(api) == ["echo: retry me"]


def test_graph_429_and_transient_rate_limit_are_retried(whatsapp: Any, api: Any) -> None:
    api.push(
        api.graph_error(429, 130429, "Rate limit hit") + ({"Retry-After": "0"},),
        api.graph_error(400, 80007, "Rate limit issues"),
    )
    say(whatsapp, text("busy"))
    assert [r["status"] for r in api.requests] == [429, 400, 200]


def test_graph_permanent_error_is_not_retried(whatsapp: Any, api: Any, all_logs: Any) -> None:
    api.push(api.graph_error(400, 131047, "Re-engagement message", "OAuthException"))
    say(whatsapp, text("late"))
    assert [r["status"] for r in api.requests] == [400]
    assert any("131047" in r.getMessage() for r in all_logs.records)


def test_graph_always_500_gives_up_without_crashing_and_logs_are_masked(whatsapp: Any, api: Any, all_logs: Any) -> None:
    api.push(*[api.graph_error(500, 1, f"An unknown error occurred for {USER}")] * 3)
    say(whatsapp, text("doomed"))
    assert [r["status"] for r in api.requests] == [500, 500, 500]

    logs = "\n".join(r.getMessage() for r in all_logs.records)
    assert "giving up" in logs
    assert "9198******10" in logs
    assert TOKEN not in logs and APP_SECRET not in logs and USER not in logs
    for record in all_logs.records:  # exception texts too
        assert TOKEN not in str(record.args) and TOKEN not in (record.exc_text or "")

    # The channel still works afterwards.
    say(whatsapp, text("alive?"))
    assert sent_texts(api) == ["echo: alive?"]


def test_unreachable_graph_api_gives_up(serve: Any, api: Any, all_logs: Any) -> None:
    channel = make_channel(api, api_base="http://127.0.0.1:9/v26.0", max_attempts=2, request_timeout=1)
    server = serve(channel)
    say(server, text("anyone?"))
    logs = "\n".join(r.getMessage() for r in all_logs.records)
    assert "giving up" in logs and "ConnectionError" in logs and TOKEN not in logs
