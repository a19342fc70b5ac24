"""The notification a support team gets when the bot hands a conversation to a person.

Why: a handoff that tells nobody is a promise the bot cannot keep. On every handoff
Tickfix POSTs a signed JSON notification (who, where, which language, the summary,
the last messages, a link to the conversation in the agent view) to the team's own
endpoint: a Slack/Teams relay, a ticketing system, an on-call tool. Plain Python
with no Rasa imports: the action builds the inputs from the tracker, this package
turns them into exact body bytes, signs them and delivers them, and reports the
outcome instead of raising, so the bot can tell the user the truth.

* ``WebhookSettings.from_env()``: ``HANDOFF_WEBHOOK_URL``, ``HANDOFF_WEBHOOK_SECRET``,
  ``TICKFIX_AGENT_URL``; ``None`` when no URL is set (feature off).
* ``build_notification(...)`` -> dict, ``encode_body(dict)`` -> bytes.
* ``sign(body, secret)`` / ``verify(body, header, secret)``: header
  ``X-Tickfix-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>``.
* ``deliver(body, settings)`` -> ``Delivery``: bounded retries, never raises.
* ``notify(settings, **fields)``: the three together.
"""

from typing import Any, Optional

from handoff_webhook.delivery import Delivery, RetryBudget, deliver
from handoff_webhook.notification import (
    agent_link,
    build_notification,
    encode_body,
)
from handoff_webhook.settings import WebhookSettings
from handoff_webhook.signing import SIGNATURE_HEADER, sign, verify
from privacy.masking import mask_id

__all__ = [
    "Delivery",
    "RetryBudget",
    "SIGNATURE_HEADER",
    "WebhookSettings",
    "agent_link",
    "build_notification",
    "deliver",
    "encode_body",
    "mask_id",
    "notify",
    "sign",
    "verify",
]


def notify(settings: WebhookSettings, budget: Optional[RetryBudget] = None, **fields: Any) -> Delivery:
    """Build, sign and deliver one handoff notification; never raises.

    ``fields`` are ``build_notification``'s keyword arguments except ``agent_url``,
    which comes from ``settings``.
    """
    try:
        body = encode_body(build_notification(agent_url=settings.agent_url, **fields))
    except Exception as exc:  # a bad field must not break the handoff itself
        return Delivery(ok=False, attempts=0, error=f"could not build the notification: {type(exc).__name__}")
    return deliver(body, settings, budget=budget, conversation_id=fields.get("conversation_id"))
