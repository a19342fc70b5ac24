"""The duplicate filter: each provider message id is handled once.

Why: Meta and Twilio deliver a message again when our 200 came late or not at
all, and a redelivery must not be answered twice. Per process (see
docs/channels.md, "Limits").
"""

from typing import Optional, Text

from channels.ttl_memory import TTLSet


class DuplicateFilter:
    """Message ids seen in the last ``ttl_seconds``."""

    def __init__(self, ttl_seconds: float, max_items: int = 50000) -> None:
        self._seen = TTLSet(ttl_seconds, max_items=max_items)

    def is_new(self, message_id: Optional[Text]) -> bool:
        """True the first time an id comes; a message without an id always is."""
        return not message_id or self._seen.add_if_new(message_id)
