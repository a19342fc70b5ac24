"""Where handoff notifications go, read from the environment.

Why: secrets only ever come from the environment (README); an unset URL means the
feature is off and the bot keeps saying that nobody is connected.
"""

import os
from dataclasses import dataclass, field
from typing import Mapping, Optional


@dataclass(frozen=True)
class WebhookSettings:
    url: str
    secret: Optional[str] = field(default=None, repr=False)
    agent_url: Optional[str] = None  # base URL of the agent view, for the link

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Optional[WebhookSettings]":
        """The settings, or ``None`` when ``HANDOFF_WEBHOOK_URL`` is unset or blank."""
        env = os.environ if env is None else env
        url = (env.get("HANDOFF_WEBHOOK_URL") or "").strip()
        if not url:
            return None
        secret = env.get("HANDOFF_WEBHOOK_SECRET") or None
        agent_url = (env.get("TICKFIX_AGENT_URL") or "").strip() or None
        return cls(url=url, secret=secret, agent_url=agent_url)
