"""The bounded queue between the webhooks and the store, and the thread that drains it.

Why: a campaign's burst brings thousands of statuses a second; the webhook must answer
at once and the chat must not slow down. The webhook only puts what it parsed on a
bounded queue (``offer``: never blocks); one background thread diagnoses and writes it
in batches (one transaction per batch). When the queue is full, ``offer`` says so and
the webhook answers 503, so the provider delivers again later: nothing is dropped
silently. When the database is down, the thread keeps its batch and retries with a
growing pause (up to ``retry_max`` seconds; the shared retry loop, ``retries``) until
it is back; meanwhile the queue fills and new webhooks get 503. It also runs the
retention purge now and then.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Callable, List, Optional, Sequence, Union

from failure_watch.diagnose import diagnose
from failure_watch.events import AccountEvent, Failure
from failure_watch.store import Store
from retries import Attempt, RetryPolicy
from retries import call as retry_call

logger = logging.getLogger(__name__)

Event = Union[Failure, AccountEvent]


class Writer:
    def __init__(
        self,
        store_factory: Callable[[], Store],
        max_queue: int = 20000,
        batch_size: int = 500,
        flush_seconds: float = 0.2,
        retry_base: float = 0.5,
        retry_max: float = 10.0,
        purge_every: float = 3600.0,
    ) -> None:
        self._store_factory = store_factory
        self.store: Optional[Store] = None
        self.queue: "queue.Queue[List[Event]]" = queue.Queue(maxsize=max_queue)
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self.retry_base, self.retry_max = retry_base, retry_max
        # A database that is down is waited for: doubling pauses up to retry_max, no end.
        self.retry_policy = RetryPolicy(attempts=None, base_delay=retry_base, max_delay=retry_max, jitter=False)
        self.purge_every = purge_every
        self._thread: Optional[threading.Thread] = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        # Counters (read by tests, the benchmark and the logs).
        self.accepted = 0  # events queued
        self.refused = 0  # webhook bodies refused because the queue was full
        self.written = 0  # events written (new or already there)
        self.stored = 0  # rows that were new
        self.failed_writes = 0  # attempts the database refused
        self._last_full_log = 0.0

    # -- the webhook's side (event loop thread: never blocks) --------------------------

    def offer(self, events: Sequence[Event]) -> bool:
        """Queue one webhook body's events; False when the queue is full (answer 503)."""
        if not events:
            return True
        try:
            self.queue.put_nowait(list(events))
        except queue.Full:
            with self._lock:
                self.refused += 1
                now = time.monotonic()
                say = now - self._last_full_log > 5
                if say:
                    self._last_full_log = now
            if say:
                logger.warning(
                    "Failure watch: queue full (%d webhook bodies waiting; database slow or down?): "
                    "answering 503 so the provider delivers again (%d refused so far).",
                    self.queue.maxsize,
                    self.refused,
                )
            return False
        with self._lock:
            self.accepted += len(events)
        return True

    # -- the background thread -----------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="failure-watch-writer", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> bool:
        """Write what is queued (for up to ``timeout`` s), then stop; False if some was left."""
        if self._thread is None:
            return True
        self._stop.set()
        self._thread.join(timeout)
        left = self.pending
        if self._thread.is_alive() or left:
            logger.error(
                "Failure watch: stopped with %d event(s) not written (the database "
                "was unreachable); the provider will not deliver them again.",
                left,
            )
            return False
        self._thread = None
        return True

    @property
    def pending(self) -> int:
        """Events queued or being written, not yet in the database."""
        return self.accepted - self.written

    def idle(self) -> bool:
        return self.pending <= 0

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued is written (tests, benchmark)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.idle():
                return True
            time.sleep(0.02)
        return self.idle()

    def _take(self) -> List[Event]:
        """A batch: blocks for the first body, then gathers for up to flush_seconds."""
        try:
            first = self.queue.get(timeout=0.25)
        except queue.Empty:
            return []
        batch = list(first)
        deadline = time.monotonic() + self.flush_seconds
        while len(batch) < self.batch_size:
            remaining = deadline - time.monotonic()
            try:
                more = self.queue.get(timeout=max(remaining, 0)) if remaining > 0 else self.queue.get_nowait()
            except queue.Empty:
                break
            batch.extend(more)
        return batch

    def _get_store(self) -> Store:
        if self.store is None:
            self.store = self._store_factory()
        return self.store

    def _run(self) -> None:
        next_purge = time.monotonic() + 5
        while True:
            if self._stop.is_set() and self.queue.empty():
                return
            batch = self._take()
            if batch:
                for event in batch:
                    if isinstance(event, Failure) and not event.cause:
                        try:
                            diagnose(event)
                        except Exception:  # a bug, not the input: keep the failure anyway
                            logger.exception("Failure watch: diagnosis failed")
                            event.cause, event.decision, event.advice = "unknown", "after_fix", "later"
                self._write(batch)
            if time.monotonic() >= next_purge:
                next_purge = time.monotonic() + self.purge_every
                try:
                    self._get_store().purge()
                except Exception as e:
                    logger.warning("Failure watch: retention purge failed: %s", type(e).__name__)

    def _write(self, batch: List[Event]) -> None:
        """Write until it works (the database may be down); never drops the batch while
        running. On shutdown, gives up after the stop's deadline (the caller logs it)."""

        def attempt(number: int) -> Attempt[Optional[Exception]]:
            try:
                new = self._get_store().write(batch)
            except Exception as e:
                with self._lock:
                    self.failed_writes += 1
                return Attempt(e, retry=True)
            with self._lock:
                self.written += len(batch)
                self.stored += new
            return Attempt(None)

        def on_retry(failed: Attempt[Optional[Exception]], number: int, delay: float) -> None:
            e = failed.value
            logger.warning(
                "Failure watch: could not write %d event(s) (%s: %s); retrying in %.1f s.",
                len(batch),
                type(e).__name__,
                str(e).splitlines()[0][:200] if str(e) else "",
                delay,
            )

        retry_call(attempt, self.retry_policy, on_retry, sleep=time.sleep)
        if self.failed_writes:
            logger.debug("Failure watch: %d event(s) written after retrying.", len(batch))
