"""A Twilio message looked up by its SID: its status and error code.

Why: Twilio users paste a message SID (SM...) from their logs or console; the
message's ``status`` (queued, sent, delivered, undelivered, failed, read...) and
``error_code`` (63016, 63032, 30008...) are what the diagnosis needs, and Twilio
knows them.

Request, as Twilio documents it (Programmable Messaging, "Message resource"): GET
/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json with HTTP basic auth (account
SID, auth token); the JSON carries sid, status, error_code (null when none),
error_message, to, from, date_sent... Made with the ``twilio`` package's ``Client``,
pointed at TWILIO_API_BASE and bounded by the deadline (account_checks.twilio_client).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from account_checks.deadline import Deadline
from account_checks.outcome import BAD_ANSWER, NOT_CONFIGURED, CheckResult
from account_checks.settings import AccountSettings
from account_checks.twilio_client import failure, twilio_client

CHECK = "twilio_message"
MESSAGE_SID = re.compile(r"\b((?:SM|MM)[0-9a-fA-F]{32})\b")


def message_sids(text: str) -> list:
    """The Twilio message SIDs in a paste, in order, without repeats."""
    seen: list = []
    for sid in MESSAGE_SID.findall(text or ""):
        if sid not in seen:
            seen.append(sid)
    return seen


@dataclass
class TwilioMessageReport:
    sid: str
    status: Optional[str] = None
    error_code: Optional[int] = None
    error_message: Optional[str] = None

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "undelivered")


def check_twilio_message(settings: AccountSettings, sid: str, deadline: Optional[Deadline] = None) -> CheckResult:
    """Fetch one message resource; never raises."""
    if not settings.can_check_twilio:
        return CheckResult.failed(CHECK, NOT_CONFIGURED)
    if not MESSAGE_SID.fullmatch(sid or ""):
        return CheckResult.failed(CHECK, BAD_ANSWER, "not a message SID")
    deadline = deadline or Deadline()
    try:
        message = twilio_client(settings, deadline).messages(sid).fetch()
    except Exception as exc:  # timeout, refused, not found: a safe reason, never the exception's text
        return failure(CHECK, exc)
    code = getattr(message, "error_code", None)
    return CheckResult(
        CHECK,
        True,
        TwilioMessageReport(
            sid=sid,
            status=str(message.status) if message.status is not None else None,
            error_code=int(code) if code not in (None, "") else None,
            error_message=getattr(message, "error_message", None),
        ),
    )
