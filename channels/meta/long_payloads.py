"""Button payloads too long for WhatsApp's id fields, sent as short tokens.

Why: a reply button's id holds 256 characters and a list row's 200; cutting a
payload like ``inform{"details": ...}`` would corrupt it. The button carries
``tfx:<hash>`` instead and the tap is mapped back here. The map lives in
memory for a week, per process: a token from another process or from before a
restart falls back to the button's title, which NLU can usually read.
"""

import hashlib
from typing import Optional, Text

from channels.common.ttl_memory import TTLDict

LONG_PAYLOAD_PREFIX = "tfx:"


class LongPayloads:
    """Tokens for long payloads, and the payloads behind them."""

    def __init__(self, ttl_seconds: float = 7 * 24 * 3600.0, max_items: int = 20000) -> None:
        self._payloads = TTLDict(ttl_seconds, max_items=max_items)

    def button_id(self, payload: Text, limit: int) -> Text:
        """The payload itself when it fits in ``limit``, else a token for it."""
        if len(payload) <= limit:
            return payload
        token = LONG_PAYLOAD_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]
        self._payloads.set(token, payload)
        return token

    def resolve(self, reply_id: Optional[Text], title: Optional[Text]) -> Optional[Text]:
        """What a tapped button (its id and title) means to the dialogue."""
        if reply_id and reply_id.startswith(LONG_PAYLOAD_PREFIX):
            payload = self._payloads.get(reply_id)
            if payload:
                return payload
            # Sent by another process or before a restart: the title is the
            # best we have, and NLU can usually map it.
            return title or reply_id
        return reply_id or title
