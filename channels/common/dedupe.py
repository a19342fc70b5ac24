"""The duplicate filter: each provider message id is handled once.

Why: Meta and Twilio deliver a message again when our 200 came late or not at
all, and a redelivery must not be answered twice, whichever instance it reaches.

Two implementations of one method, ``is_new(message_id)``:

* ``MemoryDuplicateFilter``: the ids seen lately by this process (ttl_memory).
* ``RedisDuplicateFilter``: in production mode (shared_redis: the lock store's
  Redis, or ``TICKFIX_REDIS_URL``) one ``SET key 1 NX EX ttl`` per message, so
  of two instances given the same delivery exactly one takes it. Without a Redis
  it is the memory filter. When Redis fails it **fails open**: the message is
  answered (it goes through the memory filter, which still catches a
  redelivery to this same process) rather than dropped, and one warning is
  logged per outage; a redelivery that reaches another instance during the
  outage may then be answered twice. Answering twice was judged better than
  never answering.
"""

from typing import Optional, Text

from channels.common.shared_redis import REDIS_ERRORS, SharedRedis, shared_key
from channels.common.ttl_memory import TTLSet


class DuplicateFilter:
    """What both filters answer."""

    def is_new(self, message_id: Optional[Text]) -> bool:
        """True the first time an id comes; a message without an id always is."""
        raise NotImplementedError


class MemoryDuplicateFilter(DuplicateFilter):
    """Message ids seen by this process in the last ``ttl_seconds``."""

    def __init__(self, ttl_seconds: float, max_items: int = 50000) -> None:
        self._seen = TTLSet(ttl_seconds, max_items=max_items)

    def is_new(self, message_id: Optional[Text]) -> bool:
        return not message_id or self._seen.add_if_new(message_id)


class RedisDuplicateFilter(DuplicateFilter):
    """Message ids seen by any instance in the last ``ttl_seconds`` (see the module's doc)."""

    def __init__(self, redis: SharedRedis, ttl_seconds: float, namespace: Text, max_items: int = 50000) -> None:
        self.redis = redis
        self.ttl = max(1, int(round(ttl_seconds)))
        self.namespace = namespace
        self.memory = MemoryDuplicateFilter(ttl_seconds, max_items=max_items)

    def is_new(self, message_id: Optional[Text]) -> bool:
        if not message_id:
            return True
        client = self.redis.client()
        if client is not None:
            try:
                taken = client.set(shared_key("seen", self.namespace, message_id), 1, nx=True, ex=self.ttl)
            except REDIS_ERRORS as e:
                self.redis.failed("the redelivery check", e)
            else:
                self.redis.worked()
                return bool(taken)
        return self.memory.is_new(message_id)
