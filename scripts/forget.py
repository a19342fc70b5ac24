#!/usr/bin/env python3
"""Erase one conversation: every stored event of a sender, from the tracker store.

    make forget SENDER=15551234567                   # SQLite (TRACKER_DB, endpoints.yml)
    source .run/services/services.env                # production: POSTGRES_* ...
    ENDPOINTS=endpoints.production.yml make forget SENDER=15551234567

The store is the `tracker_store` of $ENDPOINTS (default endpoints.yml), read the way Rasa
reads it (${VAR} from the environment); it must be an SQL store (SQLite or PostgreSQL).
The sender's rows of Rasa's `events` table are deleted in one transaction; other
conversations are untouched. Prints how many events were removed (0 when there were none;
running it twice is harmless). A turn of that sender being answered at the same moment may
still write its events afterwards: run it when the user is not talking.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Dict, Optional

ROOT = Path(__file__).resolve().parents[1]


def store_settings(endpoints: Path) -> Dict[str, Any]:
    """The endpoints file's `tracker_store` section, environment variables filled in."""
    from rasa.utils.endpoints import read_endpoint_config

    config = read_endpoint_config(str(endpoints), "tracker_store")
    if config is None:
        raise SystemExit(f"{endpoints} has no tracker_store: conversations are not stored")
    settings = dict(config.kwargs)
    settings["url"] = config.url
    if "dialect" not in settings and str(config.type).lower() != "sql":
        raise SystemExit(f"{endpoints}: tracker store {config.type!r} is not an SQL store")
    return settings


def database_url(settings: Dict[str, Any], root: Path = ROOT) -> Any:
    """An SQLAlchemy URL built as Rasa's SQLTrackerStore builds it; SQLite paths from root."""
    from rasa.core.tracker_store import SQLTrackerStore

    dialect = settings.get("dialect", "sqlite")
    db = str(settings.get("db", "rasa.db"))
    if dialect == "sqlite":
        path = Path(db) if Path(db).is_absolute() else root / db
        if not path.exists():
            raise FileNotFoundError(path)
        db = str(path)
    return SQLTrackerStore.get_db_url(
        dialect,
        settings.get("url"),
        settings.get("port"),
        db,
        settings.get("username"),
        settings.get("password"),
        query=settings.get("query"),
    )


def forget(url: Any, sender: str) -> int:
    """Deletes the sender's events; returns how many there were (privacy/retention.py)."""
    import sqlalchemy as sa

    from privacy.retention import forget as erase

    engine = sa.create_engine(url)
    try:
        return erase(engine, sender)
    finally:
        engine.dispose()


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description="Erase one conversation's stored events.")
    parser.add_argument(
        "sender", nargs="?", default=os.environ.get("SENDER"), help="the conversation's sender id (default: $SENDER)"
    )
    parser.add_argument("--endpoints", default=os.environ.get("ENDPOINTS", "endpoints.yml"))
    args = parser.parse_args(argv)
    if not args.sender:
        parser.error("say whose conversation: make forget SENDER=<sender id>")
    endpoints = Path(args.endpoints)
    endpoints = endpoints if endpoints.is_absolute() else ROOT / endpoints
    try:
        url = database_url(store_settings(endpoints))
    except FileNotFoundError as missing:
        print(f"No conversation store at {missing}: nothing to remove for {args.sender!r}.")
        return 0
    removed = forget(url, args.sender)
    print(f"Removed {removed} event{'s' if removed != 1 else ''} of conversation {args.sender!r} ({endpoints.name}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
