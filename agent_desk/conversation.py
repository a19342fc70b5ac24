"""A stored conversation, read into what the person taking over needs.

Why: Rasa keeps a conversation as its tracker, a list of events; a person answering
it needs something else: is it waiting for a person and since when, on which channel
(so the reply reaches the user there), in which language, what the bot found out (the
summary from ``problem_text``, ``tried_causes``, ``findings``) and what was said, a
user's long paste whole (metadata ``full_text``) and the replies other people already
sent. Input is the tracker's JSON (``tracker.current_state()``: plain dicts), so this
is read the same from the tracker store, Rasa's HTTP API or a test.

A conversation is waiting for a person when its ``handed_off`` slot is true and it is
paused (``action_handoff`` does both when a person can answer).
"""

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence

from diagnosis.language import has, say

from agent_desk.events import is_agent_reply
from contracts.metadata import AGENT_NAME, UserHints

HANDED_OFF_SLOT = "handed_off"
LANGUAGE_SLOT = "language"

# Events that end a pause (Rasa resets the tracker on a restart or a new session).
_UNPAUSING = ("resume", "restart", "session_started")


@dataclass(frozen=True)
class Message:
    """One line of the transcript: ``role`` is "user", "bot" or "agent" (a person)."""

    role: str
    text: str
    at: Optional[float] = None
    agent: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"from": self.role, "text": self.text, "at": self.at}
        if self.agent:
            out["agent"] = self.agent
        return out


@dataclass(frozen=True)
class Summary:
    """What the bot found out: the problem, the causes it tried, what it learned."""

    problem: Optional[str] = None
    causes_tried: Sequence[Dict[str, str]] = ()
    findings: Sequence[str] = ()

    def to_dict(self) -> Dict[str, Any]:
        return {
            "problem": self.problem,
            "causes_tried": [dict(c) for c in self.causes_tried],
            "findings": list(self.findings),
        }


@dataclass(frozen=True)
class Conversation:
    id: str
    channel: Optional[str]
    language: Optional[str]
    handed_off: bool
    paused: bool
    waiting_since: Optional[float]
    last_user_message_at: Optional[float]
    summary: Summary
    transcript: Sequence[Message] = field(default_factory=tuple)

    @property
    def waiting(self) -> bool:
        """Waiting for a person: handed off and paused."""
        return self.handed_off and self.paused

    @property
    def agent_replies(self) -> List[Message]:
        return [m for m in self.transcript if m.role == "agent"]

    def to_dict(self, transcript: bool = True, display_id: Optional[str] = None) -> Dict[str, Any]:
        out: Dict[str, Any] = {
            "id": self.id,
            "display_id": display_id if display_id is not None else self.id,
            "channel": self.channel,
            "language": self.language,
            "waiting": self.waiting,
            "handed_off": self.handed_off,
            "paused": self.paused,
            "waiting_since": self.waiting_since,
            "last_user_message_at": self.last_user_message_at,
            "summary": self.summary.to_dict(),
            "agent_replies": len(self.agent_replies),
        }
        if transcript:
            out["transcript"] = [m.to_dict() for m in self.transcript]
        return out


def _number(value: Any) -> Optional[float]:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def cause_title(cause_id: str) -> str:
    """The cause's English title from the wording catalogue, else its id."""
    key = f"causes.{cause_id}.title"
    try:
        return say(key, "en") if has(key) else cause_id
    except Exception:
        return cause_id


def read_summary(slots: Mapping[str, Any]) -> Summary:
    problem = slots.get("problem_text")
    tried = slots.get("tried_causes") or []
    findings = slots.get("findings") or []
    return Summary(
        problem=problem.strip() if isinstance(problem, str) and problem.strip() else None,
        causes_tried=tuple(
            {"id": str(c), "title": cause_title(str(c))} for c in (tried if isinstance(tried, list) else [])
        ),
        findings=tuple(str(f) for f in (findings if isinstance(findings, list) else []) if f),
    )


def transcript(events: Sequence[Mapping[str, Any]]) -> List[Message]:
    """The user's, the bot's and people's messages, oldest first.

    A user message cut for NLU by the channel is shown whole (metadata ``full_text``).
    """
    out: List[Message] = []
    for event in events:
        if not isinstance(event, Mapping):
            continue
        kind = event.get("event")
        if kind not in ("user", "bot"):
            continue
        text = event.get("text")
        metadata = event.get("metadata") if isinstance(event.get("metadata"), Mapping) else {}
        if kind == "user":
            text = UserHints.read(metadata).full_text or text
        if not isinstance(text, str) or not text:
            continue
        at = _number(event.get("timestamp"))
        if kind == "user":
            out.append(Message("user", text, at))
        elif is_agent_reply(event):
            agent = metadata.get(AGENT_NAME)
            out.append(Message("agent", text, at, agent if isinstance(agent, str) else None))
        else:
            out.append(Message("bot", text, at))
    return out


def _pause_state(events: Sequence[Mapping[str, Any]]) -> "tuple[bool, Optional[float]]":
    """(paused, when the current pause began) as the events tell it."""
    paused, since = False, None
    for event in events:
        if not isinstance(event, Mapping):
            continue
        kind = event.get("event")
        if kind == "pause":
            if not paused:
                since = _number(event.get("timestamp"))
            paused = True
        elif kind in _UNPAUSING:
            paused, since = False, None
    return paused, since


def _latest_input_channel(state: Mapping[str, Any], events: Sequence[Mapping[str, Any]]) -> Optional[str]:
    channel = state.get("latest_input_channel")
    if isinstance(channel, str) and channel:
        return channel
    for event in reversed(events):
        if isinstance(event, Mapping) and event.get("event") == "user":
            value = event.get("input_channel")
            if isinstance(value, str) and value:
                return value
    return None


def read_conversation(state: Mapping[str, Any], conversation_id: Optional[str] = None) -> Conversation:
    """The conversation of a tracker's JSON (``sender_id``, ``slots``, ``events``, ``paused``)."""
    events = [e for e in (state.get("events") or []) if isinstance(e, Mapping)]
    slots = state.get("slots") if isinstance(state.get("slots"), Mapping) else {}
    paused, since = _pause_state(events)
    if isinstance(state.get("paused"), bool):
        paused = state["paused"]  # Rasa's own reading wins when it is given
        since = since if paused else None
    language = slots.get(LANGUAGE_SLOT)
    user_times = [_number(e.get("timestamp")) for e in events if e.get("event") == "user"]
    user_times = [t for t in user_times if t is not None]
    return Conversation(
        id=str(conversation_id if conversation_id is not None else state.get("sender_id", "")),
        channel=_latest_input_channel(state, events),
        language=language if isinstance(language, str) else None,
        handed_off=slots.get(HANDED_OFF_SLOT) is True,
        paused=paused,
        waiting_since=since,
        last_user_message_at=max(user_times) if user_times else None,
        summary=read_summary(slots),
        transcript=tuple(transcript(events)),
    )


def newest_first(conversations: Sequence[Conversation]) -> List[Conversation]:
    """Sorted by when they started waiting, the newest first (unknown times last)."""
    return sorted(conversations, key=lambda c: (c.waiting_since is not None, c.waiting_since or 0.0), reverse=True)
