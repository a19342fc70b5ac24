"""WhatsApp and Twilio across two Rasa servers sharing Redis (the `cluster` of conftest.py).

- A WhatsApp delivery posted to both servers at the same instant (Meta redelivering, and
  the load balancer sending the retry elsewhere) is answered once: the Graph API stand-in
  gets as many sends as for a delivery posted once, and the tracker holds the message once.
- A Twilio numbered choice offered by server A ("3. Rejected") is understood when the
  user's "3" reaches server B: B's dialogue gets the button's payload, not "3".

Both rely on channels/common/shared_redis.py following the lock store's Redis in production mode;
with per-process memory (TICKFIX_REDIS_URL=memory on the servers) both tests fail.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any, Callable, Dict, List
from urllib.parse import quote

import pytest
import requests

from tests.channels import meta_webhook as meta
from tests.channels import twilio_webhook as twilio
from tests.support.services import error_lines, log_sizes

pytestmark = pytest.mark.production

USERS = 4  # WhatsApp users whose delivery goes to both servers at once


def _digits() -> str:
    return f"{uuid.uuid4().int % 10**8:08d}"


def _tracker(base: str, sender: str) -> Dict[str, Any]:
    # Sanic does not unquote path parameters: "whatsapp:+91..." goes as it is.
    r = requests.get(
        f"{base}/conversations/{quote(sender, safe=':+')}/tracker",
        params={"include_events": "ALL"},
        timeout=60,
    )
    r.raise_for_status()
    return r.json()


def _user_events(tracker: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [e for e in tracker["events"] if e.get("event") == "user"]


def _settle(
    get: Callable[[], List[Any]], want: Callable[[List[Any]], bool], timeout: float = 60, quiet: float = 2.0
) -> List[Any]:
    """Polls ``get`` until ``want`` holds and nothing changed for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    last, changed = get(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = get()
        if now != last:
            last, changed = now, time.monotonic()
        elif want(last) and time.monotonic() - changed >= quiet:
            break
    return last


def _post_whatsapp(base: str, raw: bytes) -> int:
    r = requests.post(
        f"{base}{meta.WEBHOOK}",
        data=raw,
        timeout=30,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": meta.sign(raw)},
    )
    return r.status_code


def test_a_whatsapp_delivery_posted_to_both_servers_is_answered_once(cluster: Dict[str, Any], capsys) -> None:
    bases, api = cluster["rasa"], cluster["api"]
    marks = log_sizes(s.log for s in cluster["servers"])
    started = time.monotonic()
    users = [f"9197{_digits()}" for _ in range(USERS)]
    control = f"9196{_digits()}"
    message_ids: Dict[str, str] = {}

    def deliver(wa_id: str, both: bool) -> List[int]:
        m = meta.text("hi", sender=wa_id)
        message_ids[wa_id] = m["id"]
        raw = json.dumps(meta.delivery(meta.value([m], wa_id=wa_id))).encode("utf-8")
        if not both:
            return [_post_whatsapp(bases[0], raw)]
        barrier = threading.Barrier(2)

        def post(base: str) -> int:
            barrier.wait(timeout=30)
            return _post_whatsapp(base, raw)

        with ThreadPoolExecutor(2) as pool:
            return list(pool.map(post, bases))

    with ThreadPoolExecutor(USERS + 1) as pool:
        codes = list(pool.map(lambda u: deliver(u, u != control), users + [control]))
    assert all(code == 200 for c in codes for code in c), codes

    def sends() -> List[int]:
        sent = [m.get("to") for m in api.graph_messages()]
        return [sent.count(u) for u in users + [control]]

    counts = _settle(sends, lambda c: all(c))
    problems = []
    once = counts[-1]
    if not once:
        problems.append("the control delivery (posted once) got no reply")
    for wa_id, n in zip(users, counts):
        if n != once:
            problems.append(f"{wa_id}: {n} sends for a delivery posted to both servers (once: {once})")
        ids = [e.get("message_id") for e in _user_events(_tracker(bases[1], wa_id))]
        if ids != [message_ids[wa_id]]:
            problems.append(f"{wa_id}: the tracker holds the user messages {ids}")
    for server in cluster["servers"]:
        problems += [f"{server.log.name}: {line}" for line in error_lines(server.log, marks[server.log])]
    with capsys.disabled():
        print(
            f"\n== WhatsApp: {USERS} deliveries each posted to both servers at once, one posted once;"
            f" sends per user {counts[:-1]} (once: {once}); {time.monotonic() - started:.1f}s;"
            f" problems: {len(problems)}"
        )
    assert not problems, "\n".join(problems)


def test_a_twilio_choice_offered_by_one_server_is_understood_by_the_other(cluster: Dict[str, Any], capsys) -> None:
    bases, api = cluster["rasa"], cluster["api"]
    marks = log_sizes(s.log for s in cluster["servers"])
    started = time.monotonic()
    wa_id = f"9195{_digits()}"
    user = f"whatsapp:+{wa_id}"

    def say(server: int, body: str) -> None:
        at = SimpleNamespace(url=lambda path: bases[server] + path)
        sid = f"SM{uuid.uuid4().hex}"
        r = twilio.post(at, twilio.form(body, From=user, WaId=wa_id, MessageSid=sid, SmsMessageSid=sid))
        assert r.status_code == 200, r.text[:300]

    def bodies() -> List[str]:
        return [m.get("Body", "") for m in api.twilio_messages() if m.get("To") == user]

    say(0, "(#132001) Template name does not exist in the translation")
    offered = _settle(bodies, lambda b: any(re.search(r"^\d+\. Rejected$", t, re.M) for t in b))
    numbered = [t for t in offered if re.search(r"^\d+\. Rejected$", t, re.M)]
    assert numbered, f"server A offered no numbered choices: {offered}"
    number = re.search(r"^(\d+)\. Rejected$", numbered[-1], re.M).group(1)

    say(1, number)
    replies = _settle(bodies, lambda b: len(b) > len(offered))[len(offered) :]
    tracker = _tracker(bases[1], user)
    last = _user_events(tracker)[-1]
    problems = []
    if last.get("text") != "rejected":
        problems.append(f"server B's dialogue got {last.get('text')!r} for {number!r}, not the payload 'rejected'")
    if (last.get("metadata") or {}).get("button_title") != "Rejected":
        problems.append(f"no button_title 'Rejected' in the metadata: {last.get('metadata')}")
    if tracker["slots"].get("template_status") != "rejected":
        problems.append(f"template_status is {tracker['slots'].get('template_status')!r}")
    if not any("rejection reason" in t for t in replies):
        problems.append(f"no fix for a rejected template in the replies: {replies}")
    for server in cluster["servers"]:
        problems += [f"{server.log.name}: {line}" for line in error_lines(server.log, marks[server.log])]
    with capsys.disabled():
        print(
            f"\n== Twilio: choices offered by server A, {number!r} answered on server B ->"
            f" {last.get('text')!r}; {time.monotonic() - started:.1f}s; problems: {len(problems)}"
        )
    assert not problems, "\n".join(problems)
