"""The Twilio WhatsApp channel's settings (TWILIO_* in the environment).

Why a module of its own: the input channel and the output channel both read
them. docs/channels.md lists every setting.
"""

from typing import Optional, Text

from diagnosis.language import DEFAULT_LANG, say

from channels.common.settings import ChannelConfig, Credentials, setting
from channels.twilio.address import with_whatsapp_prefix
from twilio_api import DEFAULT_API_BASE


class TwilioWhatsAppConfig(ChannelConfig):
    """Resolved settings of the Twilio WhatsApp channel."""

    env_prefix = "TWILIO"
    default_api_base = DEFAULT_API_BASE
    required = ("account_sid", "auth_token", "whatsapp_number")

    def __init__(self, credentials: Credentials = None) -> None:
        super().__init__(credentials)
        self.account_sid: Optional[str] = self.text("account_sid")
        self.auth_token: Optional[str] = self.text("auth_token")
        self.whatsapp_number = with_whatsapp_prefix(
            self.text("whatsapp_number")
            # the key Rasa's own twilio channel uses
            or setting(credentials, "twilio_number", "TWILIO_WHATSAPP_NUMBER")
        )
        self.webhook_url = self.text("webhook_url")
        self.choices_ttl = self.number("choices_ttl", 24 * 3600.0, 1.0)
        # Set: the same hint for everyone; unset: the catalogue's
        # (channel.number_hint), in the user's language.
        self.choose_hint_setting = self.text("choose_hint")
        self.choose_hint = self.choose_hint_in(DEFAULT_LANG)

    def choose_hint_in(self, lang: Optional[Text]) -> Text:
        """The line under numbered choices, for a user speaking ``lang``."""
        return self.choose_hint_setting or say("channel.number_hint", lang)
