"""Sending bot messages through Twilio's Messages API.

Why: Twilio takes form-encoded ``From``/``To``/``Body`` (or ``MediaUrl``) with
basic auth, at most 1,600 characters a body, and has no buttons in
free-form messages (see choices).
"""

import json
import logging
from typing import Any, Dict, List, Text

import requests

from channels.common.buttons import read_buttons
from channels.common.http_sender import HttpSender, SendResult
from channels.common.provider_output import ProviderOutput
from channels.common.text_limits import truncate
from channels.twilio.address import with_whatsapp_prefix
from channels.twilio.choices import NumberedChoices
from channels.twilio.settings import TwilioWhatsAppConfig
from privacy.masking import mask_id

logger = logging.getLogger(__name__)

BODY_LIMIT = 1600  # Twilio's limit for the Body parameter

# Twilio message fields that custom JSON may pass through.
CUSTOM_FIELDS = {"Body", "MediaUrl", "ContentSid", "ContentVariables", "PersistentAction"}


def describe_twilio_error(body: Any) -> Text:
    if isinstance(body, dict) and ("code" in body or "message" in body):
        return f"code {body.get('code')}, {truncate(str(body.get('message', '')), 200)}"
    return truncate(str(body), 200)


def is_retryable_twilio_response(resp: requests.Response, body: Any) -> bool:
    return resp.status_code == 429 or resp.status_code >= 500


def twilio_api_sender(config: TwilioWhatsAppConfig) -> HttpSender:
    """The HTTP sender for Twilio's API: retries 429 and 5xx, auth token kept out of logs."""
    return HttpSender(
        config.retry_policy(),
        is_retryable=is_retryable_twilio_response,
        describe_error=describe_twilio_error,
        secrets=[config.auth_token],
        service="Twilio",
    )


class TwilioWhatsAppOutput(ProviderOutput):
    """Sends messages with Twilio's Messages API (form-encoded, basic auth)."""

    text_limit = BODY_LIMIT
    config: TwilioWhatsAppConfig

    @classmethod
    def name(cls) -> Text:
        return "twilio_whatsapp"

    def __init__(
        self, config: TwilioWhatsAppConfig, sender: HttpSender, choices: NumberedChoices
    ) -> None:
        super().__init__(config, sender)
        self._choices = choices

    @property
    def messages_url(self) -> Text:
        return (
            f"{self.config.api_base}/2010-04-01/Accounts/"
            f"{self.config.account_sid}/Messages.json"
        )

    def text_message(self, text: Text) -> Dict[Text, Any]:
        return {"Body": text}

    def image_message(self, url: Text) -> Dict[Text, Any]:
        return {"MediaUrl": url}

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

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        """Pass Twilio message fields through (Body, MediaUrl, ContentSid...)."""
        if not isinstance(json_message, dict):
            return
        fields = {k: v for k, v in json_message.items() if k in CUSTOM_FIELDS}
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
        hint = self.config.choose_hint
        if self.config.choose_hint_setting is None and read_buttons(buttons)[0]:
            hint = self.config.choose_hint_in(await self.language(recipient_id))
        body = self._choices.offer(recipient_id, text, buttons, hint)
        await self.send_text_message(recipient_id, body)
