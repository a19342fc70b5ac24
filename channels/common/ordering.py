"""Per-user ordering: each sender's messages are handled one at a time, in order.

Why: the webhook answers at once and the dialogue runs in the background; two
quick messages from one user must still reach Rasa in the order they were
sent, while other users are not held up. Per process.
"""

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable, Dict, Hashable, Optional, Text

logger = logging.getLogger(__name__)


class OrderedDispatcher:
    """Runs jobs in the background, one sender at a time, in arrival order.

    Each sender with pending work has one worker task draining its queue; the
    worker ends as soon as the queue is empty, so idle senders cost nothing.
    Different senders are processed concurrently.
    """

    def __init__(
        self,
        handler: Callable[[Any], Awaitable[Any]],
        describe: Callable[[Hashable], Text] = str,
    ) -> None:
        self._handler = handler
        self._describe = describe
        self._queues: Dict[Hashable, "asyncio.Queue[Any]"] = {}
        self._workers: Dict[Hashable, "asyncio.Future[Any]"] = {}

    def submit(self, key: Hashable, job: Any) -> None:
        """Queue a job; must be called from the event loop's thread."""
        queue = self._queues.get(key)
        if queue is None:
            queue = asyncio.Queue()
            self._queues[key] = queue
            self._workers[key] = asyncio.ensure_future(self._drain(key, queue))
        queue.put_nowait(job)

    async def _drain(self, key: Hashable, queue: "asyncio.Queue[Any]") -> None:
        try:
            while True:
                try:
                    job = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                try:
                    await self._handler(job)
                except asyncio.CancelledError:
                    raise
                except Exception as e:  # never let one message kill the worker
                    logger.error(
                        "Handling a message from %s failed: %s",
                        self._describe(key),
                        type(e).__name__,
                    )
                    logger.debug("Handler failure details", exc_info=True)
        finally:
            # No await between the empty queue and this cleanup, so no job can
            # slip in unseen: a later submit() starts a fresh worker.
            if self._queues.get(key) is queue:
                del self._queues[key]
                del self._workers[key]

    @property
    def pending_senders(self) -> int:
        return len(self._workers)

    async def join(self, timeout: Optional[float] = None) -> bool:
        """Wait until all queued work is done; False when the timeout hit."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._workers:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            done, _ = await asyncio.wait(list(self._workers.values()), timeout=remaining)
            if not done and remaining is not None:
                return False
        return True
