"""WhatsApp through Twilio: the input channel, for Rasa 3.6.

Rasa's own ``twilio`` channel works for ``whatsapp:`` numbers but does not check
Twilio's request signature and drops buttons. This channel adds:

* ``X-Twilio-Signature`` verification (403 when wrong);
* buttons as numbered choices; the user's next reply "2" (or the title) maps
  back to that button's payload;
* a helpful reply to media-only messages and locations;
* sending with Twilio's own client (sending.py) with timeouts and retries, off
  the event loop, with a configurable base URL.

credentials.yml::

    channels.twilio.input.TwilioWhatsAppInput:

Settings come from there or from TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN,
TWILIO_WHATSAPP_NUMBER, TWILIO_API_BASE (default https://api.twilio.com) and
TWILIO_WEBHOOK_URL (the public URL Twilio calls; set it behind proxies).
Without the first three the channel stays off (webhook answers 503).

Webhook: ``/webhooks/twilio_whatsapp/webhook``; status callbacks (failed and undelivered
messages, kept by the failure watch): ``/webhooks/twilio_whatsapp/status`` (signed against
TWILIO_STATUS_CALLBACK_URL when set). What the channel shares with the Cloud API one
is in webhook_input; parsing is in payload, sending in output and sending, the
numbered choices in choices.
"""

import logging
from typing import Any, Dict, Optional, Text, Tuple
from urllib.parse import parse_qs

import requests
from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.twilio import TwilioInput
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common.attachments import Attachment, fetch
from channels.common.inbound import InboundMessage
from channels.common.settings import Credentials
from channels.common.signatures import public_url, twilio_signature_valid
from channels.common.webhook_input import WebhookInput
from channels.twilio.choice_store import RedisChoiceStore
from channels.twilio.choices import NumberedChoices
from channels.twilio.output import TwilioWhatsAppOutput
from channels.twilio.payload import parse_form
from channels.twilio.sending import TwilioSender
from channels.twilio.settings import TwilioWhatsAppConfig
from contracts.metadata import BUTTON_TITLE
from failure_watch.twilio import is_status_callback

logger = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class TwilioWhatsAppInput(WebhookInput, TwilioInput):
    """Twilio WhatsApp input channel with signature checks and buttons."""

    log_name = "Twilio"
    title = "Twilio WhatsApp"
    config_class = TwilioWhatsAppConfig
    config: TwilioWhatsAppConfig

    @classmethod
    def name(cls) -> Text:
        return "twilio_whatsapp"

    @classmethod
    def from_credentials(cls, credentials: Credentials) -> "TwilioWhatsAppInput":
        channel = super().from_credentials(credentials)
        assert isinstance(channel, TwilioWhatsAppInput)
        if channel.enabled and not channel.config.webhook_url:
            logger.info(
                "Twilio WhatsApp: TWILIO_WEBHOOK_URL is not set; signatures are "
                "checked against the URL rebuilt from the request (and its "
                "X-Forwarded-Proto/Host headers)."
            )
        return channel

    def __init__(self, config: Optional[TwilioWhatsAppConfig] = None) -> None:
        config = config or TwilioWhatsAppConfig()
        WebhookInput.__init__(self, config, TwilioSender(config))
        TwilioInput.__init__(
            self,
            config.account_sid,
            config.auth_token,
            config.whatsapp_number,
            debug_mode=False,
        )
        self.choices = NumberedChoices(
            config.choices_ttl, store=RedisChoiceStore(self.shared_redis, config.choices_ttl)
        )
        self.files = requests.Session()  # files users send (channels/common/attachments.py)

    def make_output(self) -> OutputChannel:
        return TwilioWhatsAppOutput(self.config, self._sender, self.choices)

    def download(self, attachment: Attachment) -> Tuple[Optional[bytes], Text]:
        """The MediaUrl of a signed webhook, with the account's credentials (Twilio's
        media needs HTTP basic auth when the account requires it; the redirect to the
        file store drops it)."""
        if not attachment.url or not self.config.account_sid or not self.config.auth_token:
            return None, "no media URL or credentials"
        return fetch(self.files, attachment.url, auth=(self.config.account_sid, self.config.auth_token))

    def dialogue_input(self, message: InboundMessage) -> Tuple[Text, Dict[Text, Any]]:
        """A typed "2" (or a title) becomes the payload of the choice offered."""
        text, metadata = message.text or "", dict(message.metadata)
        if message.typed:
            text, chosen = self.choices.resolve(message.sender_id, text)
            if chosen:
                metadata[BUTTON_TITLE] = chosen
        return text, metadata

    async def receive(self, request: Request) -> HTTPResponse:
        """A message or status: answered with empty TwiML; replies go out by API."""
        try:
            # Sanic's request.form drops blank values (Body=), which are
            # part of what Twilio signs: parse the raw body instead.
            form = parse_qs((request.body or b"").decode("utf-8"), keep_blank_values=True)
        except (UnicodeDecodeError, ValueError):
            return response.text("Bad request", status=400)
        url = public_url(request, self.config.webhook_url)
        signature = request.headers.get("X-Twilio-Signature")
        if not twilio_signature_valid(self.config.auth_token, url, form, signature):
            return self.refuse_signature()
        if is_status_callback(form) and not self.watch.offer_twilio(form):  # failure_watch
            return self.watch.busy()
        self.queue_delivery(lambda: parse_form(form))
        return response.text(EMPTY_TWIML, content_type="text/xml")

    def status_url(self) -> Optional[Text]:
        """The public status-callback URL Twilio signs: TWILIO_STATUS_CALLBACK_URL, else
        TWILIO_WEBHOOK_URL's /webhook as /status, else rebuilt from the request."""
        configured = self.config.text("status_callback_url")
        if configured:
            return configured
        webhook = self.config.webhook_url
        if webhook and webhook.rstrip("/").endswith("/webhook"):
            return webhook.rstrip("/")[: -len("/webhook")] + "/status"
        return None

    async def status_callback(self, request: Request) -> HTTPResponse:
        """POST /status: Twilio's StatusCallback, signed like the webhook; a failed or
        undelivered message goes to the failure watch (503 when its queue is full)."""
        try:
            form = parse_qs((request.body or b"").decode("utf-8"), keep_blank_values=True)
        except (UnicodeDecodeError, ValueError):
            return response.text("Bad request", status=400)
        url = public_url(request, self.status_url())
        if not twilio_signature_valid(self.config.auth_token, url, form, request.headers.get("X-Twilio-Signature")):
            return self.refuse_signature()
        if not self.watch.offer_twilio(form):
            return self.watch.busy()
        return response.text(EMPTY_TWIML, content_type="text/xml")
