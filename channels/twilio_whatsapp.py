"""WhatsApp through Twilio, for Rasa 3.6.

Rasa's own ``twilio`` channel works for ``whatsapp:`` numbers but does not check
Twilio's request signature and drops buttons. This channel adds:

* ``X-Twilio-Signature`` verification (403 when wrong);
* buttons as numbered choices; the user's next reply "2" (or the title) maps
  back to that button's payload;
* a helpful reply to media-only messages and locations;
* sending through Twilio's REST API with timeouts and retries, off the event
  loop, with a configurable base URL.

credentials.yml::

    channels.twilio_whatsapp.TwilioWhatsAppInput:

Settings come from there or from TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN,
TWILIO_WHATSAPP_NUMBER, TWILIO_API_BASE (default https://api.twilio.com) and
TWILIO_WEBHOOK_URL (the public URL Twilio calls; set it behind proxies).
Without the first three the channel stays off (webhook answers 503).

Webhook: ``/webhooks/twilio_whatsapp/webhook``.
"""

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple
from urllib.parse import parse_qs, urlsplit, urlunsplit

import requests
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput

from channels._common import (
    CAPTION_NOTE,
    FAILURE_REPLY,
    HttpSender,
    OrderedDispatcher,
    RetryPolicy,
    SendResult,
    TTLDict,
    TTLSet,
    cannot_read_reply,
    drop_empty,
    mask_id,
    media_kind_from_content_type,
    number_setting,
    phone_metadata,
    setting,
    split_text,
    truncate,
)

logger = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.twilio.com"
BODY_LIMIT = 1600  # Twilio's limit for the Body parameter
NOTICE_QUIET_SECONDS = 60.0  # same notice at most once per user per minute
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

REQUIRED_ENV = (
    ("account_sid", "TWILIO_ACCOUNT_SID"),
    ("auth_token", "TWILIO_AUTH_TOKEN"),
    ("whatsapp_number", "TWILIO_WHATSAPP_NUMBER"),
)

_CHOICE = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


def with_whatsapp_prefix(number: Optional[Text]) -> Optional[Text]:
    if not number:
        return number
    number = number.strip()
    if number.startswith("whatsapp:"):
        return number
    if not number.startswith("+") and number.isdigit():
        number = "+" + number
    return "whatsapp:" + number


def twilio_signature(auth_token: Text, url: Text, params: Dict[Text, List[Text]]) -> Text:
    """Twilio's X-Twilio-Signature: base64 HMAC-SHA1 of URL + sorted name/values."""
    data = url
    for name in sorted(params):
        for value in sorted(set(params[name])):  # as Twilio's own SDK does
            data += name + value
    digest = hmac.new(auth_token.encode("utf-8"), data.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def _url_variants(url: Text) -> List[Text]:
    """The URL with and without the default port (Twilio is inconsistent)."""
    parts = urlsplit(url)
    variants = [url]
    default_port = 443 if parts.scheme == "https" else 80
    host = parts.hostname or ""
    if parts.port is None:
        variants.append(urlunsplit(parts._replace(netloc=f"{parts.netloc}:{default_port}")))
    elif parts.port == default_port:
        netloc = parts.netloc.rsplit(":", 1)[0]
        variants.append(urlunsplit(parts._replace(netloc=netloc)))
    return variants if host else [url]


def describe_twilio_error(body: Any) -> Text:
    if isinstance(body, dict) and ("code" in body or "message" in body):
        return f"code {body.get('code')}, {truncate(str(body.get('message', '')), 200)}"
    return truncate(str(body), 200)


def is_retryable_twilio_response(resp: requests.Response, body: Any) -> bool:
    return resp.status_code == 429 or resp.status_code >= 500


class TwilioWhatsAppConfig:
    def __init__(self, credentials: Optional[Dict[Text, Any]] = None) -> None:
        c = credentials or {}
        self.account_sid = setting(c, "account_sid", "TWILIO_ACCOUNT_SID")
        self.auth_token = setting(c, "auth_token", "TWILIO_AUTH_TOKEN")
        self.whatsapp_number = with_whatsapp_prefix(
            setting(c, "whatsapp_number", "TWILIO_WHATSAPP_NUMBER")
            or setting(c, "twilio_number", "TWILIO_WHATSAPP_NUMBER")
        )
        self.api_base = (
            setting(c, "api_base", "TWILIO_API_BASE", DEFAULT_API_BASE) or ""
        ).rstrip("/")
        self.webhook_url = setting(c, "webhook_url", "TWILIO_WEBHOOK_URL")
        self.request_timeout = number_setting(
            c, "request_timeout", "TWILIO_REQUEST_TIMEOUT", 10.0, 0.1
        )
        self.max_attempts = int(
            number_setting(c, "max_attempts", "TWILIO_MAX_ATTEMPTS", 4, 1)
        )
        self.retry_base_delay = number_setting(
            c, "retry_base_delay", "TWILIO_RETRY_BASE_DELAY", 0.5, 0.0
        )
        self.retry_max_delay = number_setting(
            c, "retry_max_delay", "TWILIO_RETRY_MAX_DELAY", 8.0, 0.0
        )
        self.dedupe_ttl = number_setting(
            c, "dedupe_ttl", "TWILIO_DEDUPE_TTL", 24 * 3600.0, 1.0
        )
        self.choices_ttl = number_setting(
            c, "choices_ttl", "TWILIO_CHOICES_TTL", 24 * 3600.0, 1.0
        )
        self.choose_hint = (
            setting(c, "choose_hint", "TWILIO_CHOOSE_HINT", "Reply with a number.")
            or ""
        )
        self.missing = [env for key, env in REQUIRED_ENV if not getattr(self, key)]

    @property
    def enabled(self) -> bool:
        return not self.missing


class TwilioWhatsAppOutput(OutputChannel):
    """Sends messages with Twilio's Messages API (form-encoded, basic auth)."""

    @classmethod
    def name(cls) -> Text:
        return "twilio_whatsapp"

    def __init__(
        self,
        config: TwilioWhatsAppConfig,
        sender: HttpSender,
        offered_choices: TTLDict,
    ) -> None:
        self.config = config
        self._sender = sender
        self._offered = offered_choices

    @property
    def messages_url(self) -> Text:
        return (
            f"{self.config.api_base}/2010-04-01/Accounts/"
            f"{self.config.account_sid}/Messages.json"
        )

    async def post_message(self, recipient_id: Text, fields: Dict[Text, Any]) -> SendResult:
        data = {"From": self.config.whatsapp_number, "To": with_whatsapp_prefix(recipient_id)}
        data.update(fields)
        result = await self._sender.send(
            "POST",
            self.messages_url,
            f"message to {mask_id(data['To'])}",
            data=data,
            auth=(self.config.account_sid, self.config.auth_token),
        )
        if result.ok and isinstance(result.body, dict):
            logger.debug(
                "Twilio: message %s to %s is %s.",
                result.body.get("sid"),
                mask_id(data["To"]),
                result.body.get("status"),
            )
        return result

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for chunk in split_text(text, BODY_LIMIT):
            await self.post_message(recipient_id, {"Body": chunk})

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        result = await self.post_message(recipient_id, {"MediaUrl": image})
        if not result.ok and result.status is not None and result.status < 500:
            await self.send_text_message(recipient_id, image)

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        """Pass Twilio message fields through (Body, MediaUrl, ContentSid...)."""
        if not isinstance(json_message, dict):
            return
        allowed = {
            "Body",
            "MediaUrl",
            "ContentSid",
            "ContentVariables",
            "PersistentAction",
        }
        fields = {k: v for k, v in json_message.items() if k in allowed}
        if isinstance(fields.get("ContentVariables"), dict):
            fields["ContentVariables"] = json.dumps(fields["ContentVariables"])
        if fields:
            await self.post_message(recipient_id, fields)
        elif isinstance(json_message.get("text"), str):
            await self.send_text_message(recipient_id, json_message["text"])
        else:
            logger.warning(
                "Twilio: custom message with keys %s has no Twilio fields; not sent.",
                sorted(json_message),
            )

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        body, choices = self.numbered_choices(text, buttons)
        if choices:
            # Remember what "1", "2"... mean for this user's next reply.
            self._offered.set(with_whatsapp_prefix(recipient_id), choices)
        await self.send_text_message(recipient_id, body)

    def numbered_choices(
        self, text: Text, buttons: List[Dict[Text, Any]]
    ) -> Tuple[Text, List[Tuple[Text, Text]]]:
        """The message text with numbered options, and [(title, payload)]."""
        choices: List[Tuple[Text, Text]] = []
        lines: List[Text] = []
        links: List[Text] = []
        for button in buttons or []:
            if not isinstance(button, dict):
                continue
            title = str(button.get("title") or "").strip()
            payload = button.get("payload")
            if payload in (None, "") and button.get("url"):
                links.append(f"{title}: {button['url']}" if title else str(button["url"]))
                continue
            payload = str(payload if payload not in (None, "") else title)
            if not payload:
                continue
            choices.append((title or payload, payload))
            lines.append(f"{len(choices)}. {title or payload}")
        parts = [(text or "").strip()]
        if lines:
            parts.append("\n".join(lines))
        if links:
            parts.append("\n".join(links))
        if lines and self.config.choose_hint:
            parts.append(self.config.choose_hint)
        return "\n\n".join(p for p in parts if p), choices


class TwilioWhatsAppInput(TwilioInput):
    """Twilio WhatsApp input channel with signature checks and buttons."""

    @classmethod
    def name(cls) -> Text:
        return "twilio_whatsapp"

    @classmethod
    def from_credentials(
        cls, credentials: Optional[Dict[Text, Any]]
    ) -> "TwilioWhatsAppInput":
        config = TwilioWhatsAppConfig(credentials)
        if not config.enabled:
            logger.warning(
                "Twilio WhatsApp channel is off: set %s (webhook answers 503 until then).",
                ", ".join(config.missing),
            )
        elif not config.webhook_url:
            logger.info(
                "Twilio WhatsApp: TWILIO_WEBHOOK_URL is not set; signatures are "
                "checked against the URL rebuilt from the request (and its "
                "X-Forwarded-Proto/Host headers)."
            )
        return cls(config)

    def __init__(self, config: Optional[TwilioWhatsAppConfig] = None) -> None:
        self.config = config or TwilioWhatsAppConfig()
        super().__init__(
            self.config.account_sid,
            self.config.auth_token,
            self.config.whatsapp_number,
            debug_mode=False,
        )
        self.seen_messages = TTLSet(self.config.dedupe_ttl, max_items=50000)
        self.offered_choices = TTLDict(self.config.choices_ttl, max_items=20000)
        self.recent_notices = TTLSet(NOTICE_QUIET_SECONDS, max_items=20000)
        self._sender = HttpSender(
            RetryPolicy(
                attempts=self.config.max_attempts,
                base_delay=self.config.retry_base_delay,
                max_delay=self.config.retry_max_delay,
                timeout=self.config.request_timeout,
            ),
            is_retryable=is_retryable_twilio_response,
            describe_error=describe_twilio_error,
            secrets=[self.config.auth_token],
            service="Twilio",
        )
        self.dispatcher: Optional[OrderedDispatcher] = None

    @property
    def enabled(self) -> bool:
        return self.config.enabled

    def get_output_channel(self) -> Optional[OutputChannel]:  # type: ignore[override]
        if not self.enabled:
            return None
        return TwilioWhatsAppOutput(self.config, self._sender, self.offered_choices)

    # -- security -------------------------------------------------------------

    def public_url(self, request: Request) -> Text:
        query = request.query_string
        if self.config.webhook_url:
            url = self.config.webhook_url
            if query and "?" not in url:
                url += "?" + query
            return url
        headers = request.headers
        proto = headers.get("X-Forwarded-Proto") or request.scheme or "http"
        host = headers.get("X-Forwarded-Host") or headers.get("Host") or request.host
        proto, host = proto.split(",")[0].strip(), host.split(",")[0].strip()
        url = f"{proto}://{host}{request.path}"
        return url + ("?" + query if query else "")

    def signature_valid(
        self, url: Text, params: Dict[Text, List[Text]], signature: Optional[Text]
    ) -> bool:
        if not signature or not self.config.auth_token:
            return False
        given = signature.strip().encode("utf-8")
        return any(
            hmac.compare_digest(
                twilio_signature(self.config.auth_token, candidate, params).encode("utf-8"),
                given,
            )
            for candidate in _url_variants(url)
        )

    # -- parsing ----------------------------------------------------------------

    def parse_form(self, form: Dict[Text, List[Text]]) -> Optional[Dict[Text, Any]]:
        """What to do with one webhook call, or None to ignore it."""

        def first(name: Text) -> Text:
            values = form.get(name) or [""]
            return values[0]

        if first("MessageStatus") and not first("Body"):
            return None  # a status callback, not a user message
        sender = first("From").strip()
        if not sender:
            return None
        message_sid = first("MessageSid") or first("SmsMessageSid") or None
        body = first("Body").strip()
        try:
            num_media = int(first("NumMedia") or 0)
        except ValueError:
            num_media = 0

        text: Optional[Text] = None
        reply: Optional[Text] = None
        free_text = False  # typed by the user: may be "2" for a numbered choice
        kind = first("MessageType") or "text"
        title = None
        button_payload = first("ButtonPayload").strip()
        if button_payload:
            title = first("ButtonText") or None
            text = button_payload
        elif first("ListId").strip():
            title = first("ListTitle") or None
            text = first("ListId").strip()
        elif body:
            text = body
            free_text = True
            if num_media:
                reply = CAPTION_NOTE
        elif num_media:
            kind = media_kind_from_content_type(first("MediaContentType0"))
            reply = cannot_read_reply(kind)
        elif first("Latitude") and first("Longitude"):
            kind = "location"
            reply = cannot_read_reply("location")
        else:
            return None

        wa_id = first("WaId") or re.sub(r"\D", "", sender)
        metadata: Dict[Text, Any] = {
            "channel": "twilio_whatsapp",
            "message_id": message_sid,
            "message_type": kind,
            "profile_name": first("ProfileName") or None,
            "wa_id": wa_id,
            "button_title": title,
            "reply_to_message_id": first("OriginalRepliedMessageSid") or None,
        }
        metadata.update(phone_metadata(wa_id))
        return {
            "sender_id": sender,
            "message_id": message_sid,
            "text": text,
            "reply": reply,
            "free_text": free_text,
            "metadata": drop_empty(metadata),
        }

    def resolve_choice(self, sender_id: Text, text: Text) -> Tuple[Text, Optional[Text]]:
        """Map "2" (or a title) to the payload of the buttons last offered.

        The buttons apply to the very next message only; anything else typed
        in between goes to the dialogue unchanged.
        """
        choices = self.offered_choices.pop(with_whatsapp_prefix(sender_id))
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

    # -- processing --------------------------------------------------------------

    async def _process(
        self, job: Dict[Text, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        out = self.get_output_channel()
        if out is None:
            return
        sender = job["sender_id"]
        if job["reply"] and self.recent_notices.add_if_new((sender, job["reply"])):
            await out.send_text_message(sender, job["reply"])
        text = job["text"]
        if text is None:
            return
        metadata = dict(job["metadata"])
        if job.get("free_text"):
            text, chosen = self.resolve_choice(sender, text)
            if chosen:
                metadata["button_title"] = chosen
        try:
            await on_new_message(
                UserMessage(
                    text,
                    out,
                    sender,
                    input_channel=self.name(),
                    message_id=job["message_id"],
                    metadata=metadata,
                )
            )
        except asyncio.CancelledError:
            raise
        except Exception as e:
            logger.error(
                "Twilio: the dialogue failed on a message from %s: %s",
                mask_id(sender),
                type(e).__name__,
            )
            logger.debug("Dialogue failure details", exc_info=True)
            await out.send_text_message(sender, FAILURE_REPLY)

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        bp = Blueprint("tickfix_twilio_whatsapp_webhook", __name__)

        async def handle(job: Dict[Text, Any]) -> None:
            await self._process(job, on_new_message)

        self.dispatcher = OrderedDispatcher(handle, describe=mask_id)

        def disabled() -> HTTPResponse:
            return response.json(
                {
                    "error": "Twilio WhatsApp channel is not configured",
                    "missing": self.config.missing,
                },
                status=503,
            )

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            if not self.enabled:
                return disabled()
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.enabled:
                return disabled()
            try:
                # Sanic's request.form drops blank values (Body=), which are
                # part of what Twilio signs: parse the raw body instead.
                form = parse_qs(
                    (request.body or b"").decode("utf-8"), keep_blank_values=True
                )
            except (UnicodeDecodeError, ValueError):
                return response.text("Bad request", status=400)
            url = self.public_url(request)
            if not self.signature_valid(url, form, request.headers.get("X-Twilio-Signature")):
                logger.warning(
                    "Twilio: webhook POST with a missing or wrong signature refused."
                )
                return response.text("Invalid signature", status=403)
            try:
                job = self.parse_form(form)
                if job is not None:
                    message_id = job["message_id"]
                    if message_id and not self.seen_messages.add_if_new(message_id):
                        logger.debug("Twilio: message %s already handled.", message_id)
                    else:
                        assert self.dispatcher is not None
                        self.dispatcher.submit(job["sender_id"], job)
            except Exception as e:
                logger.error("Twilio: webhook body not understood: %s", type(e).__name__)
                logger.debug("Webhook parsing failure details", exc_info=True)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        @bp.listener("before_server_stop")
        async def drain(*_: Any) -> None:
            if self.dispatcher is not None and self.dispatcher.pending_senders:
                await self.dispatcher.join(timeout=10)

        return bp
