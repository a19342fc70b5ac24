"""Per-user ordering (channels/common/ordering.py)."""

import asyncio
from typing import Any, List, Tuple

from channels.common.ordering import OrderedDispatcher


def run(coroutine: Any) -> Any:
    return asyncio.new_event_loop().run_until_complete(coroutine)


def test_one_sender_in_order_senders_in_parallel() -> None:
    done: List[Tuple[str, int]] = []

    async def handle(job: Tuple[str, int, float]) -> None:
        sender, n, delay = job
        await asyncio.sleep(delay)
        done.append((sender, n))

    async def scenario() -> bool:
        dispatcher = OrderedDispatcher(handle)
        dispatcher.submit("a", ("a", 1, 0.2))
        dispatcher.submit("a", ("a", 2, 0.0))
        dispatcher.submit("b", ("b", 1, 0.0))
        assert dispatcher.pending_senders == 2
        finished = await dispatcher.join(timeout=5)
        assert dispatcher.pending_senders == 0
        return finished

    assert run(scenario())
    assert done == [("b", 1), ("a", 1), ("a", 2)]


def test_a_failing_job_does_not_stop_the_sender(all_logs: Any) -> None:
    done: List[int] = []

    async def handle(n: int) -> None:
        if n == 1:
            raise ValueError("boom 919812345610")
        done.append(n)

    async def scenario() -> None:
        dispatcher = OrderedDispatcher(handle, describe=lambda key: "someone")
        for n in (1, 2):
            dispatcher.submit("a", n)
        await dispatcher.join(timeout=5)

    run(scenario())
    assert done == [2]
    assert any("from someone failed: ValueError" in r.getMessage() for r in all_logs.records)


def test_join_gives_up_after_the_timeout() -> None:
    async def handle(_: Any) -> None:
        await asyncio.sleep(1)

    async def scenario() -> bool:
        dispatcher = OrderedDispatcher(handle)
        dispatcher.submit("a", None)
        return await dispatcher.join(timeout=0.05)

    assert run(scenario()) is False
