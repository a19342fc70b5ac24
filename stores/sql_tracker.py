"""A SQL tracker store that rides out a database restart, for Rasa 3.6.

Why: Rasa's `SQLTrackerStore` creates its engine without `pool_pre_ping` and
never retries. After PostgreSQL restarts, the first query on each pooled
connection fails; while it is down, every query fails at once. Rasa wraps
every tracker store in `FailSafeTrackerStore`, which hides those errors: a
failed read gives an empty conversation and a failed write goes to an
in-memory store that is never written back. The user gets an answer made
without the conversation's history, and the message never reaches the
database (channels/common/never_silent.py tells the user to send it again).

This store is `SQLTrackerStore` with two changes:

* `pool_pre_ping`: a pooled connection is checked before use and replaced
  when the database dropped it (one `SELECT 1` per checkout);
* reads and writes that fail because the database cannot be reached
  (`OperationalError`, `InterfaceError`, dropped connections) are retried with
  backoff (the shared retry loop, `retries/`) for up to `retry_seconds` (default 15): a restart of a few seconds
  delays the replies instead of breaking them. `save` is safe to retry: it
  stores the events the database does not have yet, in one transaction.

While it waits, the event loop keeps serving (the waits are asyncio sleeps),
and the conversation's lock stays held, so no other server takes the turn.
Select it in the endpoints file with the keys of `type: SQL`:

    tracker_store:
      type: stores.sql_tracker.ResilientSQLTrackerStore
      dialect: postgresql
      ...
      retry_seconds: 15
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Iterable, Optional, Text, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import exc as sa_exc

from retries import Attempt, RetryPolicy, call_async

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_RETRY_SECONDS = 15.0
FIRST_DELAY, MAX_DELAY = 0.25, 2.0


def is_transient(error: BaseException) -> bool:
    """The database could not be reached or dropped the connection."""
    if isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError)):
        return True
    return isinstance(error, sa_exc.DBAPIError) and bool(error.connection_invalidated)


class ResilientSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` with `pool_pre_ping` and retries while the database is away."""

    def __init__(self, *args: Any, retry_seconds: Any = DEFAULT_RETRY_SECONDS, **kwargs: Any) -> None:
        self.retry_seconds = max(0.0, float(retry_seconds))
        super().__init__(*args, **kwargs)
        # Rasa built its engine without pool_pre_ping: build it again with it.
        url = self.engine.url
        old = self.engine
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        old.dispose()
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrying(self, what: Text, call: Callable[[], Awaitable[T]]) -> T:
        """``call()``, tried again while the database is away, for up to retry_seconds."""

        tries = 0

        async def attempt(number: int) -> Attempt[Any]:
            nonlocal tries
            tries = number
            try:
                return Attempt(await call())
            except Exception as error:  # raised below unless the database comes back
                return Attempt(error, retry=is_transient(error))

        def on_retry(failed: Attempt[Any], number: int, delay: float) -> None:
            logger.warning(
                "Tracker store: %s failed (%s, try %d); retrying in %.2fs.",
                what,
                type(failed.value).__name__,
                number,
                delay,
            )

        policy = RetryPolicy(
            attempts=None, base_delay=FIRST_DELAY, max_delay=MAX_DELAY, jitter=False, within=self.retry_seconds
        )
        last = await call_async(attempt, policy, on_retry)
        if isinstance(last.value, Exception):
            raise last.value
        if tries > 1:
            logger.info("Tracker store: %s succeeded on try %d.", what, tries)
        return last.value

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self._retrying(
            "reading a conversation",
            lambda: super(ResilientSQLTrackerStore, self).retrieve(sender_id),
        )

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        return await self._retrying(
            "reading a conversation",
            lambda: super(ResilientSQLTrackerStore, self).retrieve_full_tracker(conversation_id),
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self._retrying("saving a conversation", lambda: super(ResilientSQLTrackerStore, self).save(tracker))

    async def keys(self) -> Iterable[Text]:
        return await self._retrying("listing conversations", lambda: super(ResilientSQLTrackerStore, self).keys())
