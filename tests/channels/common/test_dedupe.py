"""The duplicate filter (channels/common/dedupe.py): once per id, in this process or across
instances through Redis, and answering rather than dropping when Redis is down."""

import logging

import pytest

from channels.common.dedupe import MemoryDuplicateFilter, RedisDuplicateFilter
from channels.common.shared_redis import SharedRedis, client_from_url
from tests.support.redis_server import FakeRedis


def test_an_id_is_new_once_and_missing_ids_always_are() -> None:
    seen = MemoryDuplicateFilter(ttl_seconds=60)
    assert seen.is_new("wamid.1") and not seen.is_new("wamid.1") and seen.is_new("wamid.2")
    assert seen.is_new(None) and seen.is_new(None) and seen.is_new("")


def _two_instances(client: object, ttl: float = 60) -> list:
    return [
        RedisDuplicateFilter(SharedRedis(client=client, channel="WhatsApp"), ttl, namespace="whatsapp")
        for _ in range(2)
    ]


def test_two_instances_sharing_redis_take_an_id_once() -> None:
    fake = FakeRedis()
    a, b = _two_instances(fake, ttl=86400)
    assert a.is_new("wamid.1") and not b.is_new("wamid.1") and not a.is_new("wamid.1")
    assert b.is_new("wamid.2")
    assert b.is_new(None) and a.is_new("") and fake.calls == ["SET"] * 4  # no id: no call
    key, (_, ttl) = next(iter(fake.data.items()))
    assert key == "tickfix:channels:seen:whatsapp:wamid.1" and ttl == 86400


def test_without_redis_it_is_the_memory_filter() -> None:
    seen = RedisDuplicateFilter(SharedRedis(client=None), 60, namespace="twilio_whatsapp")
    assert seen.is_new("SM1") and not seen.is_new("SM1")


def test_redis_down_fails_open_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeRedis()
    a, b = _two_instances(fake)
    assert a.is_new("wamid.before") and not b.is_new("wamid.before")
    fake.down = True
    caplog.set_level(logging.INFO, logger="channels.common.shared_redis")
    # Each instance answers (fails open); one still filters its own redeliveries.
    assert a.is_new("wamid.outage") and b.is_new("wamid.outage") and not a.is_new("wamid.outage")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2, [r.getMessage() for r in warnings]  # one per instance, not per message
    assert "Redis unreachable" in warnings[0].getMessage()
    # While resting, Redis is not even tried (an outage costs no time per message).
    calls = len(fake.calls)
    assert a.is_new("wamid.outage-2") and len(fake.calls) == calls


def test_a_real_redis_set_nx_ex(fresh_redis_url: str) -> None:
    client = client_from_url(fresh_redis_url)
    a, b = _two_instances(client, ttl=120)
    long_id = "wamid." + "x" * 5000
    assert a.is_new(long_id) and not b.is_new(long_id)
    assert a.is_new("\ud800 lone surrogate") and not b.is_new("\ud800 lone surrogate")
    keys = client.keys("tickfix:channels:seen:whatsapp:*")
    assert len(keys) == 2 and all(len(k) < 300 for k in keys)
    assert 0 < client.ttl(keys[0]) <= 120


def test_a_real_redis_that_stops_fails_open(real_redis: object, caplog: pytest.LogCaptureFixture) -> None:
    seen = RedisDuplicateFilter(SharedRedis(client=client_from_url("redis://127.0.0.1:1/0")), 60, namespace="whatsapp")
    caplog.set_level(logging.WARNING)
    assert seen.is_new("wamid.1") and not seen.is_new("wamid.1")
    assert sum("Redis unreachable" in r.getMessage() for r in caplog.records) == 1
