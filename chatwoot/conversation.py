"""Which Chatwoot conversation a Rasa conversation is: ``chatwoot:<account>:<conversation>``.

Why: Rasa keys a conversation by one sender id, Chatwoot by an account and a
conversation number. One stable sender id per Chatwoot conversation lets the output
channel know where to post a reply, and lets an action (the handoff) find the
conversation again from the tracker's sender id or the message metadata, without
asking Chatwoot. The ids are checked to be plain numbers, so they are safe in an
API path.
"""

import re
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional

from contracts.metadata import CHATWOOT

PREFIX = "chatwoot"

_ID = re.compile(r"^\d{1,18}$")


def as_id(value: Any) -> Optional[str]:
    """A Chatwoot id (integer, or its digits as text) as text; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str) and _ID.match(value.strip()):
        return value.strip()
    return None


@dataclass(frozen=True)
class ConversationRef:
    account_id: str
    conversation_id: str  # Chatwoot's conversation number (display id), as in its API paths

    @property
    def sender_id(self) -> str:
        return f"{PREFIX}:{self.account_id}:{self.conversation_id}"

    def as_metadata(self) -> Dict[str, str]:
        return {"account_id": self.account_id, "conversation_id": self.conversation_id}

    @classmethod
    def of(cls, account_id: Any, conversation_id: Any) -> "Optional[ConversationRef]":
        account, conversation = as_id(account_id), as_id(conversation_id)
        if account is None or conversation is None:
            return None
        return cls(account, conversation)

    @classmethod
    def from_sender_id(cls, sender_id: Any) -> "Optional[ConversationRef]":
        if not isinstance(sender_id, str):
            return None
        parts = sender_id.split(":")
        if len(parts) != 3 or parts[0] != PREFIX:
            return None
        return cls.of(parts[1], parts[2])

    @classmethod
    def from_metadata(cls, metadata: Any) -> "Optional[ConversationRef]":
        """From a message's metadata as the Chatwoot channel sets it (``metadata[CHATWOOT]``)."""
        if not isinstance(metadata, Mapping):
            return None
        inner = metadata.get(CHATWOOT)
        if not isinstance(inner, Mapping):
            return None
        return cls.of(inner.get("account_id"), inner.get("conversation_id"))
