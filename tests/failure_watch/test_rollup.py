"""The hourly rollup (failure_watch/store.py, queries.py): the report's counts read from it
are exactly the counts of the failures themselves, for any range, after duplicates,
direct SQL inserts and purges."""

from __future__ import annotations

import random
import sqlite3

import pytest

from failure_watch import queries
from failure_watch.events import Failure
from failure_watch.store import Store

T0 = 1_796_000_000  # a Unix time
CAUSES = [("outside_service_window", "later"), ("marketing_opt_out", "never"), ("rate_limit", "later")]


def failures(n: int, seed: int = 1):
    rng = random.Random(seed)
    for i in range(n):
        cause, advice = rng.choice(CAUSES)
        yield Failure(
            at=T0 + rng.randrange(5 * 86400),
            recipient=f"55119{i:08d}",
            message_id=f"wamid.{seed}.{i}",
            provider="meta",
            code="131047",
            cause=cause,
            decision="after_fix",
            advice=advice,
            campaign=rng.choice(["", "black-friday", "reminders"]),
        )


class RawStore(Store):
    """The same database read without the rollup, for comparison."""

    @property
    def has_rollup(self) -> bool:
        return False


@pytest.fixture
def stores(tmp_path):
    url = "sqlite:///" + str(tmp_path / "failures.db")
    store = Store(url)
    store.ensure_schema()
    store.write(list(failures(3000)))
    store.write(list(failures(300)))  # redelivered: ignored, not counted twice
    return store, RawStore(url), tmp_path / "failures.db"


def same(store, raw, start, end):
    assert queries.counts_by_cause(store, start, end) == queries.counts_by_cause(raw, start, end)
    assert queries.campaign_summary(store, start, end) == queries.campaign_summary(raw, start, end)
    for bucket in (queries.HOUR, queries.DAY):
        assert queries.over_time(store, start, end, bucket) == queries.over_time(raw, start, end, bucket)


def test_any_range_counts_the_same(stores):
    store, raw, _ = stores
    rng = random.Random(7)
    for _ in range(30):
        a = T0 + rng.randrange(-3600, 5 * 86400)
        same(store, raw, a, a + rng.randrange(1, 3 * 86400))
    same(store, raw, T0, T0 + 5 * 86400)
    assert sum(n for _, n in queries.counts_by_cause(store, T0, T0 + 6 * 86400)) == 3000


def test_direct_inserts_and_purges_keep_it_exact(stores):
    store, raw, db = stores
    with sqlite3.connect(str(db)) as c:  # as the benchmark fills it
        c.execute(
            "INSERT INTO watch_failures (at, received, recipient, message_id, status, code, provider, title,"
            " details, business_number, campaign, cause, decision, advice) VALUES"
            " (?, 0, '5511', 'wamid.direct', 'failed', '131050', 'meta', '', '', '', '', 'marketing_opt_out',"
            " 'never', 'never')",
            (T0 + 100,),
        )
    store.purge(now=T0 + 2 * 86400 + 3 * 86400, days=3)  # what is older than T0 + 2 days goes
    same(store, raw, T0 - 86400, T0 + 6 * 86400)
    same(store, raw, T0 + 86400 + 1234, T0 + 4 * 86400 - 77)


def test_an_old_store_gets_its_rollup_filled(tmp_path):
    url = "sqlite:///" + str(tmp_path / "old.db")
    Store(url).ensure_schema()
    Store(url).write(list(failures(500)))
    with sqlite3.connect(str(tmp_path / "old.db")) as c:  # a store made before the rollup
        c.execute("DROP TRIGGER watch_hourly_counts_add")
        c.execute("DROP TRIGGER watch_hourly_counts_remove")
        c.execute("DROP TABLE watch_hourly_counts")
    store = Store(url)
    store.ensure_schema()
    same(store, RawStore(url), T0, T0 + 5 * 86400)


def test_the_latest_recipients_table_is_the_same_as_grouping_them_all(stores):
    store, _, _ = stores
    for advice in ("later", "never"):
        for limit in (1, 5, 50, 200, 5000):
            everyone = queries.retry_table(store, advice, T0, T0 + 6 * 86400, limit=None)
            assert queries.retry_table(store, advice, T0, T0 + 6 * 86400, limit=limit) == everyone[:limit]
