"""Which account the checks read, and with what credentials (WHATSAPP_*, TWILIO_* in the environment).

Why: secrets only ever come from the environment (README), and an unset setting means
the check it feeds is off, so the bot asks as it always did. Each check needs only
its own settings: the template lookup needs the token and the WABA, the number's
health the token and the phone number ID, the token check the app ID and secret,
the Twilio lookup the account SID and auth token. Tokens are kept out of ``repr``.

The Graph API base carries the pinned version the WhatsApp channel already uses
(channels/meta/settings.py); a test keeps the two equal. Twilio's Monitor API (error
alerts) lives on its own host; unset, TWILIO_MONITOR_BASE follows TWILIO_API_BASE
(``monitor_base_for``), so pointing Twilio at a stand-in or proxy points both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping, Optional
from urllib.parse import urlsplit

from diagnosis.platform import platform

from twilio_api import DEFAULT_API_BASE, DEFAULT_MONITOR_BASE

# The Graph API at the version the channel is pinned to (diagnosis/knowledge_base/platform.yaml).
DEFAULT_GRAPH_BASE = platform().graph_api_base
DEFAULT_TWILIO_BASE = DEFAULT_API_BASE
DEFAULT_TWILIO_MONITOR_BASE = DEFAULT_MONITOR_BASE

# Set to "off" (or 0/false/no): the checks are off even with credentials present.
SWITCH = "TICKFIX_ACCOUNT_CHECKS"


def _text(env: Mapping[str, str], name: str) -> Optional[str]:
    value = (env.get(name) or "").strip()
    return value or None


def monitor_base_for(api_base: str) -> str:
    """Where Twilio's Monitor API is when only TWILIO_API_BASE is set: Twilio's own
    monitor host for api.twilio.com, the same edge's monitor host for a regional one
    (api.dublin.ie1.twilio.com -> monitor.dublin.ie1.twilio.com), and the same base for
    anything else (a stand-in or a proxy serves both: their paths differ)."""
    base = api_base.rstrip("/")
    parts = urlsplit(base)
    host = parts.hostname or ""
    if host == "twilio.com" or host.endswith(".twilio.com"):
        if host.startswith("api."):
            return f"{parts.scheme}://monitor.{host[len('api.') :]}"
        return DEFAULT_TWILIO_MONITOR_BASE
    return base


@dataclass(frozen=True)
class AccountSettings:
    """One business's read access: Meta (Graph API) and/or Twilio."""

    access_token: Optional[str] = field(default=None, repr=False)
    phone_number_id: Optional[str] = None
    business_account_id: Optional[str] = None  # the WABA
    app_id: Optional[str] = None
    app_secret: Optional[str] = field(default=None, repr=False)
    graph_base: str = DEFAULT_GRAPH_BASE
    twilio_account_sid: Optional[str] = None
    twilio_auth_token: Optional[str] = field(default=None, repr=False)
    twilio_base: str = DEFAULT_TWILIO_BASE
    twilio_monitor_base: str = DEFAULT_TWILIO_MONITOR_BASE

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "AccountSettings":
        env = os.environ if env is None else env
        if (_text(env, SWITCH) or "on").lower() in ("off", "0", "false", "no"):
            return cls()
        twilio_base = (_text(env, "TWILIO_API_BASE") or DEFAULT_TWILIO_BASE).rstrip("/")
        return cls(
            access_token=_text(env, "WHATSAPP_ACCESS_TOKEN"),
            phone_number_id=_text(env, "WHATSAPP_PHONE_NUMBER_ID"),
            business_account_id=_text(env, "WHATSAPP_BUSINESS_ACCOUNT_ID"),
            app_id=_text(env, "WHATSAPP_APP_ID"),
            app_secret=_text(env, "WHATSAPP_APP_SECRET"),
            graph_base=(_text(env, "WHATSAPP_API_BASE") or DEFAULT_GRAPH_BASE).rstrip("/"),
            twilio_account_sid=_text(env, "TWILIO_ACCOUNT_SID"),
            twilio_auth_token=_text(env, "TWILIO_AUTH_TOKEN"),
            twilio_base=twilio_base,
            twilio_monitor_base=(_text(env, "TWILIO_MONITOR_BASE") or monitor_base_for(twilio_base)).rstrip("/"),
        )

    # -- which checks these settings allow ---------------------------------------------

    @property
    def can_check_templates(self) -> bool:
        return bool(self.access_token and self.business_account_id)

    @property
    def can_check_number(self) -> bool:
        return bool(self.access_token and self.phone_number_id)

    @property
    def can_check_waba(self) -> bool:
        return bool(self.access_token and self.business_account_id)

    @property
    def can_debug_token(self) -> bool:
        return bool(self.access_token and self.app_id and self.app_secret)

    @property
    def can_check_token(self) -> bool:
        """debug_token, or else a probe of the number with the token itself."""
        return self.can_debug_token or self.can_check_number

    @property
    def can_check_twilio(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token)

    @property
    def meta_configured(self) -> bool:
        return self.can_check_templates or self.can_check_number

    @property
    def any_configured(self) -> bool:
        return self.meta_configured or self.can_check_twilio

    def secrets(self) -> tuple:
        """Every secret these settings hold, for scrubbing texts before they are logged."""
        app_token = f"{self.app_id}|{self.app_secret}" if self.app_id and self.app_secret else None
        return tuple(s for s in (self.access_token, self.app_secret, self.twilio_auth_token, app_token) if s)
