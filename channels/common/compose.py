"""One turn's replies, composed into at most a few WhatsApp-sized messages.

Why: the dialogue may produce five or six small utterances in one turn (a finding,
the next cause, a question); on WhatsApp that is a wall of bubbles. The channel
gathers a turn's messages and sends consecutive texts as one message, a text
followed by its buttons as one message, as long as each fits the limits of the
providers (WhatsApp's sizes of a text and of a message with buttons, `messages` in
diagnosis/knowledge_base/platform.yaml). Nothing is dropped or reworded; only the boundaries between bubbles move.
"""

import re
from typing import Any, Dict, List, Text

from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel
from rasa.core.channels.socketio import SocketIOOutput

from diagnosis.platform import platform

from channels.common.delegating import DelegatingOutputChannel

# WhatsApp's message size limits (platform.yaml `messages`), the tightest of the providers'
TEXT_LIMIT = platform().messages.text_body
INTERACTIVE_BODY_LIMIT = platform().messages.interactive_body

JOIN = "\n\n"
# What a message may carry besides text (Rasa's bot message also holds a timestamp
# and metadata, which are not content).
_CONTENT = ("buttons", "quick_replies", "image", "attachment", "elements", "custom")


def _carries(message: Dict[Text, Any]) -> set:
    return {k for k in _CONTENT if message.get(k)}


def _is_plain(message: Dict[Text, Any]) -> bool:
    return bool(message.get("text")) and not _carries(message)


def _has_buttons(message: Dict[Text, Any]) -> bool:
    return bool(message.get("text")) and _carries(message) == {"buttons"}


def compose(messages: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """Consecutive texts joined; texts before a buttons message folded into it when they fit."""
    out: List[Dict[Text, Any]] = []
    for message in messages:
        last = out[-1] if out else None
        if last is not None and _is_plain(last):
            joined = last["text"] + JOIN + (message.get("text") or "")
            if _is_plain(message) and len(joined) <= TEXT_LIMIT:
                out[-1] = dict(last, text=joined)
                continue
            if _has_buttons(message) and len(joined) <= INTERACTIVE_BODY_LIMIT:
                out[-1] = dict(message, text=joined)
                continue
        out.append(dict(message))
    return out


class ComposingOutputChannel(DelegatingOutputChannel):
    """Holds a turn's messages and sends them composed at `flush`."""

    def __init__(self, inner: OutputChannel) -> None:
        super().__init__(inner)
        self.held: List[Dict[Text, Any]] = []
        self.recipient: Text = ""

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.recipient = recipient_id
        self.held.append(dict(message))

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def flush(self) -> int:
        """Send what the turn said, composed; returns how many messages went out."""
        held, self.held = self.held, []
        composed = compose(held)
        for message in composed:
            await self._send(message)
        return len(composed)

    async def _send(self, message: Dict[Text, Any]) -> None:
        inner = self.inner
        if isinstance(inner, CollectingOutputChannel) and _is_plain_or_buttons(message):
            # Rasa's REST collector would cut a text at every blank line into separate
            # messages, undoing the composition: store the message whole.
            await inner._persist_message(
                inner._message(self.recipient, text=message.get("text"), buttons=message.get("buttons"))
            )
            return
        if isinstance(inner, SocketIOOutput) and _is_plain_or_buttons(message):
            # The widget too would cut at blank lines; and it reads Markdown, where
            # WhatsApp's *bold* is italics.
            shown: Dict[Text, Any] = {"text": widget_markdown(message["text"])}
            if message.get("buttons"):
                shown["quick_replies"] = [
                    {"content_type": "text", "title": b.get("title"), "payload": b.get("payload")}
                    for b in message["buttons"]
                ]
            await inner._send_message(self.recipient, shown)
            return
        await inner.send_response(self.recipient, message)


_WHATSAPP_BOLD = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")


def widget_markdown(text: Text) -> Text:
    """WhatsApp formatting as the widget's Markdown shows it: *bold* -> **bold**."""
    return _WHATSAPP_BOLD.sub(r"**\1**", text)


def _is_plain_or_buttons(message: Dict[Text, Any]) -> bool:
    return _is_plain(message) or _has_buttons(message)
