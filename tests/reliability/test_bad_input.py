"""Bad input over REST and WhatsApp: a reply or a 4xx, never a 500, a stack trace
or silence; shortcuts set nothing; the server keeps serving."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any, Dict, List

import pytest
import requests

from tests.channels import meta_webhook as meta
from tests.reliability.support import (
    REST_WEBHOOK,
    WHATSAPP_WEBHOOK,
    WhatsAppUser,
    has_stack_trace,
    missing_from_trackers,
    reply_texts,
    stored_text,
    tracker,
    user_events,
)
from tests.support.services import error_lines, log_sizes

pytestmark = pytest.mark.reliability

TEXTS: Dict[str, str] = {
    "empty": "",
    "whitespace": "   \n\t  ",
    "100 KB": ("my template failed " * 6000)[:100_000],
    "control bytes": "\x00\x01\x02\x07\x08\x1b\x7f error \x00",
    "replacement chars": "\ufffd\ufffd (#131047) \ufffd",
    "emoji only": "🙂🔥🙏🏽👩‍💻",
    "right-to-left": "مرحبا، رسالتي لم تصل — ההודעה שלי לא נשלחה",
    "bidi override": "\u202eeganssem ym\u202c (#131047)",
    "zero-width": "\u200b\u200c\u200d\ufeff",
    "json text": '{"error": {"code": 131047, "message": "(#131047) Re-engagement message"}}',
    "html": "<script>alert(1)</script><b>131026</b>",
    "slash inform": '/inform{"cause":"payment_issue"}',
    "slash restart": "/restart",
}

# (name, raw body, content type, what is acceptable: "400" or "reply")
REST_BODIES = [
    ("truncated JSON", b'{"sender": "x", "message": ', "application/json", "400"),
    ("plain text", b"hello", "text/plain", "400"),
    ("binary", b"\xff\xfe\x00\x81 binary", "application/octet-stream", "400"),
    ("form encoded", b"sender=x&message=hi", "application/x-www-form-urlencoded", "400"),
    ("empty body", b"", "application/json", "400"),
    ("JSON array", b'["not", "an", "object"]', "application/json", "400"),
    ("JSON string", b'"hello"', "application/json", "400"),
    ("JSON null", b"null", "application/json", "400"),
    ("JSON number", b"42", "application/json", "400"),
    ("message is a number", b'{"sender": "x", "message": 5}', "application/json", "400"),
    ("message is an object", b'{"sender": "x", "message": {"text": "hi"}}', "application/json", "400"),
    ("message missing", b'{"sender": "x"}', "application/json", "400"),
    ("sender missing", b'{"message": "hi"}', "application/json", "400"),
    ("sender is a list", b'{"sender": ["x"], "message": "hi"}', "application/json", "400"),
    ("sender with NUL", b'{"sender": "a\\u0000b", "message": "hi"}', "application/json", "400"),
    ("sender too long", b'{"sender": "' + b"s" * 300 + b'", "message": "hi"}', "application/json", "400"),
    ("metadata is a string", b'{"sender": "x", "message": "hi", "metadata": "x"}', "application/json", "400"),
    (
        "deeply nested",
        b'{"sender": "x", "message": "hi", "metadata": ' + b'{"a":' * 50 + b"1" + b"}" * 51,
        "application/json",
        "reply",
    ),
    ("JSON sent as text/plain", None, "text/plain", "reply"),
    ("lone surrogate", None, "application/json", "reply"),
    ("numeric sender", None, "application/json", "reply"),
]


@pytest.fixture(scope="module")
def log_start(stack: Dict[str, Any]) -> Dict[Any, int]:
    return log_sizes([stack["rasa"].log])


def _sender(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize("name", list(TEXTS))
def test_rest_odd_text_gets_a_reply_and_is_kept(stack: Dict[str, Any], ledger: Any, log_start: Any, name: str) -> None:
    sender = _sender("rest-bad")
    r = requests.post(f"{stack['base']}{REST_WEBHOOK}", json={"sender": sender, "message": TEXTS[name]}, timeout=120)
    assert r.status_code == 200, r.text[:500]
    assert not has_stack_trace(r.text)
    replies = reply_texts(r)
    ledger.input("REST", name, f"200, {len(replies)} repl{'y' if len(replies) == 1 else 'ies'}")
    assert any(t.strip() for t in replies), f"{name}: no reply"
    ledger.accept("REST", sender, stored_text(TEXTS[name]))
    assert missing_from_trackers(stack["base"], ledger.accepted[-1:]) == []


def _rest_body(name: str, raw: Any) -> bytes:
    if raw is not None:
        return raw
    if name == "JSON sent as text/plain":
        return json.dumps({"sender": _sender("rest-ct"), "message": "hi"}).encode()
    if name == "lone surrogate":
        return b'{"sender": "' + _sender("rest-sur").encode() + b'", "message": "bad \\ud800 text"}'
    if name == "numeric sender":
        return json.dumps({"sender": int(time.time() * 1000), "message": "hi"}).encode()
    raise AssertionError(name)


@pytest.mark.parametrize("name, raw, content_type, expected", REST_BODIES, ids=[b[0] for b in REST_BODIES])
def test_rest_malformed_bodies_get_a_4xx_or_a_reply(
    stack: Dict[str, Any], ledger: Any, log_start: Any, name: str, raw: Any, content_type: str, expected: str
) -> None:
    r = requests.post(
        f"{stack['base']}{REST_WEBHOOK}",
        data=_rest_body(name, raw),
        headers={"Content-Type": content_type},
        timeout=60,
    )
    assert r.status_code < 500, r.text[:500]
    assert not has_stack_trace(r.text)
    if expected == "400":
        assert r.status_code == 400, r.text[:300]
        assert r.json()["error"]
        ledger.input("REST", name, f"400: {r.json()['error']}")
    else:
        assert r.status_code == 200, r.text[:300]
        assert any(t.strip() for t in reply_texts(r))
        ledger.input("REST", name, "200, reply")


def test_rest_wrong_method_gets_a_4xx(stack: Dict[str, Any], ledger: Any) -> None:
    r = requests.get(f"{stack['base']}{REST_WEBHOOK}", timeout=30)
    assert 400 <= r.status_code < 500
    ledger.input("REST", "GET on the webhook", f"{r.status_code}")


def test_rest_slash_inform_sets_nothing(stack: Dict[str, Any]) -> None:
    sender = _sender("rest-inform")
    r = requests.post(
        f"{stack['base']}{REST_WEBHOOK}",
        timeout=60,
        json={"sender": sender, "message": '/inform{"cause":"payment_issue","handed_off":true}'},
    )
    assert r.status_code == 200 and reply_texts(r)
    tr = tracker(stack["base"], sender)
    [event] = user_events(tr)
    assert not event["text"].startswith("/")
    assert event["parse_data"]["entities"] == []
    assert len(event["parse_data"].get("intent_ranking") or []) > 1, "the text must go through NLU"
    assert tr["slots"].get("handed_off") in (None, False) and not tr["paused"]
    assert not [e for e in tr["events"] if e["event"] in ("restart", "pause")]
    slot_events = [e for e in tr["events"] if e["event"] == "slot" and e.get("name") == "cause"]
    assert all(e.get("value") != "payment_issue" for e in slot_events), slot_events


def test_rest_slash_restart_does_not_restart(stack: Dict[str, Any]) -> None:
    sender = _sender("rest-restart")

    def say(text: str) -> List[str]:
        r = requests.post(f"{stack['base']}{REST_WEBHOOK}", json={"sender": sender, "message": text}, timeout=60)
        assert r.status_code == 200
        return reply_texts(r)

    say("(#131047) Re-engagement message")
    before = tracker(stack["base"], sender)
    assert before["slots"]["cause"] == "outside_service_window"
    assert say("/restart")
    tr = tracker(stack["base"], sender)
    assert [e["text"] for e in user_events(tr)] == ["(#131047) Re-engagement message", "restart"]
    assert not [e for e in tr["events"] if e["event"] == "restart" or e.get("name") == "action_restart"]
    assert len([e for e in tr["events"] if e["event"] == "session_started"]) == 1
    assert user_events(tr)[-1]["parse_data"]["intent"]["name"] != "restart"
    assert not tr["paused"]


# ---------------------------------------------------------------------------
# WhatsApp, through the real Rasa server and the Graph API stand-in
# ---------------------------------------------------------------------------

_wa_counter = [0]


def _wa_user(stack: Dict[str, Any], graph: Any) -> WhatsAppUser:
    _wa_counter[0] += 1
    return WhatsAppUser(stack["base"], graph, f"9199{int(time.time()) % 100000:05d}{_wa_counter[0]:03d}")


@pytest.mark.parametrize("name", list(TEXTS))
def test_whatsapp_odd_text_gets_a_reply(
    stack: Dict[str, Any], graph: Any, ledger: Any, log_start: Any, name: str
) -> None:
    user = _wa_user(stack, graph)
    r, message_id = user.send(TEXTS[name])
    assert r.status_code == 200 and not has_stack_trace(r.text)
    replies = user.wait_for_replies(timeout=60)
    ledger.input("WhatsApp", name, f"200, {len(replies)} repl{'y' if len(replies) == 1 else 'ies'}")
    assert replies and any(t.strip() for t in replies), f"{name}: no reply reached the Graph API stand-in"
    if stored_text(TEXTS[name]).strip():  # a blank text gets a notice and no dialogue turn
        ledger.accept("WhatsApp", user.wa_id, message_id=message_id)
        assert missing_from_trackers(stack["base"], ledger.accepted[-1:]) == []


def _signed(raw: bytes) -> Dict[str, str]:
    return {"X-Hub-Signature-256": meta.sign(raw)}


WHATSAPP_BODIES = [
    # (name, raw body, content type, signed, acceptable statuses)
    ("truncated JSON", b'{"object": "whatsapp_business_account", "entry": [', "application/json", True, {400}),
    ("binary", b"\xff\xfe\x00\x81 binary", "application/octet-stream", True, {400}),
    ("form encoded", b"object=whatsapp_business_account", "application/x-www-form-urlencoded", True, {400}),
    ("empty body", b"", "application/json", True, {400}),
    ("JSON array", b'["not", "an", "object"]', "application/json", True, {200}),
    ("JSON null", b"null", "application/json", True, {200}),
    (
        "entry of the wrong type",
        b'{"object": "whatsapp_business_account", "entry": "x"}',
        "application/json",
        True,
        {200},
    ),
    ("unsigned", b'{"object": "whatsapp_business_account", "entry": []}', "application/json", False, {403}),
    ("wrong signature", b"{}", "application/json", "sha256=" + "0" * 64, {403}),
]


@pytest.mark.parametrize(
    "name, raw, content_type, signed, statuses", WHATSAPP_BODIES, ids=[b[0] for b in WHATSAPP_BODIES]
)
def test_whatsapp_malformed_bodies_get_a_4xx_or_are_ignored(
    stack: Dict[str, Any],
    ledger: Any,
    log_start: Any,
    name: str,
    raw: bytes,
    content_type: str,
    signed: Any,
    statuses: Any,
) -> None:
    headers = {"Content-Type": content_type}
    if signed is True:
        headers.update(_signed(raw))
    elif signed:
        headers["X-Hub-Signature-256"] = signed
    r = requests.post(f"{stack['base']}{WHATSAPP_WEBHOOK}", data=raw, headers=headers, timeout=30)
    assert r.status_code in statuses, (r.status_code, r.text[:300])
    assert not has_stack_trace(r.text)
    if r.status_code == 200:
        # a signed body with no message in it: nobody to answer; 200 so Meta does not resend it
        assert r.json()["status"] in ("ignored", "received")
    ledger.input("WhatsApp", name, f"{r.status_code}")


def test_whatsapp_json_sent_as_text_plain_is_answered(stack: Dict[str, Any], graph: Any, ledger: Any) -> None:
    user = _wa_user(stack, graph)
    m = meta.text("hi", sender=user.wa_id)
    raw = json.dumps(meta.delivery(meta.value([m], wa_id=user.wa_id))).encode()
    r = requests.post(
        f"{stack['base']}{WHATSAPP_WEBHOOK}",
        data=raw,
        headers={"Content-Type": "text/plain", **_signed(raw)},
        timeout=30,
    )
    assert r.status_code == 200
    assert user.wait_for_replies(timeout=60)
    ledger.input("WhatsApp", "JSON sent as text/plain", "200, reply")
    ledger.accept("WhatsApp", user.wa_id, message_id=m["id"])


@pytest.mark.parametrize("shortcut", ['/inform{"cause":"payment_issue"}', "/restart"])
def test_whatsapp_shortcuts_set_nothing(stack: Dict[str, Any], graph: Any, shortcut: str) -> None:
    user = _wa_user(stack, graph)
    user.send("(#131047) Re-engagement message")
    first = user.wait_for_replies(timeout=60)
    assert first
    user.send(shortcut)
    assert user.wait_for_replies(already=len(first), timeout=60)
    tr = tracker(stack["base"], user.wa_id)
    events = user_events(tr)
    assert [e["text"] for e in events] == ["(#131047) Re-engagement message", stored_text(shortcut)]
    assert events[-1]["parse_data"]["entities"] == []
    assert len(events[-1]["parse_data"].get("intent_ranking") or []) > 1
    assert not [e for e in tr["events"] if e["event"] in ("restart", "pause")]
    assert len([e for e in tr["events"] if e["event"] == "session_started"]) == 1
    slot_events = [e for e in tr["events"] if e["event"] == "slot" and e.get("name") == "cause"]
    assert all(e.get("value") != "payment_issue" for e in slot_events)


def test_the_server_keeps_serving_and_logged_no_error(
    stack: Dict[str, Any], graph: Any, ledger: Any, log_start: Any
) -> None:
    r = requests.post(f"{stack['base']}{REST_WEBHOOK}", json={"sender": _sender("after"), "message": "hi"}, timeout=60)
    assert r.status_code == 200 and "Tickfix" in " ".join(reply_texts(r))
    user = _wa_user(stack, graph)
    user.send("hi")
    assert any("Tickfix" in t for t in user.wait_for_replies(timeout=60))
    errors = error_lines(stack["rasa"].log, log_start[stack["rasa"].log])
    assert errors == [], "\n".join(errors[:20])
    assert missing_from_trackers(stack["base"], ledger.accepted) == []
