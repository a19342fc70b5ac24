"""Sending bot messages through the WhatsApp Cloud API (Meta's Graph API).

Why: every Rasa response (text, buttons, image, custom JSON) must become a
``POST /{phone-number-id}/messages`` that Meta accepts, to a phone number or
to a username user's business-scoped id, with Meta's errors read so that
only the temporary ones are retried.
"""

import logging
import re
from typing import Any, Dict, List, Optional, Text

import requests

from diagnosis.language import DEFAULT_LANG, say

from channels.common.http_sender import HttpSender, SendResult
from channels.common.json_shapes import dicts
from channels.common.provider_output import ProviderOutput
from channels.common.text_limits import truncate
from channels.meta.buttons import (
    TEXT_LIMIT,
    button_messages,
    needs_own_words,
    text_message,
)
from channels.meta.long_payloads import LongPayloads
from channels.meta.settings import WhatsAppConfig
from privacy.masking import mask_id

logger = logging.getLogger(__name__)

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

_BSUID = re.compile(r"^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]+$")


def is_business_scoped_user_id(recipient_id: Text) -> bool:
    """BSUIDs (``US.1349...``) replace the phone number for username users."""
    return bool(_BSUID.match(recipient_id or ""))


def graph_error(body: Any) -> Dict[Text, Any]:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"]
    return {}


def describe_graph_error(body: Any) -> Text:
    """A Graph API error body as one log text: code, message, fbtrace_id."""
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


def graph_api_sender(config: WhatsAppConfig) -> HttpSender:
    """The HTTP sender for the Graph API: Meta's retry rules, secrets kept out of logs."""
    return HttpSender(
        config.retry_policy(),
        is_retryable=is_retryable_graph_response,
        describe_error=describe_graph_error,
        secrets=[config.access_token, config.app_secret],
        service="WhatsApp",
    )


def whatsapp_message_object(data: Any) -> Optional[Dict[Text, Any]]:
    """The WhatsApp message object inside custom JSON, if it is one.

    ``{"type": "template", "template": {...}}``, or the same under a
    ``whatsapp`` key; its own addressing fields are dropped (ours win).
    """
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("whatsapp"), dict):
        data = data["whatsapp"]
    kind = data.get("type")
    if kind in WHATSAPP_MESSAGE_TYPES and isinstance(data.get(kind), (dict, list)):
        return {k: v for k, v in data.items() if k not in ("to", "recipient", "messaging_product")}
    return None


class WhatsAppOutput(ProviderOutput):
    """Sends bot messages through the Cloud API's ``/{phone-number-id}/messages``."""

    text_limit = TEXT_LIMIT
    config: WhatsAppConfig

    @classmethod
    def name(cls) -> Text:
        return "whatsapp"

    def __init__(self, config: WhatsAppConfig, sender: HttpSender, long_payloads: LongPayloads) -> None:
        super().__init__(config, sender)
        self._long_payloads = long_payloads

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

    def text_message(self, text: Text) -> Dict[Text, Any]:
        return text_message(text)

    def image_message(self, url: Text) -> Dict[Text, Any]:
        return {"type": "image", "image": {"link": url}}

    async def post_message(self, recipient_id: Text, message: Dict[Text, Any]) -> SendResult:
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
            ids = [str(m.get("id")) for m in dicts(result.body.get("messages")) if m.get("id")]
            logger.debug(
                "WhatsApp: %s message to %s accepted (%s).",
                kind,
                mask_id(recipient_id),
                ", ".join(ids) or "no id",
            )
        return result

    async def send_attachment(self, recipient_id: Text, attachment: Any, **kwargs: Any) -> None:
        if isinstance(attachment, dict) and whatsapp_message_object(attachment):
            await self.send_custom_json(recipient_id, attachment)
            return
        await self.send_text_message(recipient_id, str(attachment))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        message = whatsapp_message_object(json_message)
        if message is not None:
            await self.post_message(recipient_id, message)
        elif isinstance(json_message, dict) and isinstance(json_message.get("text"), str):
            await self.send_text_message(recipient_id, json_message["text"])
        else:
            keys = sorted(json_message) if isinstance(json_message, dict) else []
            logger.warning(
                "WhatsApp: custom message with keys %s is not a WhatsApp message object; not sent.",
                keys,
            )

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        lang = DEFAULT_LANG
        if needs_own_words(text, buttons):  # a list's "Choose"...: in the user's language
            lang = await self.language(recipient_id)
        for message in self.button_messages(text, buttons, lang):
            await self.post_message(recipient_id, message)

    def button_messages(
        self, text: Text, buttons: List[Dict[Text, Any]], lang: Text = DEFAULT_LANG
    ) -> List[Dict[Text, Any]]:
        """The messages ``send_text_with_buttons`` sends (see buttons)."""
        return button_messages(
            text,
            buttons,
            self._long_payloads,
            self.config.list_button_label_in(lang),
            self.config.choose_prompt_in(lang),
            say("channel.more_options", lang),
        )
