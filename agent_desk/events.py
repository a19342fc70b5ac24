"""The events an agent's reply and a hand-back append to a conversation.

Why: the conversation's history is the one record of what the user was told. A
person's reply is stored like a bot message (Rasa's ``bot`` event) so every
channel, export and later reader sees it in order, with metadata marking it as
written by a person; a hand-back stores Rasa's ``resume`` event, clears the
``handed_off`` slot and logs ``action_listen`` (the pause ended the turn without
one), so the next user message is read by the bot with every other slot kept.
Events are plain dicts in the tracker's JSON form; the channel turns them into
Rasa events (``Event.from_parameters``).
"""

import time
from typing import Any, Dict, List, Mapping, Optional, Tuple

from diagnosis.platform import platform

from contracts.metadata import AGENT_DELIVERY, AGENT_FROM, AGENT_MARK, AGENT_NAME

# WhatsApp's limit for one text message (platform.yaml); longer replies are refused, not cut.
MAX_REPLY_CHARS = platform().messages.text_body
MAX_AGENT_NAME_CHARS = 80


def clean_reply_text(text: Any) -> Tuple[Optional[str], Optional[str]]:
    """(the reply to send, None) or (None, why it cannot be sent)."""
    if not isinstance(text, str):
        return None, "`text` must be a string"
    value = text.strip()
    if not value:
        return None, "`text` must not be empty"
    if len(value) > MAX_REPLY_CHARS:
        return None, f"`text` is too long (at most {MAX_REPLY_CHARS} characters)"
    return value, None


def agent_reply_event(
    text: str, agent: Optional[str] = None, now: Optional[float] = None, delivery: Optional[str] = None
) -> Dict[str, Any]:
    """A ``bot`` event with the person's text; its metadata marks it as theirs.

    ``delivery``: how it reached the user ("whatsapp", "tracker only"...), kept for the record.
    """
    metadata: Dict[str, Any] = {AGENT_MARK: True, AGENT_FROM: "person"}
    if agent:
        metadata[AGENT_NAME] = str(agent)[:MAX_AGENT_NAME_CHARS]
    if delivery:
        metadata[AGENT_DELIVERY] = delivery
    return {
        "event": "bot",
        "text": text,
        "timestamp": time.time() if now is None else now,
        "data": {},
        "metadata": metadata,
    }


def resume_events(now: Optional[float] = None) -> List[Dict[str, Any]]:
    """Hand back to the bot: resume, ``handed_off`` false, listen."""
    at = time.time() if now is None else now
    return [
        {"event": "resume", "timestamp": at},
        {"event": "slot", "name": "handed_off", "value": False, "timestamp": at},
        {"event": "action", "name": "action_listen", "timestamp": at},
    ]


def is_agent_reply(event: Mapping[str, Any]) -> bool:
    """True for a ``bot`` event written by a person (agent_reply_event)."""
    if not isinstance(event, Mapping) or event.get("event") != "bot":
        return False
    metadata = event.get("metadata")
    return isinstance(metadata, Mapping) and metadata.get(AGENT_MARK) is True
