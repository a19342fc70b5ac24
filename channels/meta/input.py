"""WhatsApp Cloud API (Meta) input channel for Rasa 3.6.

credentials.yml::

    channels.meta.input.WhatsAppInput:

Every setting may be given there (``access_token``, ``phone_number_id``,
``app_secret``, ``verify_token``, ``api_base``...) but is normally read from the
environment: WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID,
WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, WHATSAPP_API_BASE. Without the
required ones the channel stays off: the webhook answers 503 and one log line
names the missing variables; the rest of the bot runs.

Webhook: ``/webhooks/whatsapp/webhook`` (GET: Meta's verification, POST: events).
What the channel shares with the Twilio one is in webhook_input; parsing is in
payload, sending in output.
"""

import hmac
import json
import logging
from typing import Any, Optional, Text, Tuple

import requests
from rasa.core.channels.channel import OutputChannel
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common.attachments import MAX_BYTES, Attachment, fetch, json_of
from channels.common.inbound import Delivery
from channels.common.signatures import meta_signature_valid
from channels.common.webhook_input import WebhookInput
from channels.meta.long_payloads import LongPayloads
from channels.meta.output import WhatsAppOutput, graph_api_sender
from channels.meta.payload import parse_delivery
from channels.meta.settings import WhatsAppConfig

logger = logging.getLogger(__name__)


class WhatsAppInput(WebhookInput):
    """Receives WhatsApp Cloud API webhooks."""

    log_name = "WhatsApp"
    title = "WhatsApp"
    config_class = WhatsAppConfig
    config: WhatsAppConfig

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    def __init__(self, config: Optional[WhatsAppConfig] = None) -> None:
        config = config or WhatsAppConfig()
        super().__init__(config, graph_api_sender(config))
        self.long_payloads = LongPayloads()
        self.files = requests.Session()  # files users send (channels/common/attachments.py)

    def make_output(self) -> OutputChannel:
        return WhatsAppOutput(self.config, self._sender, self.long_payloads)

    def download(self, attachment: Attachment) -> Tuple[Optional[bytes], Text]:
        """Graph API: GET /{media-id} gives the file's URL and size, then GET the URL
        with the same token (both answer only to the business's token)."""
        if not attachment.media_id or not self.config.access_token:
            return None, "no media id or token"
        headers = {"Authorization": f"Bearer {self.config.access_token}"}
        info, why = json_of(self.files, f"{self.config.api_base}/{attachment.media_id}", headers)
        if not isinstance(info, dict) or not isinstance(info.get("url"), str):
            return None, why or "no URL in the media object"
        size = info.get("file_size")
        if isinstance(size, int) and size > MAX_BYTES:
            return None, "too big"
        return fetch(self.files, info["url"], headers=headers)

    def parse_delivery(self, payload: Any) -> Delivery:
        return parse_delivery(payload, self.config, self.long_payloads)

    async def verify(self, request: Request) -> HTTPResponse:
        """Meta's one-off check of the webhook: echo the challenge for our token."""
        mode = request.args.get("hub.mode")
        token = request.args.get("hub.verify_token") or ""
        challenge = request.args.get("hub.challenge")
        if (
            mode == "subscribe"
            and challenge is not None
            and hmac.compare_digest(token.encode("utf-8"), (self.config.verify_token or "").encode("utf-8"))
        ):
            logger.info("WhatsApp: webhook verified by Meta.")
            return response.text(challenge, content_type="text/plain")
        logger.warning("WhatsApp: webhook verification refused (wrong token or mode).")
        return response.text("Forbidden", status=403)

    async def receive(self, request: Request) -> HTTPResponse:
        """Events: answered 200 once signed and queued; the dialogue runs later."""
        body = request.body or b""
        header = request.headers.get("X-Hub-Signature-256")
        if not meta_signature_valid(self.config.app_secret, body, header):
            return self.refuse_signature()
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return response.json({"error": "invalid JSON"}, status=400)
        if not self.watch.offer_meta(payload):  # failed statuses, account changes: failure_watch
            return self.watch.busy()
        if not self.queue_delivery(lambda: self.parse_delivery(payload)):
            return response.json({"status": "ignored"})
        return response.json({"status": "received"})
