"""Delivering a notification: POST with bounded retries, an outcome instead of an exception.

Why: the user is waiting for the bot's answer while this runs, and the bot must say
truthfully whether the team was told. So the send is synchronous but bounded: at most
``attempts`` tries within ``total_seconds`` (3 tries in 5 s by default), each with its
own timeout capped by the time left, exponential backoff between them, retried only
when a retry can help (connection errors, timeouts, 429, 5xx). Whatever happens, the
caller gets a ``Delivery`` back; a final failure is logged with the phone number
masked and without the secret or the endpoint's path (webhook URLs often hold tokens).
The caller runs it off the event loop.
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

logger = logging.getLogger(__name__)

USER_AGENT = "Tickfix-Handoff/1"


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
    for attempt in range(1, max(1, budget.attempts) + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            break
        result.attempts = attempt
        wait: Optional[float] = None
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
        except requests.ConnectionError:
            result.error = "connection failed"
        except Exception as exc:  # invalid URL, TLS set-up...: another try will not help
            result.error = f"request failed: {type(exc).__name__}"
            break
        else:
            result.status = response.status_code
            if 200 <= response.status_code < 300:
                result.ok, result.error = True, None
                result.seconds = time.monotonic() - start
                logger.info(
                    "handoff notification for %s delivered (HTTP %s, %s %s)",
                    who, response.status_code, attempt, "try" if attempt == 1 else "tries",
                )
                return result
            result.error = f"HTTP {response.status_code}"
            if not _retryable(response.status_code):
                break
            if response.status_code == 429:
                wait = _retry_after(response)
                if wait is not None and wait > budget.max_retry_after:
                    break
        if attempt >= budget.attempts:
            break
        delay = wait if wait is not None else budget.base_delay * (2 ** (attempt - 1))
        if time.monotonic() + delay >= deadline - 0.05:
            break
        sleep(delay)
    result.seconds = time.monotonic() - start
    return _failed(result, settings, who)


def _failed(result: Delivery, settings: WebhookSettings, who: str) -> Delivery:
    result.error = scrub(result.error or "not sent", secrets=[settings.secret, settings.url])
    logger.warning(
        "handoff notification for %s NOT delivered to %s after %s %s (%.1f s): %s",
        who, endpoint_for_logs(settings.url), result.attempts,
        "try" if result.attempts == 1 else "tries", result.seconds, result.error,
    )
    return result
