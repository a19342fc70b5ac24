"""What a check gives back: what the account said, or "could not check" with a safe reason.

Why: a check runs while the user waits, against an API that can be slow, down, or
refuse the token. The bot must still answer, truthfully: "I checked, and ..." or "I
could not check (it timed out), so let me ask". So no check raises; each returns a
``CheckResult``. ``reason`` is one word from a fixed list (the wording catalogue has
a sentence for each) and ``detail`` is short and safe to log or show: never a token,
a secret or a URL with its query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

# Why a check could not be made (CheckResult.reason).
TIMEOUT = "timeout"  # no answer in time
UNREACHABLE = "unreachable"  # connection refused, DNS, TLS
REFUSED = "refused"  # the API refused our credentials (Graph 190 on our own call, Twilio 20003)
NO_PERMISSION = "no_permission"  # the token lacks a permission or the object is not shared with it
NOT_FOUND = "not_found"  # the object (number, WABA, message SID) does not exist for these credentials
SERVER = "server"  # 5xx, 429 or a Graph "temporary" error
BAD_ANSWER = "bad_answer"  # an answer we could not read
NOT_CONFIGURED = "not_configured"  # the settings this check needs are missing
REASONS = (TIMEOUT, UNREACHABLE, REFUSED, NO_PERMISSION, NOT_FOUND, SERVER, BAD_ANSWER, NOT_CONFIGURED)


@dataclass(frozen=True)
class GraphError:
    """A Graph API error body's fields (``{"error": {"message", "type", "code", "error_subcode"}}``)."""

    code: Optional[int] = None
    subcode: Optional[int] = None
    type: Optional[str] = None
    message: str = ""


@dataclass
class CheckResult:
    """One check's outcome. ``ok``: the account answered and ``report`` holds what it said."""

    check: str
    ok: bool
    report: Any = None
    reason: Optional[str] = None
    detail: Optional[str] = None
    seconds: float = 0.0

    @classmethod
    def failed(cls, check: str, reason: str, detail: Optional[str] = None) -> "CheckResult":
        return cls(check=check, ok=False, reason=reason, detail=detail)
