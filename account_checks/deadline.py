"""The time the user may wait for the checks: 5 seconds in all, however many run.

Why: a check that hangs must not hold the conversation. Every request's timeout is
capped by the time left, and checks that run together (``run_within``) run in
parallel and are abandoned when the time is up: their result is "timed out" while
the bot moves on (the abandoned thread finishes in the background; requests' own
timeouts end it soon after).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Callable, Dict, Optional

from account_checks.outcome import TIMEOUT, CheckResult

TOTAL_SECONDS = 5.0
# One request never gets more than this (connect + each read), even with time left.
PER_REQUEST = 4.5
# Kept back from the total for the bot's own work after the checks.
MARGIN = 0.2


class Deadline:
    """A point in time the checks must be done by."""

    def __init__(self, seconds: float = TOTAL_SECONDS, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self.ends = clock() + max(0.0, seconds)

    def remaining(self) -> float:
        return max(0.0, self.ends - self._clock())

    def timeout(self, cap: float = PER_REQUEST) -> float:
        """A request's timeout: the time left, at most ``cap``."""
        return min(cap, self.remaining())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0.05


_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="account-check")


def run_within(
    checks: Dict[str, Callable[[Deadline], CheckResult]],
    seconds: float = TOTAL_SECONDS,
    deadline: Optional[Deadline] = None,
) -> Dict[str, CheckResult]:
    """Run ``checks`` (name -> function of the deadline) in parallel; every one has a
    result when this returns, at the latest ``seconds`` after it was called."""
    deadline = deadline or Deadline(max(0.0, seconds - MARGIN))
    started = time.monotonic()
    futures = {name: _POOL.submit(_safe, name, fn, deadline) for name, fn in checks.items()}
    results: Dict[str, CheckResult] = {}
    for name, future in futures.items():
        try:
            results[name] = future.result(timeout=deadline.remaining() + 0.05)
        except FutureTimeout:
            results[name] = CheckResult.failed(name, TIMEOUT, "no answer in time")
        results[name].seconds = results[name].seconds or round(time.monotonic() - started, 3)
    return results


def _safe(name: str, fn: Callable[[Deadline], CheckResult], deadline: Deadline) -> CheckResult:
    try:
        return fn(deadline)
    except Exception as exc:  # a check must never break the conversation
        from account_checks.outcome import BAD_ANSWER

        return CheckResult.failed(name, BAD_ANSWER, f"check failed: {type(exc).__name__}")
