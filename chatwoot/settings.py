"""Where Chatwoot is and how Tickfix talks to it, read from the environment.

Why: secrets only ever come from the environment (README), and both the Rasa server
(the input channel) and the action server (the handoff) need the same settings. Without
``CHATWOOT_URL`` and ``CHATWOOT_BOT_TOKEN`` the feature is off: ``from_env`` gives
``None``, the channel's route answers 503 and a handoff does not try Chatwoot.

``CHATWOOT_WEBHOOK_TOKEN`` protects the webhook route: Chatwoot does not sign agent-bot
webhooks, so the URL given to Chatwoot carries ``?token=<CHATWOOT_WEBHOOK_TOKEN>`` and
every call without it is refused. Unset, every call is refused (secure by default).
"""

import logging
import os
from dataclasses import dataclass, field
from typing import Any, List, Mapping, Optional

logger = logging.getLogger(__name__)

ENV_PREFIX = "CHATWOOT_"
REQUIRED = ("url", "bot_token")


def env_name(key: str) -> str:
    """``bot_token`` -> ``CHATWOOT_BOT_TOKEN``."""
    return ENV_PREFIX + key.upper()


def _unset(value: Any) -> bool:
    # A quoted "${VAR}" in credentials.yml arrives literally: it means "not given".
    return value is None or not str(value).strip() or "${" in str(value)


def _lookup(key: str, env: Mapping[str, str], overrides: Mapping[str, Any]) -> Optional[str]:
    value = overrides.get(key)
    if _unset(value):
        value = env.get(env_name(key))
    return None if _unset(value) else str(value).strip()


def _number(key: str, default: float, minimum: float, env: Mapping[str, str], overrides: Mapping[str, Any]) -> float:
    raw = _lookup(key, env, overrides)
    if raw is None:
        return default
    try:
        return max(minimum, float(raw))
    except ValueError:
        logger.warning("%s is not a number (%r); using %s.", env_name(key), raw, default)
        return default


@dataclass(frozen=True)
class ChatwootSettings:
    """Resolved settings; the two secrets are kept out of ``repr``."""

    url: str  # Chatwoot's base URL, e.g. https://app.chatwoot.com (no trailing slash)
    bot_token: str = field(repr=False)  # the agent bot's access token (header api_access_token)
    account_id: Optional[str] = None  # set: events of other accounts are ignored
    webhook_token: Optional[str] = field(default=None, repr=False)  # ?token= of the webhook URL
    request_timeout: float = 10.0  # seconds per try
    max_attempts: int = 3
    retry_base_delay: float = 0.5  # then doubled each retry, up to retry_max_delay
    retry_max_delay: float = 4.0

    @classmethod
    def from_env(
        cls, env: Optional[Mapping[str, str]] = None, overrides: Optional[Mapping[str, Any]] = None
    ) -> "Optional[ChatwootSettings]":
        """The settings, or ``None`` when CHATWOOT_URL or CHATWOOT_BOT_TOKEN is unset.

        ``overrides`` (credentials.yml keys: ``url``, ``bot_token``, ``account_id``,
        ``webhook_token``, ``request_timeout``, ``max_attempts``, ``retry_base_delay``,
        ``retry_max_delay``) win over the environment.
        """
        env = os.environ if env is None else env
        overrides = overrides or {}
        url = _lookup("url", env, overrides)
        token = _lookup("bot_token", env, overrides)
        if not url or not token:
            return None
        return cls(
            url=url.rstrip("/"),
            bot_token=token,
            account_id=_lookup("account_id", env, overrides),
            webhook_token=_lookup("webhook_token", env, overrides),
            request_timeout=_number("request_timeout", 10.0, 0.1, env, overrides),
            max_attempts=int(_number("max_attempts", 3, 1, env, overrides)),
            retry_base_delay=_number("retry_base_delay", 0.5, 0.0, env, overrides),
            retry_max_delay=_number("retry_max_delay", 4.0, 0.0, env, overrides),
        )

    @property
    def secrets(self) -> List[str]:
        """What must never reach a log line."""
        return [s for s in (self.bot_token, self.webhook_token) if s]


def missing(env: Optional[Mapping[str, str]] = None, overrides: Optional[Mapping[str, Any]] = None) -> List[str]:
    """The environment variables still needed to turn Chatwoot on."""
    env = os.environ if env is None else env
    return [env_name(key) for key in REQUIRED if _lookup(key, env, overrides or {}) is None]
