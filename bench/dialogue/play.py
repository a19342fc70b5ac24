"""Playing one conversation over REST: the setup turns, the pool item, and what the
tracker says was asked in each turn.

Why: one fresh conversation per (state, language, pool item), so items don't disturb
each other; the tracker, not the replies' text, says which state was reached.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence, Tuple

from .states import OTHER_LANG, POOL, State


@dataclass
class Turn:
    user: str
    replies: List[dict]
    pool: bool = False  # a pool turn (checked), or a setup turn (history)
    expected_lang: str = "en"
    asked: List[str] = field(default_factory=list)  # question ids asked in this turn


@dataclass
class Conversation:
    state: State
    item: str
    sender: str
    turns: List[Turn] = field(default_factory=list)
    reached: bool = True
    setup_problem: str = ""
    cause_before: Optional[str] = None
    cause_after: Optional[str] = None
    error: str = ""


def asked_per_turn(events: Sequence[dict]) -> List[List[str]]:
    """For each user event of a tracker, the question ids the bot asked before the next one.

    A form question is asked when `requested_slot` is set to its id and a bot message
    follows (before `requested_slot` changes again or the next user message). A question
    outside the forms is the slot `awaiting` ("fix_outcome": did that solve it?; "error":
    paste the exact error): it is asked in a turn that sets `awaiting` or counts a miss
    (`misses`), poses something (a bot message with a "?" or buttons), and ends with
    `awaiting` still set; its id is "awaiting:<value>".
    """
    turns: List[List[str]] = []
    pending: Optional[str] = None
    awaiting: Optional[str] = None
    touched = posed = False

    def close() -> None:
        if turns and touched and posed and awaiting:
            turns[-1].append(f"awaiting:{awaiting}")

    for event in events:
        kind = event.get("event")
        if kind == "user":
            close()
            turns.append([])
            pending, touched, posed = None, False, False
            continue
        if kind == "slot" and event.get("name") == "awaiting":
            awaiting = event.get("value") or None
            touched = True
        if kind in ("restart", "reset_slots"):
            awaiting = None
        if not turns:
            continue
        if kind == "slot" and event.get("name") == "misses" and event.get("value"):
            touched = True
        elif kind == "slot" and event.get("name") == "requested_slot":
            pending = event.get("value") or None
        elif kind == "bot":
            data = event.get("data") or {}
            if "?" in (event.get("text") or "") or data.get("buttons") or data.get("quick_replies"):
                posed = True
            if pending:
                if pending not in turns[-1]:
                    turns[-1].append(pending)
                pending = None
    close()
    return turns


class _Client:
    """RestUser's two calls over one keep-alive session per thread."""

    _local = threading.local()

    def __init__(self, base: str, sender: str):
        self.base, self.sender = base, sender

    @property
    def session(self):
        import requests

        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def say(self, text: str) -> List[dict]:
        r = self.session.post(
            f"{self.base}/webhooks/rest/webhook", json={"sender": self.sender, "message": text}, timeout=60
        )
        r.raise_for_status()
        return r.json()

    def tracker(self) -> dict:
        r = self.session.get(f"{self.base}/conversations/{self.sender}/tracker", timeout=60)
        r.raise_for_status()
        return r.json()


def reached(tracker: dict, expect: Iterable[Tuple[str, object]]) -> str:
    """'' when the tracker shows the state, else what differs."""
    slots = tracker.get("slots", {})
    wrong = [f"{k}={slots.get(k)!r} (wanted {v!r})" for k, v in expect if slots.get(k) != v]
    return "; ".join(wrong)


def play(base: str, state: State, item: str) -> Conversation:
    conv = Conversation(state, item, f"robust-{uuid.uuid4().hex[:12]}")
    client = _Client(base, conv.sender)
    try:
        for text in state.setup:
            conv.turns.append(Turn(text, client.say(text), False, state.lang))
        before = client.tracker()
        conv.setup_problem = reached(before, state.expect)
        conv.reached = not conv.setup_problem
        conv.cause_before = before["slots"].get("cause")
        expected = OTHER_LANG[state.lang] if item == "other_lang" else state.lang
        for text in POOL[item][state.lang]:
            conv.turns.append(Turn(text, client.say(text), True, expected))
        after = client.tracker()
        conv.cause_after = after["slots"].get("cause")
        for turn, asked in zip(conv.turns, asked_per_turn(after.get("events", []))):
            turn.asked = asked
    except Exception as exc:  # a crashed turn is reported, the run goes on
        conv.error = f"{type(exc).__name__}: {exc}"
    return conv


def run_all(base: str, states: Sequence[State], items: Sequence[str], workers: int) -> List[Conversation]:
    jobs = [(s, item) for s in states for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda job: play(base, *job), jobs))
