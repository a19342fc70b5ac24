"""How a channel reads its settings: credentials.yml first, then the environment.

Why: secrets belong in the environment, not in git. Rasa 3.6 refuses to start
when an unquoted ``${VAR}`` in credentials.yml is unset, and a quoted
``"${VAR}"`` arrives literally, so such a placeholder counts as "not given".
"""

import logging
import os
from typing import Any, Dict, List, Optional, Text, Tuple

from channels.common.http_sender import RetryPolicy

logger = logging.getLogger(__name__)

Credentials = Optional[Dict[Text, Any]]


def _is_unset(value: Any) -> bool:
    if value is None:
        return True
    text = str(value).strip()
    # A quoted "${VAR}" in credentials.yml is not expanded by Rasa and arrives
    # literally; treat it as "not given" so the environment fallback applies.
    return not text or "${" in text


def setting(
    credentials: Credentials,
    key: Text,
    env_name: Text,
    default: Optional[Text] = None,
) -> Optional[Text]:
    """A string setting: credentials.yml first, then the environment, then default."""
    value = (credentials or {}).get(key)
    if _is_unset(value):
        value = os.environ.get(env_name)
    if _is_unset(value):
        return default
    return str(value).strip()


def number_setting(
    credentials: Credentials,
    key: Text,
    env_name: Text,
    default: float,
    minimum: float = 0.0,
) -> float:
    """A numeric setting; a bad value logs a warning and falls back to default."""
    raw = setting(credentials, key, env_name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except (TypeError, ValueError):
        logger.warning(
            "Setting %s / %s is not a number (%r); using %s.",
            key,
            env_name,
            raw,
            default,
        )
        return default
    return max(minimum, value)


class ChannelConfig:
    """The settings every provider channel has, under one environment prefix.

    The credentials.yml key ``max_attempts`` of a channel with prefix
    ``WHATSAPP`` falls back to ``WHATSAPP_MAX_ATTEMPTS``, and so on for every
    key. Subclasses name the prefix, the default API base and the keys
    without which the channel stays off.
    """

    env_prefix: Text = ""
    default_api_base: Text = ""
    required: Tuple[Text, ...] = ()

    def __init__(self, credentials: Credentials = None) -> None:
        self._credentials = credentials or {}
        self.api_base = (self.text("api_base", self.default_api_base) or "").rstrip("/")
        self.request_timeout = self.number("request_timeout", 10.0, 0.1)
        self.max_attempts = int(self.number("max_attempts", 4, 1))
        self.retry_base_delay = self.number("retry_base_delay", 0.5, 0.0)
        self.retry_max_delay = self.number("retry_max_delay", 8.0, 0.0)
        self.dedupe_ttl = self.number("dedupe_ttl", 24 * 3600.0, 1.0)

    def env_name(self, key: Text) -> Text:
        return f"{self.env_prefix}_{key.upper()}"

    def text(self, key: Text, default: Optional[Text] = None) -> Optional[Text]:
        return setting(self._credentials, key, self.env_name(key), default)

    def number(self, key: Text, default: float, minimum: float = 0.0) -> float:
        return number_setting(self._credentials, key, self.env_name(key), default, minimum)

    @property
    def missing(self) -> List[Text]:
        """Environment variables of required settings that are still unset."""
        return [self.env_name(key) for key in self.required if not getattr(self, key)]

    @property
    def enabled(self) -> bool:
        return not self.missing

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(
            attempts=self.max_attempts,
            base_delay=self.retry_base_delay,
            max_delay=self.retry_max_delay,
            timeout=self.request_timeout,
        )
