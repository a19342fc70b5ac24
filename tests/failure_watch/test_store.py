"""The store: idempotent batched writes, retention, and the report's queries."""

import sqlalchemy as sa

from failure_watch import meta, queries
from failure_watch.diagnose import diagnose
from failure_watch.events import AccountEvent, Failure
from failure_watch.store import account_events, failures
from tests.failure_watch.conftest import meta_body

T0 = 1795000000


def failure(n: int, code: str = "131047", at: int = T0, recipient: str = "", **kw) -> Failure:
    titles = {
        "131047": "Re-engagement message",
        "131050": "User opted out of marketing messages",
        "130429": "Rate limit hit",
        "131026": "Message undeliverable",
    }
    f = Failure(
        at=at,
        recipient=recipient or f"5511900000{n:03d}",
        message_id=f"wamid.{n}",
        provider="meta",
        code=code,
        title=titles[code],
        **kw,
    )
    return diagnose(f)


def rows(store, table=failures):
    with store.engine.connect() as c:
        return c.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_redelivered_statuses_and_events_are_stored_once(store):
    events = []
    for name in ("meta_status_failed", "meta_status_campaign", "meta_template_status", "meta_phone_quality"):
        events += meta.parse(meta_body(name))
    for e in events:
        if isinstance(e, Failure):
            diagnose(e)
    assert store.write(events) == 6
    assert store.write(events) == 0  # Meta delivered the same webhooks again
    assert store.write(events + events) == 0  # and twice within one batch
    assert rows(store) == 4 and rows(store, account_events) == 2


def test_same_message_with_another_status_or_code_is_another_row(store):
    a = failure(1)
    b = failure(1, code="131026")
    store.write([a, b])
    assert rows(store) == 2


def test_retention_purges_only_older_records(store):
    now = T0 + 40 * 86400
    store.write([failure(1, at=T0), failure(2, at=now - 29 * 86400), failure(3, at=now)])
    store.write(
        [
            AccountEvent(at=T0, kind="phone_quality", subject="1555", event="FLAGGED"),
            AccountEvent(at=now, kind="phone_quality", subject="1555", event="UNFLAGGED"),
        ]
    )
    assert store.purge(now=now) == 2  # default 30 days
    assert rows(store) == 2 and rows(store, account_events) == 1
    assert store.purge(now=now, days=1) == 1
    assert rows(store) == 1


def test_counts_by_cause_over_time_and_for_a_recipient(store):
    batch = [failure(i, code="131047", at=T0 + i) for i in range(5)]
    batch += [failure(100 + i, code="131050", at=T0 + 86400 + i) for i in range(3)]
    batch += [failure(200, code="130429", at=T0 + 10 * 86400)]  # outside the range below
    store.write(batch)
    start, end = T0 - 10, T0 + 2 * 86400
    assert queries.counts_by_cause(store, start, end) == [("outside_service_window", 5), ("marketing_opt_out", 3)]
    assert queries.total(store, start, end) == 8
    series = queries.over_time(store, start, end, queries.DAY)
    day0 = T0 - T0 % 86400
    assert (day0, "outside_service_window", 5) in series and (day0 + 86400, "marketing_opt_out", 3) in series
    [mine] = queries.failures_for(store, "5511900000101")
    assert mine["cause"] == "marketing_opt_out" and mine["advice"] == "never"


def test_retry_table_groups_recipients_by_advice(store):
    store.write(
        [
            failure(1, code="131047", at=T0),
            failure(2, code="131047", at=T0 + 5, recipient="5511900000001"),
            failure(3, code="131050", at=T0 + 6),
            failure(4, code="130429", at=T0 + 7),
        ]
    )
    totals = queries.retry_totals(store, T0, T0 + 100)
    assert totals == {"now": (0, 0), "later": (3, 2), "never": (1, 1)}
    later = queries.retry_table(store, "later", T0, T0 + 100)
    assert [(r.recipient, r.cause, r.failures) for r in later] == [
        ("5511900000004", "rate_limit", 1),
        ("5511900000001", "outside_service_window", 2),
    ]
    assert later[0].retry_after == T0 + 7 + 360  # a few minutes' wait (0.1 h)
    assert [r.recipient for r in queries.retry_table(store, "never", T0, T0 + 100)] == ["5511900000003"]


def test_campaign_summary_by_day_and_tag(store):
    events = meta.parse(meta_body("meta_status_campaign")) + meta.parse(meta_body("meta_status_failed"))
    store.write([diagnose(e) for e in events])
    summary = queries.campaign_summary(store, T0 - 86400, T0 + 86400)
    tagged = sorted((c, cause, n) for _, c, cause, n in summary if c)
    assert tagged == [
        ("black-friday-2026", "ecosystem_limit", 1),
        ("black-friday-2026", "marketing_opt_out", 1),
        ("black-friday-2026", "outside_service_window", 1),
    ]


def test_schema_is_created_once_and_again_on_a_new_store(tmp_path):
    from failure_watch.store import Store

    url = "sqlite:///" + str(tmp_path / "x" / "f.db")
    Store(url).write([failure(1)])
    again = Store(url)
    again.write([failure(1), failure(2)])
    assert rows(again) == 2
