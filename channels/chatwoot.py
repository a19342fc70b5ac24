"""Chatwoot input channel for Rasa 3.6: Tickfix as a Chatwoot Agent Bot.

credentials.yml::

    channels.chatwoot.ChatwootInput:

Settings come from there or from the environment: CHATWOOT_URL and CHATWOOT_BOT_TOKEN
(required: without them the channel stays off, one log line says so and the route
answers 503), CHATWOOT_WEBHOOK_TOKEN (the route's secret), CHATWOOT_ACCOUNT_ID
(optional: events of other accounts are ignored), CHATWOOT_REQUEST_TIMEOUT,
CHATWOOT_MAX_ATTEMPTS, CHATWOOT_RETRY_BASE_DELAY, CHATWOOT_RETRY_MAX_DELAY.

Webhook: ``POST /webhooks/chatwoot/webhook?token=<CHATWOOT_WEBHOOK_TOKEN>``, the agent
bot's "Webhook URL" in Chatwoot. Chatwoot does not sign agent-bot webhooks, so the
token in the URL is what keeps strangers from speaking as any contact: it is compared
in constant time, and while CHATWOOT_WEBHOOK_TOKEN is unset every call is refused (403).

Each Chatwoot conversation is one Rasa conversation, sender id
``chatwoot:<account>:<conversation>``; the message metadata carries
``{"chatwoot": {"account_id", "conversation_id", ...}}`` so an action can hand off
(``chatwoot.handoff_from_metadata``). What is answered and what is ignored is in
chatwoot/events.py; what the channel shares with the WhatsApp ones (200 at once,
redeliveries skipped, one user's messages in order, never silent) in webhook_input.
Replies go out through Chatwoot's API (chatwoot/client.py) off the event loop; buttons
become input_select options or numbered choices (chatwoot/buttons.py).
"""

import asyncio
import concurrent.futures
import hmac
import json
import logging
from collections import OrderedDict
from typing import Any, Callable, Dict, List, Optional, Text, Tuple

from rasa.core.channels.channel import OutputChannel
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from diagnosis.language import DEFAULT_LANG, say

from channels.inbound import Delivery, InboundMessage
from channels.phone_metadata import user_metadata
from channels.replies import CAPTION, notice
from channels.reply_language import SenderLanguages
from channels.settings import ChannelConfig, Credentials
from channels.text_limits import split_text
from channels.webhook_input import WebhookInput
from chatwoot.buttons import numbered_text, options_message, read_buttons, shows_options
from chatwoot.choices import OfferedChoices
from chatwoot.client import ChatwootClient, Outcome
from chatwoot.conversation import METADATA_KEY, ConversationRef
from chatwoot.events import ChatwootMessage, Ignored, parse_event
from chatwoot.settings import ChatwootSettings
from privacy.masking import mask_id

logger = logging.getLogger(__name__)

# One Chatwoot message at most this long (WhatsApp's limit: most inboxes forward there).
TEXT_LIMIT = 4096

# Chatwoot's attachment file types -> the channel's notice kinds (channels/replies.py).
ATTACHMENT_NOTICES = {
    "image": "image", "audio": "audio", "video": "video", "file": "document",
    "location": "location", "contact": "contacts", "fallback": "default",
}


class ChatwootConfig(ChannelConfig):
    """Resolved settings of the Chatwoot channel (CHATWOOT_* in the environment)."""

    env_prefix = "CHATWOOT"
    required = ("url", "bot_token")

    def __init__(self, credentials: Credentials = None) -> None:
        super().__init__(credentials)
        self.url: Optional[str] = self.text("url")
        self.bot_token: Optional[str] = self.text("bot_token")
        self.account_id: Optional[str] = self.text("account_id")
        self.webhook_token: Optional[str] = self.text("webhook_token")
        self.choices_ttl = self.number("choices_ttl", 24 * 3600.0, 1.0)
        self.max_attempts = int(self.number("max_attempts", 3, 1))

    def settings(self) -> Optional[ChatwootSettings]:
        if not self.enabled:
            return None
        return ChatwootSettings(
            url=(self.url or "").rstrip("/"),
            bot_token=self.bot_token or "",
            account_id=self.account_id,
            webhook_token=self.webhook_token,
            request_timeout=self.request_timeout,
            max_attempts=self.max_attempts,
            retry_base_delay=self.retry_base_delay,
            retry_max_delay=self.retry_max_delay,
        )


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


class ChatwootInput(WebhookInput):
    """Receives Chatwoot's agent-bot webhooks."""

    log_name = "Chatwoot"
    title = "Chatwoot"
    config_class = ChatwootConfig
    config: ChatwootConfig

    @classmethod
    def name(cls) -> Text:
        return "chatwoot"

    @classmethod
    def from_credentials(cls, credentials: Credentials) -> "ChatwootInput":
        channel = super().from_credentials(credentials)
        assert isinstance(channel, ChatwootInput)
        if channel.enabled and not channel.config.webhook_token:
            logger.warning(
                "Chatwoot: CHATWOOT_WEBHOOK_TOKEN is not set: every webhook call is refused (403) "
                "until it is (give Chatwoot the URL .../webhooks/chatwoot/webhook?token=<it>)."
            )
        return channel

    def __init__(self, config: Optional[ChatwootConfig] = None) -> None:
        config = config or ChatwootConfig()
        super().__init__(config, sender=None)  # type: ignore[arg-type]  # replies go through self.client
        settings = config.settings()
        self.settings = settings
        self.client = ChatwootClient(settings) if settings is not None else None
        self.choices = OfferedChoices(config.choices_ttl)
        self.inboxes = InboxKinds()
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="tickfix-chatwoot")

    async def _run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_event_loop()
        return await loop.run_in_executor(self._executor, lambda: function(*args, **kwargs))

    def make_output(self) -> OutputChannel:
        assert self.client is not None
        return ChatwootOutput(self.client, self.choices, self.inboxes, self._run)

    # -- receiving -------------------------------------------------------------------

    def token_valid(self, request: Request) -> bool:
        expected = self.config.webhook_token
        given = request.args.get("token")
        if not expected or not isinstance(given, str):
            return False
        return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))

    def refuse_token(self) -> HTTPResponse:
        if not self.config.webhook_token:
            logger.warning("Chatwoot: webhook refused: CHATWOOT_WEBHOOK_TOKEN is not set.")
        else:
            logger.warning("Chatwoot: webhook call with a missing or wrong token refused.")
        return response.text("Forbidden", status=403)

    def inbound(self, message: ChatwootMessage) -> InboundMessage:
        """The message as the shared processing (webhook_input) takes it."""
        ref = message.ref
        text = message.chosen[1] if message.chosen else message.text
        kind: Optional[str] = None
        if message.attachments:
            kind = CAPTION if text else ATTACHMENT_NOTICES.get(message.attachments[0], "default")
        elif text is None:
            kind = "empty"
        self.inboxes.remember(ref.sender_id, message.inbox_channel)
        chatwoot = dict(ref.as_metadata(), message_id=message.message_id, inbox_id=message.inbox_id,
                        inbox_channel=message.inbox_channel, contact_id=message.contact_id)
        fields: Dict[Text, Any] = {
            "channel": "chatwoot",
            "message_id": message.message_id,
            METADATA_KEY: {k: v for k, v in chatwoot.items() if v is not None},
            "profile_name": message.contact_name,
            "locale": message.locale,
            "button_title": message.chosen[0] if message.chosen else None,
        }
        return InboundMessage(
            ref.sender_id,
            message.dedupe_key,
            text,
            notice(kind) if kind else None,
            user_metadata(fields, message.phone_number),
            typed=message.typed,
            notice=kind,
        )

    def dialogue_input(self, message: InboundMessage) -> Tuple[Text, Dict[Text, Any]]:
        """A typed title of the options offered (or its number, when numbered) becomes its value."""
        text, metadata = message.text or "", dict(message.metadata)
        if message.typed:
            text, chosen = self.choices.resolve(message.sender_id, text)
            if chosen:
                metadata["button_title"] = chosen
        return text, metadata

    async def receive(self, request: Request) -> HTTPResponse:
        """An event: 200 at once (queued or ignored); the dialogue and the replies run later."""
        if not self.token_valid(request):
            return self.refuse_token()
        try:
            payload = json.loads((request.body or b"").decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return response.json({"error": "invalid JSON"}, status=400)
        parsed = parse_event(payload, self.config.account_id)
        if isinstance(parsed, Ignored):
            if parsed.reason == "another account":
                logger.warning("Chatwoot: event of another account than CHATWOOT_ACCOUNT_ID ignored.")
            else:
                logger.debug("Chatwoot: event ignored (%s).", parsed.reason)
            return response.json({"status": "ignored", "reason": parsed.reason})
        if not self.queue_delivery(lambda: Delivery([self.inbound(parsed)])):
            return response.json({"status": "ignored"})
        return response.json({"status": "received"})
