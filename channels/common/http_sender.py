"""Sending to a provider's API: off the event loop, with retries.

Why: ``requests`` and Twilio's client block, and Rasa's event loop must not wait on
Meta or Twilio; their APIs also fail now and then (429, 5xx, timeouts), and a reply
that is retried with backoff is better than one that is lost. The tries run in a
thread pool; the retry loop is the shared one (``retries``), what is retryable is the
provider's word.
"""

import asyncio
import concurrent.futures
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence, Text

import requests

from privacy.masking import scrub
from retries import Attempt, RetryPolicy, call_async

logger = logging.getLogger(__name__)

__all__ = ["BlockingSender", "HttpSender", "RetryPolicy", "SendResult"]


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


class BlockingSender:
    """Runs one blocking try at a time in a thread pool, retried by the policy.

    A try (``once(attempt)``) returns an ``Attempt`` holding a ``SendResult``; an
    exception out of it is a bug in the request (bad arguments): logged, not retried.
    Secrets in ``secrets`` never reach the logs; digit runs that look like phone
    numbers are masked.
    """

    def __init__(
        self,
        policy: RetryPolicy,
        secrets: Sequence[Optional[Text]] = (),
        max_workers: int = 8,
        service: Text = "API",
    ) -> None:
        self.policy = policy
        self._secrets = [s for s in secrets if s]
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix=f"tickfix-{service}"
        )
        self.service = service

    def close(self) -> None:
        self._executor.shutdown(wait=False)

    def _log_text(self, value: Any) -> Text:
        return scrub(value, self._secrets)

    async def run(self, once: Callable[[int], Attempt[SendResult]], describe: Text) -> SendResult:
        """Try ``once`` until it needs no retry or the policy runs out; never raises
        (except on cancellation)."""
        loop = asyncio.get_running_loop()
        crashed = False

        async def attempt(number: int) -> Attempt[SendResult]:
            nonlocal crashed
            try:
                return await loop.run_in_executor(self._executor, once, number)
            except Exception as e:  # bad arguments and the like: do not retry
                crashed = True
                logger.error("%s: %s could not be sent: %s", self.service, describe, self._log_text(type(e).__name__))
                return Attempt(SendResult(False, None, None, number, type(e).__name__))

        def on_retry(failed: Attempt[SendResult], number: int, delay: float) -> None:
            logger.warning(
                "%s: %s failed on try %d/%d (%s); retrying in %.2fs.",
                self.service,
                describe,
                number,
                self.policy.attempts,
                self._log_text(failed.value.error),
                delay,
            )

        last = await call_async(attempt, self.policy, on_retry)
        result = last.value
        if result.ok:
            if result.attempts > 1:
                logger.info("%s: %s sent on try %d.", self.service, describe, result.attempts)
        elif last.retry:
            logger.error(
                "%s: giving up on %s after %d tries (%s).",
                self.service,
                describe,
                result.attempts,
                self._log_text(result.error),
            )
        elif not crashed:
            logger.error("%s: %s rejected, not retrying (%s).", self.service, describe, self._log_text(result.error))
        return result


class HttpSender(BlockingSender):
    """Sends HTTP requests with ``requests``, with retries.

    ``is_retryable(response, body)`` decides which failed answers are tried again
    (connection errors and timeouts always are); ``describe_error(body)`` turns an error
    body into a short log text. A Retry-After header sets the wait (up to the policy's
    longest).
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
        super().__init__(policy, secrets, max_workers, service)
        self._is_retryable = is_retryable
        self._describe_error = describe_error
        self._session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=max_workers, pool_maxsize=max_workers)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    def close(self) -> None:
        super().close()
        self._session.close()

    async def send(self, method: Text, url: Text, describe: Text, **kwargs: Any) -> SendResult:
        """Send one request; never raises (except on cancellation)."""
        kwargs.setdefault("timeout", self.policy.timeout)
        return await self.run(lambda number: self._request_once(number, method, url, kwargs), describe)

    def _request_once(self, number: int, method: Text, url: Text, kwargs: Any) -> Attempt[SendResult]:
        try:
            response = self._session.request(method, url, **kwargs)
        except requests.RequestException as e:  # no answer (timeout, connection): try again
            return Attempt(SendResult(False, None, None, number, type(e).__name__), retry=True)
        body = _json_or_text(response)
        if response.status_code < 300:
            return Attempt(SendResult(True, response.status_code, body, number))
        error = f"HTTP {response.status_code}: " + self._describe_error(body)
        return Attempt(
            SendResult(False, response.status_code, body, number, error),
            retry=self._is_retryable(response, body),
            retry_after=_retry_after(response),
        )
