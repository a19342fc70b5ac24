"""The Chatwoot channel's output: the bot's messages posted to the conversation.

Why a module of its own: replies go out through Chatwoot's API (chatwoot/client.py) off
the event loop, and buttons become input_select options or numbered choices depending on
the kind of inbox (chatwoot/buttons.py), which the input channel remembers per conversation.
"""

import logging
from collections import OrderedDict
from typing import Any, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel

from diagnosis.language import DEFAULT_LANG, say
from diagnosis.platform import platform

from channels.common.reply_language import SenderLanguages
from channels.common.text_limits import split_text
from chatwoot.buttons import numbered_text, options_message, read_buttons, shows_options
from chatwoot.choices import OfferedChoices
from chatwoot.client import ChatwootClient, Outcome
from chatwoot.conversation import ConversationRef
from privacy.masking import mask_id

logger = logging.getLogger(__name__)

# One Chatwoot message at most this long (WhatsApp's limit: most inboxes forward there).
TEXT_LIMIT = platform().messages.text_body


class InboxKinds:
    """Which kind of inbox ("Channel::Whatsapp"...) each conversation is in, last seen."""

    def __init__(self, max_items: int = 20000) -> None:
        self._kinds: "OrderedDict[str, str]" = OrderedDict()
        self.max_items = max_items

    def remember(self, sender_id: str, kind: Optional[str]) -> None:
        if kind:
            self._kinds.pop(sender_id, None)
            self._kinds[sender_id] = kind
            while len(self._kinds) > self.max_items:
                self._kinds.popitem(last=False)

    def of(self, sender_id: str) -> Optional[str]:
        return self._kinds.get(sender_id)


class ChatwootOutput(OutputChannel):
    """Posts the bot's messages to the Chatwoot conversation named by the sender id."""

    # Looks up a recipient's language (for "Reply with a number."); set by the input channel.
    languages: Optional[SenderLanguages] = None

    @classmethod
    def name(cls) -> Text:
        return "chatwoot"

    def __init__(
        self,
        client: ChatwootClient,
        choices: OfferedChoices,
        inboxes: InboxKinds,
        run: Callable[..., Any],
    ) -> None:
        self.client = client
        self.choices = choices
        self.inboxes = inboxes
        self._run = run  # runs a blocking call in the channel's thread pool

    async def language(self, recipient_id: Text) -> Text:
        if self.languages is None:
            return DEFAULT_LANG
        return await self.languages.of(recipient_id)

    async def post(self, recipient_id: Text, content: Text, **fields: Any) -> Optional[Outcome]:
        ref = ConversationRef.from_sender_id(recipient_id)
        if ref is None:
            logger.error("Chatwoot: %s is not a Chatwoot conversation; message not sent.", mask_id(recipient_id))
            return None
        return await self._run(self.client.send_message, ref, content, **fields)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for chunk in split_text(text, TEXT_LIMIT):
            await self.post(recipient_id, chunk)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        # Chatwoot takes attachments only as file uploads: the link is what the user gets.
        await self.send_text_message(recipient_id, image)

    async def send_attachment(self, recipient_id: Text, attachment: Any, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, str(attachment))

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        choices, links = read_buttons(buttons)
        if not choices:
            await self.send_text_message(recipient_id, "\n\n".join(p for p in [text, "\n".join(links)] if p))
            return
        if shows_options(self.inboxes.of(recipient_id)):
            fields = options_message(text, choices, links)
            self.choices.offer(recipient_id, choices, numbered=False)
            await self.post(recipient_id, fields.pop("content"), **fields)
            return
        hint = say("channel.number_hint", await self.language(recipient_id))
        self.choices.offer(recipient_id, choices, numbered=True)
        await self.send_text_message(recipient_id, numbered_text(text, choices, links, hint))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """A Chatwoot message body ({"content", "content_type", "content_attributes"}) or {"text"}."""
        if isinstance(json_message, dict) and isinstance(json_message.get("content"), str):
            extra = {k: json_message[k] for k in ("content_type", "content_attributes") if k in json_message}
            await self.post(recipient_id, json_message["content"], **extra)
        elif isinstance(json_message, dict) and isinstance(json_message.get("text"), str):
            await self.send_text_message(recipient_id, json_message["text"])
        else:
            keys = sorted(json_message) if isinstance(json_message, dict) else []
            logger.warning("Chatwoot: custom message with keys %s has no content; not sent.", keys)
