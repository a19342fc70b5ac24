"""Twilio WhatsApp channel: signed form webhooks in, Twilio Messages API out."""

import base64
import hashlib
import hmac
from typing import Any, Dict, List, Optional
from urllib.parse import urlencode

import pytest
import requests
from twilio.request_validator import RequestValidator

from channels.twilio_whatsapp import (
    BODY_LIMIT,
    TwilioWhatsAppInput,
    twilio_signature,
)

SID = "AC" + "0" * 32
AUTH_TOKEN = "twilio-auth-token-abcdef"
BOT_NUMBER = "+14155238886"
USER = "whatsapp:+919812345610"
WEBHOOK = "/webhooks/twilio_whatsapp/webhook"

_counter = [0]


def form(body: Optional[str] = "hello", **extra: str) -> Dict[str, str]:
    """A Twilio WhatsApp inbound webhook, as Twilio sends it."""
    _counter[0] += 1
    fields = {
        "SmsMessageSid": f"SM{_counter[0]:032x}",
        "NumMedia": "0",
        "ProfileName": "Asha Rao",
        "MessageType": "text",
        "SmsSid": f"SM{_counter[0]:032x}",
        "WaId": "919812345610",
        "SmsStatus": "received",
        "Body": body or "",
        "To": f"whatsapp:{BOT_NUMBER}",
        "NumSegments": "1",
        "ReferralNumMedia": "0",
        "MessageSid": f"SM{_counter[0]:032x}",
        "AccountSid": SID,
        "From": USER,
        "ApiVersion": "2010-04-01",
    }
    fields.update(extra)
    return fields


def post(
    server: Any,
    fields: Dict[str, str],
    signature: Optional[str] = "auto",
    signed_url: Optional[str] = None,
    headers: Optional[Dict[str, str]] = None,
) -> requests.Response:
    url = server.url(WEBHOOK)
    h = {"Content-Type": "application/x-www-form-urlencoded"}
    h.update(headers or {})
    if signature == "auto":
        # Sign with Twilio's own SDK, as Twilio does.
        h["X-Twilio-Signature"] = RequestValidator(AUTH_TOKEN).compute_signature(signed_url or url, fields)
    elif signature is not None:
        h["X-Twilio-Signature"] = signature
    return requests.post(url, data=urlencode(fields), headers=h, timeout=5)


def make_channel(api: Any, **overrides: Any) -> TwilioWhatsAppInput:
    credentials = {
        "account_sid": SID,
        "auth_token": AUTH_TOKEN,
        "whatsapp_number": BOT_NUMBER,
        "api_base": api.url,
        "retry_base_delay": 0.01,
        "retry_max_delay": 0.05,
        "max_attempts": 3,
        "request_timeout": 5,
    }
    credentials.update(overrides)
    return TwilioWhatsAppInput.from_credentials(credentials)


@pytest.fixture
def server(serve: Any, api: Any) -> Any:
    return serve(make_channel(api))


def dialogue(server: Any) -> List[str]:
    return [m.text for m in server.agent.messages]


def bodies(api: Any) -> List[str]:
    return [m.get("Body", "") for m in api.twilio_messages()]


# ---------------------------------------------------------------------------
# Signatures
# ---------------------------------------------------------------------------


def test_signature_matches_twilios_sdk_and_a_hand_computed_value() -> None:
    url = "https://bot.example.com/webhooks/twilio_whatsapp/webhook"
    params = {"From": "whatsapp:+919812345610", "Body": "", "NumMedia": "1", "To": "whatsapp:+14155238886"}
    expected = base64.b64encode(
        hmac.new(
            AUTH_TOKEN.encode(),
            (url + "Body" + "From" + "whatsapp:+919812345610" + "NumMedia1" + "To" + "whatsapp:+14155238886").encode(),
            hashlib.sha1,
        ).digest()
    ).decode()
    ours = twilio_signature(AUTH_TOKEN, url, {k: [v] for k, v in params.items()})
    assert ours == expected == RequestValidator(AUTH_TOKEN).compute_signature(url, params)


def test_good_signature_text_reaches_dialogue_and_reply_is_sent(server: Any, api: Any) -> None:
    fields = form("My messages to Brazil are not delivered")
    r = post(server, fields)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/xml")
    assert "<Response></Response>" in r.text
    server.drain()

    assert dialogue(server) == ["My messages to Brazil are not delivered"]
    message = server.agent.messages[0]
    assert message.sender_id == USER
    assert message.input_channel == "twilio_whatsapp"
    assert message.message_id == fields["MessageSid"]
    assert message.metadata["profile_name"] == "Asha Rao"
    assert message.metadata["country_code"] == "IN"
    assert message.metadata["time_zone"] == "Asia/Calcutta"

    [request] = api.requests
    assert request["path"] == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request["headers"]["content-type"] == "application/x-www-form-urlencoded"
    assert request["headers"]["authorization"] == "Basic " + base64.b64encode(f"{SID}:{AUTH_TOKEN}".encode()).decode()
    assert api.twilio_messages() == [
        {"From": f"whatsapp:{BOT_NUMBER}", "To": USER, "Body": "echo: My messages to Brazil are not delivered"}
    ]


@pytest.mark.parametrize("signature", [None, "", "bm90IGEgc2lnbmF0dXJl", "auto-wrong-url"])
def test_missing_or_wrong_signature_is_refused(server: Any, api: Any, signature: Optional[str]) -> None:
    if signature == "auto-wrong-url":
        r = post(server, form("forged"), signed_url="https://evil.example.com/webhook")
    else:
        r = post(server, form("forged"), signature=signature)
    assert r.status_code == 403
    server.drain()
    assert dialogue(server) == [] and api.requests == []


def test_tampered_parameters_are_refused(server: Any, api: Any) -> None:
    fields = form("pay 10")
    signature = RequestValidator(AUTH_TOKEN).compute_signature(server.url(WEBHOOK), fields)
    fields["Body"] = "pay 1000"
    assert post(server, fields, signature=signature).status_code == 403
    server.drain()
    assert dialogue(server) == []


def test_configured_public_url_is_used_behind_a_proxy(serve: Any, api: Any) -> None:
    public = "https://tickfix.example.com/webhooks/twilio_whatsapp/webhook"
    server = serve(make_channel(api, webhook_url=public))
    assert post(server, form("via proxy"), signed_url=public).status_code == 200
    # signed for the local URL Twilio never calls: refused
    assert post(server, form("direct")).status_code == 403
    server.drain()
    assert dialogue(server) == ["via proxy"]


def test_forwarded_headers_rebuild_the_public_url(server: Any) -> None:
    public = "https://tickfix.example.com/webhooks/twilio_whatsapp/webhook"
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tickfix.example.com"}
    assert post(server, form("forwarded"), signed_url=public, headers=headers).status_code == 200
    # Twilio sometimes signs with the default port in the URL
    with_port = "https://tickfix.example.com:443/webhooks/twilio_whatsapp/webhook"
    assert post(server, form("with port"), signed_url=with_port, headers=headers).status_code == 200
    server.drain()
    assert dialogue(server) == ["forwarded", "with port"]


# ---------------------------------------------------------------------------
# Buttons as numbered choices
# ---------------------------------------------------------------------------

STATUS_BUTTONS = [
    {"title": "Approved", "payload": '/inform{"template_status":"approved"}'},
    {"title": "Pending", "payload": '/inform{"template_status":"pending"}'},
    {"title": "Rejected", "payload": '/inform{"template_status":"rejected"}'},
]


def test_buttons_become_numbered_choices_and_the_number_maps_back(server: Any, api: Any) -> None:
    async def respond(message: Any) -> None:
        if message.text == "my template failed":
            await message.output_channel.send_response(
                message.sender_id, {"text": "What is the template's status?", "buttons": list(STATUS_BUTTONS)}
            )
        elif message.text == "how many per second?":
            await message.output_channel.send_response(message.sender_id, {"text": "Type a number."})

    server.agent.respond = respond
    assert post(server, form("my template failed")).status_code == 200
    server.drain()
    assert bodies(api) == [
        "What is the template's status?\n\n1. Approved\n2. Pending\n3. Rejected\n\nReply with a number."
    ]

    assert post(server, form("2")).status_code == 200
    server.drain()
    assert dialogue(server)[-1] == '/inform{"template_status":"pending"}'
    assert server.agent.messages[-1].metadata["button_title"] == "Pending"

    # The choices applied to that one reply only: a later "2" is just "2".
    assert post(server, form("how many per second?")).status_code == 200
    assert post(server, form("2")).status_code == 200
    server.drain()
    assert dialogue(server)[-2:] == ["how many per second?", "2"]


@pytest.mark.parametrize("reply, expected", [("3.", "rejected"), (" 1) ", "approved"), ("pending", "pending")])
def test_choice_by_number_variants_or_title(server: Any, reply: str, expected: str) -> None:
    async def respond(message: Any) -> None:
        if message.text == "start":
            await message.output_channel.send_response(message.sender_id, {"text": "Status?", "buttons": list(STATUS_BUTTONS)})

    server.agent.respond = respond
    post(server, form("start"))
    server.drain()
    post(server, form(reply))
    server.drain()
    assert dialogue(server)[-1] == '/inform{"template_status":"%s"}' % expected


def test_out_of_range_number_goes_to_dialogue_unchanged(server: Any) -> None:
    async def respond(message: Any) -> None:
        if message.text == "start":
            await message.output_channel.send_response(message.sender_id, {"text": "Status?", "buttons": list(STATUS_BUTTONS)})

    server.agent.respond = respond
    post(server, form("start"))
    server.drain()
    post(server, form("7"))
    server.drain()
    assert dialogue(server)[-1] == "7"


def test_template_quick_reply_button_payload(server: Any) -> None:
    fields = form("Stop promotions", MessageType="button", ButtonText="Stop promotions", ButtonPayload="STOP_PROMOS")
    assert post(server, fields).status_code == 200
    server.drain()
    assert dialogue(server) == ["STOP_PROMOS"]


# ---------------------------------------------------------------------------
# Media, locations, statuses, duplicates
# ---------------------------------------------------------------------------


def test_media_only_message_gets_a_helpful_reply(server: Any, api: Any) -> None:
    fields = form(
        "",
        NumMedia="1",
        MessageType="image",
        MediaContentType0="image/jpeg",
        MediaUrl0=f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages/MM1/Media/ME1",
    )
    # the blank Body is part of what Twilio signs
    assert post(server, fields).status_code == 200
    server.drain()
    assert dialogue(server) == []
    assert len(bodies(api)) == 1 and "I can't read images yet" in bodies(api)[0]


def test_media_with_caption_reads_the_caption(server: Any, api: Any) -> None:
    fields = form("error 131026", NumMedia="1", MediaContentType0="image/png", MediaUrl0="https://x/y")
    post(server, fields)
    server.drain()
    assert dialogue(server) == ["error 131026"]
    assert "only read the text" in bodies(api)[0]


def test_voice_note_and_location(server: Any, api: Any) -> None:
    post(server, form("", NumMedia="1", MediaContentType0="audio/ogg", MediaUrl0="https://x/a"))
    post(server, form("", Latitude="19.07", Longitude="72.87", MessageType="location"))
    server.drain()
    assert dialogue(server) == []
    texts = bodies(api)
    assert "voice messages" in texts[0] and "location" in texts[1]


def test_status_callbacks_and_duplicates_are_ignored(server: Any, api: Any) -> None:
    status = {"MessageSid": "SM" + "f" * 32, "MessageStatus": "delivered", "From": f"whatsapp:{BOT_NUMBER}", "To": USER, "AccountSid": SID}
    assert post(server, status).status_code == 200
    fields = form("once")
    assert post(server, fields).status_code == 200
    assert post(server, fields).status_code == 200
    server.drain()
    assert dialogue(server) == ["once"]


# ---------------------------------------------------------------------------
# Sending failures and long texts
# ---------------------------------------------------------------------------


def test_twilio_500_then_201_is_retried(server: Any, api: Any) -> None:
    api.push(api.twilio_error(500, 20500, "Internal Server Error"))
    post(server, form("retry"))
    server.drain()
    assert [r["status"] for r in api.requests] == [500, 201]
    assert bodies(api) == ["echo: retry"]


def test_twilio_429_is_retried_and_giving_up_is_logged_masked(server: Any, api: Any, all_logs: Any) -> None:
    api.push(*[api.twilio_error(429, 20429, "Too Many Requests")] * 3)
    post(server, form("flood"))
    server.drain()
    assert [r["status"] for r in api.requests] == [429, 429, 429]
    logs = "\n".join(r.getMessage() for r in all_logs.records)
    assert "giving up" in logs and "20429" in logs
    assert "whatsapp:+9198******10" in logs
    assert AUTH_TOKEN not in logs and "919812345610" not in logs


def test_twilio_auth_error_is_not_retried(serve: Any, api: Any, all_logs: Any) -> None:
    server = serve(make_channel(api, auth_token=AUTH_TOKEN))
    api.twilio_token = "rotated-token"  # Twilio no longer accepts ours
    post(server, form("hello"))
    server.drain()
    assert [r["status"] for r in api.requests] == [401]
    logs = "\n".join(r.getMessage() for r in all_logs.records)
    assert "20003" in logs and AUTH_TOKEN not in logs


def test_long_text_is_split_for_twilios_limit(server: Any, api: Any) -> None:
    long_text = "\n".join(f"Line {i}: " + "details " * 20 for i in range(40))

    async def respond(message: Any) -> None:
        await message.output_channel.send_response(message.sender_id, {"text": long_text})

    server.agent.respond = respond
    post(server, form("explain"))
    server.drain()
    chunks = bodies(api)
    assert len(chunks) > 1 and all(len(c) <= BODY_LIMIT for c in chunks)
    assert all(c.startswith("Line ") for c in chunks)


def test_image_is_sent_as_media(server: Any, api: Any) -> None:
    async def respond(message: Any) -> None:
        await message.output_channel.send_response(message.sender_id, {"image": "https://example.com/a.png"})

    server.agent.respond = respond
    post(server, form("show"))
    server.drain()
    assert api.twilio_messages() == [{"From": f"whatsapp:{BOT_NUMBER}", "To": USER, "MediaUrl": "https://example.com/a.png"}]


# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------


def test_channel_off_without_settings(serve: Any, all_logs: Any, tmp_path: Any, load_credentials: Any) -> None:
    credentials = tmp_path / "credentials.yml"
    credentials.write_text("channels.twilio_whatsapp.TwilioWhatsAppInput:\n")
    [channel] = load_credentials(str(credentials))
    assert not channel.enabled
    lines = [r.getMessage() for r in all_logs.records if "Twilio WhatsApp channel is off" in r.getMessage()]
    assert len(lines) == 1 and "TWILIO_ACCOUNT_SID" in lines[0] and "TWILIO_AUTH_TOKEN" in lines[0]
    server = serve(channel)
    r = requests.post(server.url(WEBHOOK), data=urlencode(form("hi")), timeout=5)
    assert r.status_code == 503 and "TWILIO_WHATSAPP_NUMBER" in r.json()["missing"]


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("TWILIO_WHATSAPP_NUMBER", "14155238886")
    channel = TwilioWhatsAppInput.from_credentials(None)
    assert channel.enabled
    assert channel.config.whatsapp_number == "whatsapp:+14155238886"
    assert channel.config.api_base == "https://api.twilio.com"
