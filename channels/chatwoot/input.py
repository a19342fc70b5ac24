"""Chatwoot input channel for Rasa 3.6: Tickfix as a Chatwoot Agent Bot.

credentials.yml::

    channels.chatwoot.input.ChatwootInput:

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
from typing import Any, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.channel import OutputChannel
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.chatwoot.output import ChatwootOutput, InboxKinds
from channels.chatwoot.settings import ChatwootConfig
from channels.common.inbound import Delivery, InboundMessage
from channels.common.phone_metadata import user_metadata
from channels.common.replies import CAPTION, notice
from channels.common.settings import Credentials
from channels.common.webhook_input import WebhookInput
from chatwoot.choices import OfferedChoices
from chatwoot.client import ChatwootClient
from chatwoot.events import ChatwootMessage, Ignored, parse_event
from contracts.metadata import BUTTON_TITLE, CHANNEL, CHATWOOT, LOCALE, MESSAGE_ID, PROFILE_NAME

logger = logging.getLogger(__name__)

# Chatwoot's attachment file types -> the channel's notice kinds (channels/common/replies.py).
ATTACHMENT_NOTICES = {
    "image": "image",
    "audio": "audio",
    "video": "video",
    "file": "document",
    "location": "location",
    "contact": "contacts",
    "fallback": "default",
}


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
        chatwoot = dict(
            ref.as_metadata(),
            message_id=message.message_id,
            inbox_id=message.inbox_id,
            inbox_channel=message.inbox_channel,
            contact_id=message.contact_id,
        )
        fields: Dict[Text, Any] = {
            CHANNEL: "chatwoot",
            MESSAGE_ID: message.message_id,
            CHATWOOT: {k: v for k, v in chatwoot.items() if v is not None},
            PROFILE_NAME: message.contact_name,
            LOCALE: message.locale,
            BUTTON_TITLE: message.chosen[0] if message.chosen else None,
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
                metadata[BUTTON_TITLE] = chosen
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
