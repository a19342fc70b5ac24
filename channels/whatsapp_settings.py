"""The WhatsApp Cloud API channel's settings (WHATSAPP_* in the environment).

Why a module of its own: the input channel, the output channel and the
payload parser all read them. docs/channels.md lists every setting.
"""

from typing import Optional

from channels.settings import ChannelConfig, Credentials
from channels.text_limits import truncate
from channels.whatsapp_buttons import LIST_BUTTON_LABEL_LIMIT

DEFAULT_API_BASE = "https://graph.facebook.com/v26.0"


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
        self.list_button_label = truncate(
            self.text("list_button_label", "Choose") or "Choose",
            LIST_BUTTON_LABEL_LIMIT,
        )
        self.choose_prompt = (
            self.text("choose_prompt", "Please choose:") or "Please choose:"
        )
        self.ignore_other_numbers = str(
            self.text("ignore_other_numbers", "true")
        ).lower() not in ("0", "false", "no", "off")
