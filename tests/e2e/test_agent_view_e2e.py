"""End to end: a handoff that reaches a person through the agent view, and back to the bot.

The real action server (HANDOFF_WEBHOOK_URL pointing at a local receiver) and the real
Rasa server, started the way `make run` starts it (scripts/rasa_run.py with
RASA_AUTH_TOKEN in the environment), with the WhatsApp channel sending to a local
Graph API stand-in.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any, Callable, Dict, List

import pytest
import requests

from diagnosis.language import say

from tests.channels import meta_webhook as meta
from tests.channels.harness import ApiStandIn
from tests.e2e.conftest import DESK_TOKEN as TOKEN
from tests.handoff_webhook.stand_in import WebhookStandIn
from tests.support.servers import RestUser

pytestmark = pytest.mark.e2e

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def tracker(base: str, sender: str) -> Dict[str, Any]:
    r = requests.get(f"{base}/conversations/{sender}/tracker", params={"token": TOKEN}, timeout=30)
    r.raise_for_status()
    return r.json()


def wait_for(check: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def test_rest_handoff_pause_waiting_notice_reply_and_hand_back(
    desk_stack: Dict[str, Any], receiver: WebhookStandIn
) -> None:
    base = desk_stack["base"]
    sender = f"agent-e2e-{uuid.uuid4().hex[:8]}"
    user = RestUser(base, sender)
    user.say("Media size exceeds limit")
    before = len(receiver.requests)
    reply = user.say_text("talk to a person")
    assert say("replies.handoff.person_will_answer", "en") in reply
    assert "nobody will answer here" not in reply
    assert len(receiver.requests) == before + 1
    notification = json.loads(receiver.requests[-1]["body"])
    assert notification["conversation_id"] == sender
    assert notification["agent_url"] == f"http://tickfix.test/agent/conversations/{sender}"

    state = tracker(base, sender)
    assert state["paused"] is True and state["slots"]["handed_off"] is True

    # listed for the person, behind the token
    assert requests.get(f"{base}/agent/api/conversations", timeout=30).status_code == 401
    assert requests.get(f"{base}/agent", timeout=30).status_code == 401
    listed = requests.get(f"{base}/agent/api/conversations", headers=AUTH, timeout=30)
    assert listed.status_code == 200
    [mine] = [c for c in listed.json()["conversations"] if c["id"] == sender]
    assert mine["summary"]["problem"] and "Media size exceeds limit" in mine["summary"]["problem"]
    assert mine["channel"] == "rest" and mine["language"] == "en"
    page = requests.get(f"{base}/agent", headers=AUTH, timeout=30)
    assert page.status_code == 200 and "Media size exceeds limit" in page.text

    # the user writes while waiting: one notice, then quiet; every message kept
    waiting = say("channel.waiting_for_person", "en")
    assert [m.get("text") for m in user.say("hello? anyone there?")] == [waiting]
    assert user.say("I'm still here") == []
    texts = [e.get("text") for e in tracker(base, sender)["events"] if e.get("event") == "user"]
    assert texts[-2:] == ["hello? anyone there?", "I'm still here"]
    assert tracker(base, sender)["paused"] is True

    # the person answers: stored as a bot message marked as theirs
    r = requests.post(
        f"{base}/agent/api/conversations/{sender}/reply",
        headers=AUTH,
        json={"text": "Hi, Maria from support here. Which file did you send?", "agent": "Maria"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    assert r.json()["delivered_via"] is None  # REST users see it in the conversation
    bots = [e for e in tracker(base, sender)["events"] if e.get("event") == "bot"]
    assert bots[-1]["text"] == "Hi, Maria from support here. Which file did you send?"
    assert bots[-1]["metadata"]["tickfix_agent"] is True and bots[-1]["metadata"]["agent"] == "Maria"
    assert user.say("a 20 MB video") == []  # within the window, just after the person's reply: no notice

    # hand back: the bot answers the next message, the slots are kept
    assert requests.post(f"{base}/agent/api/conversations/{sender}/resume", timeout=30).status_code == 401
    r = requests.post(f"{base}/agent/api/conversations/{sender}/resume", headers=AUTH, timeout=30)
    assert r.status_code == 200, r.text
    state = tracker(base, sender)
    assert state["paused"] is False and state["slots"]["handed_off"] is False
    assert "Media size exceeds limit" in (state["slots"]["problem_text"] or "")
    assert sender not in [
        c["id"]
        for c in requests.get(f"{base}/agent/api/conversations", headers=AUTH, timeout=30).json()["conversations"]
    ]
    answer = user.say_text("(#131047) Re-engagement message")
    assert answer and waiting not in answer
    assert tracker(base, sender)["slots"]["cause"] == "outside_service_window"


def whatsapp_say(base: str, body: str, sender: str) -> None:
    payload = meta.delivery(meta.value([meta.text(body, sender=sender)], wa_id=sender))
    raw = json.dumps(payload).encode("utf-8")
    r = requests.post(
        f"{base}/webhooks/whatsapp/webhook",
        data=raw,
        timeout=30,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": meta.sign(raw)},
    )
    assert r.status_code == 200, r.text


def texts_to(graph: ApiStandIn, sender: str) -> List[str]:
    return [m["text"]["body"] for m in graph.graph_messages() if m.get("to") == sender and m.get("type") == "text"]


def test_whatsapp_user_gets_the_persons_reply_through_the_graph_api(
    desk_stack: Dict[str, Any], graph: ApiStandIn
) -> None:
    base = desk_stack["base"]
    sender = "5511" + str(uuid.uuid4().int)[:9]  # a Brazilian number: Portuguese
    whatsapp_say(base, "oi, o vídeo não chega pro cliente, aparece o erro Media size exceeds limit", sender)
    wait_for(lambda: texts_to(graph, sender))
    whatsapp_say(base, "quero falar com uma pessoa", sender)
    promise = say("replies.handoff.person_will_answer", "pt")
    wait_for(lambda: any(promise in t for t in texts_to(graph, sender)))
    wait_for(lambda: tracker(base, sender)["paused"])

    r = requests.post(
        f"{base}/agent/api/conversations/{sender}/reply",
        headers=AUTH,
        json={"text": "Oi, aqui é a Maria do suporte."},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    assert r.json()["delivered_via"] == "whatsapp"
    assert texts_to(graph, sender)[-1] == "Oi, aqui é a Maria do suporte."

    r = requests.post(f"{base}/agent/api/conversations/{sender}/resume", headers=AUTH, timeout=30)
    assert r.status_code == 200 and r.json()["user_told_via"] == "whatsapp"
    assert texts_to(graph, sender)[-1] == say("channel.handed_back", "pt")
    count = len(texts_to(graph, sender))
    whatsapp_say(base, "(#131047) Re-engagement message", sender)
    wait_for(lambda: len(texts_to(graph, sender)) > count)
    wait_for(lambda: tracker(base, sender)["slots"]["cause"] == "outside_service_window")
