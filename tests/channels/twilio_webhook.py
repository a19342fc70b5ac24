"""Twilio's side of the Twilio WhatsApp channel, for the tests.

Webhook forms as Twilio sends them (signed with Twilio's own SDK), and a
channel configured against the local Twilio API stand-in.
"""

from typing import Any, Dict, List, Optional
from urllib.parse import urlencode

import requests
from twilio.request_validator import RequestValidator

from channels.twilio.input import TwilioWhatsAppInput
from tests.channels.harness import FAST_RETRIES

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


def say(server: Any, *bodies: str) -> None:
    """Post each text as a signed message and wait until they are handled."""
    for body in bodies:
        assert post(server, form(body)).status_code == 200
    server.drain()


def make_channel(api: Any, **overrides: Any) -> TwilioWhatsAppInput:
    """A Twilio channel that sends to the stand-in API, with quick retries."""
    credentials = {
        "account_sid": SID,
        "auth_token": AUTH_TOKEN,
        "whatsapp_number": BOT_NUMBER,
        "api_base": api.url,
        **FAST_RETRIES,
    }
    credentials.update(overrides)
    return TwilioWhatsAppInput.from_credentials(credentials)


def bodies(api: Any) -> List[str]:
    return [m.get("Body", "") for m in api.twilio_messages()]
