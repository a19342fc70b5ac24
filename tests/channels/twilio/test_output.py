"""Sending through Twilio's Messages API (channels/twilio/output.py): retries,
giving up with masked logs, long texts, media and custom JSON."""

from typing import Any

from channels.twilio.output import BODY_LIMIT
from tests.channels.twilio_webhook import AUTH_TOKEN, BOT_NUMBER, USER, bodies, make_channel, say


def answer_with(server: Any, response: Any) -> None:
    async def respond(message: Any) -> None:
        await message.output_channel.send_response(message.sender_id, response)

    server.agent.respond = respond


def test_twilio_500_then_201_is_retried(twilio: Any, api: Any) -> None:
    api.push(api.twilio_error(500, 20500, "Internal Server Error"))
    say(twilio, "retry")
    assert [r["status"] for r in api.requests] == [500, 201]
    assert bodies(api) == ["echo: retry"]


def test_twilio_429_is_retried_and_giving_up_is_logged_masked(twilio: Any, api: Any, all_logs: Any) -> None:
    api.push(*[api.twilio_error(429, 20429, "Too Many Requests")] * 3)
    say(twilio, "flood")
    assert [r["status"] for r in api.requests] == [429, 429, 429]
    logs = "\n".join(r.getMessage() for r in all_logs.records)
    assert "giving up" in logs and "20429" in logs
    assert "whatsapp:+9198******10" in logs
    assert AUTH_TOKEN not in logs and "919812345610" not in logs


def test_twilio_auth_error_is_not_retried(serve: Any, api: Any, all_logs: Any) -> None:
    server = serve(make_channel(api))
    api.twilio_token = "rotated-token"  # Twilio no longer accepts ours
    say(server, "hello")
    assert [r["status"] for r in api.requests] == [401]
    logs = "\n".join(r.getMessage() for r in all_logs.records)
    assert "20003" in logs and AUTH_TOKEN not in logs


def test_long_text_is_split_for_twilios_limit(twilio: Any, api: Any) -> None:
    answer_with(twilio, {"text": "\n".join(f"Line {i}: " + "details " * 20 for i in range(40))})
    say(twilio, "explain")
    chunks = bodies(api)
    assert len(chunks) > 1 and all(len(c) <= BODY_LIMIT for c in chunks)
    assert all(c.startswith("Line ") for c in chunks)


def test_image_is_sent_as_media(twilio: Any, api: Any) -> None:
    answer_with(twilio, {"image": "https://example.com/a.png"})
    say(twilio, "show")
    assert api.twilio_messages() == [
        {"From": f"whatsapp:{BOT_NUMBER}", "To": USER, "MediaUrl": "https://example.com/a.png"}
    ]


def test_custom_json_passes_twilio_fields_through(twilio: Any, api: Any) -> None:
    async def respond(message: Any) -> None:
        out = message.output_channel
        await out.send_response(
            message.sender_id, {"custom": {"ContentSid": "HX123", "ContentVariables": {"1": "Asha"}, "junk": 1}}
        )
        await out.send_response(message.sender_id, {"custom": {"text": "plain"}})
        await out.send_response(message.sender_id, {"custom": {"blocks": []}})  # skipped

    twilio.agent.respond = respond
    say(twilio, "template please")
    sent = api.twilio_messages()
    assert sent[0]["ContentSid"] == "HX123" and sent[0]["ContentVariables"] == '{"1": "Asha"}' and "junk" not in sent[0]
    assert sent[1]["Body"] == "plain" and len(sent) == 2
