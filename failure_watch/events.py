"""What the failure watch keeps: failed messages and account events.

Why: Meta's and Twilio's webhooks say the same few things in different shapes; the
parsers turn both into these two records, so the diagnosis, the store and the report
never look at a provider's JSON.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, Optional

# What a retry of the same message will do: "now" (retry as it is), "later" (after a
# wait or after a fix: see ``decision``) or "never" (do not retry).
ADVICES = ("now", "later", "never")
# diagnosis/causes.py's retry vocabulary (RETRY_RULES' "decision") folded into ADVICES.
ADVICE_OF_DECISION = {"now": "now", "after_wait": "later", "after_fix": "later", "never": "never"}

_NOT_DIGITS = re.compile(r"\D")


def digits(value: Any) -> str:
    """A recipient as digits only: "whatsapp:+55 11 98765-4321" -> "5511987654321"."""
    return _NOT_DIGITS.sub("", str(value or ""))[:20]


@dataclass
class Failure:
    """One failed (or undelivered) message, as a provider reported it.

    ``message_id``, ``status`` and ``code`` identify it: a redelivered webhook gives the
    same three and is stored once. The diagnosis fills ``cause`` onwards.
    """

    at: int  # when it failed (the provider's timestamp), Unix seconds
    recipient: str  # digits; "" when the provider did not say (value-level errors)
    message_id: str
    provider: str  # "meta" or "twilio"
    status: str = "failed"  # "failed", "undelivered"
    code: str = ""
    title: str = ""
    details: str = ""
    business_number: str = ""  # Meta's phone_number_id, Twilio's From (digits)
    campaign: str = ""  # Meta's biz_opaque_callback_data, when the business tags sends
    cause: str = ""
    decision: str = ""  # now / after_wait / after_fix / never
    advice: str = ""  # now / later / never
    wait_hours: Optional[float] = None
    retry_after: Optional[int] = None  # Unix seconds, for waits
    received: int = field(default_factory=lambda: int(time.time()))

    def text(self) -> str:
        """What the classifier reads: "code title details"."""
        return " ".join(p for p in (self.code, self.title, self.details) if p).strip()

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


# Kinds of account events, one per Meta webhook field (and "error" for value-level
# errors that are not about one message, kept as failures instead: see meta.py).
ACCOUNT_KINDS = {
    "message_template_status_update": "template_status",
    "message_template_quality_update": "template_quality",
    "phone_number_quality_update": "phone_quality",
    "account_update": "account_update",
}


@dataclass
class AccountEvent:
    """Something that changed for the whole account: a template paused or rejected, a
    template's or the number's quality, a restriction. ``subject`` is what it is about
    (a template's name and language, a phone number, the account id); ``event`` is
    Meta's word for it (PAUSED, FLAGGED, ACCOUNT_RESTRICTION...)."""

    at: int
    kind: str  # template_status, template_quality, phone_quality, account_update
    subject: str
    event: str
    detail: str = ""
    account_id: str = ""
    received: int = field(default_factory=lambda: int(time.time()))

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)
