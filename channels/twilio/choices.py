"""Buttons on Twilio WhatsApp: numbered choices, and the user's answer mapped back.

Why: free-form Twilio messages cannot carry buttons, so they are listed as
"1. Approved / 2. Pending ..." and the user's next message, "2" or a title,
becomes that button's payload. Only the very next message counts: a later
"2" is just "2". Where the offered choices are kept (this process's memory, or
Redis shared by every instance in production mode) is choice_store's
business.
"""

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from channels.common.buttons import read_buttons
from channels.twilio.address import with_whatsapp_prefix
from channels.twilio.choice_store import ChoiceStore, MemoryChoiceStore

_CHOICE = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


def numbered_text(
    text: Text, buttons: Optional[List[Dict[Text, Any]]], hint: Text = ""
) -> Tuple[Text, List[Tuple[Text, Text]]]:
    """The message text with numbered options, and [(title, payload)]."""
    choices, links = read_buttons(buttons)
    lines = [f"{n}. {choice.title}" for n, choice in enumerate(choices, 1)]
    parts = [(text or "").strip()]
    if lines:
        parts.append("\n".join(lines))
    if links:
        parts.append("\n".join(links))
    if lines and hint:
        parts.append(hint)
    body = "\n\n".join(p for p in parts if p)
    return body, [(choice.title, choice.payload) for choice in choices]


class NumberedChoices:
    """The choices last offered to each user, until their next message."""

    def __init__(self, ttl_seconds: float, max_items: int = 20000, store: Optional[ChoiceStore] = None) -> None:
        self._offered = store if store is not None else MemoryChoiceStore(ttl_seconds, max_items)

    def offer(
        self,
        recipient_id: Text,
        text: Text,
        buttons: Optional[List[Dict[Text, Any]]],
        hint: Text = "",
    ) -> Text:
        """The text to send; remembers what "1", "2"... now mean for this user."""
        body, choices = numbered_text(text, buttons, hint)
        if choices:
            self._offered.put(with_whatsapp_prefix(recipient_id), choices)
        return body

    def resolve(self, sender_id: Text, text: Text) -> Tuple[Text, Optional[Text]]:
        """Map "2" (or a title) to the payload of the buttons last offered.

        Returns the text for the dialogue and the chosen button's title (None
        when the text was not a choice). The choices are forgotten either way.
        """
        choices = self._offered.take(with_whatsapp_prefix(sender_id))
        if not choices:
            return text, None
        match = _CHOICE.match(text)
        if match:
            index = int(match.group(1))
            if 1 <= index <= len(choices):
                title, payload = choices[index - 1]
                return payload, title
        folded = text.strip().casefold()
        for title, payload in choices:
            if title.strip().casefold() == folded:
                return payload, title
        return text, None
