"""``python -m failure_watch``: the failure report from a webhook log, or from the store.

    python -m failure_watch report webhooks.jsonl             # a log of Meta/Twilio webhooks
    python -m failure_watch report webhooks.jsonl --csv now   # the "retry now" recipients as CSV
    python -m failure_watch report --store                    # what the running bot stored
    python -m failure_watch purge                             # apply the retention now

Why: a business that cannot (or need not) run the bot still gets its failures explained.
Numbers are masked unless ``--show-numbers``. The range is the whole log unless
``--days`` is given (the store's default: 7 days).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import List, Optional

from failure_watch import offline, queries, report, settings
from failure_watch.events import ADVICES
from failure_watch.page import retry_csv
from failure_watch.store import Store, failures
from failure_watch.text_report import render


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m failure_watch", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="print the failure report")
    rep.add_argument("log", nargs="?", help="JSON-lines webhook log ('-' for stdin)")
    rep.add_argument("--store", action="store_true", help="read the bot's store (TICKFIX_WATCH_*) instead")
    rep.add_argument("--db", help="keep what the log holds in this SQLAlchemy URL (default: in memory)")
    rep.add_argument("--days", type=float, help="only the last N days (default: the whole log, or 7 for --store)")
    rep.add_argument("--lang", default="en", help="en, es or pt")
    rep.add_argument("--show-numbers", action="store_true", help="print recipients' numbers unmasked")
    rep.add_argument("--csv", choices=ADVICES, help="print the recipients with this retry advice as CSV")
    sub.add_parser("purge", help="delete what is older than TICKFIX_WATCH_RETENTION_DAYS from the store")
    args = parser.parse_args(argv)

    config = settings.from_env()
    if args.command == "purge":
        gone = Store.from_settings(config).purge()
        print(f"{gone} record(s) deleted from {config.describe()}")
        return 0
    if args.store:
        store = Store.from_settings(config)
    elif args.log:
        store = Store(args.db or "sqlite://", config.retention_days)
        handle = sys.stdin if args.log == "-" else open(args.log, encoding="utf-8")
        with handle:
            loaded = offline.load(handle, store)
        print(
            f"Read {loaded.lines} line(s): {loaded.events} event(s), {loaded.skipped} line(s) without any.",
            file=sys.stderr,
        )
    else:
        parser.error("give a webhook log, or --store")
        return 2
    end = int(time.time()) + 1
    if args.days:
        start = int(end - args.days * queries.DAY)
    elif args.store:
        start = end - 7 * queries.DAY
    else:  # the whole log
        import sqlalchemy as sa

        with store.engine.connect() as c:
            first, last = c.execute(sa.select(sa.func.min(failures.c.at), sa.func.max(failures.c.at))).one()
        start, end = (int(first or end - 1), int(last or end) + 1)
    if args.csv:
        rows = queries.retry_table(store, args.csv, start, end, limit=None)
        sys.stdout.write(retry_csv(rows, args.show_numbers, args.lang))
        return 0
    built = report.build(store, start, end, lang=args.lang, rows_per_advice=None if args.show_numbers else 50)
    sys.stdout.write(render(built, show_numbers=args.show_numbers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
