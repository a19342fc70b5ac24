"""Sending with retries off the event loop (channels/common/http_sender.py)."""

import asyncio
from typing import Any

from channels.common.http_sender import HttpSender, RetryPolicy, SendResult
from channels.meta.output import describe_graph_error, is_retryable_graph_response


def test_backoff_doubles_with_jitter_and_respects_retry_after() -> None:
    policy = RetryPolicy(attempts=5, base_delay=0.5, max_delay=8.0)
    for attempt, full in ((1, 0.5), (2, 1.0), (3, 2.0), (6, 8.0)):
        assert full / 2 <= policy.delay(attempt) <= full
    assert policy.delay(1, retry_after=3) == 3
    assert policy.delay(1, retry_after=60) == 8.0


def test_policy_bounds() -> None:
    policy = RetryPolicy(attempts=0, base_delay=-1, max_delay=-1, timeout=0)
    assert (policy.attempts, policy.base_delay, policy.max_delay, policy.timeout) == (1, 0.0, 0.0, 0.1)


def send(api: Any, **policy: Any) -> SendResult:
    sender = HttpSender(
        RetryPolicy(base_delay=0.01, max_delay=0.02, **policy),
        is_retryable=is_retryable_graph_response,
        describe_error=describe_graph_error,
        secrets=[api.graph_token],
        service="Test",
    )
    try:
        return asyncio.new_event_loop().run_until_complete(
            sender.send(
                "POST",
                api.url + "/v26.0/1/messages",
                "a test message",
                json={"type": "text"},
                headers={"Authorization": f"Bearer {api.graph_token}"},
            )
        )
    finally:
        sender.close()


def test_a_temporary_error_is_retried(api: Any, all_logs: Any) -> None:
    api.push(api.graph_error(503, 2, "Service temporarily unavailable"))
    result = send(api)
    assert result.ok and result.status == 200 and result.attempts == 2
    assert result.body["messages"][0]["id"].startswith("wamid.")
    assert any("Test: a test message sent on try 2." == r.getMessage() for r in all_logs.records)


def test_a_permanent_error_is_not_retried_and_the_token_is_never_logged(api: Any, all_logs: Any) -> None:
    api.push(api.graph_error(400, 190, f"Invalid token {api.graph_token}"))
    result = send(api, attempts=3)
    assert not result.ok and result.status == 400 and result.attempts == 1
    assert "code 190" in (result.error or "")
    logs = "\n".join(r.getMessage() for r in all_logs.records)
    assert "rejected, not retrying" in logs and api.graph_token not in logs


def test_giving_up_returns_the_last_answer(api: Any) -> None:
    api.push(*[api.graph_error(500, 1, "An unknown error occurred")] * 2)
    result = send(api, attempts=2)
    assert not result.ok and result.status == 500 and result.attempts == 2
    assert [r["status"] for r in api.requests] == [500, 500]
    assert repr(result).startswith("SendResult(ok=False, status=500, attempts=2, error='HTTP 500: code 1")
