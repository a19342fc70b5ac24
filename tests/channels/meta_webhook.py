"""Meta's side of the WhatsApp Cloud API channel, for the tests.

Webhook bodies in Meta's format (signed as Meta signs them), and a channel
configured against the local Graph API stand-in.
"""

import hashlib
import hmac
import json
from typing import Any, Dict, List, Optional

import requests

from channels.meta.input import WhatsAppInput
from tests.channels.harness import FAST_RETRIES

TOKEN = "EAAG-test-token-0123456789"
APP_SECRET = "app-secret-for-tests"
VERIFY_TOKEN = "verify-me-please"
PHONE_NUMBER_ID = "106540352242922"
USER = "919812345610"
WEBHOOK = "/webhooks/whatsapp/webhook"


def make_channel(api: Any, **overrides: Any) -> WhatsAppInput:
    """A WhatsApp channel that sends to the stand-in API, with quick retries."""
    credentials = {
        "access_token": TOKEN,
        "phone_number_id": PHONE_NUMBER_ID,
        "app_secret": APP_SECRET,
        "verify_token": VERIFY_TOKEN,
        "api_base": api.url + "/v26.0",
        **FAST_RETRIES,
    }
    credentials.update(overrides)
    return WhatsAppInput.from_credentials(credentials)


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


def tap(button_id: str, title: str, kind: str = "button_reply", **extra: Any) -> Dict[str, Any]:
    """A tapped reply button (or list row, with kind="list_reply")."""
    return msg("interactive", {"type": kind, kind: {"id": button_id, "title": title}}, **extra)


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


def say(server: Any, *messages: Dict[str, Any]) -> None:
    """Post the messages in one signed delivery and wait until they are handled."""
    assert post(server, delivery(value(list(messages)))).status_code == 200
    server.drain()


def sent_texts(api: Any) -> List[str]:
    return [m["text"]["body"] for m in api.graph_messages() if m.get("type") == "text"]
