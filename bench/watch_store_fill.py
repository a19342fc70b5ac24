"""The failure watch's store at a month's scale: filled to N failures, its report timed.

Why: the burst half of bench/watch_bench.py measures the watch under a campaign; this half
answers whether the report stays fast once the store holds a month of failures (1,000,000
rows over 30 days). It writes rows straight into the store's SQLite file, as the writer
would have, then times GET /report, the report's API and the queries alone.
"""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path
from typing import Dict, Tuple

import requests

PHONE_NUMBER_ID = "106540352242922"
REPORT_TOKEN = "bench-report-token"
CODES = [  # (code, title, details): a campaign's usual failures
    (
        131047,
        "Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    ),
    (
        131026,
        "Message undeliverable",
        "Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number.",
    ),
    (
        131049,
        "This message was not delivered to maintain healthy ecosystem engagement.",
        "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
    ),
    (
        131050,
        "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on "
        "WhatsApp from your business.",
        "",
    ),
    (130429, "Rate limit hit", "Cloud API message throughput has been reached."),
    (132001, "Template name does not exist in the translation", "template name (promo_x) does not exist in pt_BR"),
    (131053, "Media upload error", "Unable to download the media sent by the business."),
]


def count_rows(db: Path) -> Tuple[int, int]:
    with sqlite3.connect(str(db), timeout=30) as c:
        rows = c.execute("SELECT count(*) FROM watch_failures").fetchone()[0]
        distinct = c.execute(
            "SELECT count(*) FROM (SELECT DISTINCT message_id, status, code FROM watch_failures)"
        ).fetchone()[0]
    return rows, distinct


def fill(db: Path, target: int, days: int = 30) -> float:
    """Add diagnosed failures until the store holds ``target``; returns seconds taken."""
    from failure_watch.diagnose import diagnose_text
    from failure_watch.events import ADVICE_OF_DECISION

    diagnosed = []
    for code, title, details in CODES:
        cause, decision, wait = diagnose_text(f"{code} {title} {details}".strip())
        diagnosed.append((str(code), title, details, cause, decision, ADVICE_OF_DECISION[decision], wait))
    rows, _ = count_rows(db)
    missing = max(0, target - rows)
    rng = random.Random(11)
    now = int(time.time())
    started = time.perf_counter()
    with sqlite3.connect(str(db), timeout=60) as c:
        batch = []
        for i in range(missing):
            code, title, details, cause, decision, advice, wait = diagnosed[rng.randrange(len(diagnosed))]
            at = now - rng.randrange(days * 86400)
            retry_after = at + int(wait * 3600) if decision == "after_wait" and wait else None
            batch.append(
                (
                    at,
                    now,
                    f"55{rng.randrange(10**10, 10**11)}",
                    f"wamid.FILL{i:010d}",
                    "failed",
                    code,
                    "meta",
                    title,
                    details,
                    PHONE_NUMBER_ID,
                    f"campaign-{at // 86400 % 5}",
                    cause,
                    decision,
                    advice,
                    wait,
                    retry_after,
                )
            )
            if len(batch) == 50000:
                c.executemany(
                    "INSERT OR IGNORE INTO watch_failures (at, received, recipient, message_id, status, "
                    "code, provider, title, details, business_number, campaign, cause, decision, advice, "
                    "wait_hours, retry_after) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    batch,
                )
                batch = []
        if batch:
            c.executemany(
                "INSERT OR IGNORE INTO watch_failures (at, received, recipient, message_id, status, "
                "code, provider, title, details, business_number, campaign, cause, decision, advice, "
                "wait_hours, retry_after) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                batch,
            )
        c.execute("ANALYZE")
    return time.perf_counter() - started


def timed_get(url: str, repeat: int = 3) -> Tuple[float, int]:
    best, status = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        r = requests.get(url, headers={"Authorization": f"Bearer {REPORT_TOKEN}"}, timeout=120)
        best = min(best, (time.perf_counter() - started) * 1000)
        status = r.status_code
    return best, status


def timed_queries(db: Path) -> Dict[str, float]:
    from failure_watch import queries, report
    from failure_watch.store import Store

    store = Store("sqlite:///" + str(db))
    end = int(time.time()) + 1
    out = {}
    cases = {
        "counts by cause, 24 h": lambda: queries.counts_by_cause(store, end - 86400, end),
        "counts by cause, 30 days": lambda: queries.counts_by_cause(store, end - 30 * 86400, end),
        "over time by cause, 30 days": lambda: queries.over_time(store, end - 30 * 86400, end),
        "one recipient's failures": lambda: queries.failures_for(store, "5511900000100"),
        "campaign/day summary, 7 days": lambda: queries.campaign_summary(store, end - 7 * 86400, end),
        "retry table (later), 7 days": lambda: queries.retry_table(store, "later", end - 7 * 86400, end, 100),
        "page's report, 7 days": lambda: report.build(store, end - 7 * 86400, end, fast=True),
        "page's report, 30 days": lambda: report.build(store, end - 30 * 86400, end, fast=True),
        "full report (text, grouped retry tables), 7 days": lambda: report.build(store, end - 7 * 86400, end),
    }
    for name, fn in cases.items():
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            fn()
            best = min(best, (time.perf_counter() - started) * 1000)
        out[name] = best
    store.close()
    return out
