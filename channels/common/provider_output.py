"""Sending a bot's texts and images through a provider's messages API.

Why one base class: Meta and Twilio take differently shaped requests, but a
long text must be split to the provider's limit on both, and an image the
provider refuses (a link it cannot fetch) should still reach the user as its
URL.

Words the channel adds itself (a list's "Choose", Twilio's "Reply with a
number.") are in the recipient's language when ``languages`` can tell it
(channels/common/reply_language.py), else in English.
"""

from typing import Any, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel

from diagnosis.language import DEFAULT_LANG

from channels.common.http_sender import BlockingSender, SendResult
from channels.common.reply_language import SenderLanguages
from channels.common.settings import ChannelConfig
from channels.common.text_limits import split_text


class ProviderOutput(OutputChannel):
    """Base of the WhatsApp and Twilio output channels.

    A subclass sets ``text_limit`` and says how one text chunk and one image
    look to its API (``text_message``, ``image_message``) and how a message
    is posted (``post_message``).
    """

    text_limit: int = 0
    # Looks up a recipient's language; set by the input channel (webhook_input).
    languages: Optional[SenderLanguages] = None

    def __init__(self, config: ChannelConfig, sender: BlockingSender) -> None:
        self.config = config
        self._sender = sender

    async def language(self, recipient_id: Text) -> Text:
        """The recipient's language, English when it cannot be told."""
        if self.languages is None:
            return DEFAULT_LANG
        return await self.languages.of(recipient_id)

    def text_message(self, text: Text) -> Dict[Text, Any]:
        raise NotImplementedError

    def image_message(self, url: Text) -> Dict[Text, Any]:
        raise NotImplementedError

    async def post_message(self, recipient_id: Text, message: Dict[Text, Any]) -> SendResult:
        raise NotImplementedError

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for chunk in split_text(text, self.text_limit):
            await self.post_message(recipient_id, self.text_message(chunk))

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        result = await self.post_message(recipient_id, self.image_message(image))
        if not result.ok and result.status is not None and result.status < 500:
            # e.g. a link the provider cannot fetch: at least give the user the URL.
            await self.send_text_message(recipient_id, image)
