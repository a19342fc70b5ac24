"""One retry loop for every call Tickfix makes to something that fails now and then.

Why: the Graph API and Twilio senders, the Chatwoot client, the handoff notification
and the failure watch's store writer each had a loop of their own (attempts, backoff,
Retry-After, a deadline), written five times with small differences. Here one
``RetryPolicy`` says how often and how patiently, and tenacity runs the loop:
``Retrying`` in a thread, ``AsyncRetrying`` on the event loop.

What counts as retryable stays with each caller, which knows its service: the call
returns an ``Attempt`` saying whether another try can help (a timeout, 429, 5xx) or not
(a wrong token, a bad request), and the server's Retry-After when it gave one. The call
never raises for a failed try; the last ``Attempt`` comes back when the policy runs
out, so the caller can tell "gave up" (``retry`` still true) from "refused".
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Generic, Optional, TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_result,
    stop_after_attempt,
    stop_before_delay,
    stop_never,
)

T = TypeVar("T")
_MAX_DOUBLINGS = 60  # 2**60 times any base delay is past any cap; a larger power overflows a float


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a call is tried.

    attempts    tries in all (None: until it works)
    base_delay  the wait after the first failed try, doubled after each further one
    max_delay   the longest wait, a server's Retry-After included
    timeout     each try's own timeout in seconds (the caller passes it on)
    jitter      each wait drawn in [50%, 100%] of itself, so parallel senders do not
                retry in step
    within      no wait that would end this many seconds after the first try has
                begun: the caller gives up instead (None: no such limit)
    """

    attempts: Optional[int] = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    timeout: float = 10.0
    jitter: bool = True
    within: Optional[float] = None

    def __post_init__(self) -> None:
        base = max(0.0, float(self.base_delay))
        object.__setattr__(self, "attempts", None if self.attempts is None else max(1, int(self.attempts)))
        object.__setattr__(self, "base_delay", base)
        object.__setattr__(self, "max_delay", max(base, float(self.max_delay)))
        object.__setattr__(self, "timeout", max(0.1, float(self.timeout)))

    def delay(self, attempt: int, retry_after: Optional[float] = None) -> float:
        """The wait before the next try, after try ``attempt`` (1-based) failed."""
        if retry_after is not None and retry_after >= 0:
            return min(self.max_delay, retry_after)
        backoff = min(self.max_delay, self.base_delay * 2 ** min(attempt - 1, _MAX_DOUBLINGS))
        return backoff * (0.5 + random.random() / 2) if self.jitter else backoff


@dataclass
class Attempt(Generic[T]):
    """What one try gave: its value, whether another try can help, the server's wait."""

    value: T
    retry: bool = False
    retry_after: Optional[float] = None


# Called before each wait: (the failed attempt, its number, the wait in seconds).
OnRetry = Callable[[Attempt[Any], int, float], None]


def _controller(kind: Any, policy: RetryPolicy, on_retry: Optional[OnRetry], sleep: Optional[Callable]) -> Any:
    stop = stop_never if policy.attempts is None else stop_after_attempt(policy.attempts)
    if policy.within is not None:
        stop = stop | stop_before_delay(policy.within)

    def wait(state: RetryCallState) -> float:
        return policy.delay(state.attempt_number, state.outcome.result().retry_after)

    def before_sleep(state: RetryCallState) -> None:
        if on_retry is not None:
            on_retry(state.outcome.result(), state.attempt_number, state.upcoming_sleep)

    options = dict(
        stop=stop,
        wait=wait,
        retry=retry_if_result(lambda attempt: attempt.retry),
        before_sleep=before_sleep,
        retry_error_callback=lambda state: state.outcome.result(),  # the last attempt, not an error
    )
    if sleep is not None:
        options["sleep"] = sleep
    return kind(**options)


def call(
    attempt: Callable[[int], Attempt[T]],
    policy: RetryPolicy,
    on_retry: Optional[OnRetry] = None,
    sleep: Optional[Callable[[float], Any]] = None,
) -> Attempt[T]:
    """Call ``attempt(1)``, ``attempt(2)``... in this thread until one needs no retry or
    the policy runs out; the last ``Attempt``. ``sleep`` replaces time.sleep (tests)."""
    numbers = itertools.count(1)
    return _controller(Retrying, policy, on_retry, sleep)(lambda: attempt(next(numbers)))


async def call_async(
    attempt: Callable[[int], Awaitable[Attempt[T]]],
    policy: RetryPolicy,
    on_retry: Optional[OnRetry] = None,
    sleep: Optional[Callable[[float], Awaitable[Any]]] = None,
) -> Attempt[T]:
    """``call`` on the event loop: the tries are awaited, the waits are asyncio.sleep."""
    numbers = itertools.count(1)

    async def next_try() -> Attempt[T]:  # a coroutine function: tenacity awaits only those
        return await attempt(next(numbers))

    return await _controller(AsyncRetrying, policy, on_retry, sleep)(next_try)
