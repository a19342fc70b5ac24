"""The Redis the channels share across Rasa instances, and what to do when it is down.

Why: a WhatsApp or Twilio delivery can reach any instance behind the load balancer
(Meta and Twilio redeliver, and a retry may land elsewhere), and a Twilio user's
"2" may reach another instance than the one that offered the choices. So in
production mode the redelivery filter (dedupe.py) and the offered choices
(twilio/choice_store.py) live in Redis, and every instance sees them.

Which Redis, decided once per channel when Rasa's agent is there:

* ``TICKFIX_REDIS_URL`` when set (``redis://[:password@]host:port/db``, or
  ``rediss://`` for TLS); ``memory`` keeps everything in this process (one
  instance, or to see what goes wrong without sharing);
* else the Redis of Rasa's lock store, when the endpoints file uses one
  (``endpoints.production.yml``: ``stores.redis_lock.AtomicRedisLockStore``,
  or Rasa's ``type: redis``): the same host, port, database and password;
* else nothing: this process's memory (``make run``, the in-process tests).

The client is a separate connection pool with short timeouts (1 s): the calls are
synchronous on the event loop (as Rasa's own lock store's are), and a Redis that
hangs must not stall the channel for the lock store's 10 s.

When Redis fails (down, timing out, refusing a password), the caller falls back
to memory; ``failed()`` logs one warning per outage, and Redis is not tried
again for ``RETRY_SECONDS``, so an outage costs no time per message. The first
call that works again logs that the outage is over.
"""

import hashlib
import logging
import os
import time
from typing import Any, Callable, Text

import redis

logger = logging.getLogger(__name__)

URL_ENV = "TICKFIX_REDIS_URL"
MEMORY = "memory"  # TICKFIX_REDIS_URL=memory: never Redis
KEY_PREFIX = "tickfix:channels:"
TIMEOUT_SECONDS = 1.0
RETRY_SECONDS = 5.0

# What a Redis call raises when Redis is down, slow or refuses us.
REDIS_ERRORS = (redis.exceptions.RedisError, OSError)
# A key part longer than this (a fuzzed message id...) goes into the key as its hash.
MAX_KEY_PART = 200

_UNDECIDED = object()


def client_from_url(url: Text) -> Any:
    """A Redis client for ``url`` with the channels' short timeouts."""
    return redis.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)


def client_like_lock_store(lock_store: Any) -> Any:
    """A Redis client to the lock store's Redis (None when it is not a Redis one)."""
    red = getattr(lock_store, "red", None)
    pool = getattr(red, "connection_pool", None)
    if not isinstance(red, redis.Redis) or pool is None:
        return None
    kwargs = dict(pool.connection_kwargs)
    kwargs.update(socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)
    return redis.Redis(connection_pool=redis.ConnectionPool(connection_class=pool.connection_class, **kwargs))


def describe(client: Any) -> Text:
    """host:port/db of a client, for the log (never the password)."""
    kwargs = getattr(getattr(client, "connection_pool", None), "connection_kwargs", {}) or {}
    where = kwargs.get("path") or f"{kwargs.get('host', '?')}:{kwargs.get('port', '?')}"
    return f"{where}/{kwargs.get('db', 0)}"


class SharedRedis:
    """Where one channel's shared memory lives: a Redis client, or None for memory.

    ``agent`` returns Rasa's agent (or None before it is loaded); the choice is
    made on the first call that has an agent, or at once when
    ``TICKFIX_REDIS_URL`` is set. Tests may pass ``client`` directly.
    """

    def __init__(
        self,
        agent: Callable[[], Any] = lambda: None,
        channel: Text = "channel",
        client: Any = _UNDECIDED,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._agent = agent
        self.channel = channel
        self._client = client
        self._clock = clock
        self._down_until = 0.0
        self._outage = False

    def _decide(self) -> Any:
        url = (os.environ.get(URL_ENV) or "").strip()
        if url.lower() == MEMORY:
            logger.info("%s: %s=memory: dedupe and choices kept per process.", self.channel, URL_ENV)
            return None
        if url:
            try:
                client = client_from_url(url)
            except Exception as e:  # a bad URL must not take the channel down
                logger.warning(
                    "%s: %s is not a Redis URL (%s): dedupe and choices kept per process.",
                    self.channel,
                    URL_ENV,
                    type(e).__name__,
                )
                return None
        else:
            agent = self._agent()
            if agent is None:
                return _UNDECIDED  # Rasa is still loading: memory for now, decide later
            client = client_like_lock_store(getattr(agent, "lock_store", None))
            if client is None:
                return None
        logger.info(
            "%s: redelivery dedupe (and Twilio's numbered choices) shared in Redis (%s).",
            self.channel,
            describe(client),
        )
        return client

    def client(self) -> Any:
        """The Redis client to use now, or None (memory: no Redis, or it is down)."""
        if self._client is _UNDECIDED:
            self._client = self._decide()
        if self._client is _UNDECIDED or self._client is None:
            return None
        if self._outage and self._clock() < self._down_until:
            return None
        return self._client

    @property
    def configured(self) -> bool:
        """True when a Redis is chosen (whether it works right now or not)."""
        return self._client is not _UNDECIDED and self._client is not None

    def failed(self, what: Text, error: BaseException) -> None:
        """A Redis call failed: warn once per outage, and rest Redis for a while."""
        self._down_until = self._clock() + RETRY_SECONDS
        if not self._outage:
            self._outage = True
            logger.warning(
                "%s: Redis unreachable (%s, during %s): redeliveries are filtered per process"
                " (a redelivery to another instance may be answered twice) and numbered choices"
                " kept in this process, until it is back.",
                self.channel,
                type(error).__name__,
                what,
            )

    def worked(self) -> None:
        """A Redis call worked: an outage, if any, is over."""
        if self._outage:
            self._outage = False
            logger.info("%s: Redis is back: dedupe and choices shared again.", self.channel)


def shared_key(kind: Text, *parts: Text) -> Text:
    """A key in the channels' namespace, e.g. tickfix:channels:seen:whatsapp:<id>."""
    return KEY_PREFIX + ":".join((kind,) + tuple(_short(p) for p in parts))


def _short(part: Text) -> Text:
    """The part itself, or its hash when it is long or not valid UTF-8 (a lone surrogate)."""
    try:
        part.encode("utf-8")
        if len(part) <= MAX_KEY_PART:
            return part
    except UnicodeEncodeError:
        pass
    return "sha256-" + hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest()
