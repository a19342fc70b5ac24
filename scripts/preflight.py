#!/usr/bin/env python3
"""Production preflight: refuse to start without the secrets production needs.

    .venv/bin/python scripts/preflight.py     # exit 0 when all is set, else 2 and the list

Plain Python (standard library only), run by scripts/run.sh in production mode and by
`make run-production` before it starts PostgreSQL and Redis. What it requires:

- RASA_AUTH_TOKEN, at least MIN_TOKEN_LENGTH characters: the HTTP API's token
  (`/conversations/<id>/tracker` reads and writes any conversation);
- WhatsApp Cloud API on (WHATSAPP_ACCESS_TOKEN set): WHATSAPP_APP_SECRET (checks that
  webhooks come from Meta) and WHATSAPP_VERIFY_TOKEN (the webhook's subscription);
- Twilio on (TWILIO_ACCOUNT_SID set): TWILIO_AUTH_TOKEN (checks X-Twilio-Signature);
- Chatwoot on (CHATWOOT_URL set): CHATWOOT_BOT_TOKEN and CHATWOOT_WEBHOOK_TOKEN (the secret
  in the agent bot's webhook URL: Chatwoot does not sign its webhooks);
- socket.io exposed (TICKFIX_HOST not a loopback address): SOCKETIO_JWT_SECRET, so the
  chat widget's connections must carry a JWT signed with it;
- TICKFIX_CORS_ORIGINS not "*".
"""

from __future__ import annotations

import ipaddress
import os
import sys
from typing import List, Mapping

MIN_TOKEN_LENGTH = 16
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
GENERATE = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost; False for 0.0.0.0, :: and anything else."""
    host = host.strip().strip("[]")
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _set(env: Mapping[str, str], name: str) -> bool:
    return bool(env.get(name, "").strip())


def problems(env: Mapping[str, str]) -> List[str]:
    """What stops production from starting, one line each; empty when it may start."""
    found: List[str] = []

    def need(name: str, why: str) -> None:
        if not _set(env, name):
            found.append(f"{name} is missing ({why})")

    token = env.get("RASA_AUTH_TOKEN", "").strip()
    if not token:
        found.append(f"RASA_AUTH_TOKEN is missing (the HTTP API's token; make one with: {GENERATE})")
    elif len(token) < MIN_TOKEN_LENGTH:
        found.append(
            f"RASA_AUTH_TOKEN is too short ({len(token)} characters, at least "
            f"{MIN_TOKEN_LENGTH}; make one with: {GENERATE})"
        )

    if _set(env, "WHATSAPP_ACCESS_TOKEN"):
        need("WHATSAPP_APP_SECRET", "WhatsApp is on: it checks that webhooks come from Meta")
        need("WHATSAPP_VERIFY_TOKEN", "WhatsApp is on: Meta's webhook subscription needs it")

    if _set(env, "TWILIO_ACCOUNT_SID"):
        need("TWILIO_AUTH_TOKEN", "Twilio is on: it checks X-Twilio-Signature")

    if _set(env, "CHATWOOT_URL"):
        need("CHATWOOT_BOT_TOKEN", "Chatwoot is on: the agent bot's access token, to answer")
        need(
            "CHATWOOT_WEBHOOK_TOKEN",
            "Chatwoot is on: the secret in its webhook URL (?token=...); without it every webhook is refused",
        )

    host = env.get("TICKFIX_HOST", "").strip() or "127.0.0.1"
    if not is_loopback(host):
        need(
            "SOCKETIO_JWT_SECRET",
            f"TICKFIX_HOST={host} exposes the socket.io chat channel: its connections must "
            "carry a JWT signed with this secret",
        )

    if "*" in env.get("TICKFIX_CORS_ORIGINS", "").split():
        found.append('TICKFIX_CORS_ORIGINS is "*" (list the chat page\'s origins instead)')
    return found


def main(env: Mapping[str, str] = os.environ) -> int:
    found = problems(env)
    if not found:
        return 0
    print("Tickfix refuses to start in production mode:", file=sys.stderr)
    for line in found:
        print(f"  - {line}", file=sys.stderr)
    print('Set them in the environment (see docs/production.md, "Secrets").', file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
