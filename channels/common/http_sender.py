"""Sending HTTP requests to a provider's API: off the event loop, with retries.

Why: ``requests`` blocks, and Rasa's event loop must not wait on Meta or
Twilio; their APIs also fail now and then (429, 5xx, timeouts), and a reply
that is retried with backoff is better than one that is lost.
"""

import asyncio
import concurrent.futures
import logging
import random
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence, Text

import requests

from privacy.masking import scrub

logger = logging.getLogger(__name__)


class RetryPolicy:
    """How often and how patiently a request is tried."""

    def __init__(
        self,
        attempts: int = 4,
        base_delay: float = 0.5,
        max_delay: float = 8.0,
        timeout: float = 10.0,
    ) -> None:
        self.attempts = max(1, int(attempts))
        self.base_delay = max(0.0, float(base_delay))
        self.max_delay = max(self.base_delay, float(max_delay))
        self.timeout = max(0.1, float(timeout))

    def delay(self, attempt: int, retry_after: Optional[float] = None) -> float:
        """Delay before the next try, after ``attempt`` (1-based) failed."""
        if retry_after is not None and retry_after >= 0:
            return min(self.max_delay, retry_after)
        backoff = self.base_delay * (2 ** (attempt - 1))
        # Full jitter in [50%, 100%] so parallel senders do not retry in step.
        return min(self.max_delay, backoff) * (0.5 + random.random() / 2)


@dataclass
class SendResult:
    """What came of one request, after all its tries."""

    ok: bool
    status: Optional[int] = None
    body: Any = field(default=None, repr=False)  # can hold a user's text
    attempts: int = 0
    error: Optional[Text] = None


def _json_or_text(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text[:500]


def _retry_after(response: requests.Response) -> Optional[float]:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return None


class HttpSender:
    """Sends HTTP requests with ``requests`` in a thread pool, with retries.

    ``is_retryable(response, body)`` decides which failed answers are tried
    again (connection errors and timeouts always are). ``describe_error(body)``
    turns an error body into a short log text. Secrets in ``secrets`` never
    reach the logs; digit runs that look like phone numbers are masked.
    """

    def __init__(
        self,
        policy: RetryPolicy,
        is_retryable: Callable[[requests.Response, Any], bool],
        describe_error: Callable[[Any], Text],
        secrets: Sequence[Optional[Text]] = (),
        max_workers: int = 8,
        service: Text = "API",
    ) -> None:
        self.policy = policy
        self._is_retryable = is_retryable
        self._describe_error = describe_error
        self._secrets = [s for s in secrets if s]
        self._session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(
            pool_connections=max_workers, pool_maxsize=max_workers
        )
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix=f"tickfix-{service}"
        )
        self.service = service

    def close(self) -> None:
        self._executor.shutdown(wait=False)
        self._session.close()

    def _log_text(self, value: Any) -> Text:
        return scrub(value, self._secrets)

    async def send(
        self, method: Text, url: Text, describe: Text, **kwargs: Any
    ) -> SendResult:
        """Send one request; never raises (except on cancellation)."""
        loop = asyncio.get_event_loop()
        kwargs.setdefault("timeout", self.policy.timeout)
        last_error = "not sent"
        last_status: Optional[int] = None
        last_body: Any = None
        for attempt in range(1, self.policy.attempts + 1):
            retry_after = None
            try:
                response = await loop.run_in_executor(
                    self._executor,
                    lambda: self._session.request(method, url, **kwargs),
                )
            except requests.RequestException as e:
                retryable = True
                last_status, last_body = None, None
                last_error = type(e).__name__
            except Exception as e:  # bad arguments and the like: do not retry
                logger.error(
                    "%s: %s could not be sent: %s",
                    self.service,
                    describe,
                    self._log_text(type(e).__name__),
                )
                return SendResult(False, None, None, attempt, type(e).__name__)
            else:
                body = _json_or_text(response)
                if response.status_code < 300:
                    if attempt > 1:
                        logger.info(
                            "%s: %s sent on try %d.", self.service, describe, attempt
                        )
                    return SendResult(True, response.status_code, body, attempt)
                last_status, last_body = response.status_code, body
                last_error = f"HTTP {response.status_code}: " + self._describe_error(
                    body
                )
                retryable = self._is_retryable(response, body)
                retry_after = _retry_after(response)
            if not retryable:
                logger.error(
                    "%s: %s rejected, not retrying (%s).",
                    self.service,
                    describe,
                    self._log_text(last_error),
                )
                return SendResult(False, last_status, last_body, attempt, last_error)
            if attempt < self.policy.attempts:
                delay = self.policy.delay(attempt, retry_after)
                logger.warning(
                    "%s: %s failed on try %d/%d (%s); retrying in %.2fs.",
                    self.service,
                    describe,
                    attempt,
                    self.policy.attempts,
                    self._log_text(last_error),
                    delay,
                )
                await asyncio.sleep(delay)
        logger.error(
            "%s: giving up on %s after %d tries (%s).",
            self.service,
            describe,
            self.policy.attempts,
            self._log_text(last_error),
        )
        return SendResult(False, last_status, last_body, self.policy.attempts, last_error)
