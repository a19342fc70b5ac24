"""Bad input over REST gets a friendly reply or a 4xx, never a 500 or silence."""

from __future__ import annotations

import uuid

import pytest
import requests

pytestmark = pytest.mark.e2e

TEXTS = {
    "empty": "",
    "whitespace": "   \n\t ",
    "100 KB": "x" * 100_000,
    "control bytes": "\x00\x01\x02\x7f\ufffd",
    "emoji only": "🙂🔥🙏",
    "right-to-left": "مرحبا، رسالتي لم تصل",
    "json": '{"error": {"code": 131047, "message": "(#131047) Re-engagement message"}}',
}


@pytest.mark.parametrize("name", list(TEXTS))
def test_odd_text_gets_a_reply(stack, name):
    r = requests.post(
        f"{stack['base']}/webhooks/rest/webhook",
        timeout=120,
        json={"sender": f"bad-{uuid.uuid4().hex[:8]}", "message": TEXTS[name]},
    )
    assert r.status_code == 200
    replies = [m.get("text", "") for m in r.json()]
    assert any(t.strip() for t in replies), name


@pytest.mark.parametrize(
    "body, content_type",
    [
        ('{"sender": "x", "message": ', "application/json"),
        ("hello", "text/plain"),
        ("\xff\xfe binary", "application/octet-stream"),
        ('{"sender": "x", "message": 5}', "application/json"),
        ('["not", "an", "object"]', "application/json"),
        ('{"message": "hi"}', "application/json"),
        ("null", "application/json"),
    ],
)
def test_malformed_requests_get_a_400_with_a_json_error(stack, body, content_type):
    """channels/guarded/rest.py checks the body before Rasa reads it."""
    r = requests.post(
        f"{stack['base']}/webhooks/rest/webhook",
        data=body.encode("utf-8", "replace"),
        headers={"Content-Type": content_type},
        timeout=60,
    )
    assert r.status_code == 400, r.text[:300]
    assert r.json()["error"]


def test_the_server_keeps_serving_after_bad_input(user):
    assert "WhatsApp" in user.say_text("hi")
