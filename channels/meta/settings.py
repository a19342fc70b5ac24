"""The WhatsApp Cloud API channel's settings (WHATSAPP_* in the environment).

Why a module of its own: the input channel, the output channel and the
payload parser all read them. docs/channels.md lists every setting.
"""

from typing import Optional, Text

from diagnosis.language import DEFAULT_LANG, say
from diagnosis.platform import platform

from channels.common.settings import ChannelConfig, Credentials
from channels.common.text_limits import truncate
from channels.meta.buttons import LIST_BUTTON_LABEL_LIMIT

DEFAULT_API_BASE = platform().graph_api_base  # the pinned version (diagnosis/knowledge_base/platform.yaml)


class WhatsAppConfig(ChannelConfig):
    """Resolved settings of the WhatsApp channel."""

    env_prefix = "WHATSAPP"
    default_api_base = DEFAULT_API_BASE
    required = ("access_token", "phone_number_id", "app_secret", "verify_token")

    def __init__(self, credentials: Credentials = None) -> None:
        super().__init__(credentials)
        self.access_token: Optional[str] = self.text("access_token")
        self.phone_number_id: Optional[str] = self.text("phone_number_id")
        self.app_secret: Optional[str] = self.text("app_secret")
        self.verify_token: Optional[str] = self.text("verify_token")
        # Set: the same words for everyone; unset: the catalogue's, in the
        # user's language (channel.list_button, channel.choose_prompt).
        self.list_button_label_setting = self.text("list_button_label")
        self.choose_prompt_setting = self.text("choose_prompt")
        self.list_button_label = self.list_button_label_in(DEFAULT_LANG)
        self.choose_prompt = self.choose_prompt_in(DEFAULT_LANG)
        self.ignore_other_numbers = str(self.text("ignore_other_numbers", "true")).lower() not in (
            "0",
            "false",
            "no",
            "off",
        )

    def list_button_label_in(self, lang: Optional[Text]) -> Text:
        """The label of the button that opens a list, for a user speaking ``lang``."""
        label = self.list_button_label_setting or say("channel.list_button", lang)
        return truncate(label, LIST_BUTTON_LABEL_LIMIT)

    def choose_prompt_in(self, lang: Optional[Text]) -> Text:
        """The body above buttons whose text went separately, for a user speaking ``lang``."""
        return self.choose_prompt_setting or say("channel.choose_prompt", lang)
