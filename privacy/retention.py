"""Erasing stored conversations: one on request, the idle ones on a schedule, and the
oldest events of a conversation that grew too long.

Why: a conversation holds the business's errors and its customers' numbers, which are
personal data. A person may ask for theirs to be erased (``forget``); nothing is kept
longer than it is useful (``purge_idle``: conversations silent for the retention
period); and a sender who floods the bot must not grow one conversation without
bound (``cap_events``: only the newest events are kept). Plain SQLAlchemy Core on
Rasa's SQL tracker store table ``events`` (SQLite or PostgreSQL), so the
``make forget`` script, the agent view's API and the scheduled job
(channels/backoffice/housekeeping.py) share one implementation. Each function runs in one
transaction and returns how many events it removed; none of them reads Rasa.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Mapping, Optional

import sqlalchemy as sa

EVENTS_TABLE = "events"
DAY_SECONDS = 86400.0

RETENTION_ENV = "TICKFIX_RETENTION_DAYS"  # conversations idle this long are erased; 0 keeps them
MAX_EVENTS_ENV = "TICKFIX_MAX_EVENTS"  # events kept per conversation; 0 keeps them all
DEFAULT_RETENTION_DAYS = 30.0
DEFAULT_MAX_EVENTS = 5000


@dataclass(frozen=True)
class RetentionSettings:
    """How long idle conversations are kept and how many events one may hold."""

    retention_days: float = DEFAULT_RETENTION_DAYS  # 0: forever
    max_events: int = DEFAULT_MAX_EVENTS  # 0: no cap

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "RetentionSettings":
        env = os.environ if env is None else env
        return cls(
            retention_days=_number(env.get(RETENTION_ENV), DEFAULT_RETENTION_DAYS),
            max_events=int(_number(env.get(MAX_EVENTS_ENV), DEFAULT_MAX_EVENTS)),
        )


def _number(raw: Optional[str], default: float) -> float:
    try:
        return max(0.0, float(raw)) if raw not in (None, "") else default
    except ValueError:
        return default


def _events(conn: Any) -> Optional[sa.Table]:
    """Rasa's events table, or None when the store has none yet (nothing was said)."""
    if not sa.inspect(conn).has_table(EVENTS_TABLE):
        return None
    return sa.table(EVENTS_TABLE, sa.column("id"), sa.column("sender_id"), sa.column("timestamp"))


def forget(engine: Any, sender_id: str) -> int:
    """Erase every stored event of one conversation."""
    with engine.begin() as conn:
        events = _events(conn)
        if events is None:
            return 0
        return conn.execute(events.delete().where(events.c.sender_id == sender_id)).rowcount


def purge_idle(engine: Any, idle_seconds: float, now: float) -> int:
    """Erase the conversations whose newest event is older than ``idle_seconds``."""
    if idle_seconds <= 0:
        return 0
    with engine.begin() as conn:
        events = _events(conn)
        if events is None:
            return 0
        idle = (
            sa.select(events.c.sender_id)
            .group_by(events.c.sender_id)
            .having(sa.func.max(events.c.timestamp) < now - idle_seconds)
        )
        return conn.execute(events.delete().where(events.c.sender_id.in_(idle))).rowcount


def cap_events(engine: Any, max_events: int) -> int:
    """Keep only the newest ``max_events`` events of each conversation.

    Rasa reads a conversation from its last session start, so what goes first is the
    oldest history; a conversation under the cap is untouched.
    """
    if max_events <= 0:
        return 0
    removed = 0
    with engine.begin() as conn:
        events = _events(conn)
        if events is None:
            return 0
        long_ones = sa.select(events.c.sender_id).group_by(events.c.sender_id).having(sa.func.count() > max_events)
        for (sender_id,) in conn.execute(long_ones).fetchall():
            newest = (
                sa.select(events.c.id)
                .where(events.c.sender_id == sender_id)
                .order_by(events.c.id.desc())
                .limit(max_events)
            )
            keep = {row[0] for row in conn.execute(newest)}
            oldest_kept = min(keep)
            removed += conn.execute(
                events.delete().where(events.c.sender_id == sender_id, events.c.id < oldest_kept)
            ).rowcount
    return removed


def sql_engine(tracker_store: Any) -> Optional[Any]:
    """The SQLAlchemy engine behind a Rasa tracker store, or None when it is not SQL.

    Looks through the wrappers Rasa puts around a store (FailSafeTrackerStore's
    ``_tracker_store``, AwaitableTrackerStore's ``_tracker_store``) without importing Rasa.
    """
    store = tracker_store
    for _ in range(4):
        engine = getattr(store, "engine", None)
        if engine is not None:
            return engine
        store = getattr(store, "_tracker_store", None) or getattr(store, "tracker_store", None)
        if store is None:
            return None
    return None
