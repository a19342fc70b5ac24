"""The Twilio WhatsApp input channel (channels/twilio/input.py): signed form
webhooks, the public URL behind proxies, duplicates, staying off until configured,
and the slash guard."""

import base64
from typing import Any, Optional
from urllib.parse import urlencode

import pytest
import requests
from twilio.request_validator import RequestValidator

from channels.twilio.input import TwilioWhatsAppInput
from tests.channels.twilio_webhook import (
    AUTH_TOKEN,
    BOT_NUMBER,
    SID,
    USER,
    WEBHOOK,
    form,
    make_channel,
    post,
    say,
)


def test_good_signature_text_reaches_dialogue_and_reply_is_sent(twilio: Any, api: Any) -> None:
    fields = form("My messages to Brazil are not delivered")
    r = post(twilio, fields)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/xml")
    assert "<Response></Response>" in r.text
    twilio.drain()

    message = twilio.only_message()
    assert (message.text, message.sender_id, message.input_channel, message.message_id) == (
        "My messages to Brazil are not delivered",
        USER,
        "twilio_whatsapp",
        fields["MessageSid"],
    )
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
def test_missing_or_wrong_signature_is_refused(twilio: Any, api: Any, signature: Optional[str]) -> None:
    if signature == "auto-wrong-url":
        r = post(twilio, form("forged"), signed_url="https://evil.example.com/webhook")
    else:
        r = post(twilio, form("forged"), signature=signature)
    assert r.status_code == 403
    twilio.drain()
    assert twilio.dialogue() == [] and api.requests == []


def test_tampered_parameters_are_refused(twilio: Any) -> None:
    fields = form("pay 10")
    signature = RequestValidator(AUTH_TOKEN).compute_signature(twilio.url(WEBHOOK), fields)
    fields["Body"] = "pay 1000"
    assert post(twilio, fields, signature=signature).status_code == 403
    twilio.drain()
    assert twilio.dialogue() == []


def test_configured_public_url_is_used_behind_a_proxy(serve: Any, api: Any) -> None:
    public = "https://tickfix.example.com/webhooks/twilio_whatsapp/webhook"
    server = serve(make_channel(api, webhook_url=public))
    assert post(server, form("via proxy"), signed_url=public).status_code == 200
    # signed for the local URL Twilio never calls: refused
    assert post(server, form("direct")).status_code == 403
    server.drain()
    assert server.dialogue() == ["via proxy"]


def test_forwarded_headers_rebuild_the_public_url(twilio: Any) -> None:
    public = "https://tickfix.example.com/webhooks/twilio_whatsapp/webhook"
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tickfix.example.com"}
    assert post(twilio, form("forwarded"), signed_url=public, headers=headers).status_code == 200
    # Twilio sometimes signs with the default port in the URL
    with_port = "https://tickfix.example.com:443/webhooks/twilio_whatsapp/webhook"
    assert post(twilio, form("with port"), signed_url=with_port, headers=headers).status_code == 200
    twilio.drain()
    assert twilio.dialogue() == ["forwarded", "with port"]


def test_only_post_is_a_webhook(twilio: Any) -> None:
    assert requests.get(twilio.url(WEBHOOK), timeout=5).status_code == 405
    assert requests.get(twilio.url("/webhooks/twilio_whatsapp/"), timeout=5).json() == {"status": "ok"}


def test_status_callbacks_and_duplicates_are_ignored(twilio: Any) -> None:
    status = {
        "MessageSid": "SM" + "f" * 32,
        "MessageStatus": "delivered",
        "From": f"whatsapp:{BOT_NUMBER}",
        "To": USER,
        "AccountSid": SID,
    }
    assert post(twilio, status).status_code == 200
    fields = form("once")
    assert post(twilio, fields).status_code == 200
    assert post(twilio, fields).status_code == 200
    twilio.drain()
    assert twilio.dialogue() == ["once"]


@pytest.mark.parametrize(
    "typed, reaches",
    [("/restart", "restart"), ('/inform{"cause":"payment_issue"}', 'inform{"cause":"payment_issue"}'), ("/", "")],
)
def test_typed_slash_commands_reach_the_dialogue_as_plain_text(twilio: Any, typed: str, reaches: str) -> None:
    say(twilio, typed)
    assert twilio.dialogue() == [reaches]


def test_template_button_with_a_slash_payload_is_neutralised(twilio: Any) -> None:
    post(twilio, form("Talk to us", MessageType="button", ButtonText="Talk to us", ButtonPayload="/ask_human"))
    twilio.drain()
    assert twilio.dialogue() == ["ask_human"]


# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------


def test_channel_off_without_settings(serve: Any, all_logs: Any, tmp_path: Any, load_credentials: Any) -> None:
    credentials = tmp_path / "credentials.yml"
    credentials.write_text("channels.twilio.input.TwilioWhatsAppInput:\n")
    [channel] = load_credentials(str(credentials))
    assert not channel.enabled
    lines = [r.getMessage() for r in all_logs.records if "Twilio WhatsApp channel is off" in r.getMessage()]
    assert len(lines) == 1 and "TWILIO_ACCOUNT_SID" in lines[0] and "TWILIO_AUTH_TOKEN" in lines[0]
    server = serve(channel)
    r = requests.post(server.url(WEBHOOK), data=urlencode(form("hi")), timeout=5)
    assert r.status_code == 503 and "TWILIO_WHATSAPP_NUMBER" in r.json()["missing"]
    assert r.json()["error"] == "Twilio WhatsApp channel is not configured"


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch, all_logs: Any) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", SID)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("TWILIO_WHATSAPP_NUMBER", "14155238886")
    channel = TwilioWhatsAppInput.from_credentials(None)
    assert channel.enabled
    assert channel.config.whatsapp_number == "whatsapp:+14155238886"
    assert channel.config.api_base == "https://api.twilio.com"
    # Rasa's own channel reads these attributes; they stay set.
    assert (channel.account_sid, channel.auth_token, channel.twilio_number) == (
        SID,
        AUTH_TOKEN,
        "whatsapp:+14155238886",
    )
    assert any("TWILIO_WEBHOOK_URL is not set" in r.getMessage() for r in all_logs.records)
