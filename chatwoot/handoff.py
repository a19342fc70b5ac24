"""Handing a Chatwoot conversation to the team: the summary as a private note, then "open".

Why: with an agent bot, Chatwoot keeps the bot's conversations "pending", out of the
agents' open queue. Setting one "open" is what puts it in front of a person; the
private note beside it lets that person act without asking the user to repeat
anything. The note goes first, so it is there when an agent opens the conversation.
Once it is open, the channel stops answering it (chatwoot.events), so the bot never
talks over the person.

``ok`` is the truth the bot may tell the user: True only when Chatwoot confirmed the
status change. A note that failed while the status change worked is still a handoff
(``note_posted`` False, logged). Synchronous and bounded by the settings' retries:
run it off the event loop.
"""

import logging
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from chatwoot.client import ChatwootClient, Outcome
from chatwoot.conversation import ConversationRef
from chatwoot.settings import ChatwootSettings

logger = logging.getLogger(__name__)

MAX_NOTE_CHARS = 20000  # Chatwoot accepts far more; a summary is never near this


@dataclass
class HandoffOutcome:
    ok: bool  # the conversation is open for the team's agents
    note_posted: bool
    note: Optional[Outcome]  # None when there was no note to post
    status: Outcome
    ref: ConversationRef

    @property
    def error(self) -> Optional[str]:
        """Short, safe to log or show an agent: why the handoff (or its note) failed."""
        if not self.ok:
            return f"status not set: {self.status.error}"
        if self.note is not None and not self.note.ok:
            return f"note not posted: {self.note.error}"
        return None


def hand_off(
    settings: ChatwootSettings,
    account_id: Any,
    conversation_id: Any,
    note_text: Optional[str],
    client: Optional[ChatwootClient] = None,
) -> HandoffOutcome:
    """Post ``note_text`` as a private note, then set the conversation "open". Never raises."""
    ref = ConversationRef.of(account_id, conversation_id)
    if ref is None:
        bad = Outcome(ok=False, error="not a Chatwoot account and conversation id")
        return HandoffOutcome(False, False, None, bad, ConversationRef(str(account_id), str(conversation_id)))
    own = client is None
    client = client or ChatwootClient(settings)
    note: Optional[Outcome] = None
    try:
        text = (note_text or "").strip()
        if text:
            if len(text) > MAX_NOTE_CHARS:
                text = text[: MAX_NOTE_CHARS - 3] + "..."
            note = client.send_note(ref, text)
        status = client.set_status(ref, "open")
    except Exception as exc:  # the client does not raise; this is a last guard for the action
        status = Outcome(ok=False, error=f"unexpected {type(exc).__name__}")
    finally:
        if own:
            client.close()
    outcome = HandoffOutcome(status.ok, bool(note and note.ok), note, status, ref)
    if outcome.ok:
        logger.info(
            "Chatwoot: conversation %s/%s handed to the team (note %s).",
            ref.account_id,
            ref.conversation_id,
            "posted" if outcome.note_posted else "not posted",
        )
    else:
        logger.warning(
            "Chatwoot: handing conversation %s/%s to the team FAILED: %s",
            ref.account_id,
            ref.conversation_id,
            outcome.error,
        )
    return outcome


def handoff_from_metadata(
    metadata: Any,
    note_text: Optional[str],
    sender_id: Optional[str] = None,
    env: Optional[Mapping[str, str]] = None,
    client: Optional[ChatwootClient] = None,
) -> Optional[HandoffOutcome]:
    """The handoff for an action: ``None`` when this is not a Chatwoot conversation or
    Chatwoot is not configured; otherwise ``hand_off``'s outcome.

    The conversation comes from the message metadata the Chatwoot channel sets
    (``metadata["chatwoot"]``), else from the sender id ``chatwoot:<account>:<conversation>``.
    """
    ref = ConversationRef.from_metadata(metadata) or ConversationRef.from_sender_id(sender_id)
    if ref is None:
        return None
    settings = ChatwootSettings.from_env(env)
    if settings is None:
        logger.warning(
            "Chatwoot: conversation %s/%s asked for a person, but CHATWOOT_URL or CHATWOOT_BOT_TOKEN is not set here.",
            ref.account_id,
            ref.conversation_id,
        )
        return None
    return hand_off(settings, ref.account_id, ref.conversation_id, note_text, client=client)
