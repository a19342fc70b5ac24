"""Which Redis the channels share (channels/common/shared_redis.py): TICKFIX_REDIS_URL, else the
lock store's, else none; one warning per outage, and a rest before trying again."""

import logging
from types import SimpleNamespace

import pytest
import redis

from channels.common.shared_redis import (
    RETRY_SECONDS,
    TIMEOUT_SECONDS,
    URL_ENV,
    SharedRedis,
    describe,
    shared_key,
)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _agent_with_lock_store(store: object) -> SimpleNamespace:
    return SimpleNamespace(lock_store=store)


def test_the_lock_stores_redis_is_followed_with_short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.core.lock_store import RedisLockStore

    monkeypatch.delenv(URL_ENV, raising=False)
    store = RedisLockStore(host="10.1.2.3", port=6390, db=3, password="s3cret", key_prefix="tickfix")
    shared = SharedRedis(lambda: _agent_with_lock_store(store), channel="WhatsApp")
    client = shared.client()
    kwargs = client.connection_pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"], kwargs["db"], kwargs["password"]) == ("10.1.2.3", 6390, 3, "s3cret")
    assert kwargs["socket_timeout"] == TIMEOUT_SECONDS == kwargs["socket_connect_timeout"]
    assert client is not store.red and shared.client() is client and shared.configured
    assert describe(client) == "10.1.2.3:6390/3"  # no password in the log line


def test_no_redis_lock_store_means_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.core.lock_store import InMemoryLockStore

    monkeypatch.delenv(URL_ENV, raising=False)
    assert SharedRedis(lambda: _agent_with_lock_store(InMemoryLockStore())).client() is None
    assert SharedRedis(lambda: SimpleNamespace()).client() is None  # the tests' stand-in agent


def test_decided_only_once_the_agent_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.core.lock_store import RedisLockStore

    monkeypatch.delenv(URL_ENV, raising=False)
    agent = [None]
    shared = SharedRedis(lambda: agent[0])
    assert shared.client() is None and not shared.configured
    agent[0] = _agent_with_lock_store(RedisLockStore(host="127.0.0.1", port=6391))
    assert shared.client() is not None and shared.configured


def test_the_url_setting_wins_and_memory_turns_sharing_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.core.lock_store import RedisLockStore

    agent = _agent_with_lock_store(RedisLockStore(host="127.0.0.1", port=6391))
    monkeypatch.setenv(URL_ENV, "redis://:pw@127.0.0.1:6399/5")
    assert describe(SharedRedis(lambda: agent).client()) == "127.0.0.1:6399/5"
    monkeypatch.setenv(URL_ENV, "memory")
    assert SharedRedis(lambda: agent).client() is None
    monkeypatch.setenv(URL_ENV, "not a url")
    assert SharedRedis(lambda: agent).client() is None


def test_one_warning_per_outage_and_a_rest_between_tries(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    client = object()
    shared = SharedRedis(client=client, channel="Twilio", clock=clock)
    caplog.set_level(logging.INFO, logger="channels.common.shared_redis")
    error = redis.exceptions.ConnectionError("refused")
    shared.failed("the redelivery check", error)
    assert shared.client() is None  # resting
    clock.now += RETRY_SECONDS
    assert shared.client() is client
    shared.failed("the redelivery check", error)  # still down: no second warning
    clock.now += RETRY_SECONDS
    shared.worked()
    shared.failed("keeping numbered choices", error)  # a new outage: warned again
    lines = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert [level for level, _ in lines] == ["WARNING", "INFO", "WARNING"], lines
    assert lines[0][1].startswith("Twilio: Redis unreachable (ConnectionError, during the redelivery check)")
    assert "back" in lines[1][1]


def test_keys_stay_short_and_encodable() -> None:
    assert shared_key("seen", "whatsapp", "wamid.1") == "tickfix:channels:seen:whatsapp:wamid.1"
    long_key = shared_key("choices", "x" * 10_000)
    assert long_key.startswith("tickfix:channels:choices:sha256-") and len(long_key) < 120
    shared_key("choices", "\udc80").encode("utf-8")  # a lone surrogate does not reach Redis
