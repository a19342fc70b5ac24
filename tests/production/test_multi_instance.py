"""Two Rasa servers, two action servers, one PostgreSQL and one Redis: production mode.

200 conversations of 6 turns, 20 at a time; every turn of a conversation goes to the other
Rasa server than the turn before. Then every tracker is read back (from both servers) and
checked for structure, not wording (the dialogue keeps changing): all user messages there,
in order, once each, each answered by the bot, one session, no duplicated event, no
prediction loop, no rejected action left unhandled, both servers return the same tracker,
every conversation took the same dialogue path (the bot is deterministic: a stale or
interleaved tracker would change the path), no error in any server's log; PostgreSQL holds
the conversations and Redis saw the locks.

A form rejecting a message that does not answer its question ("start over" while it asks
something) is Rasa's normal way to hand the turn to a rule: an `action_execution_rejected`
event followed by the action that handles the turn passes; one that nothing follows fails.

    pytest -m production tests/production -q        (or: make test-production)

Knobs: TICKFIX_LOAD_CONVERSATIONS (200), TICKFIX_LOAD_CONCURRENCY (20),
TICKFIX_LOAD_DEADLINE seconds for the load phase (480; past it the test stops sending and
fails), TICKFIX_RACE_CONVERSATIONS (20), TICKFIX_PRODUCTION_ENDPOINTS (another endpoints
file, e.g. one without lock_store, to watch the checks catch it). Only loopback is used.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import pytest
import requests

from tests.support.services import Services, error_lines, log_sizes

pytestmark = pytest.mark.production

TURNS = [
    "hi",
    "(#131047) Re-engagement message",
    "3 days ago",
    "no",
    "start over",
    "thanks",
]
CONVERSATIONS = int(os.environ.get("TICKFIX_LOAD_CONVERSATIONS", "200"))
CONCURRENCY = int(os.environ.get("TICKFIX_LOAD_CONCURRENCY", "20"))
DEADLINE = float(os.environ.get("TICKFIX_LOAD_DEADLINE", "480"))
SIMULTANEOUS = int(os.environ.get("TICKFIX_RACE_CONVERSATIONS", "20"))
# Rasa stops predicting after 10 actions in one turn (max_number_of_predictions):
# reaching it means the dialogue looped.
LOOP_LIMIT = 10


# ----------------------------------------------------------------------------- the load
@dataclass
class Turn:
    text: str
    server: int
    seconds: float = 0.0
    replies: int = 0
    error: Optional[str] = None


@dataclass
class Conversation:
    sender: str
    turns: List[Turn] = field(default_factory=list)


_local = threading.local()


def _session() -> requests.Session:
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def converse(bases: List[str], sender: str, first: int, deadline: float) -> Conversation:
    conversation = Conversation(sender)
    for i, text in enumerate(TURNS):
        server = (first + i) % len(bases)  # never the server of the turn before
        turn = Turn(text, server)
        conversation.turns.append(turn)
        if time.monotonic() > deadline:
            turn.error = "not sent: load deadline passed"
            continue
        start = time.perf_counter()
        try:
            r = _session().post(
                f"{bases[server]}/webhooks/rest/webhook",
                json={"sender": sender, "message": text},
                timeout=60,
            )
            turn.seconds = time.perf_counter() - start
            r.raise_for_status()
            turn.replies = len(r.json())
        except (requests.RequestException, ValueError) as error:
            turn.seconds = time.perf_counter() - start
            turn.error = f"{type(error).__name__}: {error}"
    return conversation


def fetch_tracker(base: str, sender: str) -> dict:
    r = _session().get(f"{base}/conversations/{sender}/tracker", params={"include_events": "ALL"}, timeout=60)
    r.raise_for_status()
    return r.json()


# ----------------------------------------------------------------------------- the checks
def dialogue_path(events: List[dict]) -> tuple:
    """The actions run after each user message (rejections marked): the conversation's shape.

    The dialogue is deterministic (rules, memoization, a form), so every conversation with
    the same turns must take the same path, whichever server answered which turn. A stale or
    interleaved tracker shows up as a different path.
    """
    path, turn = [], None
    for e in events:
        kind = e.get("event")
        if kind == "user":
            if turn is not None:
                path.append(tuple(turn))
            turn = []
        elif turn is not None and kind == "action":
            turn.append(e.get("name"))
        elif turn is not None and kind == "action_execution_rejected":
            turn.append(f"rejected:{e.get('name')}")
    if turn is not None:
        path.append(tuple(turn))
    return tuple(path)


def tracker_problems(sender: str, events: List[dict], expected: List[str] = TURNS, ordered: bool = True) -> List[str]:
    """What is wrong with one conversation's events (empty when nothing is)."""
    problems = []
    users = [e for e in events if e.get("event") == "user"]
    texts = [e.get("text") for e in users]
    if (texts != expected) if ordered else (Counter(texts) != Counter(expected)):
        problems.append(f"user messages {texts} != {expected}")

    for text, actions in zip(texts, dialogue_path(events)):
        ran = [a for a in actions if not a.startswith("rejected:")]
        if len(ran) >= LOOP_LIMIT:
            problems.append(f"{len(ran)} actions after {text!r} (a loop)")
        # A form rejects a message that does not answer its question ("start over" while it
        # asks something): fine when another action then handles the turn. A rejection that
        # nothing follows (only action_listen) is a failure.
        for i, a in enumerate(actions):
            if a.startswith("rejected:"):
                after = [x for x in actions[i + 1 :] if x != "action_listen" and not x.startswith("rejected:")]
                if not after:
                    problems.append(f"{a} after {text!r} and nothing handled the turn")

    # each user message answered by the bot before the next one
    answered, bot = [], None
    for e in events:
        kind = e.get("event")
        if kind == "user":
            if bot is not None:
                answered.append(bot)
            bot = False
        elif kind == "bot" and bot is not None:
            bot = True
    if bot is not None:
        answered.append(bot)
    for text, ok in zip(texts, answered):
        if not ok:
            problems.append(f"no bot utterance after {text!r}")

    starts = sum(1 for e in events if e.get("event") == "session_started")
    if starts != 1:
        problems.append(f"{starts} session_started events (want 1)")

    dumped = [json.dumps(e, sort_keys=True) for e in events]
    if len(set(dumped)) != len(dumped):
        dupes = {d for d in dumped if dumped.count(d) > 1}
        problems.append(f"{len(dumped) - len(set(dumped))} duplicated events, e.g. {next(iter(dupes))[:200]}")

    stamps = [e.get("timestamp") or 0 for e in events]
    if any(b < a for a, b in zip(stamps, stamps[1:])):
        problems.append("events out of time order")
    return [f"{sender}: {p}" for p in problems]


def log_marks(cluster) -> Dict:
    return log_sizes(server.log for server in cluster["servers"])


def logged_errors(cluster, since: Optional[Dict] = None) -> List[str]:
    """ERROR lines of every server's log (written after `since`, from log_marks)."""
    errors = []
    for server in list(cluster["servers"]):
        offset = (since or {}).get(server.log, 0)
        errors += [f"{server.log.name}: {line}" for line in error_lines(server.log, offset)]
    return errors


def percentile(values: List[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# ----------------------------------------------------------------------------- the test
def test_two_rasa_servers_share_every_conversation(cluster, capsys):
    bases = cluster["rasa"]
    services: Services = cluster["services"]
    run = uuid.uuid4().hex[:8]
    senders = [f"load-{run}-{i:03d}" for i in range(CONVERSATIONS)]

    # --- load: 20 conversations at a time, turns alternating between the servers
    started = time.monotonic()
    deadline = started + DEADLINE
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        conversations = list(pool.map(lambda i: converse(bases, senders[i], i % 2, deadline), range(CONVERSATIONS)))
    load_seconds = time.monotonic() - started

    problems: List[str] = []
    for c in conversations:
        for t in c.turns:
            if t.error:
                problems.append(f"{c.sender}: turn {t.text!r} on server {t.server}: {t.error}")
            elif t.replies == 0:
                problems.append(f"{c.sender}: turn {t.text!r} on server {t.server}: no reply")

    # --- read every tracker back, from both servers, and compare
    started_checks = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        trackers = list(pool.map(lambda s: [fetch_tracker(b, s) for b in bases], senders))
    events_total = 0
    for sender, (a, b) in zip(senders, trackers):
        if a["events"] != b["events"]:
            problems.append(f"{sender}: the two servers return different trackers")
        events_total += len(a["events"])
        problems += tracker_problems(sender, a["events"])
    paths = Counter(dialogue_path(a["events"]) for a, _ in trackers)
    reference, usual = paths.most_common(1)[0] if paths else ((), 0)
    for sender, (a, _) in zip(senders, trackers):
        path = dialogue_path(a["events"])
        if path != reference:
            turn = next((i for i, (x, y) in enumerate(zip(path, reference)) if x != y), 0)
            problems.append(
                f"{sender}: took another path than {usual} of {len(senders)} conversations at"
                f" turn {turn} ({TURNS[turn]!r}): {list(path[turn]) if turn < len(path) else None}"
                f" instead of {list(reference[turn]) if turn < len(reference) else None}"
            )
    rejections = sum(1 for t in reference for a in t if a.startswith("rejected:"))

    # --- the shared stores were really used (no silent in-memory fallback)
    with services.pg_connect() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT count(DISTINCT sender_id), count(*) FILTER (WHERE type_name = 'user')"
            " FROM events WHERE sender_id LIKE %s",
            (f"load-{run}-%",),
        )
        db_conversations, db_user_messages = cur.fetchone()
    conn.close()
    if db_conversations != CONVERSATIONS or db_user_messages != CONVERSATIONS * len(TURNS):
        problems.append(
            f"PostgreSQL holds {db_conversations} conversations / {db_user_messages} user"
            f" messages (want {CONVERSATIONS} / {CONVERSATIONS * len(TURNS)})"
        )
    commandstats = services.redis_client().info("commandstats")
    lock_writes = commandstats.get("cmdstat_set", {}).get("calls", 0)
    if lock_writes < CONVERSATIONS * len(TURNS):
        problems.append(f"Redis saw {lock_writes} SET calls (want >= one lock per turn)")

    log_errors = logged_errors(cluster)  # start-up included
    problems += log_errors
    checks_seconds = time.monotonic() - started_checks

    # --- summary
    latencies = {0: [], 1: []}
    for c in conversations:
        for t in c.turns:
            if not t.error:
                latencies[t.server].append(t.seconds)
    turns_done = sum(len(v) for v in latencies.values())
    everything = latencies[0] + latencies[1]
    timings = cluster["timings"]
    lines = [
        "",
        "== production mode: 2 Rasa + 2 action servers, PostgreSQL tracker store, Redis lock store",
        f"start-up: services {timings['services']:.1f}s, servers {timings['servers']:.1f}s",
        f"load: {CONVERSATIONS} conversations x {len(TURNS)} turns, {CONCURRENCY} at a time:"
        f" {turns_done} turns in {load_seconds:.1f}s = {turns_done / load_seconds:.1f} turns/s",
        f"latency all: median {statistics.median(everything) * 1000:.0f} ms,"
        f" p95 {percentile(everything, 0.95) * 1000:.0f} ms, max {max(everything) * 1000:.0f} ms"
        if everything
        else "latency: no turn succeeded",
    ]
    for s in (0, 1):
        if latencies[s]:
            lines.append(
                f"  server {'AB'[s]} ({bases[s]}): {len(latencies[s])} turns, median"
                f" {statistics.median(latencies[s]) * 1000:.0f} ms,"
                f" p95 {percentile(latencies[s], 0.95) * 1000:.0f} ms"
            )
    lines += [
        f"trackers: {len(senders)} read from both servers in {checks_seconds:.1f}s,"
        f" {events_total} events; PostgreSQL: {db_conversations} conversations,"
        f" {db_user_messages} user messages; Redis lock SETs: {lock_writes}",
        f"dialogue: {len(paths)} distinct path(s); the usual one ({usual} conversations):"
        f" {' / '.join(','.join(t) for t in reference)}",
        f"  form rejections per conversation on that path: {rejections} (a form interrupted by"
        f" a message that is not its answer, then handled by another action)",
        f"problems: {len(problems)} ({len(log_errors)} error lines in logs)",
    ]
    with capsys.disabled():
        print("\n".join(lines))
        for p in problems[:20]:
            print("  -", p)

    assert not problems, f"{len(problems)} problems, first ones:\n" + "\n".join(problems[:30])


def test_simultaneous_messages_to_one_conversation_are_serialised(cluster, capsys):
    """Two messages of one conversation reach both servers at the same instant.

    A lock store that works across servers makes them take turns: both messages end up in
    the tracker once, each answered before the next one, in one session. Otherwise both
    servers handle the conversation at once and one's events overwrite the other's (user
    messages lost, events out of order, two session starts).
    """
    marks = log_marks(cluster)  # servers started from here on are read from their start
    bases = cluster["rasa"]
    run = uuid.uuid4().hex[:8]
    rounds = [TURNS[0:2], TURNS[2:4]]  # two messages at once, twice per conversation
    senders = [f"race-{run}-{i:02d}" for i in range(SIMULTANEOUS)]

    def race(sender: str) -> List[str]:
        errors = []
        for pair in rounds:
            barrier = threading.Barrier(len(pair))

            def send(server: int, text: str) -> None:
                barrier.wait(timeout=30)  # noqa: B023  (the threads are joined within this iteration)
                r = requests.post(
                    f"{bases[server]}/webhooks/rest/webhook",
                    json={"sender": sender, "message": text},
                    timeout=120,
                )
                r.raise_for_status()

            with ThreadPoolExecutor(len(pair)) as pool:
                for f in [pool.submit(send, i % len(bases), t) for i, t in enumerate(pair)]:
                    try:
                        f.result()
                    except Exception as error:
                        errors.append(f"{sender}: {type(error).__name__}: {error}")
        return errors

    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        problems = [p for errors in pool.map(race, senders) for p in errors]
    seconds = time.monotonic() - started

    expected = [t for pair in rounds for t in pair]
    for sender in senders:
        events = fetch_tracker(bases[0], sender)["events"]
        problems += tracker_problems(sender, events, expected, ordered=False)
        texts = [e.get("text") for e in events if e.get("event") == "user"]
        # each round's two messages come before the next round's
        if sorted(texts[:2]) != sorted(rounds[0]):
            problems.append(f"{sender}: the rounds are mixed: {texts}")
    problems += logged_errors(cluster, since=marks)

    with capsys.disabled():
        print(
            f"\n== simultaneous (endpoints.production.yml): {len(senders)} conversations x {len(rounds)} rounds of"
            f" {len(rounds[0])} messages sent at once to both servers, in {seconds:.1f}s;"
            f" problems: {len(problems)}"
        )
        for p in problems[:20]:
            print("  -", p)
    assert not problems, f"{len(problems)} problems, first ones:\n" + "\n".join(problems[:30])
