"""The JSON body of a handoff notification.

Why: the person who takes over must act without rereading the chat or asking the
user to repeat anything: who (conversation id, channel, language), why (the person
was asked for, or the likely causes ran out), what is known (problem, causes tried,
findings, answers to the follow-up questions, the summary the user saw), the last
messages, and where to answer (the agent view's link).

The body carries an ``id``: a receiver may get the same notification twice (a try
that timed out may still have arrived), and can drop the repeat by it.
"""

import json
import uuid
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence
from urllib.parse import quote

SCHEMA_VERSION = 1
MAX_MESSAGES = 10
MAX_TEXT = 1000  # characters per message or summary field: a pasted JSON can be long


def _clip(text: Any, limit: int = MAX_TEXT) -> str:
    value = str(text or "")
    return value if len(value) <= limit else value[: limit - 3] + "..."


def _iso(when: Any) -> Optional[str]:
    if isinstance(when, (int, float)):
        return datetime.fromtimestamp(float(when), timezone.utc).isoformat(timespec="seconds")
    if isinstance(when, datetime):
        return when.astimezone(timezone.utc).isoformat(timespec="seconds")
    return None


def agent_link(agent_url: Optional[str], conversation_id: str) -> Optional[str]:
    """``<TICKFIX_AGENT_URL>/agent/conversations/<id>``, or ``None`` when no agent view is set."""
    if not agent_url:
        return None
    return f"{agent_url.rstrip('/')}/agent/conversations/{quote(str(conversation_id), safe='')}"


def last_messages(messages: Iterable[Mapping[str, Any]], limit: int = MAX_MESSAGES) -> List[Dict[str, Any]]:
    """The last ``limit`` messages as ``{"from": "user"|"bot", "text", "at"}``, oldest first."""
    out = []
    for message in messages:
        text = message.get("text")
        if not text:
            continue
        out.append(
            {
                "from": "user" if message.get("from") == "user" else "bot",
                "text": _clip(text),
                "at": _iso(message.get("at")),
            }
        )
    return out[-limit:] if limit > 0 else []


def build_notification(
    *,
    conversation_id: str,
    channel: Optional[str],
    language: str,
    reason: str,
    problem: Optional[str],
    causes_tried: Sequence[Mapping[str, str]] = (),
    findings: Sequence[str] = (),
    answers: Optional[Mapping[str, Any]] = None,
    summary_text: Optional[str] = None,
    messages: Iterable[Mapping[str, Any]] = (),
    agent_url: Optional[str] = None,
    now: Optional[datetime] = None,
    notification_id: Optional[str] = None,
) -> Dict[str, Any]:
    """The notification as a dict.

    Fields: type, version, id (the same on every try: drop repeats by it), sent_at,
    conversation_id, channel, language, reason ("user_asked", "causes_ran_out" or "fix_did_not_work"),
    summary {problem, causes_tried, findings, answers, text (as the user saw it)},
    last_messages [{from, text, at}], agent_url (``None`` without TICKFIX_AGENT_URL).
    ``causes_tried``: ``[{"id": ..., "title": ...}]``; ``messages``: dicts with
    ``from`` ("user"/"bot"), ``text`` and ``at`` (epoch seconds or datetime).
    """
    return {
        "type": "tickfix.handoff",
        "version": SCHEMA_VERSION,
        "id": notification_id or uuid.uuid4().hex,
        "sent_at": _iso(now or datetime.now(timezone.utc)),
        "conversation_id": str(conversation_id),
        "channel": channel or None,
        "language": language,
        "reason": reason,
        "summary": {
            "problem": _clip(problem) if problem else None,
            "causes_tried": [
                {"id": str(c.get("id")), "title": str(c.get("title") or c.get("id"))} for c in causes_tried
            ],
            "findings": [_clip(f) for f in findings],
            "answers": dict(answers or {}),
            "text": _clip(summary_text, 4000) if summary_text else None,
        },
        "last_messages": last_messages(messages),
        "agent_url": agent_link(agent_url, conversation_id),
    }


def encode_body(notification: Mapping[str, Any]) -> bytes:
    """The exact bytes sent and signed: compact UTF-8 JSON, keys in the order built."""
    return json.dumps(notification, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
