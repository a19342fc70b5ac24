"""What the user said in this case, read back from the tracker's events.

Why: the handoff summary is for a person who did not read the chat. The `problem_text`
slot holds the text the last diagnosis read (a detail given later, when it switched the
cause), so the first report and the user's own later words come from the events: since
the conversation (re)started, without button payloads or a bare "yes"/"no"; a paste the
channel cut for the NLU is read whole.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List

from rasa_sdk import Tracker

from diagnosis.conversation.turns import read_turn

from actions.language import is_a_button
from contracts.metadata import UserHints

# The events after which a new case starts.
_CASE_STARTS = frozenset({"action_start_over", "action_restart", "action_session_start"})
# Turns that carry no fact for a person (a "yes", "thanks", "ok").
_EMPTY_TURNS = frozenset(
    {"affirm", "deny", "thank", "acknowledge", "greet", "goodbye", "solved", "dont_know", "ask_human", "start_over"}
)
# A button picked by its number ("2"), or a rating.
_A_PICK = re.compile(r"\d{1,2}")


def _case_events(events: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    case: List[Dict[str, Any]] = []
    for event in events or []:
        if event.get("event") == "action" and event.get("name") in _CASE_STARTS:
            case = []
        elif event.get("event") in ("restart", "session_started"):
            case = []
        else:
            case.append(event)
    return case


def user_words(tracker: Tracker) -> List[str]:
    """The user's messages in this case that say something, oldest first."""
    out: List[str] = []
    for event in _case_events(tracker.events):
        if event.get("event") != "user":
            continue
        text = (UserHints.read(event.get("metadata")).full_text or event.get("text") or "").strip()
        if not text or is_a_button(text) or _A_PICK.fullmatch(text):
            continue
        turn = read_turn(text)
        if turn is not None and turn.kind in _EMPTY_TURNS:
            continue
        out.append(text)
    return out


def said_before(tracker: Tracker, text: str) -> bool:
    """Has the bot already said `text` in this conversation (a note said once)?"""
    return any(e.get("event") == "bot" and e.get("text") == text for e in tracker.events or [])
