"""A Twilio message looked up by its SID: its status and error code.

Why: Twilio users paste a message SID (SM...) from their logs or console; the
message's ``status`` (queued, sent, delivered, undelivered, failed, read...) and
``error_code`` (63016, 63032, 30008...) are what the diagnosis needs, and Twilio
knows them.

Request, as Twilio documents it (Programmable Messaging, "Message resource"): GET
/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json with HTTP basic auth (account
SID, auth token); the JSON carries sid, status, error_code (null when none),
error_message, to, from, date_sent... Made with the ``twilio`` package Rasa already
installs: its ``Client`` takes an ``http_client``, and the one here re-bases Twilio's
fixed host (https://api.twilio.com) onto TWILIO_API_BASE and caps each request's
timeout by the time left. (The package's ``edge``/``region`` settings only rewrite the
host name within twilio.com, so they cannot point it at a stand-in.) Errors come back
as ``TwilioRestException`` (status, Twilio code: 20404 not found, 20003 bad credentials).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

import requests

from account_checks.deadline import Deadline
from account_checks.outcome import (
    BAD_ANSWER,
    NOT_CONFIGURED,
    NOT_FOUND,
    REFUSED,
    SERVER,
    TIMEOUT,
    UNREACHABLE,
    CheckResult,
)
from account_checks.settings import DEFAULT_TWILIO_BASE, AccountSettings

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


def _http_client(base: str, deadline: Deadline) -> Any:
    from twilio.http.http_client import TwilioHttpClient

    class RebasedHttpClient(TwilioHttpClient):
        """Twilio's own HTTP client, sent to ``base`` and bounded by the deadline."""

        def request(self, method, url, params=None, data=None, headers=None, auth=None,
                    timeout=None, allow_redirects=False):
            if url.startswith(DEFAULT_TWILIO_BASE):
                url = base + url[len(DEFAULT_TWILIO_BASE):]
            left = deadline.timeout()
            if left <= 0.05:
                raise requests.Timeout("no time left")
            return super().request(method, url, params=params, data=data, headers=headers, auth=auth,
                                   timeout=left, allow_redirects=allow_redirects)

    return RebasedHttpClient(pool_connections=False)


def check_twilio_message(
    settings: AccountSettings, sid: str, deadline: Optional[Deadline] = None
) -> CheckResult:
    """Fetch one message resource; never raises."""
    if not settings.can_check_twilio:
        return CheckResult.failed(CHECK, NOT_CONFIGURED)
    if not MESSAGE_SID.fullmatch(sid or ""):
        return CheckResult.failed(CHECK, BAD_ANSWER, "not a message SID")
    deadline = deadline or Deadline()
    try:
        from twilio.base.exceptions import TwilioRestException
        from twilio.rest import Client

        client = Client(settings.twilio_account_sid, settings.twilio_auth_token,
                        http_client=_http_client(settings.twilio_base, deadline), environment={})
        message = client.messages(sid).fetch()
    except requests.Timeout:
        return CheckResult.failed(CHECK, TIMEOUT, "timed out")
    except requests.ConnectionError:
        return CheckResult.failed(CHECK, UNREACHABLE, "connection failed")
    except Exception as exc:
        if type(exc).__name__ == "TwilioRestException" and isinstance(exc, TwilioRestException):
            status = int(getattr(exc, "status", 0) or 0)
            code = getattr(exc, "code", None)
            detail = f"HTTP {status}" + (f", Twilio error {code}" if code else "")
            if status == 404 or code == 20404:
                return CheckResult.failed(CHECK, NOT_FOUND, detail)
            if status in (401, 403) or code == 20003:
                return CheckResult.failed(CHECK, REFUSED, detail)
            if status == 429 or status >= 500:
                return CheckResult.failed(CHECK, SERVER, detail)
            return CheckResult.failed(CHECK, BAD_ANSWER, detail)
        return CheckResult.failed(CHECK, BAD_ANSWER, f"lookup failed: {type(exc).__name__}")
    code = getattr(message, "error_code", None)
    return CheckResult(CHECK, True, TwilioMessageReport(
        sid=sid,
        status=str(message.status) if message.status is not None else None,
        error_code=int(code) if code not in (None, "") else None,
        error_message=getattr(message, "error_message", None),
    ))
