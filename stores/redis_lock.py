"""A Redis lock store whose ticket operations are atomic, for several Rasa servers.

Why: Rasa Open Source 3.6's `RedisLockStore` changes a conversation's lock with a plain
GET, change in Python, SET. When two messages of one conversation reach two Rasa servers
at the same moment (a WhatsApp user sending two messages quickly, a retried webhook),
both servers can read the same lock, both get ticket 0 and handle the conversation at
once: one reply's events overwrite the other's and a user message vanishes from the
tracker. tests/production/test_multi_instance.py shows it (RasaHQ/rasa issue 9213;
Rasa's fix, `ConcurrentRedisLockStore`, went to Rasa Pro only).

This store keeps `RedisLockStore`'s data layout and settings (url, port, db, username,
password, key_prefix, use_ssl...) and makes every change of a lock one optimistic Redis
transaction (WATCH, read, MULTI, write, EXEC, retried when another server changed the
lock in between): issuing a ticket, dropping expired tickets, finishing a ticket, and
deleting the lock only if nobody is waiting. Select it in the endpoints file with

    lock_store:
      type: stores.redis_lock.AtomicRedisLockStore
      url: ...        (the same keys as `type: redis`)

Rasa imports it from its working directory (it puts the current directory on sys.path),
so run Rasa from the repository root (scripts/run.sh and the Docker image do).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Optional, Text, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# A change of a lock: gets the stored lock (or None), returns the lock to store (None to
# delete it) and a result for the caller.
Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any]]

MAX_ATTEMPTS = 1000  # retries when other servers keep changing the same lock


class AtomicRedisLockStore(RedisLockStore):
    """`RedisLockStore` whose lock changes are atomic across Rasa servers."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        # Rasa creates custom lock stores as `Class(endpoint_config=...)`.
        if endpoint_config is not None:
            kwargs = {**endpoint_config.kwargs, **kwargs}
            kwargs.setdefault("host", endpoint_config.url or "localhost")
        super().__init__(**kwargs)

    # ------------------------------------------------------------------ the transaction
    def _change(self, conversation_id: Text, change: Change) -> Any:
        import redis

        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            for _ in range(MAX_ATTEMPTS):
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    new_lock, result = change(lock)
                    pipe.multi()
                    if new_lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new_lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another server changed the lock: read it again
                finally:
                    pipe.reset()
        raise LockError(f"Could not change the lock of conversation '{conversation_id}'.")

    # ------------------------------------------------------------------ LockStore's changes
    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def change(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, change)
        except LockError:
            raise
        except Exception as e:
            raise LockError(f"Error while acquiring lock. Error:\n{e}") from e

    def update_lock(self, conversation_id: Text) -> None:
        def change(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, change)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def change(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, change)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Finishes the ticket and deletes the lock if nobody waits, in one step."""

        def change(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], bool]:
            if lock is None:
                return None, False
            lock.remove_ticket_for(ticket_number)
            if lock.is_someone_waiting():
                return lock, False
            return None, True

        deleted = self._change(conversation_id, change)
        self._log_deletion(conversation_id, deletion_successful=deleted)
