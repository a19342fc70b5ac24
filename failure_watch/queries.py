"""What the report and the chat ask the store.

Why a module of its own: the report page, the offline reader and (later) the chat's
"what failed today?" ask the same questions; each is one SQL query over an index of
``store.failures`` (time and cause; recipient and time; advice, time, recipient and
cause), so it stays fast with a million failures kept.

Times are Unix seconds; a range is [start, end).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa

from failure_watch.events import ADVICES
from failure_watch.store import Store, account_events, failures, hourly

DAY = 86400
HOUR = 3600


def _between(column: sa.Column, start: int, end: int) -> sa.sql.ClauseElement:
    return sa.and_(column >= int(start), column < int(end))


def _pieces(store: Store, start: int, end: int) -> Tuple[List[Tuple[int, int]], Optional[Tuple[int, int]]]:
    """[start, end) as the ranges read from the failures (the partial hours at its ends)
    and the whole hours read from the hourly rollup (None without a rollup)."""
    first, last = -(-int(start) // HOUR), int(end) // HOUR  # whole hours: [first, last)
    if not store.has_rollup or first >= last:
        return [(int(start), int(end))], None
    raw = [(a, b) for a, b in ((int(start), first * HOUR), (last * HOUR, int(end))) if a < b]
    return raw, (first, last)


def _counted(store: Store, start: int, end: int, keys: Tuple[str, ...], bucket: int = 0) -> Dict[Tuple, int]:
    """Failures in [start, end) counted by ``keys`` (columns) and, with ``bucket``, by the
    bucket their time falls in; whole hours from the rollup, the rest from the failures."""
    raw, hours = _pieces(store, start, end)
    out: Dict[Tuple, int] = {}
    with store.engine.connect() as c:
        for a, b in raw:
            cols = [failures.c[k] for k in keys]
            slot = [(failures.c.at / bucket).label("slot")] if bucket else []
            query = (
                sa.select(*slot, *cols, sa.func.count().label("n"))
                .where(_between(failures.c.at, a, b))
                .group_by(*slot, *cols)
            )
            for row in c.execute(query):
                key = tuple(row)[:-1]
                out[key] = out.get(key, 0) + int(row.n)
        if hours is not None:
            cols = [hourly.c[k] for k in keys]
            slot = [(hourly.c.hour * HOUR / bucket).label("slot")] if bucket else []
            query = (
                sa.select(*slot, *cols, sa.func.sum(hourly.c.n).label("n"))
                .where(hourly.c.hour >= hours[0])
                .where(hourly.c.hour < hours[1])
                .group_by(*slot, *cols)
            )
            for row in c.execute(query):
                key = tuple(row)[:-1]
                out[key] = out.get(key, 0) + int(row.n or 0)
    return {k: v for k, v in out.items() if v}


def counts_by_cause(store: Store, start: int, end: int) -> List[Tuple[str, int]]:
    """[(cause, failures)], most first."""
    counted = _counted(store, start, end, ("cause",))
    return sorted(((cause, n) for (cause,), n in counted.items()), key=lambda item: (-item[1], item[0]))


def over_time(store: Store, start: int, end: int, bucket: int = DAY) -> List[Tuple[int, str, int]]:
    """[(bucket's start, cause, failures)] in time order (UTC buckets of ``bucket`` seconds,
    a whole number of hours)."""
    counted = _counted(store, start, end, ("cause",), bucket=int(bucket))
    return sorted((int(slot) * int(bucket), cause, n) for (slot, cause), n in counted.items())


def failures_for(store: Store, recipient: str, start: Optional[int] = None, limit: int = 50) -> List[Dict]:
    """One recipient's failures (digits), newest first."""
    query = sa.select(failures).where(failures.c.recipient == recipient)
    if start is not None:
        query = query.where(failures.c.at >= int(start))
    query = query.order_by(failures.c.at.desc()).limit(limit)
    with store.engine.connect() as c:
        return [dict(row._mapping) for row in c.execute(query)]


def campaign_summary(store: Store, start: int, end: int) -> List[Tuple[int, str, str, int]]:
    """[(day's start, campaign tag or "", cause, failures)], by day then most failures."""
    counted = _counted(store, start, end, ("campaign", "cause"), bucket=DAY)
    rows = [(int(day) * DAY, campaign, cause, n) for (day, campaign, cause), n in counted.items()]
    return sorted(rows, key=lambda r: (r[0], -r[3], r[1], r[2]))


@dataclass
class RetryRow:
    """A recipient's failures of one cause, and what to do about them."""

    recipient: str
    advice: str
    cause: str
    decision: str
    failures: int
    last_at: int
    retry_after: Optional[int]
    code: str


def retry_totals(store: Store, start: int, end: int, people: bool = True) -> Dict[str, Tuple[int, int]]:
    """advice -> (failures, distinct recipients), for now / later / never. Without
    ``people`` the recipients are not counted (0): one index range per advice, fast with
    a million failures kept."""
    out = {advice: (0, 0) for advice in ADVICES}
    with store.engine.connect() as c:
        if not people:
            for advice in ADVICES:
                query = (
                    sa.select(sa.func.count())
                    .select_from(failures)
                    .where(failures.c.advice == advice)
                    .where(_between(failures.c.at, start, end))
                    .where(failures.c.recipient != "")
                )
                out[advice] = (int(c.execute(query).scalar() or 0), 0)
            return out
        query = (
            sa.select(
                failures.c.advice,
                sa.func.count().label("n"),
                sa.func.count(sa.distinct(failures.c.recipient)).label("people"),
            )
            .where(_between(failures.c.at, start, end))
            .where(failures.c.recipient != "")
            .group_by(failures.c.advice)
        )
        for row in c.execute(query):
            out[row.advice] = (int(row.n), int(row.people))
    return out


def latest_by_advice(store: Store, advice: str, start: int, end: int, limit: int = 100) -> List[RetryRow]:
    """The latest failures with this advice, one row each, newest first (the page's
    table: an index range, fast however many are kept; the CSV groups by recipient)."""
    query = (
        sa.select(
            failures.c.recipient,
            failures.c.cause,
            failures.c.decision,
            failures.c.at,
            failures.c.retry_after,
            failures.c.code,
        )
        .where(failures.c.advice == advice)
        .where(_between(failures.c.at, start, end))
        .where(failures.c.recipient != "")
        .order_by(failures.c.at.desc())
        .limit(limit)
    )
    with store.engine.connect() as c:
        return [
            RetryRow(
                r.recipient,
                advice,
                r.cause,
                r.decision,
                1,
                int(r.at),
                int(r.retry_after) if r.retry_after is not None else None,
                r.code,
            )
            for r in c.execute(query)
        ]


def _latest_pairs(c: Any, advice: str, start: int, end: int, limit: int) -> Optional[List[str]]:
    """The recipients of the ``limit`` (recipient, cause) pairs seen last, read newest
    first along the (advice, at) index until that many (and every tie at the boundary
    second) are found; None when the range holds fewer (then grouping it all is as fast)."""
    query = (
        sa.select(failures.c.recipient, failures.c.cause, failures.c.at)
        .where(failures.c.advice == advice)
        .where(_between(failures.c.at, start, end))
        .where(failures.c.recipient != "")
        .order_by(failures.c.at.desc())
    )
    seen: Dict[Tuple[str, str], int] = {}
    boundary: Optional[int] = None
    for recipient, cause, at in c.execute(query).yield_per(2000):
        if boundary is not None and at < boundary:
            return sorted({r for r, _ in seen})
        seen.setdefault((recipient, cause), at)
        if boundary is None and len(seen) >= limit:
            boundary = at
    return None


def retry_table(store: Store, advice: str, start: int, end: int, limit: Optional[int] = 200) -> List[RetryRow]:
    """The recipients whose failures have this advice, most recent first.

    With a ``limit`` (the page, the chat), only the recipients seen last are grouped, so
    it stays quick with a million failures kept; without one (the CSV), all of them."""
    last = sa.func.max(failures.c.at).label("last_at")
    query = (
        sa.select(
            failures.c.recipient,
            failures.c.cause,
            sa.func.count().label("n"),
            last,
            sa.func.max(failures.c.retry_after).label("retry_after"),
            sa.func.max(failures.c.decision).label("decision"),
            sa.func.max(failures.c.code).label("code"),
        )
        .where(failures.c.advice == advice)
        .where(_between(failures.c.at, start, end))
        .where(failures.c.recipient != "")
        .group_by(failures.c.recipient, failures.c.cause)
        .order_by(last.desc(), failures.c.recipient)
    )
    with store.engine.connect() as c:
        if limit is not None:
            recipients = _latest_pairs(c, advice, start, end, limit)
            if recipients is not None:
                query = query.where(failures.c.recipient.in_(recipients))
            query = query.limit(limit)
        return [
            RetryRow(
                r.recipient,
                advice,
                r.cause,
                r.decision,
                int(r.n),
                int(r.last_at),
                int(r.retry_after) if r.retry_after is not None else None,
                r.code,
            )
            for r in c.execute(query)
        ]


def recent_account_events(store: Store, start: int, end: int, limit: int = 50) -> List[Dict]:
    """Account events (templates, quality, restrictions), newest first."""
    query = (
        sa.select(account_events)
        .where(_between(account_events.c.at, start, end))
        .order_by(account_events.c.at.desc())
        .limit(limit)
    )
    with store.engine.connect() as c:
        return [dict(row._mapping) for row in c.execute(query)]


def total(store: Store, start: int, end: int) -> int:
    query = sa.select(sa.func.count()).select_from(failures).where(_between(failures.c.at, start, end))
    with store.engine.connect() as c:
        return int(c.execute(query).scalar() or 0)


def failures_ending(store: Store, digits: str, start: int, limit: int = 200) -> List[Dict]:
    """Failures since ``start`` to a number ending in ``digits`` (a number asked without
    its country code), newest first."""
    query = (
        sa.select(failures)
        .where(failures.c.at >= int(start))
        .where(failures.c.recipient.like("%" + digits))
        .order_by(failures.c.at.desc())
        .limit(limit)
    )
    with store.engine.connect() as c:
        return [dict(row._mapping) for row in c.execute(query)]


def count_code(store: Store, code: str, start: int) -> int:
    """How many failures with this code since ``start``."""
    query = (
        sa.select(sa.func.count())
        .select_from(failures)
        .where(failures.c.code == str(code))
        .where(failures.c.at >= int(start))
    )
    with store.engine.connect() as c:
        return int(c.execute(query).scalar() or 0)
