"""Delivering a notification: POST with bounded retries, an outcome instead of an exception.

Why: the user is waiting for the bot's answer while this runs, and the bot must say
truthfully whether the team was told. So the send is synchronous but bounded: at most
``attempts`` tries within ``total_seconds`` (3 tries in 5 s by default), each with its
own timeout capped by the time left, exponential backoff between them (the shared
retry loop, ``retries``), retried only when a retry can help (connection errors,
timeouts, 429, 5xx). Whatever happens, the caller gets a ``Delivery`` back; a final
failure is logged with the phone number masked and without the secret or the
endpoint's path (webhook URLs often hold tokens). The caller runs it off the event loop.
"""

import logging
import time
from dataclasses import dataclass
from typing import Callable, Dict, Optional
from urllib.parse import urlsplit

import requests

from handoff_webhook.settings import WebhookSettings
from handoff_webhook.signing import SIGNATURE_HEADER, sign
from privacy.masking import mask_id, scrub
from retries import Attempt, RetryPolicy
from retries import call as retry_call

logger = logging.getLogger(__name__)

USER_AGENT = "Tickfix-Handoff/1"
MARGIN = 0.05  # seconds: no try starts, and no wait ends, this close to the deadline


@dataclass(frozen=True)
class RetryBudget:
    """How long the user may wait for the team to be notified."""

    attempts: int = 3
    total_seconds: float = 5.0
    base_delay: float = 0.25  # then 0.5, 1.0...
    timeout: float = 2.0  # per try, capped by the time left
    max_retry_after: float = 2.0  # a 429's Retry-After longer than this is not waited for


@dataclass
class Delivery:
    """What came of one notification, after all its tries."""

    ok: bool
    status: Optional[int] = None  # the last HTTP status, if any answer came
    attempts: int = 0
    error: Optional[str] = None  # short and safe to log or show: no secret, no URL path
    seconds: float = 0.0


def _retryable(status: int) -> bool:
    return status == 429 or 500 <= status <= 599


def _retry_after(response: requests.Response) -> Optional[float]:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


def endpoint_for_logs(url: str) -> str:
    """scheme://host[:port] only: paths and queries of webhook URLs often hold tokens."""
    try:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.hostname or '?'}" + (f":{parts.port}" if parts.port else "")
    except ValueError:  # a malformed URL (bad port...): say nothing more about it
        return "(malformed HANDOFF_WEBHOOK_URL)"


def headers_for(body: bytes, secret: Optional[str]) -> Dict[str, str]:
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT}
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, secret)
    return headers


def deliver(
    body: bytes,
    settings: WebhookSettings,
    budget: Optional[RetryBudget] = None,
    conversation_id: Optional[str] = None,
    post: Optional[Callable[..., requests.Response]] = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """POST ``body`` (already encoded, signed here) to ``settings.url``; never raises."""
    budget = budget or RetryBudget()
    post = post or requests.post
    who = mask_id(conversation_id) if conversation_id else "?"
    try:
        headers = headers_for(body, settings.secret)
    except Exception as exc:  # e.g. a secret that is not text
        return _failed(Delivery(ok=False, error=f"could not sign: {type(exc).__name__}"), settings, who)
    if not settings.secret:
        logger.warning("HANDOFF_WEBHOOK_SECRET is not set: the handoff notification is sent unsigned")

    start = time.monotonic()
    deadline = start + budget.total_seconds
    result = Delivery(ok=False)

    def attempt(number: int) -> Attempt[Delivery]:
        remaining = deadline - time.monotonic()
        if remaining <= MARGIN:
            return Attempt(result)
        result.attempts = number
        try:
            response = post(
                settings.url,
                data=body,
                headers=headers,
                timeout=min(budget.timeout, remaining),
                allow_redirects=False,  # a redirected POST turns into a GET and loses the body
            )
        except requests.Timeout:
            result.error = "timed out"
            return Attempt(result, retry=True)
        except requests.ConnectionError:
            result.error = "connection failed"
            return Attempt(result, retry=True)
        except Exception as exc:  # invalid URL, TLS set-up...: another try will not help
            result.error = f"request failed: {type(exc).__name__}"
            return Attempt(result)
        result.status = response.status_code
        if 200 <= response.status_code < 300:
            result.ok, result.error = True, None
            return Attempt(result)
        result.error = f"HTTP {response.status_code}"
        if not _retryable(response.status_code):
            return Attempt(result)
        wait = _retry_after(response) if response.status_code == 429 else None
        if wait is not None and wait > budget.max_retry_after:
            return Attempt(result)  # asked to wait longer than the user can
        return Attempt(result, retry=True, retry_after=wait)

    retry_call(attempt, policy_for(budget), sleep=sleep)
    result.seconds = time.monotonic() - start
    if result.ok:
        logger.info(
            "handoff notification for %s delivered (HTTP %s, %s %s)",
            who,
            result.status,
            result.attempts,
            "try" if result.attempts == 1 else "tries",
        )
        return result
    return _failed(result, settings, who)


def policy_for(budget: RetryBudget) -> RetryPolicy:
    """The budget as the shared retry policy: doubling waits without jitter (a Retry-After
    instead, for a 429), and no wait that would end within MARGIN of the deadline."""
    return RetryPolicy(
        attempts=budget.attempts,
        base_delay=budget.base_delay,
        max_delay=max(budget.total_seconds, budget.base_delay),
        timeout=budget.timeout,
        jitter=False,
        within=budget.total_seconds - MARGIN,
    )


def _failed(result: Delivery, settings: WebhookSettings, who: str) -> Delivery:
    result.error = scrub(result.error or "not sent", secrets=[settings.secret, settings.url])
    logger.warning(
        "handoff notification for %s NOT delivered to %s after %s %s (%.1f s): %s",
        who,
        endpoint_for_logs(settings.url),
        result.attempts,
        "try" if result.attempts == 1 else "tries",
        result.seconds,
        result.error,
    )
    return result
