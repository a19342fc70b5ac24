"""How much of a user's message reaches the dialogue: at most one WhatsApp text message.

Why: Rasa's NLU (DIET, a transformer) needs memory that grows with the square
of a message's length in words. Measured here with Tickfix's model: 1,000 words
cost 0.1 GB more, 2,000 words 0.4 GB, and one 100 KB paste of ordinary words
(16,000 of them) made the Rasa server grow to 21 GB until the kernel killed
it: one message from one user took the bot down for everyone.

The cut is WhatsApp's own limit for a text message (4,096 characters, `messages.text_body`
in diagnosis/knowledge_base/platform.yaml), and most error texts fit in it. A longer
paste (a whole log, a big webhook payload) is cut before NLU sees it, but its full text
(up to ``MAX_KEPT_CHARS``) travels in the message's metadata as ``full_text``: the
diagnosis reads all of it, and the tracker keeps it.
"""

import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Dict, Tuple

from diagnosis.platform import platform

from contracts.metadata import FULL_TEXT

if TYPE_CHECKING:  # pragma: no cover
    from rasa.core.channels.channel import UserMessage

logger = logging.getLogger(__name__)

MAX_DIALOGUE_CHARS = platform().messages.text_body
MAX_KEPT_CHARS = 200_000
FULL_TEXT_KEY = FULL_TEXT  # the name other modules and tests know it by


def clip(text: Any) -> Any:
    """The text cut to ``MAX_DIALOGUE_CHARS``; anything else unchanged."""
    if not isinstance(text, str) or len(text) <= MAX_DIALOGUE_CHARS:
        return text
    logger.info("A message of %d characters was cut to %d before NLU.", len(text), MAX_DIALOGUE_CHARS)
    return text[:MAX_DIALOGUE_CHARS]


def clip_keeping(text: Any, metadata: Any) -> Tuple[Any, Dict[str, Any]]:
    """(the text cut for NLU, the metadata with the whole text as ``full_text`` when cut)."""
    metadata = metadata if isinstance(metadata, dict) else {}
    clipped = clip(text)
    if clipped is not text:
        metadata = {**metadata, FULL_TEXT: text[:MAX_KEPT_CHARS]}
    return clipped, metadata


def clip_handler(
    on_new_message: Callable[["UserMessage"], Awaitable[Any]],
) -> Callable[["UserMessage"], Awaitable[Any]]:
    """Rasa's message handler, clipping each message's text first."""

    async def clipped(message: "UserMessage") -> Any:
        text, metadata = clip_keeping(message.text, message.metadata)
        if text is not message.text:
            message.text, message.metadata = text, metadata
        return await on_new_message(message)

    return clipped
