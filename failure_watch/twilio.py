"""Twilio's status callbacks read into failures.

Why: a business on Twilio learns of a failed WhatsApp message only from the status
callback Twilio posts to the ``StatusCallback`` URL. Its shape (Twilio's "Track the
message status of outbound messages" guide and Message resource reference): an
``application/x-www-form-urlencoded`` POST with the standard request properties
(``MessageSid``, ``AccountSid``, ``From``, ``To``: "whatsapp:+<number>" for WhatsApp)
plus ``MessageStatus`` (queued, sent, delivered, read, failed, undelivered...),
``ErrorCode`` (e.g. 63016) and, for some channels, ``ErrorMessage``. Twilio adds
properties without notice, so anything else is ignored. Twilio gives no time: the
callback's arrival is the failure's time.
"""

from __future__ import annotations

import time
from typing import Dict, List, Mapping, Optional, Sequence, Union

from failure_watch.events import Failure, digits

FAILED = ("failed", "undelivered")
Form = Mapping[str, Union[str, Sequence[str]]]


def _first(form: Form, name: str) -> str:
    value = form.get(name)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value or "").strip()


def is_status_callback(form: Form) -> bool:
    """A status callback carries MessageStatus and no user text."""
    return bool(_first(form, "MessageStatus")) and not _first(form, "Body")


def parse(form: Form, now: Optional[int] = None) -> List[Failure]:
    """The failure in one status callback (a list of one), or [] for other statuses."""
    status = _first(form, "MessageStatus").lower()
    if status not in FAILED:
        return []
    sid = _first(form, "MessageSid") or _first(form, "SmsSid") or _first(form, "SmsMessageSid")
    if not sid:
        return []
    code = _first(form, "ErrorCode")[:16]
    message = _first(form, "ErrorMessage")[:500]
    title = f"Twilio error {code}" if code else "Twilio message " + status
    return [
        Failure(
            at=int(now if now is not None else time.time()),
            recipient=digits(_first(form, "To")),
            message_id=sid[:128],
            provider="twilio",
            status=status,
            code=code,
            title=title,
            details=message,
            business_number=digits(_first(form, "From")),
        )
    ]


def form_of(fields: Dict[str, str]) -> Dict[str, List[str]]:
    """A plain dict (a JSON line of a log) in the shape parse_qs gives."""
    return {k: [str(v)] for k, v in fields.items()}
