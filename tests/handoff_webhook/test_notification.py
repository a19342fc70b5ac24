"""The notification's body and signature."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timezone

from handoff_webhook import (
    SIGNATURE_HEADER,
    WebhookSettings,
    agent_link,
    build_notification,
    encode_body,
    sign,
    verify,
)
from handoff_webhook.delivery import headers_for

SECRET = "whsec-test-0123456789abcdef"


def example(**over):
    fields = dict(
        conversation_id="919812345610",
        channel="whatsapp",
        language="es",
        reason="user_asked",
        problem="Error 131047: más de 24 horas desde la última respuesta",
        causes_tried=[{"id": "window_closed", "title": "The 24-hour window is closed"}],
        findings=["El cliente escribió hace 3 días."],
        answers={"last_customer_message": "3 days ago", "billing_status": "ok"},
        summary_text="Este es el resumen...",
        messages=[
            {"from": "user", "text": "mis mensajes fallan", "at": 1_700_000_000.0},
            {"from": "bot", "text": "¿Qué error ves?", "at": 1_700_000_001.5},
            {"from": "user", "text": "", "at": 1_700_000_002.0},  # empty: dropped
            {"from": "user", "text": "quiero hablar con una persona", "at": 1_700_000_010.0},
        ],
        agent_url="https://tickfix.example.com/",
        now=datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc),
        notification_id="n-1",
    )
    fields.update(over)
    return build_notification(**fields)


def test_body_holds_everything_a_person_needs():
    body = example()
    assert body["type"] == "tickfix.handoff" and body["version"] == 1 and body["id"] == "n-1"
    assert body["sent_at"] == "2024-05-01T12:00:00+00:00"
    assert (body["conversation_id"], body["channel"], body["language"]) == ("919812345610", "whatsapp", "es")
    assert body["reason"] == "user_asked"
    summary = body["summary"]
    assert summary["problem"].startswith("Error 131047")
    assert summary["causes_tried"] == [{"id": "window_closed", "title": "The 24-hour window is closed"}]
    assert summary["findings"] == ["El cliente escribió hace 3 días."]
    assert summary["answers"]["billing_status"] == "ok"
    assert [m["from"] for m in body["last_messages"]] == ["user", "bot", "user"]
    assert body["last_messages"][-1] == {
        "from": "user",
        "text": "quiero hablar con una persona",
        "at": "2023-11-14T22:13:30+00:00",
    }
    assert body["agent_url"] == "https://tickfix.example.com/agent/conversations/919812345610"


def test_agent_link_only_when_an_agent_view_is_set_and_the_id_is_escaped():
    assert example(agent_url=None)["agent_url"] is None
    assert agent_link("http://a:8080", "whatsapp:+1415 5550100/x") == (
        "http://a:8080/agent/conversations/whatsapp%3A%2B1415%205550100%2Fx"
    )


def test_long_texts_are_cut_and_only_the_last_messages_are_kept():
    many = [{"from": "user", "text": f"message {i}", "at": None} for i in range(25)]
    body = example(messages=many, problem="x" * 5000)
    assert len(body["last_messages"]) == 10 and body["last_messages"][-1]["text"] == "message 24"
    assert len(body["summary"]["problem"]) == 1000 and body["summary"]["problem"].endswith("...")


def test_body_bytes_are_utf8_json_that_round_trips():
    raw = encode_body(example())
    assert isinstance(raw, bytes) and "más".encode("utf-8") in raw  # not \\u-escaped
    assert json.loads(raw.decode("utf-8")) == example()


def test_signature_is_hmac_sha256_of_the_exact_body_bytes():
    raw = encode_body(example())
    header = sign(raw, SECRET)
    expected = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(header, expected)
    assert verify(raw, header, SECRET)
    assert not verify(raw + b" ", header, SECRET)  # one byte more: rejected
    assert not verify(raw, header, "another-secret")
    assert not verify(raw, None, SECRET) and not verify(raw, header[len("sha256=") :], SECRET)


def test_request_headers_carry_the_signature_only_with_a_secret():
    raw = encode_body(example())
    headers = headers_for(raw, SECRET)
    assert headers[SIGNATURE_HEADER] == sign(raw, SECRET)
    assert headers["Content-Type"].startswith("application/json")
    assert SIGNATURE_HEADER not in headers_for(raw, None)


def test_settings_from_the_environment():
    assert WebhookSettings.from_env({}) is None
    assert WebhookSettings.from_env({"HANDOFF_WEBHOOK_URL": "  ", "HANDOFF_WEBHOOK_SECRET": "s"}) is None
    settings = WebhookSettings.from_env(
        {
            "HANDOFF_WEBHOOK_URL": "https://hooks.example.com/t",
            "HANDOFF_WEBHOOK_SECRET": SECRET,
            "TICKFIX_AGENT_URL": "https://tickfix.example.com",
        }
    )
    assert settings.url == "https://hooks.example.com/t" and settings.secret == SECRET
    assert settings.agent_url == "https://tickfix.example.com"
    assert SECRET not in repr(settings)
