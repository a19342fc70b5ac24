"""The writer: a bounded queue that refuses when full, batches, and survives the database
being down (it retries; nothing queued is lost)."""

import sqlite3
import threading
import time

import sqlalchemy as sa

from failure_watch.events import Failure
from failure_watch.store import Store, failures
from failure_watch.writer import Writer


def failure(n: int) -> Failure:
    return Failure(
        at=1795000000 + n,
        recipient=f"55119{n:08d}",
        message_id=f"wamid.{n}",
        provider="meta",
        code="131047",
        title="Re-engagement message",
    )


def stored(store: Store) -> int:
    with store.engine.connect() as c:
        return c.execute(sa.select(sa.func.count()).select_from(failures)).scalar()


def test_batches_are_written_and_diagnosed(tmp_path):
    store = Store("sqlite:///" + str(tmp_path / "f.db"))
    writer = Writer(lambda: store, batch_size=100, flush_seconds=0.05)
    writer.start()
    for n in range(1000):
        assert writer.offer([failure(n)])
    assert writer.wait_idle(20)
    assert stored(store) == 1000 and writer.stored == 1000
    with store.engine.connect() as c:
        assert c.execute(sa.select(sa.distinct(failures.c.cause))).scalars().all() == ["outside_service_window"]
    assert writer.stop()


def test_a_full_queue_refuses_and_says_so(tmp_path, caplog):
    writer = Writer(lambda: Store("sqlite:///" + str(tmp_path / "f.db")), max_queue=2)  # not started
    assert writer.offer([failure(1)]) and writer.offer([failure(2)])
    assert not writer.offer([failure(3)])
    assert writer.refused == 1 and "queue full" in caplog.text
    assert writer.offer([])  # nothing to keep: never refused


def test_database_down_and_back_nothing_lost(tmp_path):
    path = tmp_path / "f.db"
    store = Store("sqlite:///" + str(path), busy_timeout=0.1)
    store.ensure_schema()
    blocker = sqlite3.connect(str(path), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # the database is unavailable to the writer
    writer = Writer(lambda: store, retry_base=0.05, retry_max=0.2, flush_seconds=0.01)
    writer.start()
    for n in range(50):
        assert writer.offer([failure(n)])
    time.sleep(0.8)
    assert writer.failed_writes >= 2 and writer.stored == 0 and writer.pending == 50
    blocker.execute("ROLLBACK")  # back
    blocker.close()
    assert writer.wait_idle(10)
    assert stored(store) == 50 and writer.pending == 0
    assert writer.stop()


def test_stop_writes_what_is_queued(tmp_path):
    store = Store("sqlite:///" + str(tmp_path / "f.db"))
    writer = Writer(lambda: store)
    writer.start()
    for n in range(20):
        writer.offer([failure(n)])
    assert writer.stop(5)
    assert stored(store) == 20


def test_offer_never_blocks_even_when_the_writer_is_stuck(tmp_path):
    gate = threading.Event()

    class Stuck(Store):
        def write(self, events):
            gate.wait(5)
            return super().write(events)

    writer = Writer(lambda: Stuck("sqlite:///" + str(tmp_path / "f.db")), max_queue=10)
    writer.start()
    started = time.monotonic()
    results = [writer.offer([failure(n)]) for n in range(100)]
    assert time.monotonic() - started < 0.5
    assert results.count(False) > 0
    gate.set()
    assert writer.wait_idle(10) and writer.stop()
