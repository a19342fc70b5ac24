"""The report from a webhook log, without the bot.

Why: a business that logs its webhooks (one JSON body a line, as many webhook relays
and log shippers keep them) can get the same report offline. Each line is one of:

* a Meta webhook body (``{"object": "whatsapp_business_account", "entry": [...]}``);
* a Twilio status callback as a JSON object of its form fields (``{"MessageSid": ...,
  "MessageStatus": "undelivered", "ErrorCode": "63016", ...}``) or as the raw
  url-encoded form in a JSON string;
* either of those under a ``"body"`` key (a relay's record of the request).

Lines that are none of these are counted and skipped. The events go through the same
diagnosis and store as the live webhooks (an in-memory SQLite unless ``db_url`` is
given), so redeliveries in the log count once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import IO, Any, Iterable, List
from urllib.parse import parse_qs

from failure_watch import meta, twilio
from failure_watch.diagnose import diagnose
from failure_watch.events import Failure
from failure_watch.store import Store


@dataclass
class LoadResult:
    lines: int = 0
    events: int = 0
    skipped: int = 0
    stored: int = 0


def events_of(record: Any) -> List[Any]:
    """The watch's events in one logged record (maybe none)."""
    if isinstance(record, dict) and "body" in record and "entry" not in record and "MessageStatus" not in record:
        record = record["body"]
    if isinstance(record, str):
        text = record.strip()
        if text.startswith("{"):
            try:
                record = json.loads(text)
            except ValueError:
                return []
        else:
            form = parse_qs(text, keep_blank_values=True)
            return twilio.parse(form) if twilio.is_status_callback(form) else []
    if not isinstance(record, dict):
        return []
    if "entry" in record or record.get("object") == "whatsapp_business_account":
        return meta.parse(record)
    if "MessageStatus" in record:
        return twilio.parse(
            twilio.form_of({k: v for k, v in record.items() if v is not None}), now=_twilio_time(record)
        )
    return []


def _twilio_time(record: dict) -> Any:
    for key in ("Timestamp", "timestamp", "received_at"):
        value = record.get(key)
        if isinstance(value, (int, float)) and value > 0:
            return int(value)
    return None


def load(lines: Iterable[str], store: Store, batch: int = 1000) -> LoadResult:
    """Read the log into the store; returns what was read."""
    result = LoadResult()
    pending: List[Any] = []
    store.ensure_schema()
    for line in lines:
        line = line.strip()
        if not line:
            continue
        result.lines += 1
        try:
            record = json.loads(line)
        except ValueError:
            record = line  # maybe a raw url-encoded Twilio form
        events = events_of(record)
        if not events:
            result.skipped += 1
            continue
        for event in events:
            if isinstance(event, Failure):
                diagnose(event)
            pending.append(event)
        if len(pending) >= batch:
            result.stored += store.write(pending)
            result.events += len(pending)
            pending = []
    if pending:
        result.stored += store.write(pending)
        result.events += len(pending)
    return result


def load_file(handle: IO[str], store: Store) -> LoadResult:
    return load(handle, store)
