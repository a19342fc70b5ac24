"""Where Twilio's offered numbered choices are kept until the user's next message.

Why: the choices are offered by the instance that answered one message, and the
user's "2" may reach another instance (choices maps it back). One
interface, ``put(user, choices)`` and ``take(user)`` (read and forget), two
implementations:

* ``MemoryChoiceStore``: this process's memory (ttl_memory), as with ``make run``.
* ``RedisChoiceStore``: in production mode (shared_redis) one key per user,
  ``SET ... EX ttl`` holding the choices as JSON, read and deleted in one
  transaction, so any instance understands the reply, once. Without a Redis it
  is the memory store. When Redis fails it **falls back to memory**: choices
  offered during the outage are kept in this process (a reply reaching another
  instance then stays a plain "2"), and ``take`` looks in both, so a reply to
  choices offered before or during the outage is still understood here. One
  warning is logged per outage.
"""

import json
import logging
from typing import List, Optional, Text, Tuple

from channels.common.shared_redis import REDIS_ERRORS, SharedRedis, shared_key
from channels.common.ttl_memory import TTLDict

logger = logging.getLogger(__name__)

Choices = List[Tuple[Text, Text]]  # [(title, payload)], in the order offered


class ChoiceStore:
    """What both stores do."""

    def put(self, user: Text, choices: Choices) -> None:
        """Remember the choices just offered to ``user`` (replacing older ones)."""
        raise NotImplementedError

    def take(self, user: Text) -> Optional[Choices]:
        """The choices offered to ``user``, forgotten at once; None when there are none."""
        raise NotImplementedError


class MemoryChoiceStore(ChoiceStore):
    def __init__(self, ttl_seconds: float, max_items: int = 20000) -> None:
        self._offered = TTLDict(ttl_seconds, max_items=max_items)

    def put(self, user: Text, choices: Choices) -> None:
        self._offered.set(user, list(choices))

    def take(self, user: Text) -> Optional[Choices]:
        return self._offered.pop(user) or None


class RedisChoiceStore(ChoiceStore):
    """The choices in Redis, shared by every instance (see the module's doc)."""

    def __init__(self, redis: SharedRedis, ttl_seconds: float, max_items: int = 20000) -> None:
        self.redis = redis
        self.ttl = max(1, int(round(ttl_seconds)))
        self.memory = MemoryChoiceStore(ttl_seconds, max_items=max_items)

    @staticmethod
    def key(user: Text) -> Text:
        return shared_key("choices", user)

    def put(self, user: Text, choices: Choices) -> None:
        client = self.redis.client()
        if client is not None:
            value = json.dumps([[title, payload] for title, payload in choices])
            try:
                client.set(self.key(user), value, ex=self.ttl)
            except REDIS_ERRORS as e:
                self.redis.failed("keeping numbered choices", e)
            else:
                self.redis.worked()
                self.memory.take(user)  # older choices kept during an outage are replaced
                return
        self.memory.put(user, choices)

    def take(self, user: Text) -> Optional[Choices]:
        local = self.memory.take(user)
        client = self.redis.client()
        if client is None:
            return local
        try:
            with client.pipeline(transaction=True) as pipe:
                raw, _ = pipe.get(self.key(user)).delete(self.key(user)).execute()
        except REDIS_ERRORS as e:
            self.redis.failed("reading numbered choices", e)
            return local
        self.redis.worked()
        return _decode(raw) or local


def _decode(raw: Optional[bytes]) -> Optional[Choices]:
    if not raw:
        return None
    try:
        items = json.loads(raw)
        return [(str(title), str(payload)) for title, payload in items] or None
    except (ValueError, TypeError):
        logger.warning("Twilio: stored numbered choices not understood; ignored.")
        return None
