"""WhatsApp Cloud API (Meta) channel for Rasa 3.6.

credentials.yml::

    channels.whatsapp.WhatsAppInput:

Every setting may be given there (``access_token``, ``phone_number_id``,
``app_secret``, ``verify_token``, ``api_base``...) but is normally read from the
environment: WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID,
WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, WHATSAPP_API_BASE. Without the
required ones the channel stays off: the webhook answers 503 and one log line
names the missing variables; the rest of the bot runs.

Webhook: ``/webhooks/whatsapp/webhook`` (GET: Meta's verification, POST: events).
"""

import asyncio
import hashlib
import hmac
import json
import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

import requests
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage

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
    number_setting,
    phone_metadata,
    setting,
    split_text,
    truncate,
    unique_labels,
)

logger = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://graph.facebook.com/v26.0"

# Limits of the Cloud API (characters).
TEXT_LIMIT = 4096
INTERACTIVE_BODY_LIMIT = 1024
REPLY_BUTTONS_MAX = 3
REPLY_BUTTON_TITLE_LIMIT = 20
REPLY_BUTTON_ID_LIMIT = 256
LIST_ROWS_MAX = 10
LIST_BUTTON_LABEL_LIMIT = 20
LIST_ROW_TITLE_LIMIT = 24
LIST_ROW_DESCRIPTION_LIMIT = 72
LIST_ROW_ID_LIMIT = 200

# Graph API error codes worth another try: 1, 2, 131000, 131016 (temporary
# errors on Meta's side), 4, 80007, 130429 (rate limits).
RETRYABLE_GRAPH_CODES = {1, 2, 4, 80007, 130429, 131000, 131016}

# Message types that carry a WhatsApp message object when sent as custom JSON.
WHATSAPP_MESSAGE_TYPES = {
    "text",
    "image",
    "audio",
    "document",
    "video",
    "sticker",
    "location",
    "contacts",
    "interactive",
    "template",
    "reaction",
}

MEDIA_TYPES = {"image", "sticker", "document", "audio", "video"}

LONG_PAYLOAD_PREFIX = "tfx:"

# The same notice ("I can't read images yet...") is sent at most once per user
# in this many seconds.
NOTICE_QUIET_SECONDS = 60.0

REQUIRED_ENV = (
    ("access_token", "WHATSAPP_ACCESS_TOKEN"),
    ("phone_number_id", "WHATSAPP_PHONE_NUMBER_ID"),
    ("app_secret", "WHATSAPP_APP_SECRET"),
    ("verify_token", "WHATSAPP_VERIFY_TOKEN"),
)

_BSUID = re.compile(r"^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]+$")


def is_business_scoped_user_id(recipient_id: Text) -> bool:
    """BSUIDs (``US.1349...``) replace the phone number for username users."""
    return bool(_BSUID.match(recipient_id or ""))


def graph_error(body: Any) -> Dict[Text, Any]:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"]
    return {}


def describe_graph_error(body: Any) -> Text:
    err = graph_error(body)
    if not err:
        return truncate(str(body), 200)
    parts = [f"code {err.get('code')}"]
    if err.get("error_subcode"):
        parts.append(f"subcode {err.get('error_subcode')}")
    parts.append(truncate(str(err.get("message", "")), 200))
    details = (err.get("error_data") or {}).get("details")
    if details:
        parts.append(truncate(str(details), 200))
    if err.get("fbtrace_id"):
        parts.append(f"fbtrace_id {err.get('fbtrace_id')}")
    return ", ".join(parts)


def is_retryable_graph_response(resp: requests.Response, body: Any) -> bool:
    if resp.status_code == 429 or resp.status_code >= 500:
        return True
    err = graph_error(body)
    return bool(err.get("is_transient")) or err.get("code") in RETRYABLE_GRAPH_CODES


class WhatsAppConfig:
    """Resolved settings of the WhatsApp channel."""

    def __init__(self, credentials: Optional[Dict[Text, Any]] = None) -> None:
        c = credentials or {}
        self.access_token = setting(c, "access_token", "WHATSAPP_ACCESS_TOKEN")
        self.phone_number_id = setting(c, "phone_number_id", "WHATSAPP_PHONE_NUMBER_ID")
        self.app_secret = setting(c, "app_secret", "WHATSAPP_APP_SECRET")
        self.verify_token = setting(c, "verify_token", "WHATSAPP_VERIFY_TOKEN")
        self.api_base = (
            setting(c, "api_base", "WHATSAPP_API_BASE", DEFAULT_API_BASE) or ""
        ).rstrip("/")
        self.request_timeout = number_setting(
            c, "request_timeout", "WHATSAPP_REQUEST_TIMEOUT", 10.0, 0.1
        )
        self.max_attempts = int(
            number_setting(c, "max_attempts", "WHATSAPP_MAX_ATTEMPTS", 4, 1)
        )
        self.retry_base_delay = number_setting(
            c, "retry_base_delay", "WHATSAPP_RETRY_BASE_DELAY", 0.5, 0.0
        )
        self.retry_max_delay = number_setting(
            c, "retry_max_delay", "WHATSAPP_RETRY_MAX_DELAY", 8.0, 0.0
        )
        self.dedupe_ttl = number_setting(
            c, "dedupe_ttl", "WHATSAPP_DEDUPE_TTL", 24 * 3600.0, 1.0
        )
        self.list_button_label = truncate(
            setting(c, "list_button_label", "WHATSAPP_LIST_BUTTON_LABEL", "Choose")
            or "Choose",
            LIST_BUTTON_LABEL_LIMIT,
        )
        self.choose_prompt = (
            setting(c, "choose_prompt", "WHATSAPP_CHOOSE_PROMPT", "Please choose:")
            or "Please choose:"
        )
        self.ignore_other_numbers = str(
            setting(c, "ignore_other_numbers", "WHATSAPP_IGNORE_OTHER_NUMBERS", "true")
        ).lower() not in ("0", "false", "no", "off")
        self.missing = [
            env for key, env in REQUIRED_ENV if not getattr(self, key)
        ]

    @property
    def enabled(self) -> bool:
        return not self.missing


class WhatsAppOutput(OutputChannel):
    """Sends bot messages through the Cloud API's ``/{phone-number-id}/messages``."""

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    def __init__(
        self,
        config: WhatsAppConfig,
        sender: HttpSender,
        long_payloads: Optional[TTLDict] = None,
    ) -> None:
        self.config = config
        self._sender = sender
        self._long_payloads = long_payloads if long_payloads is not None else TTLDict(86400)

    # -- plumbing -----------------------------------------------------------

    @property
    def messages_url(self) -> Text:
        return f"{self.config.api_base}/{self.config.phone_number_id}/messages"

    def _envelope(self, recipient_id: Text) -> Dict[Text, Any]:
        env: Dict[Text, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
        }
        if is_business_scoped_user_id(recipient_id):
            env["recipient"] = recipient_id
        else:
            env["to"] = recipient_id
        return env

    async def post_message(
        self, recipient_id: Text, message: Dict[Text, Any]
    ) -> SendResult:
        """POST one message object (``type`` + content) to the recipient."""
        payload = dict(message)
        payload.update(self._envelope(recipient_id))
        kind = payload.get("type", "?")
        result = await self._sender.send(
            "POST",
            self.messages_url,
            f"{kind} message to {mask_id(recipient_id)}",
            json=payload,
            headers={
                "Authorization": f"Bearer {self.config.access_token}",
                "Content-Type": "application/json",
            },
        )
        if result.ok and isinstance(result.body, dict):
            ids = [
                str(m.get("id"))
                for m in _dicts(result.body.get("messages"))
                if m.get("id")
            ]
            logger.debug(
                "WhatsApp: %s message to %s accepted (%s).",
                kind,
                mask_id(recipient_id),
                ", ".join(ids) or "no id",
            )
        return result

    # -- OutputChannel API ----------------------------------------------------

    async def send_text_message(
        self, recipient_id: Text, text: Text, **kwargs: Any
    ) -> None:
        for chunk in split_text(text, TEXT_LIMIT):
            await self.post_message(
                recipient_id,
                {"type": "text", "text": {"body": chunk, "preview_url": False}},
            )

    async def send_image_url(
        self, recipient_id: Text, image: Text, **kwargs: Any
    ) -> None:
        result = await self.post_message(
            recipient_id, {"type": "image", "image": {"link": image}}
        )
        if not result.ok and result.status is not None and result.status < 500:
            # e.g. a link Meta cannot fetch: at least give the user the URL.
            await self.send_text_message(recipient_id, image)

    async def send_attachment(
        self, recipient_id: Text, attachment: Any, **kwargs: Any
    ) -> None:
        if isinstance(attachment, dict) and self._whatsapp_message(attachment):
            await self.send_custom_json(recipient_id, attachment)
            return
        await self.send_text_message(recipient_id, str(attachment))

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        message = self._whatsapp_message(json_message)
        if message is not None:
            await self.post_message(recipient_id, message)
        elif isinstance(json_message, dict) and isinstance(
            json_message.get("text"), str
        ):
            await self.send_text_message(recipient_id, json_message["text"])
        else:
            keys = sorted(json_message) if isinstance(json_message, dict) else []
            logger.warning(
                "WhatsApp: custom message with keys %s is not a WhatsApp "
                "message object; not sent.",
                keys,
            )

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        for message in self.build_button_messages(recipient_id, text, buttons):
            await self.post_message(recipient_id, message)

    # -- builders (pure; tested directly) ------------------------------------

    @staticmethod
    def _whatsapp_message(data: Any) -> Optional[Dict[Text, Any]]:
        """The WhatsApp message object inside custom JSON, if it is one."""
        if not isinstance(data, dict):
            return None
        if isinstance(data.get("whatsapp"), dict):
            data = data["whatsapp"]
        kind = data.get("type")
        if kind in WHATSAPP_MESSAGE_TYPES and isinstance(data.get(kind), (dict, list)):
            message = {
                k: v
                for k, v in data.items()
                if k not in ("to", "recipient", "messaging_product")
            }
            return message
        return None

    def _button_id(self, payload: Text, limit: int) -> Text:
        if len(payload) <= limit:
            return payload
        # Cutting a payload like /inform{"x": ...} would corrupt it: send a
        # short token and map it back when the user taps it.
        token = LONG_PAYLOAD_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]
        self._long_payloads.set(token, payload)
        return token

    def build_button_messages(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]]
    ) -> List[Dict[Text, Any]]:
        """Rasa buttons as WhatsApp messages (without the envelope).

        1-3 buttons: reply buttons; 4-10: a list message; more than 10: several
        list messages of up to 10 rows each. URL buttons become text lines.
        """
        text = (text or "").strip()
        choices: List[Tuple[Text, Text, Text]] = []  # (title, payload, description)
        links: List[Text] = []
        for button in buttons or []:
            if not isinstance(button, dict):
                continue
            title = str(button.get("title") or "").strip()
            payload = button.get("payload")
            url = button.get("url")
            if payload in (None, "") and url:
                links.append(f"{title}: {url}" if title else str(url))
                continue
            payload = str(payload if payload not in (None, "") else title)
            if not payload:
                continue
            choices.append((title or payload, payload, str(button.get("description") or "")))
        if links:
            text = (text + "\n\n" + "\n".join(links)).strip()

        messages: List[Dict[Text, Any]] = []
        if not choices:
            for chunk in split_text(text, TEXT_LIMIT):
                messages.append(
                    {"type": "text", "text": {"body": chunk, "preview_url": False}}
                )
            return messages

        body = text
        if not body or len(body) > INTERACTIVE_BODY_LIMIT:
            for chunk in split_text(body, TEXT_LIMIT):
                messages.append(
                    {"type": "text", "text": {"body": chunk, "preview_url": False}}
                )
            body = truncate(self.config.choose_prompt, INTERACTIVE_BODY_LIMIT)

        if len(choices) <= REPLY_BUTTONS_MAX:
            titles = unique_labels([c[0] for c in choices], REPLY_BUTTON_TITLE_LIMIT)
            messages.append(
                {
                    "type": "interactive",
                    "interactive": {
                        "type": "button",
                        "body": {"text": body},
                        "action": {
                            "buttons": [
                                {
                                    "type": "reply",
                                    "reply": {
                                        "id": self._button_id(payload, REPLY_BUTTON_ID_LIMIT),
                                        "title": title,
                                    },
                                }
                                for title, (_, payload, _) in zip(titles, choices)
                            ]
                        },
                    },
                }
            )
            return messages

        for start in range(0, len(choices), LIST_ROWS_MAX):
            part = choices[start : start + LIST_ROWS_MAX]
            titles = unique_labels([c[0] for c in part], LIST_ROW_TITLE_LIMIT)
            rows = []
            for short, (full, payload, description) in zip(titles, part):
                row: Dict[Text, Any] = {
                    "id": self._button_id(payload, LIST_ROW_ID_LIMIT),
                    "title": short,
                }
                if not description and short != full.strip():
                    description = full  # show the whole title when it was cut
                if description:
                    row["description"] = truncate(description, LIST_ROW_DESCRIPTION_LIMIT)
                rows.append(row)
            part_body = body if start == 0 else "More options:"
            messages.append(
                {
                    "type": "interactive",
                    "interactive": {
                        "type": "list",
                        "body": {"text": part_body},
                        "action": {
                            "button": self.config.list_button_label,
                            "sections": [{"rows": rows}],
                        },
                    },
                }
            )
        return messages


class InboundEvent:
    """One user message from a webhook delivery, ready for the dispatcher."""

    __slots__ = ("sender_id", "message_id", "text", "reply", "metadata")

    def __init__(
        self,
        sender_id: Text,
        message_id: Optional[Text],
        text: Optional[Text],
        reply: Optional[Text],
        metadata: Dict[Text, Any],
    ) -> None:
        self.sender_id = sender_id
        self.message_id = message_id
        self.text = text  # goes to the dialogue when not None
        self.reply = reply  # sent straight back first when not None
        self.metadata = metadata

    def __repr__(self) -> Text:
        return (
            f"InboundEvent({mask_id(self.sender_id)}, {self.message_id}, "
            f"dialogue={self.text is not None}, reply={self.reply is not None})"
        )


class WhatsAppInput(InputChannel):
    """Receives WhatsApp Cloud API webhooks."""

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    @classmethod
    def from_credentials(
        cls, credentials: Optional[Dict[Text, Any]]
    ) -> "WhatsAppInput":
        config = WhatsAppConfig(credentials)
        if not config.enabled:
            logger.warning(
                "WhatsApp channel is off: set %s (webhook answers 503 until then).",
                ", ".join(config.missing),
            )
        return cls(config)

    def __init__(self, config: Optional[WhatsAppConfig] = None) -> None:
        self.config = config or WhatsAppConfig()
        self.seen_messages = TTLSet(self.config.dedupe_ttl, max_items=50000)
        self.long_payloads = TTLDict(7 * 24 * 3600.0, max_items=20000)
        # An album of five screenshots should get one "I can't read images".
        self.recent_notices = TTLSet(NOTICE_QUIET_SECONDS, max_items=20000)
        self._sender = HttpSender(
            RetryPolicy(
                attempts=self.config.max_attempts,
                base_delay=self.config.retry_base_delay,
                max_delay=self.config.retry_max_delay,
                timeout=self.config.request_timeout,
            ),
            is_retryable=is_retryable_graph_response,
            describe_error=describe_graph_error,
            secrets=[self.config.access_token, self.config.app_secret],
            service="WhatsApp",
        )
        self.dispatcher: Optional[OrderedDispatcher] = None

    @property
    def enabled(self) -> bool:
        return self.config.enabled

    def get_output_channel(self) -> Optional[OutputChannel]:
        if not self.enabled:
            return None
        return WhatsAppOutput(self.config, self._sender, self.long_payloads)

    # -- security -------------------------------------------------------------

    def signature_valid(self, body: bytes, header: Optional[Text]) -> bool:
        if not header or not self.config.app_secret:
            return False
        expected = "sha256=" + hmac.new(
            self.config.app_secret.encode("utf-8"), body, hashlib.sha256
        ).hexdigest()
        given = header.strip().lower().encode("ascii", "replace")
        return hmac.compare_digest(expected.encode("ascii"), given)

    # -- payload parsing (pure) ----------------------------------------------

    def parse_delivery(self, payload: Any) -> Tuple[List[InboundEvent], int]:
        """Events for the dialogue from one webhook body, and a status count.

        Unexpected shapes are skipped quietly; nothing here raises on bad data.
        """
        events: List[InboundEvent] = []
        statuses = 0
        if not isinstance(payload, dict):
            return events, statuses
        if payload.get("object") not in (None, "whatsapp_business_account"):
            return events, statuses
        for entry in _dicts(payload.get("entry")):
            for change in _dicts(entry.get("changes")):
                if change.get("field") not in (None, "messages"):
                    continue
                value = change.get("value")
                if not isinstance(value, dict):
                    continue
                metadata = _dict(value.get("metadata"))
                phone_number_id = str(metadata.get("phone_number_id") or "")
                for status in _dicts(value.get("statuses")):
                    statuses += 1
                    self._log_status(status)
                messages = _dicts(value.get("messages"))
                if not messages:
                    continue
                if (
                    self.config.ignore_other_numbers
                    and phone_number_id
                    and self.config.phone_number_id
                    and phone_number_id != self.config.phone_number_id
                ):
                    logger.info(
                        "WhatsApp: ignoring %d message(s) sent to another "
                        "business number (phone_number_id %s).",
                        len(messages),
                        mask_id(phone_number_id),
                    )
                    continue
                contacts = _dicts(value.get("contacts"))
                for message in messages:
                    event = self._parse_message(message, contacts, metadata)
                    if event is not None:
                        events.append(event)
        return events, statuses

    def _log_status(self, status: Dict[Text, Any]) -> None:
        state = status.get("status")
        recipient = mask_id(status.get("recipient_id") or status.get("recipient_user_id"))
        if state == "failed":
            errors = [
                f"{e.get('code')} {e.get('title') or e.get('message') or ''}".strip()
                for e in _dicts(status.get("errors"))
            ]
            logger.warning(
                "WhatsApp: message %s to %s failed: %s",
                status.get("id"),
                recipient,
                "; ".join(errors) or "no details",
            )
        else:
            logger.debug(
                "WhatsApp: message %s to %s is %s.", status.get("id"), recipient, state
            )

    def _parse_message(
        self,
        message: Dict[Text, Any],
        contacts: List[Dict[Text, Any]],
        value_metadata: Dict[Text, Any],
    ) -> Optional[InboundEvent]:
        wa_id = _str(message.get("from"))
        user_id = _str(message.get("from_user_id"))
        contact = _find_contact(contacts, wa_id, user_id)
        wa_id = wa_id or _str(contact.get("wa_id"))
        user_id = user_id or _str(contact.get("user_id"))
        sender_id = wa_id or user_id
        if not sender_id:
            logger.debug("WhatsApp: message without sender ignored.")
            return None
        message_id = _str(message.get("id"))
        kind = _str(message.get("type")) or "unknown"
        profile = _dict(contact.get("profile"))
        context = _dict(message.get("context"))

        text: Optional[Text] = None
        reply: Optional[Text] = None
        title: Optional[Text] = None

        if kind == "text":
            body = _dict(message.get("text"))
            text = _str(body.get("body"))
        elif kind == "interactive":
            interactive = _dict(message.get("interactive"))
            sub = _str(interactive.get("type"))
            chosen = _dict(interactive.get(sub))
            if sub in ("button_reply", "list_reply"):
                title = _str(chosen.get("title"))
                text = self._resolve_payload(_str(chosen.get("id")), title)
            else:
                reply = cannot_read_reply("default")
        elif kind == "button":
            button = _dict(message.get("button"))
            title = _str(button.get("text"))
            text = _str(button.get("payload")) or title
        elif kind in MEDIA_TYPES:
            media = _dict(message.get(kind))
            caption = _str(media.get("caption"))
            if caption:
                reply, text = CAPTION_NOTE, caption
            else:
                reply = cannot_read_reply(kind)
        elif kind == "reaction":
            reaction = _dict(message.get("reaction"))
            if not _str(reaction.get("emoji")):
                return None  # a reaction was removed: nothing to say
            reply = cannot_read_reply("reaction")
        elif kind == "system":
            return None  # e.g. "user changed number": not a message to answer
        else:  # location, contacts, unsupported, order, unknown...
            reply = cannot_read_reply(kind)

        if text is not None:
            text = text.strip() or None
        if text is None and reply is None:
            return None

        metadata: Dict[Text, Any] = {
            "channel": "whatsapp",
            "message_id": message_id,
            "message_type": kind,
            "timestamp": _int(message.get("timestamp")),
            "profile_name": _str(profile.get("name")),
            "username": _str(profile.get("username")),
            "wa_id": wa_id,
            "user_id": user_id,
            "phone_number_id": _str(value_metadata.get("phone_number_id")),
            "display_phone_number": _str(value_metadata.get("display_phone_number")),
            "reply_to_message_id": _str(context.get("id")),
            "button_title": title,
        }
        if wa_id:
            metadata.update(phone_metadata(wa_id))
        return InboundEvent(sender_id, message_id, text, reply, drop_empty(metadata))

    def _resolve_payload(
        self, reply_id: Optional[Text], title: Optional[Text]
    ) -> Optional[Text]:
        if reply_id and reply_id.startswith(LONG_PAYLOAD_PREFIX):
            payload = self.long_payloads.get(reply_id)
            if payload:
                return payload
            # Sent by another process or before a restart: the title is the
            # best we have, and NLU can usually map it.
            return title or reply_id
        return reply_id or title

    # -- processing ------------------------------------------------------------

    async def _process(
        self,
        event: InboundEvent,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        out = self.get_output_channel()
        if out is None:
            return
        if event.reply and self.recent_notices.add_if_new((event.sender_id, event.reply)):
            await out.send_text_message(event.sender_id, event.reply)
        if event.text is None:
            return
        try:
            await on_new_message(
                UserMessage(
                    event.text,
                    out,
                    event.sender_id,
                    input_channel=self.name(),
                    message_id=event.message_id,
                    metadata=event.metadata,
                )
            )
        except asyncio.CancelledError:
            raise
        except Exception as e:
            logger.error(
                "WhatsApp: the dialogue failed on a message from %s: %s",
                mask_id(event.sender_id),
                type(e).__name__,
            )
            logger.debug("Dialogue failure details", exc_info=True)
            await out.send_text_message(event.sender_id, FAILURE_REPLY)

    def accept(self, events: List[InboundEvent]) -> int:
        """Queue new events (skipping redeliveries); returns how many were queued."""
        assert self.dispatcher is not None
        queued = 0
        for event in events:
            if event.message_id and not self.seen_messages.add_if_new(event.message_id):
                logger.debug("WhatsApp: message %s already handled.", event.message_id)
                continue
            self.dispatcher.submit(event.sender_id, event)
            queued += 1
        return queued

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        bp = Blueprint("tickfix_whatsapp_webhook", __name__)

        async def handle(event: InboundEvent) -> None:
            await self._process(event, on_new_message)

        self.dispatcher = OrderedDispatcher(handle, describe=mask_id)

        def disabled() -> HTTPResponse:
            return response.json(
                {
                    "error": "WhatsApp channel is not configured",
                    "missing": self.config.missing,
                },
                status=503,
            )

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            if not self.enabled:
                return disabled()
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not self.enabled:
                return disabled()
            mode = request.args.get("hub.mode")
            token = request.args.get("hub.verify_token") or ""
            challenge = request.args.get("hub.challenge")
            if mode == "subscribe" and challenge is not None and hmac.compare_digest(
                token.encode("utf-8"), self.config.verify_token.encode("utf-8")
            ):
                logger.info("WhatsApp: webhook verified by Meta.")
                return response.text(challenge, content_type="text/plain")
            logger.warning("WhatsApp: webhook verification refused (wrong token or mode).")
            return response.text("Forbidden", status=403)

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.enabled:
                return disabled()
            body = request.body or b""
            if not self.signature_valid(body, request.headers.get("X-Hub-Signature-256")):
                logger.warning(
                    "WhatsApp: webhook POST with a missing or wrong signature refused."
                )
                return response.text("Invalid signature", status=403)
            try:
                payload = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                return response.json({"error": "invalid JSON"}, status=400)
            try:
                events, statuses = self.parse_delivery(payload)
                queued = self.accept(events)
            except Exception as e:  # a signed body we do not understand
                logger.error("WhatsApp: webhook body not understood: %s", type(e).__name__)
                logger.debug("Webhook parsing failure details", exc_info=True)
                return response.json({"status": "ignored"})
            if queued or statuses:
                logger.debug(
                    "WhatsApp: webhook with %d new message(s), %d status(es).",
                    queued,
                    statuses,
                )
            return response.json({"status": "received"})

        @bp.listener("before_server_stop")
        async def drain(*_: Any) -> None:
            if self.dispatcher is not None and self.dispatcher.pending_senders:
                await self.dispatcher.join(timeout=10)

        return bp


def _dict(value: Any) -> Dict[Text, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> List[Dict[Text, Any]]:
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict)]


def _str(value: Any) -> Optional[Text]:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value)
    return text if text.strip() else None


def _int(value: Any) -> Optional[int]:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _find_contact(
    contacts: List[Dict[Text, Any]], wa_id: Optional[Text], user_id: Optional[Text]
) -> Dict[Text, Any]:
    for contact in contacts:
        if wa_id and contact.get("wa_id") == wa_id:
            return contact
        if user_id and contact.get("user_id") == user_id:
            return contact
    if len(contacts) == 1:
        return contacts[0]
    return {}
