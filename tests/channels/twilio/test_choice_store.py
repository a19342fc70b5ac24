"""Where Twilio's numbered choices are kept (channels/twilio/choice_store.py): offered by
one instance, understood by another through Redis; memory when Redis is down."""

import logging

import pytest

from channels.common.shared_redis import SharedRedis, client_from_url
from channels.twilio.choice_store import MemoryChoiceStore, RedisChoiceStore
from tests.support.redis_server import FakeRedis

USER = "whatsapp:+919812345610"
STATUS = [("Approved", "approved"), ("Pending", "pending")]
LATER = [("Yes, it's fixed", "affirm"), ("No, still failing", "deny")]


def test_memory_store_gives_the_choices_once() -> None:
    store = MemoryChoiceStore(60)
    store.put(USER, STATUS)
    assert store.take("whatsapp:+447700900123") is None
    assert store.take(USER) == STATUS and store.take(USER) is None


def _instances(client: object) -> list:
    return [RedisChoiceStore(SharedRedis(client=client, channel="Twilio"), 3600) for _ in range(2)]


def test_offered_on_one_instance_taken_on_the_other_once() -> None:
    a, b = _instances(FakeRedis())
    a.put(USER, STATUS)
    assert b.take(USER) == STATUS and a.take(USER) is None
    a.put(USER, STATUS)
    b.put(USER, LATER)  # the newer offer wins
    assert a.take(USER) == LATER


def test_redis_down_keeps_choices_in_memory(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeRedis()
    a, b = _instances(fake)
    fake.down = True
    caplog.set_level(logging.WARNING)
    a.put(USER, STATUS)
    assert b.take(USER) is None  # another instance cannot know them...
    assert a.take(USER) == STATUS  # ...this one still does
    assert sum("Redis unreachable" in r.getMessage() for r in caplog.records) == 2  # once per instance


def test_choices_from_the_outage_are_still_understood_once_redis_is_back() -> None:
    clock = [0.0]
    fake = FakeRedis()
    store = RedisChoiceStore(SharedRedis(client=fake, clock=lambda: clock[0]), 3600)
    fake.down = True
    store.put(USER, STATUS)
    fake.down, clock[0] = False, 60.0
    assert store.take(USER) == STATUS and store.take(USER) is None
    fake.down = True
    store.put(USER, STATUS)  # kept in memory...
    fake.down, clock[0] = False, 120.0
    store.put(USER, LATER)  # ...and replaced by the newer offer in Redis
    assert store.take(USER) == LATER and store.take(USER) is None


def test_a_real_redis_holds_json_with_a_ttl(fresh_redis_url: str) -> None:
    client = client_from_url(fresh_redis_url)
    a, b = _instances(client)
    a.put(USER, [("Não sei 🤷", '/inform{"x": 1}')])
    [key] = client.keys("tickfix:channels:choices:*")
    assert key == b"tickfix:channels:choices:" + USER.encode() and 0 < client.ttl(key) <= 3600
    assert b.take(USER) == [("Não sei 🤷", '/inform{"x": 1}')] and client.keys("*") == []
    client.set(RedisChoiceStore.key(USER), b"not json")
    assert a.take(USER) is None
