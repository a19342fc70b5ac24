"""One user message taken from a webhook, as both channels hand it on.

Why: the provider-specific parsers (meta/payload.py, twilio/payload.py) and the
shared processing (webhook_input) meet here, so neither needs the other's
details.
"""

from dataclasses import dataclass
from typing import Any, Dict, List, NamedTuple, Optional, Text

from channels.common.attachments import Attachment
from privacy.masking import mask_id


@dataclass
class InboundMessage:
    """A user message: text for the dialogue, a direct reply, or both."""

    sender_id: Text
    message_id: Optional[Text]
    text: Optional[Text]  # goes to the dialogue when not None
    reply: Optional[Text]  # sent straight back first when not None (in English)
    metadata: Dict[Text, Any]
    # Typed by the user rather than tapped, so it may be the number of a
    # choice offered in text (Twilio's numbered buttons).
    typed: bool = False
    # Which notice ``reply`` is (channels/common/replies.py: "sticker", "caption"...),
    # so that it goes out in the user's language.
    notice: Optional[Text] = None
    # When the webhook brought it (time.monotonic()), for the rate limit.
    received_at: Optional[float] = None
    # A text file sent with it (a campaign export): read into the text when it can
    # be fetched, else ``reply`` (the notice) stands (channels/common/attachments.py).
    attachment: Optional[Attachment] = None

    def __repr__(self) -> Text:
        return (
            f"InboundMessage({mask_id(self.sender_id)}, {self.message_id}, "
            f"dialogue={self.text is not None}, reply={self.reply is not None})"
        )


class Delivery(NamedTuple):
    """What one webhook call brought: messages, and how many status updates."""

    messages: List[InboundMessage]
    statuses: int = 0
