"""Injected faults: the action server killed (REST, WhatsApp, Twilio and socket.io users),
PostgreSQL restarted under load, the Graph API failing. Users are answered (or told to
send again), conversations go on afterwards, and no accepted message is lost."""

from __future__ import annotations

import asyncio
import os
import signal
import time
import uuid
from typing import Any, Dict, List

import pytest

from channels.common.replies import NO_REPLY_APOLOGY
from tests.channels.guarded.test_socketio import converse
from tests.reliability.conftest import WHATSAPP_ATTEMPTS, WHATSAPP_TIMEOUT
from tests.reliability.support import (
    Load,
    TwilioUser,
    WhatsAppUser,
    has_stack_trace,
    is_refusal,
    missing_from_trackers,
    reply_texts,
    rest_post,
    stop_postgres,
    tracker,
    user_events,
    wait_for,
)

pytestmark = pytest.mark.reliability

DIAGNOSIS = "Free-form message sent outside the 24-hour customer service window"


def _id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _wa_id(n: int) -> str:
    return f"9198{int(time.time()) % 100000:05d}{n:03d}"


# ---------------------------------------------------------------------------
# (a) The action server is killed mid-conversation
# ---------------------------------------------------------------------------


def test_action_server_killed_mid_conversation(stack: Dict[str, Any], graph: Any, ledger: Any) -> None:
    base = stack["base"]
    sender = _id("kill-actions")
    wa = WhatsAppUser(base, graph, _wa_id(1))
    tw = TwilioUser(base, graph, _wa_id(2))

    def say(text: str) -> List[str]:
        r = rest_post(base, sender, text, timeout=90)
        assert r.status_code == 200, r.text[:300]
        return reply_texts(r)

    assert any(DIAGNOSIS in t for t in say("(#131047) Re-engagement message"))
    ledger.accept("REST", sender, "(#131047) Re-engagement message")
    wa.send("hi")
    assert wa.wait_for_replies(timeout=60)
    tw.send("hi")
    assert tw.wait_for_replies(timeout=60)

    started = time.monotonic()
    actions = stack["actions"]()
    os.killpg(actions.process.pid, signal.SIGKILL)
    actions.process.wait(timeout=30)
    ledger.fault("action server killed (SIGKILL)", "mid-conversation, while the form asks a question")

    # The form's question is answered while the action server is gone: an apology, not silence.
    replies = say("2 hours ago")
    assert replies == [NO_REPLY_APOLOGY], replies
    ledger.accept("REST", sender, "2 hours ago")
    # The same on WhatsApp: a diagnosis needs the action server.
    before = len(wa.replies())
    response, outage_id = wa.send("(#131047) Re-engagement message")
    assert response.status_code == 200
    assert wa.wait_for_replies(already=before, timeout=60) == [NO_REPLY_APOLOGY]
    ledger.accept("WhatsApp", wa.wa_id, message_id=outage_id)
    # And on Twilio: the apology goes out through Twilio's API.
    tw_before = len(tw.replies())
    response, tw_outage_id = tw.send("(#131047) Re-engagement message")
    assert response.status_code == 200
    assert tw.wait_for_replies(already=tw_before, timeout=60) == [NO_REPLY_APOLOGY]
    ledger.accept("Twilio", tw.address, message_id=tw_outage_id)
    # And on socket.io (the website widget): the apology comes back on the socket.
    session = _id("sio-kill")
    [answer] = asyncio.run(
        converse(base, session, ["(#131047) Re-engagement message"], first_reply_timeout=60, quiet=2)
    )
    assert [m.get("text") for m in answer] == [NO_REPLY_APOLOGY], answer
    ledger.accept("socket.io", session, "(#131047) Re-engagement message")

    stack["restart_actions"]()
    down_for = time.monotonic() - started
    ledger.timings["action server outage"] = down_for
    ledger.faults[-1]["detail"] += f"; back after {down_for:.1f}s on the same port"

    # The same conversations go on: the question is answered again and the fix follows.
    replies = say("2 hours ago")
    assert any("How to fix it" in t for t in replies), replies
    ledger.accept("REST", sender, "2 hours ago")
    tr = tracker(base, sender)
    assert [e["text"] for e in user_events(tr)] == ["(#131047) Re-engagement message", "2 hours ago", "2 hours ago"]
    assert tr["slots"]["cause"] == "outside_service_window"
    assert any(e.get("name") == "action_give_fix" for e in tr["events"])

    before = len(wa.replies())
    response, later_id = wa.send("(#131047) Re-engagement message")
    assert any(DIAGNOSIS in t for t in wa.wait_for_replies(already=before, timeout=60))
    ledger.accept("WhatsApp", wa.wa_id, message_id=later_id)
    assert outage_id in {e.get("message_id") for e in user_events(tracker(base, wa.wa_id))}
    tw_before = len(tw.replies())
    response, tw_later_id = tw.send("(#131047) Re-engagement message")
    assert any(DIAGNOSIS in t for t in tw.wait_for_replies(already=tw_before, timeout=60))
    ledger.accept("Twilio", tw.address, message_id=tw_later_id)
    lost = missing_from_trackers(
        base, [a for a in ledger.accepted if a["sender"] in (sender, wa.wa_id, tw.address, session)]
    )
    ledger.lost += lost
    assert lost == []


# ---------------------------------------------------------------------------
# (b) PostgreSQL restarted under load
# ---------------------------------------------------------------------------

CONVERSATIONS = 6
WARM_UP, DOWN_FOR, AFTER = 4.0, 4.0, 8.0


def _classify(load: Load, ledger: Any, fault: str, t_stop: float) -> Dict[str, int]:
    counts = {"accepted": 0, "refused": 0}
    for rec in load.records:
        body = rec.get("body") or ""
        assert rec["status"] is not None, f"no answer at all: {rec}"
        assert rec["status"] < 500, f"5xx during the restart: {rec['status']} {body[:300]}"
        assert not has_stack_trace(body)
        assert rec["status"] == 200 and rec["replies"], f"no reply: {rec}"
        if is_refusal(rec["replies"]):
            counts["refused"] += 1
            ledger.refuse(fault, rec["sender"], rec["text"], rec["replies"], rec["t0"] - t_stop)
        else:
            counts["accepted"] += 1
            ledger.accept("REST", rec["sender"], rec["text"])
    return counts


def test_postgres_restarted_under_load(stack: Dict[str, Any], ledger: Any) -> None:
    base = stack["base"]
    senders = [_id(f"pg-load{i}") for i in range(CONVERSATIONS)]
    load = Load(base, senders).start()
    try:
        time.sleep(WARM_UP)
        t_stop = time.monotonic()
        stop_took = stop_postgres(stack["services"].data_dir)
        time.sleep(DOWN_FOR)
        stack["services"].start()  # scripts/services.sh start: same port, same data
        t_back = time.monotonic()
        time.sleep(AFTER)
    finally:
        load.stop()
    window = t_back - t_stop
    ledger.fault(
        "PostgreSQL restarted under load",
        f"{CONVERSATIONS} REST conversations; fast shutdown ({stop_took:.1f}s), down {window:.1f}s in all",
    )
    ledger.timings["PostgreSQL window"] = window
    counts = _classify(load, ledger, "PostgreSQL restart", t_stop)
    turns = len(load.records)
    late = [r for r in load.records if r["t0"] > t_back + 3]
    ledger.notes.append(
        f"PostgreSQL restart: {turns} turns, {counts['accepted']} kept, {counts['refused']} told to send again;"
        f" slowest reply {max(r['t1'] - r['t0'] for r in load.records):.1f}s"
    )
    assert turns >= 2 * CONVERSATIONS and counts["accepted"] > 0
    # Once PostgreSQL is back, every conversation is served normally again.
    assert late and not [r for r in late if is_refusal(r["replies"])], [r["replies"] for r in late][:3]
    mine = [a for a in ledger.accepted if a["sender"] in senders]
    lost = missing_from_trackers(base, mine)
    ledger.lost += lost
    assert lost == [], lost[:5]


def test_postgres_restarted_while_idle(stack: Dict[str, Any], ledger: Any) -> None:
    """Pooled connections the database dropped: the next turns must not lose messages."""
    base = stack["base"]
    senders = [_id(f"pg-idle{i}") for i in range(3)]
    for s in senders:
        assert rest_post(base, s, "hi").status_code == 200
        ledger.accept("REST", s, "hi")
    stop_postgres(stack["services"].data_dir)
    stack["services"].start()
    ledger.fault("PostgreSQL restarted while idle", "stale pooled connections afterwards")
    refused = 0
    t0 = time.monotonic()
    for s in senders:
        r = rest_post(base, s, "(#131047) Re-engagement message")
        assert r.status_code == 200 and reply_texts(r)
        if is_refusal(reply_texts(r)):
            refused += 1
            ledger.refuse("PostgreSQL idle restart", s, "(#131047) ...", reply_texts(r), time.monotonic() - t0)
            r = rest_post(base, s, "(#131047) Re-engagement message")  # the user sends it again
            assert not is_refusal(reply_texts(r))
        ledger.accept("REST", s, "(#131047) Re-engagement message")
    ledger.notes.append(f"PostgreSQL idle restart: {refused} of {len(senders)} first turns told to send again")
    lost = missing_from_trackers(base, [a for a in ledger.accepted if a["sender"] in senders])
    ledger.lost += lost
    assert lost == []


# ---------------------------------------------------------------------------
# (c) The Graph API answers 500, 429 or times out
# ---------------------------------------------------------------------------


def test_graph_api_failures_are_retried_then_given_up_without_blocking_others(
    stack: Dict[str, Any], graph: Any, ledger: Any
) -> None:
    base = stack["base"]
    faulty = {
        "500": WhatsAppUser(base, graph, _wa_id(500)),
        "429": WhatsAppUser(base, graph, _wa_id(429)),
        "timeout": WhatsAppUser(base, graph, _wa_id(408)),
    }
    healthy = WhatsAppUser(base, graph, _wa_id(200))
    for kind, user in faulty.items():
        graph.faults[user.wa_id] = kind
    log_offset = stack["rasa"].log.stat().st_size
    started = time.monotonic()
    ids = {}
    for user in faulty.values():
        r, ids[user.wa_id] = user.send("hi")
        assert r.status_code == 200
    r, ids[healthy.wa_id] = healthy.send("hi")
    assert r.status_code == 200

    # The healthy user's reply arrives while the others are still being retried.
    assert healthy.wait_for_replies(timeout=60, quiet=0.2)
    healthy_at = min(t for t, status in graph.calls_to(healthy.wa_id) if status < 300)

    def all_tried() -> List[int]:
        done = [len(graph.calls_to(u.wa_id)) >= WHATSAPP_ATTEMPTS for u in faulty.values()]
        return [1] if all(done) else []

    # all tried, then (quiet) time for the last hung call to time out
    assert wait_for(all_tried, timeout=60, quiet=WHATSAPP_TIMEOUT + 1), "the faulty sends were not retried"
    hung_calls = graph.calls_to(faulty["timeout"].wa_id)
    assert healthy_at < hung_calls[-1][0] + WHATSAPP_TIMEOUT, (
        "the healthy user's reply waited until the hung Graph API calls were given up"
    )
    for kind, user in faulty.items():
        calls = graph.calls_to(user.wa_id)
        assert len(calls) == WHATSAPP_ATTEMPTS, (kind, calls)  # tried, then given up
        assert not user.replies()
    log = stack["rasa"].log.read_bytes()[log_offset:].decode(errors="replace")
    assert log.count("giving up on") >= len(faulty), log[-3000:]
    ledger.fault("Graph API 500", f"{WHATSAPP_ATTEMPTS} tries, then given up")
    ledger.fault("Graph API 429 + Retry-After", f"{WHATSAPP_ATTEMPTS} tries, then given up")
    ledger.fault("Graph API timeout", f"{WHATSAPP_ATTEMPTS} tries of {WHATSAPP_TIMEOUT}s, then given up")
    ledger.timings["healthy reply during Graph faults"] = healthy_at - started

    # The messages were kept; once the Graph API is fine again the users are answered.
    graph.faults.clear()
    for user in faulty.values():
        ledger.accept("WhatsApp", user.wa_id, message_id=ids[user.wa_id])
        r, again = user.send("(#131047) Re-engagement message")
        assert r.status_code == 200
        ledger.accept("WhatsApp", user.wa_id, message_id=again)
    ledger.accept("WhatsApp", healthy.wa_id, message_id=ids[healthy.wa_id])
    for user in faulty.values():
        assert any(DIAGNOSIS in t for t in user.wait_for_replies(timeout=60))
    wanted = [a for a in ledger.accepted if a["sender"] in {u.wa_id for u in [healthy, *faulty.values()]}]
    lost = missing_from_trackers(base, wanted)
    ledger.lost += lost
    assert lost == []
