"""The shared retry loop (retries/): attempts, waits, deadline, threads and the event loop."""

from __future__ import annotations

import asyncio
from typing import List

import pytest

from retries import Attempt, RetryPolicy, call, call_async


def test_waits_double_up_to_the_cap_and_retry_after_wins() -> None:
    policy = RetryPolicy(attempts=5, base_delay=0.5, max_delay=8.0, jitter=False)
    assert [policy.delay(n) for n in (1, 2, 3, 4, 5, 6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert policy.delay(1, retry_after=3) == 3 and policy.delay(1, retry_after=60) == 8.0
    assert policy.delay(5000) == 8.0  # a database down for hours: no float overflow
    jittered = RetryPolicy(base_delay=1.0, max_delay=8.0)
    assert all(0.5 <= jittered.delay(1) <= 1.0 for _ in range(50))


def test_tries_until_no_retry_is_needed_or_the_attempts_run_out() -> None:
    slept: List[float] = []
    seen: List[tuple] = []
    policy = RetryPolicy(attempts=3, base_delay=0.05, jitter=False)
    last = call(lambda n: Attempt(n, retry=True), policy, lambda a, n, d: seen.append((a.value, n, d)), slept.append)
    assert (last.value, last.retry) == (3, True) and slept == [0.05, 0.1] and seen == [(1, 1, 0.05), (2, 2, 0.1)]
    done = call(lambda n: Attempt(n, retry=n < 2), policy, sleep=slept.append)
    assert (done.value, done.retry) == (2, False)


def test_a_refused_try_is_not_repeated_and_a_bug_is_raised() -> None:
    assert call(lambda n: Attempt(f"HTTP 401 on try {n}"), RetryPolicy(attempts=4)).value == "HTTP 401 on try 1"
    with pytest.raises(ZeroDivisionError):
        call(lambda n: Attempt(1 / 0), RetryPolicy(attempts=4))


def test_no_wait_ends_past_the_deadline_and_unbounded_tries_go_on() -> None:
    slept: List[float] = []
    within = RetryPolicy(attempts=10, base_delay=1.0, max_delay=10.0, jitter=False, within=3.5)
    assert call(lambda n: Attempt(n, retry=True), within, sleep=slept.append).value == 3  # 1 + 2, then 4 > 3.5
    assert slept == [1.0, 2.0]
    forever = RetryPolicy(attempts=None, base_delay=0.0, jitter=False)
    assert call(lambda n: Attempt(n, retry=n < 500), forever, sleep=lambda s: None).value == 500


def test_on_the_event_loop() -> None:
    async def attempt(n: int) -> Attempt[int]:
        await asyncio.sleep(0)
        return Attempt(n, retry=n < 3, retry_after=0.0)

    last = asyncio.run(call_async(attempt, RetryPolicy(attempts=5)))
    assert (last.value, last.retry) == (3, False)


def test_policy_bounds() -> None:
    policy = RetryPolicy(attempts=0, base_delay=-1, max_delay=-1, timeout=0)
    assert (policy.attempts, policy.base_delay, policy.max_delay, policy.timeout) == (1, 0.0, 0.0, 0.1)
