"""The Chatwoot channel's settings: credentials.yml, then CHATWOOT_* in the environment.

Why: the channel reads its settings as the WhatsApp ones do (channels/common/settings.py)
and hands the plain-Python client its ``ChatwootSettings`` (chatwoot/settings.py).
"""

from typing import Optional

from channels.common.settings import ChannelConfig, Credentials
from chatwoot.settings import ChatwootSettings


class ChatwootConfig(ChannelConfig):
    """Resolved settings of the Chatwoot channel (CHATWOOT_* in the environment)."""

    env_prefix = "CHATWOOT"
    required = ("url", "bot_token")

    def __init__(self, credentials: Credentials = None) -> None:
        super().__init__(credentials)
        self.url: Optional[str] = self.text("url")
        self.bot_token: Optional[str] = self.text("bot_token")
        self.account_id: Optional[str] = self.text("account_id")
        self.webhook_token: Optional[str] = self.text("webhook_token")
        self.choices_ttl = self.number("choices_ttl", 24 * 3600.0, 1.0)
        self.max_attempts = int(self.number("max_attempts", 3, 1))

    def settings(self) -> Optional[ChatwootSettings]:
        if not self.enabled:
            return None
        return ChatwootSettings(
            url=(self.url or "").rstrip("/"),
            bot_token=self.bot_token or "",
            account_id=self.account_id,
            webhook_token=self.webhook_token,
            request_timeout=self.request_timeout,
            max_attempts=self.max_attempts,
            retry_base_delay=self.retry_base_delay,
            retry_max_delay=self.retry_max_delay,
        )
