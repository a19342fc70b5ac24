"""Twilio's SDK, sent to the configured hosts: shared by the channel and the account checks.

Why: the ``twilio`` package (installed with Rasa) has fixed hosts: https://api.twilio.com
for Messages, https://monitor.twilio.com for Monitor. Its ``edge``/``region`` settings
only rename hosts within twilio.com, so a proxy, or the tests' stand-in, needs the
client's URLs re-based. The channel (sending, channels/twilio/sending.py) and the account
checks (lookups and error alerts, account_checks/twilio_client.py) both need it; it is
written once here, in a plain package both container images hold.
"""

from __future__ import annotations

from typing import Mapping

DEFAULT_API_BASE = "https://api.twilio.com"
DEFAULT_MONITOR_BASE = "https://monitor.twilio.com"


def rebased(url: str, hosts: Mapping[str, str]) -> str:
    """``url`` with its Twilio host replaced by the configured base (unchanged otherwise)."""
    for fixed, base in hosts.items():
        if url == fixed or url.startswith(fixed + "/") or url.startswith(fixed + "?"):
            return base.rstrip("/") + url[len(fixed) :]
    return url


__all__ = ["DEFAULT_API_BASE", "DEFAULT_MONITOR_BASE", "rebased"]
