"""Meta's WhatsApp webhooks read into failures and account events.

Why: the same webhook URL that brings users' messages also brings the statuses of the
business's own sends and the account's notices; today they are logged and forgotten.
The shapes (Meta's webhook reference, as recorded in pywa's test data
``tests/data/updates/message_status.json``, ``template_status_update.json``,
``template_quality_update.json`` and ``account_update.json``, and Meta's
``phone_number_quality_update`` reference)::

    {"object": "whatsapp_business_account",
     "entry": [{"id": "<WABA id>", "time": 1698268000, "changes": [{"field": ..., "value": ...}]}]}

* ``field: messages``: ``value.metadata.phone_number_id``; ``value.statuses[]`` with
  ``id`` (the wamid), ``status`` ("failed"...), ``timestamp``, ``recipient_id``,
  ``biz_opaque_callback_data`` and, when failed, ``errors[]`` of ``{code, title,
  message, error_data: {details}}``; ``value.errors[]`` (same error objects) when the
  problem is not one message's;
* ``message_template_status_update``: ``event`` (APPROVED, REJECTED, PAUSED,
  DISABLED...), ``message_template_name``/``_language``/``_id``, ``reason``;
* ``message_template_quality_update``: ``previous_quality_score``,
  ``new_quality_score`` (GREEN, YELLOW, RED, UNKNOWN) and the template;
* ``phone_number_quality_update``: ``display_phone_number``, ``event`` (FLAGGED,
  UNFLAGGED, DOWNGRADE, UPGRADE...), ``current_limit``, ``old_limit``;
* ``account_update``: ``event`` (ACCOUNT_RESTRICTION, ACCOUNT_VIOLATION,
  DISABLED_UPDATE...) with ``restriction_info``, ``violation_info``, ``ban_info``.

Never raises on odd data: what it cannot read it skips.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any, Iterator, List, Optional, Tuple, Union

from failure_watch.events import ACCOUNT_KINDS, AccountEvent, Failure, digits

Event = Union[Failure, AccountEvent]
FAILED = ("failed",)


def _dicts(value: Any) -> Iterator[dict]:
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                yield item


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _text(value: Any, limit: int = 500) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()[:limit]


def _when(*values: Any) -> int:
    """The first value that is a Unix time (int or digits), else now."""
    for value in values:
        try:
            when = int(str(value).strip())
        except (TypeError, ValueError):
            continue
        if when > 0:
            return when
    return int(time.time())


def error_parts(error: dict) -> Tuple[str, str, str]:
    """(code, title, details) of one Meta error object."""
    code = _text(error.get("code"), 16)
    title = _text(error.get("title")) or _text(error.get("message"))
    details = _text(_dict(error.get("error_data")).get("details"))
    message = _text(error.get("message"))
    if message and message != title and message not in details:
        details = f"{message}. {details}".strip(". ").strip() if details else message
    return code, title, details


def parse(payload: Any) -> List[Event]:
    """The failures and account events in one webhook body (maybe none)."""
    events: List[Event] = []
    if not isinstance(payload, dict) or payload.get("object") not in (None, "whatsapp_business_account"):
        return events
    for entry in _dicts(payload.get("entry")):
        account = _text(entry.get("id"), 64)
        for change in _dicts(entry.get("changes")):
            field = change.get("field") or "messages"
            if not isinstance(field, str):  # a forged or broken body: nothing to watch
                continue
            value = _dict(change.get("value"))
            if field == "messages":
                events.extend(_statuses(value, entry))
            elif field in ACCOUNT_KINDS:
                event = _account_event(field, value, entry, account)
                if event is not None:
                    events.append(event)
    return events


def has_events(payload: Any) -> bool:
    """Cheap check: does the body hold anything for the watch? (the chat path's test)"""
    if not isinstance(payload, dict):
        return False
    for entry in _dicts(payload.get("entry")):
        for change in _dicts(entry.get("changes")):
            field = change.get("field") or "messages"
            if not isinstance(field, str):
                continue
            if field in ACCOUNT_KINDS:
                return True
            value = _dict(change.get("value"))
            if value.get("errors"):
                return True
            if any(s.get("status") in FAILED for s in _dicts(value.get("statuses"))):
                return True
    return False


def _statuses(value: dict, entry: dict) -> Iterator[Failure]:
    business = digits(_dict(value.get("metadata")).get("phone_number_id"))
    for status in _dicts(value.get("statuses")):
        state = _text(status.get("status"), 16).lower()
        if state not in FAILED:
            continue
        message_id = _text(status.get("id"), 128)
        recipient = digits(status.get("recipient_id") or status.get("recipient_user_id"))
        at = _when(status.get("timestamp"), entry.get("time"))
        campaign = _text(status.get("biz_opaque_callback_data"), 128)
        errors = list(_dicts(status.get("errors"))) or [{}]
        for error in errors:
            code, title, details = error_parts(error)
            yield Failure(
                at=at,
                recipient=recipient,
                message_id=message_id or _synthetic_id(status),
                provider="meta",
                status=state,
                code=code,
                title=title,
                details=details,
                business_number=business,
                campaign=campaign,
            )
    # Value-level errors: the webhook could not be about one message (system, app or
    # account problems). Kept as failures without a recipient, identified by their content.
    for error in _dicts(value.get("errors")):
        code, title, details = error_parts(error)
        yield Failure(
            at=_when(entry.get("time")),
            recipient="",
            message_id=_synthetic_id({"entry": entry.get("id"), "time": entry.get("time"), "error": error}),
            provider="meta",
            status="error",
            code=code,
            title=title,
            details=details,
            business_number=business,
        )


def _synthetic_id(content: Any) -> str:
    """An id for what has none, the same on every redelivery of the same content."""
    raw = json.dumps(content, sort_keys=True, default=str).encode("utf-8")
    return "sha1:" + hashlib.sha1(raw).hexdigest()


def _account_event(field: str, value: dict, entry: dict, account: str) -> Optional[AccountEvent]:
    kind = ACCOUNT_KINDS[field]
    at = _when(entry.get("time"), value.get("timestamp"))
    event = _text(value.get("event"), 64).upper()
    detail = ""
    subject = account
    if kind in ("template_status", "template_quality"):
        name = _text(value.get("message_template_name"), 128) or _text(value.get("message_template_id"), 64)
        language = _text(value.get("message_template_language"), 16)
        subject = f"{name} ({language})" if language else name
        if kind == "template_status":
            reason = _text(value.get("reason"))
            other = _dict(value.get("other_info"))
            detail = "; ".join(
                p for p in ("" if reason.upper() in ("", "NONE") else reason, _text(other.get("description"))) if p
            )
        else:
            new, old = _text(value.get("new_quality_score"), 16), _text(value.get("previous_quality_score"), 16)
            event = new.upper() or event
            detail = f"{old} -> {new}" if old else new
    elif kind == "phone_quality":
        subject = digits(value.get("display_phone_number")) or account
        current, old = _text(value.get("current_limit"), 32), _text(value.get("old_limit"), 32)
        if current:
            detail = f"limit {old} -> {current}" if old else f"limit {current}"
    else:
        parts = []
        for info in _dicts(value.get("restriction_info")):
            parts.append(_text(info.get("restriction_type"), 64))
        for key in ("violation_info", "ban_info", "disconnection_info"):
            info = _dict(value.get(key))
            parts.extend(f"{k}={_text(v, 64)}" for k, v in sorted(info.items()) if _text(v, 64))
        detail = ", ".join(p for p in parts if p)[:500]
    if not event:
        return None
    return AccountEvent(at=at, kind=kind, subject=subject[:160], event=event, detail=detail, account_id=account)
