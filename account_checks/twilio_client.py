"""Twilio's own SDK client, pointed at the configured hosts and bounded by the deadline.

Why: every Twilio check (a message by its SID, the Monitor API's error alerts) is made
with the ``twilio`` package Rasa already installs, whose domains have fixed hosts
(https://api.twilio.com for Messages, https://monitor.twilio.com for Monitor). Its
``Client`` takes an ``http_client``; twilio_api's re-bases those hosts onto
TWILIO_API_BASE and TWILIO_MONITOR_BASE (a stand-in in the tests, a proxy in some
deployments) and caps each request's timeout by the time left. Reading a failure is shared too: the SDK raises
``TwilioRestException`` (HTTP status and Twilio's code: 20003 bad credentials, 20404 not
found) for a fetch, but a plain ``TwilioException("Unable to fetch page", response)``
for a page of a list; both become one of account_checks.outcome's reasons. No token
ever goes into a result: only the HTTP status and Twilio's error code.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

import requests

from account_checks.deadline import Deadline
from account_checks.outcome import (
    BAD_ANSWER,
    NOT_FOUND,
    REFUSED,
    SERVER,
    TIMEOUT,
    UNREACHABLE,
    CheckResult,
)
from account_checks.settings import DEFAULT_TWILIO_BASE, DEFAULT_TWILIO_MONITOR_BASE, AccountSettings
from twilio_api.client import RebasedHttpClient

AUTH_FAILED = 20003
NOT_FOUND_CODE = 20404


def hosts_of(settings: AccountSettings) -> Dict[str, str]:
    """Twilio's fixed host -> where requests for it go."""
    return {DEFAULT_TWILIO_BASE: settings.twilio_base, DEFAULT_TWILIO_MONITOR_BASE: settings.twilio_monitor_base}


def twilio_client(settings: AccountSettings, deadline: Deadline) -> Any:
    """A ``twilio.rest.Client`` for these credentials, talking to the configured hosts."""
    from twilio.rest import Client

    # environment={}: no TWILIO_EDGE/TWILIO_REGION from the process rewrites the hosts.
    return Client(
        settings.twilio_account_sid,
        settings.twilio_auth_token,
        # pool_connections=False: a fresh connection per check, none kept between turns
        http_client=RebasedHttpClient(hosts_of(settings), timeout_left=deadline.timeout, pool_connections=False),
        environment={},
    )


def _status_and_code(exc: Exception) -> Optional[tuple]:
    """(HTTP status, Twilio code) of an SDK error, or None when it is not one."""
    from twilio.base.exceptions import TwilioException, TwilioRestException

    if isinstance(exc, TwilioRestException):
        return int(getattr(exc, "status", 0) or 0), getattr(exc, "code", None)
    if isinstance(exc, TwilioException) and len(exc.args) > 1 and hasattr(exc.args[1], "status_code"):
        response = exc.args[1]  # a list's page: TwilioException("Unable to fetch page", response)
        code = None
        try:
            body = json.loads(response.text or "")
            code = body.get("code") if isinstance(body, dict) else None
        except (TypeError, ValueError):
            pass
        return int(response.status_code or 0), code
    return None


def failure(check: str, exc: Exception) -> CheckResult:
    """What an exception raised by a Twilio request means, as a safe CheckResult."""
    if isinstance(exc, requests.Timeout):
        return CheckResult.failed(check, TIMEOUT, "timed out")
    if isinstance(exc, requests.ConnectionError):
        return CheckResult.failed(check, UNREACHABLE, "connection failed")
    found = _status_and_code(exc)
    if found is None:
        return CheckResult.failed(check, BAD_ANSWER, f"lookup failed: {type(exc).__name__}")
    status, code = found
    detail = f"HTTP {status}" + (f", Twilio error {code}" if code else "")
    if status == 404 or code == NOT_FOUND_CODE:
        return CheckResult.failed(check, NOT_FOUND, detail)
    if status in (401, 403) or code == AUTH_FAILED:
        return CheckResult.failed(check, REFUSED, detail)
    if status == 429 or status >= 500:
        return CheckResult.failed(check, SERVER, detail)
    return CheckResult.failed(check, BAD_ANSWER, detail)
