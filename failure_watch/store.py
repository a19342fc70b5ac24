"""The failure watch's tables and writes, through SQLAlchemy Core.

Why SQLAlchemy Core: it is already installed with Rasa (1.4 here), speaks SQLite (the
default, a file) and PostgreSQL (production) alike, and needs no ORM. Writes are
idempotent: a redelivered status has the same (message id, status, code) and a
redelivered account event the same (kind, subject, event, time), and the unique
indexes make the second insert a no-op ("INSERT OR IGNORE" on SQLite, "ON CONFLICT DO
NOTHING" on PostgreSQL), so two servers writing the same webhook store it once. A batch
is one transaction. Retention: ``purge`` deletes what is older than the retention.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from failure_watch.events import AccountEvent, Failure
from failure_watch.settings import WatchSettings

logger = logging.getLogger(__name__)

metadata = sa.MetaData()

failures = sa.Table(
    "watch_failures",
    metadata,
    sa.Column("id", sa.Integer().with_variant(sa.BigInteger(), "postgresql"), primary_key=True, autoincrement=True),
    sa.Column("at", sa.BigInteger, nullable=False),
    sa.Column("received", sa.BigInteger, nullable=False),
    sa.Column("recipient", sa.String(20), nullable=False, default=""),
    sa.Column("message_id", sa.String(128), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("code", sa.String(16), nullable=False, default=""),
    sa.Column("provider", sa.String(16), nullable=False),
    sa.Column("title", sa.String(500), nullable=False, default=""),
    sa.Column("details", sa.String(1000), nullable=False, default=""),
    sa.Column("business_number", sa.String(20), nullable=False, default=""),
    sa.Column("campaign", sa.String(128), nullable=False, default=""),
    sa.Column("cause", sa.String(64), nullable=False),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("advice", sa.String(8), nullable=False),
    sa.Column("wait_hours", sa.Float, nullable=True),
    sa.Column("retry_after", sa.BigInteger, nullable=True),
    sa.Index("watch_failures_key", "message_id", "status", "code", unique=True),
    sa.Index("watch_failures_at_cause", "at", "cause"),
    sa.Index("watch_failures_recipient_at", "recipient", "at"),
    sa.Index("watch_failures_advice_at", "advice", "at", "recipient", "cause"),
)

account_events = sa.Table(
    "watch_account_events",
    metadata,
    sa.Column("id", sa.Integer().with_variant(sa.BigInteger(), "postgresql"), primary_key=True, autoincrement=True),
    sa.Column("at", sa.BigInteger, nullable=False),
    sa.Column("received", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("subject", sa.String(160), nullable=False),
    sa.Column("event", sa.String(64), nullable=False),
    sa.Column("detail", sa.String(500), nullable=False, default=""),
    sa.Column("account_id", sa.String(64), nullable=False, default=""),
    sa.Index("watch_account_events_key", "kind", "subject", "event", "at", unique=True),
    sa.Index("watch_account_events_at", "at"),
)

# Failures per hour, cause and advice: what the report's counts and chart read, so a month
# of a million failures is a few thousand rows. On SQLite, triggers keep it exact on every
# insert and delete (an ignored duplicate fires nothing), whoever writes the rows; on other
# databases it is not kept and the queries read the failures themselves (``has_rollup``).
hourly = sa.Table(
    "watch_hourly_counts",
    metadata,
    sa.Column("hour", sa.BigInteger, primary_key=True),  # at // 3600
    sa.Column("campaign", sa.String(128), primary_key=True),
    sa.Column("cause", sa.String(64), primary_key=True),
    sa.Column("advice", sa.String(8), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False, default=0),
)
# What an earlier version kept (without the campaign): dropped when found.
_OLD_ROLLUP = ("watch_hourly_add", "watch_hourly_remove", "watch_hourly")

_KEY_NEW = "hour = NEW.at / 3600 AND campaign = NEW.campaign AND cause = NEW.cause AND advice = NEW.advice"
_KEY_OLD = "hour = OLD.at / 3600 AND campaign = OLD.campaign AND cause = OLD.cause AND advice = OLD.advice"
_SQLITE_ROLLUP_TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS watch_hourly_counts_add AFTER INSERT ON watch_failures BEGIN
         INSERT OR IGNORE INTO watch_hourly_counts (hour, campaign, cause, advice, n)
           VALUES (NEW.at / 3600, NEW.campaign, NEW.cause, NEW.advice, 0);
         UPDATE watch_hourly_counts SET n = n + 1 WHERE {_KEY_NEW};
       END""",
    f"""CREATE TRIGGER IF NOT EXISTS watch_hourly_counts_remove AFTER DELETE ON watch_failures BEGIN
         UPDATE watch_hourly_counts SET n = n - 1 WHERE {_KEY_OLD};
       END""",
)

FAILURE_COLUMNS = [c.name for c in failures.columns if c.name != "id"]
EVENT_COLUMNS = [c.name for c in account_events.columns if c.name != "id"]
Event = Union[Failure, AccountEvent]


def make_engine(url: str, busy_timeout: float = 5.0) -> Engine:
    """An engine for the URL; SQLite in WAL mode (readers never wait for the writer)."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": busy_timeout, "check_same_thread": False}, future=True)

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _: Any) -> None:
            cursor = dbapi_connection.cursor()
            if url != "sqlite://" and ":memory:" not in url:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=2, future=True)


class Store:
    """The tables on one database. Thread-safe (SQLAlchemy's pool)."""

    def __init__(self, url: str, retention_days: float = 30, busy_timeout: float = 5.0) -> None:
        self.url = url
        self.retention_days = retention_days
        if url.startswith("sqlite:///") and ":memory:" not in url:
            from pathlib import Path

            Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(url, busy_timeout)
        self._ready = False

    @classmethod
    def from_settings(cls, settings: WatchSettings) -> "Store":
        return cls(settings.url, settings.retention_days)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def has_rollup(self) -> bool:
        """The hourly counts are kept (SQLite, by triggers)."""
        return self.dialect == "sqlite"

    def ensure_schema(self) -> None:
        """Create the tables, indexes and the rollup's triggers when missing (safe to call
        again); a store made before the rollup existed gets it filled from its failures."""
        if self._ready:
            return
        with self.engine.begin() as connection:
            had_rollup = sa.inspect(connection).has_table(hourly.name)
        metadata.create_all(self.engine, checkfirst=True)
        if self.has_rollup:
            with self.engine.begin() as connection:
                connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {_OLD_ROLLUP[0]}"))
                connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {_OLD_ROLLUP[1]}"))
                connection.execute(sa.text(f"DROP TABLE IF EXISTS {_OLD_ROLLUP[2]}"))
                for trigger in _SQLITE_ROLLUP_TRIGGERS:
                    connection.execute(sa.text(trigger))
                if not had_rollup:
                    self.rebuild_rollup(connection)
        self._ready = True

    @staticmethod
    def rebuild_rollup(connection: Any) -> None:
        """Count the hourly rollup again from the failures (in the caller's transaction)."""
        connection.execute(hourly.delete())
        hour = (failures.c.at / 3600).label("hour")
        keys = (failures.c.campaign, failures.c.cause, failures.c.advice)
        counted = sa.select(hour, *keys, sa.func.count()).group_by(hour, *keys)
        connection.execute(hourly.insert().from_select(["hour", "campaign", "cause", "advice", "n"], counted))

    def _insert(self, table: sa.Table, keys: Sequence[str]) -> Any:
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert

            return insert(table).on_conflict_do_nothing(index_elements=list(keys))
        if self.dialect == "sqlite":
            return table.insert().prefix_with("OR IGNORE")
        return None

    def write(self, events: Iterable[Event]) -> int:
        """Store a batch in one transaction; returns how many rows were new (when the
        database says). Raises when the database is unreachable: the caller retries."""
        self.ensure_schema()
        rows_f: List[Dict[str, Any]] = []
        rows_e: List[Dict[str, Any]] = []
        for event in events:
            data = event.to_dict()
            if isinstance(event, Failure):
                rows_f.append({k: data[k] for k in FAILURE_COLUMNS})
            else:
                rows_e.append({k: data[k] for k in EVENT_COLUMNS})
        new = 0
        with self.engine.begin() as connection:
            for table, rows, keys in (
                (failures, rows_f, ("message_id", "status", "code")),
                (account_events, rows_e, ("kind", "subject", "event", "at")),
            ):
                if not rows:
                    continue
                statement = self._insert(table, keys)
                if statement is not None:
                    result = connection.execute(statement, rows)
                    new += max(result.rowcount or 0, 0)
                else:  # another database: one row at a time, duplicates skipped
                    for row in rows:
                        try:
                            with connection.begin_nested():
                                connection.execute(table.insert(), row)
                            new += 1
                        except sa.exc.IntegrityError:
                            pass
        return new

    def purge(self, now: Optional[float] = None, days: Optional[float] = None) -> int:
        """Delete what is older than the retention; returns how many rows went."""
        self.ensure_schema()
        cutoff = int((time.time() if now is None else now) - (days or self.retention_days) * 86400)
        with self.engine.begin() as connection:
            gone = connection.execute(failures.delete().where(failures.c.at < cutoff)).rowcount or 0
            gone += connection.execute(account_events.delete().where(account_events.c.at < cutoff)).rowcount or 0
        if gone:
            logger.info("Failure watch: %d record(s) older than %g days deleted.", gone, days or self.retention_days)
        return gone

    def close(self) -> None:
        self.engine.dispose()
