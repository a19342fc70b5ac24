"""Sending bot messages through Twilio's Messages API.

Why: Twilio takes ``From``/``To``/``Body`` (or ``MediaUrl``), at most 1,600
characters a body, and has no buttons in free-form messages (see choices); the
request itself is made by Twilio's client (sending.py).
"""

import json
import logging
from typing import Any, Dict, List, Text

from channels.common.buttons import read_buttons
from channels.common.http_sender import SendResult
from channels.common.provider_output import ProviderOutput
from channels.twilio.address import with_whatsapp_prefix
from channels.twilio.choices import NumberedChoices
from channels.twilio.sending import SDK_ARGUMENTS, TwilioSender
from channels.twilio.settings import TwilioWhatsAppConfig
from privacy.masking import mask_id

logger = logging.getLogger(__name__)

BODY_LIMIT = 1600  # Twilio's limit for the Body parameter

# Twilio message fields that custom JSON may pass through: Body, MediaUrl, ContentSid,
# ContentVariables, PersistentAction (all the sender knows but the addressing).
CUSTOM_FIELDS = set(SDK_ARGUMENTS) - {"From", "To"}


class TwilioWhatsAppOutput(ProviderOutput):
    """Sends messages with Twilio's Messages API, through Twilio's client."""

    text_limit = BODY_LIMIT
    config: TwilioWhatsAppConfig

    @classmethod
    def name(cls) -> Text:
        return "twilio_whatsapp"

    def __init__(self, config: TwilioWhatsAppConfig, sender: TwilioSender, choices: NumberedChoices) -> None:
        super().__init__(config, sender)
        self._twilio = sender
        self._choices = choices

    def text_message(self, text: Text) -> Dict[Text, Any]:
        return {"Body": text}

    def image_message(self, url: Text) -> Dict[Text, Any]:
        return {"MediaUrl": url}

    async def post_message(self, recipient_id: Text, fields: Dict[Text, Any]) -> SendResult:
        data = {"From": self.config.whatsapp_number, "To": with_whatsapp_prefix(recipient_id)}
        data.update(fields)
        result = await self._twilio.create_message(data, f"message to {mask_id(data['To'])}")
        if result.ok and isinstance(result.body, dict):
            logger.debug(
                "Twilio: message %s to %s is %s.",
                result.body.get("sid"),
                mask_id(data["To"]),
                result.body.get("status"),
            )
        return result

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
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
