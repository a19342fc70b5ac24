"""What both WhatsApp input channels do alike, whichever provider calls them.

Why one base class: the Meta and Twilio channels differ only in how a webhook
is checked and parsed and how replies are sent. Everything else must behave
the same on both: staying off (503) until configured, skipping redeliveries
(across instances in production mode: dedupe, shared_redis),
handling each user's messages in order in the background, sending a notice at
most once a minute (in the user's language: reply_language), handing text to
the dialogue through the slash guard and apologising when the dialogue fails
or says nothing (never_silent).
"""

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple, Type

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common.attachments import Attachment, decode
from channels.common.dedupe import RedisDuplicateFilter
from channels.common.failure_ingest import shared_ingest
from channels.common.http_sender import BlockingSender
from channels.common.inbound import Delivery, InboundMessage
from channels.common.input_limits import clip_keeping
from channels.common.never_silent import AppRef, never_silent
from channels.common.ordering import OrderedDispatcher
from channels.common.rate_limit import stamp_arrival
from channels.common.replies import CAPTION, NOTICE_QUIET_SECONDS, notice
from channels.common.reply_language import SenderLanguages, sender_language
from channels.common.settings import ChannelConfig, Credentials
from channels.common.shared_redis import SharedRedis
from channels.common.slash_guard import neutralise
from channels.common.ttl_memory import TTLSet
from contracts.metadata import ATTACHMENT
from privacy.masking import mask_id

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class WebhookInput(InputChannel):
    """Base of the WhatsApp and Twilio input channels.

    A subclass sets ``log_name`` ("WhatsApp": starts its log lines),
    ``title`` ("Twilio WhatsApp": names it in the "is off" line and the 503)
    and ``config_class``, builds its output channel in ``make_output`` and
    answers its provider's webhook in ``receive`` (and ``verify``).
    """

    log_name: Text = ""
    title: Text = ""
    config_class: Type[ChannelConfig] = ChannelConfig

    @classmethod
    def from_credentials(cls, credentials: Credentials) -> "WebhookInput":
        config = cls.config_class(credentials)
        if not config.enabled:
            cls.logger().warning(
                "%s channel is off: set %s (webhook answers 503 until then).",
                cls.title,
                ", ".join(config.missing),
            )
        return cls(config)  # type: ignore[call-arg]

    @classmethod
    def logger(cls) -> logging.Logger:
        """The channel module's logger, so its lines keep their logger name."""
        return logging.getLogger(cls.__module__)

    def __init__(self, config: ChannelConfig, sender: BlockingSender) -> None:
        self.config = config
        self._sender = sender
        self.dispatcher: Optional[OrderedDispatcher] = None
        # Where Rasa's agent (and its tracker store) is, once the blueprint runs.
        self.app_ref = AppRef()
        # Production mode: what several instances must agree on lives in Redis.
        self.shared_redis = SharedRedis(self.app_ref.agent, channel=self.log_name or self.name())
        self.seen_messages = RedisDuplicateFilter(self.shared_redis, config.dedupe_ttl, namespace=self.name())
        # An album of five screenshots should get one "I can't read images".
        self.recent_notices = TTLSet(NOTICE_QUIET_SECONDS, max_items=20000)
        # Failed statuses and account changes, kept and diagnosed (failure_watch/).
        self.watch = shared_ingest()

    @property
    def enabled(self) -> bool:
        return self.config.enabled

    def make_output(self) -> OutputChannel:
        raise NotImplementedError

    def get_output_channel(self, metadata: Optional[Dict[Text, Any]] = None) -> Optional[OutputChannel]:
        """The output channel; it looks up a recipient's language when its wording needs it."""
        if not self.enabled:
            return None
        out = self.make_output()
        if hasattr(out, "languages"):
            out.languages = SenderLanguages(self.app_ref.agent, metadata)
        return out

    # -- receiving ---------------------------------------------------------------

    def accept(self, messages: List[InboundMessage]) -> int:
        """Queue new messages (skipping redeliveries); returns how many were queued."""
        assert self.dispatcher is not None
        queued = 0
        for message in messages:
            if not self.seen_messages.is_new(message.message_id):
                self.logger().debug("%s: message %s already handled.", self.log_name, message.message_id)
                continue
            message.received_at = time.monotonic()  # for the rate limit
            self.dispatcher.submit(message.sender_id, message)
            queued += 1
        return queued

    def queue_delivery(self, parse: Callable[[], Delivery]) -> bool:
        """Parse a verified webhook body and queue its messages.

        Never raises: a signed body we do not understand is logged and
        dropped (False), so the provider does not deliver it again and again.
        """
        log = self.logger()
        try:
            delivery = parse()
            queued = self.accept(delivery.messages)
        except Exception as e:
            log.error("%s: webhook body not understood: %s", self.log_name, type(e).__name__)
            log.debug("Webhook parsing failure details", exc_info=True)
            return False
        if queued or delivery.statuses:
            log.debug(
                "%s: webhook with %d new message(s), %d status(es).",
                self.log_name,
                queued,
                delivery.statuses,
            )
        return True

    # -- processing (in the background, one sender at a time) ----------------------

    def dialogue_input(self, message: InboundMessage) -> Tuple[Text, Dict[Text, Any]]:
        """The text and metadata the dialogue gets (Twilio maps "2" to a choice)."""
        assert message.text is not None
        return message.text, message.metadata

    async def notice_text(self, message: InboundMessage) -> Text:
        """The message's notice in the sender's language (English when unknown)."""
        assert message.reply is not None
        if not message.notice:
            return message.reply
        try:
            lang = await sender_language(self.app_ref.agent(), message.sender_id, message.metadata)
            return notice(message.notice, lang)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # never worth losing the notice over
            self.logger().warning("%s: notice said in English: %s", self.log_name, type(e).__name__)
            return message.reply

    def download(self, attachment: Attachment) -> Tuple[Optional[bytes], Text]:
        """(the file's bytes, "") or (None, why), fetched the provider's way.

        Blocking (runs in a worker thread); never raises. Off by default.
        """
        return None, "not supported"

    async def read_attachment(self, message: InboundMessage) -> None:
        """A text file the user sent (a campaign export) becomes the message's text,
        after the caption if any; when it cannot be read, the notice stands."""
        attachment = message.attachment
        if attachment is None:
            return
        loop = asyncio.get_running_loop()
        try:
            data, why = await loop.run_in_executor(None, self.download, attachment)
        except Exception as e:  # never worth losing the message over
            data, why = None, type(e).__name__
        text = decode(data) if data else None
        if text is None:
            self.logger().info(
                "%s: a %s file from %s was not read: %s",
                self.log_name,
                attachment.mime_type,
                mask_id(message.sender_id),
                why or "not text",
            )
            return
        caption = message.text if message.notice == CAPTION else None
        message.text = f"{caption}\n{text}" if caption else text
        message.reply, message.notice = None, None
        message.metadata = {
            **message.metadata,
            ATTACHMENT: {"mime_type": attachment.mime_type, "filename": attachment.filename, "bytes": len(data)},
        }

    async def process(self, message: InboundMessage, on_new_message: OnNewMessage) -> None:
        out = self.get_output_channel(message.metadata)
        if out is None:
            return
        sender = message.sender_id
        await self.read_attachment(message)
        if message.reply and self.recent_notices.add_if_new((sender, message.reply)):
            await out.send_text_message(sender, await self.notice_text(message))
        if message.text is None:
            return
        text, metadata = self.dialogue_input(message)
        # a file's text may be long: NLU reads the start, the diagnosis all (full_text)
        text, metadata = clip_keeping(neutralise(text), metadata)
        # on_new_message is never silent (see blueprint): it apologises when the
        # dialogue fails or says nothing, and does not raise.
        # The rate limit counts the message when it arrived, not when its turn came.
        await on_new_message(
            stamp_arrival(
                UserMessage(
                    text,
                    out,
                    sender,
                    input_channel=self.name(),
                    message_id=message.message_id,
                    metadata=metadata,
                ),
                message.received_at,
            )
        )

    # -- HTTP ----------------------------------------------------------------------

    def disabled(self) -> HTTPResponse:
        """The answer of every route while required settings are missing."""
        return response.json(
            {
                "error": f"{self.title} channel is not configured",
                "missing": self.config.missing,
            },
            status=503,
        )

    def refuse_signature(self) -> HTTPResponse:
        self.logger().warning("%s: webhook POST with a missing or wrong signature refused.", self.log_name)
        return response.text("Invalid signature", status=403)

    # Subclasses answer POST /webhook in ``receive``, and GET /webhook in
    # ``verify`` when their provider needs it; without one, GET gets 405.
    verify: Optional[Callable[[Request], Awaitable[HTTPResponse]]] = None
    # POST /status: a provider's separate status-callback URL (Twilio's StatusCallback).
    status_callback: Optional[Callable[[Request], Awaitable[HTTPResponse]]] = None

    async def receive(self, request: Request) -> HTTPResponse:
        raise NotImplementedError

    def _when_enabled(
        self, handler: Callable[[Request], Awaitable[HTTPResponse]]
    ) -> Callable[[Request], Awaitable[HTTPResponse]]:
        async def route(request: Request) -> HTTPResponse:
            if not self.enabled:
                return self.disabled()
            return await handler(request)

        return route

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """``GET /`` and ``/webhook``, the background dispatcher, draining on stop."""
        bp = Blueprint(f"tickfix_{self.name()}_webhook", type(self).__module__)
        app_ref = self.app_ref
        app_ref.attach(bp)
        answering = never_silent(on_new_message, app_ref, channel=self.log_name)

        async def handle(message: InboundMessage) -> None:
            await self.process(message, answering)

        self.dispatcher = OrderedDispatcher(handle, describe=mask_id)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            if not self.enabled:
                return self.disabled()
            return response.json({"status": "ok"})

        for method, handler in (("GET", self.verify), ("POST", self.receive)):
            if handler is not None:
                bp.add_route(
                    self._when_enabled(handler),
                    "/webhook",
                    methods=[method],
                    name=handler.__name__,
                )
        if self.status_callback is not None:
            bp.add_route(self._when_enabled(self.status_callback), "/status", methods=["POST"], name="status_callback")
        self.watch.attach(bp)

        @bp.listener("before_server_stop")
        async def drain(*_: Any) -> None:
            if self.dispatcher is not None and self.dispatcher.pending_senders:
                await self.dispatcher.join(timeout=10)

        return bp
