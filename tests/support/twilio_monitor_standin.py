"""Twilio's Monitor API (error alerts) as the local stand-in answers it: the real wire format.

Why: the Monitor check (account_checks/twilio_alerts.py) must be tested against what
Twilio sends, not against a mock of the SDK: the path (GET /v1/Alerts), the query
parameters the SDK writes (LogLevel, StartDate, EndDate as YYYY-MM-DDThh:mm:ssZ or
YYYY-MM-DD, PageSize, Page, PageToken), HTTP basic auth, the list body
``{"alerts": [...], "meta": {...}}`` with absolute next-page URLs on Twilio's own host
(https://monitor.twilio.com, which the check's client re-bases onto the stand-in),
newest alert first, and Twilio's error bodies (``{"code", "message", "more_info",
"status"}``). Used by tests/support/graph_account_standin.py, which routes /v1/Alerts here.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlencode

MONITOR_HOST = "https://monitor.twilio.com"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
_DAY = "%Y-%m-%d"
_MOMENT = "%Y-%m-%dT%H:%M:%SZ"


def twilio_error(status: int, code: int, message: str) -> Tuple[int, Dict[str, Any]]:
    """An error body as Twilio's REST APIs send it."""
    return status, {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


AUTHENTICATE = twilio_error(401, 20003, "Authenticate")


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(_MOMENT)


def alert(
    account_sid: str,
    number: int,
    error_code: int,
    at: datetime,
    log_level: str = "error",
    resource_sid: Optional[str] = None,
    text: Optional[str] = None,
) -> Dict[str, Any]:
    """One Alert resource as Monitor's list returns it (error_code is a string there)."""
    sid = f"NO{number:032x}"
    return {
        "account_sid": account_sid,
        "alert_text": text
        or (f"Msg=Message+failed&ErrorCode={error_code}&LogLevel=ERROR&sourceComponent=14100&httpResponse=200"),
        "api_version": "2010-04-01",
        "date_created": iso(at),
        "date_generated": iso(at),
        "date_updated": iso(at),
        "error_code": str(error_code),
        "log_level": log_level,
        "more_info": f"https://www.twilio.com/docs/errors/{error_code}",
        "request_method": "POST",
        "request_url": f"https://api.twilio.com/2010-04-01/Accounts/{account_sid}/Messages.json",
        "resource_sid": resource_sid or f"SM{number:032x}",
        "service_sid": None,
        "sid": sid,
        "url": f"{MONITOR_HOST}/v1/Alerts/{sid}",
    }


def _when(value: str, end: bool) -> Optional[datetime]:
    """StartDate/EndDate as Twilio reads them: a day (its start, or its end for EndDate) or a moment."""
    for fmt in (_MOMENT, _DAY):
        try:
            moment = datetime.strptime(value, fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
        if fmt == _DAY and end:
            moment += timedelta(days=1) - timedelta(seconds=1)
        return moment
    return None


def _int(value: Optional[str], default: int) -> Optional[int]:
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        return None


def monitor_answer(alerts: List[Dict[str, Any]], query: Dict[str, str]) -> Tuple[int, Dict[str, Any]]:
    """GET /v1/Alerts (credentials already checked): the page the query asks for."""
    level = query.get("LogLevel")
    if level is not None and level not in ("error", "warning", "notice", "debug"):
        return twilio_error(400, 20001, f"Invalid LogLevel: {level}")
    bounds: Dict[str, Optional[datetime]] = {}
    for name, end in (("StartDate", False), ("EndDate", True)):
        if name in query:
            bounds[name] = _when(query[name], end)
            if bounds[name] is None:
                return twilio_error(400, 20001, f"Invalid {name}: {query[name]}")
    size, page = _int(query.get("PageSize"), DEFAULT_PAGE_SIZE), _int(query.get("Page"), 0)
    if size is None or page is None or not 1 <= size <= MAX_PAGE_SIZE or page < 0:
        return twilio_error(400, 20001, "Invalid paging parameters")
    token = query.get("PageToken")
    offset = page * size
    if token is not None:
        if not token.startswith("PA") or _int(token[2:], -1) in (None, -1):
            return twilio_error(400, 20001, "Invalid PageToken")
        offset = int(token[2:])
    start, end = bounds.get("StartDate"), bounds.get("EndDate")
    chosen = []
    for a in alerts:
        at = datetime.strptime(a["date_created"], _MOMENT).replace(tzinfo=timezone.utc)
        if (level is None or a["log_level"] == level) and (start is None or at >= start) and (end is None or at <= end):
            chosen.append((at, a))
    chosen.sort(key=lambda pair: pair[0], reverse=True)  # newest first, as Twilio lists them
    rows = [a for _, a in chosen[offset : offset + size]]

    def url(page_number: int, page_token: Optional[str] = None) -> str:
        params = {k: query[k] for k in ("LogLevel", "StartDate", "EndDate") if k in query}
        params.update(PageSize=str(size), Page=str(page_number))
        if page_token:
            params["PageToken"] = page_token
        return f"{MONITOR_HOST}/v1/Alerts?{urlencode(params)}"

    more = offset + size < len(chosen)
    meta = {
        "first_page_url": url(0),
        "key": "alerts",
        "page": page,
        "page_size": size,
        "next_page_url": url(page + 1, f"PA{offset + size}") if more else None,
        "previous_page_url": url(page - 1, f"PA{max(0, offset - size)}") if page > 0 else None,
        "url": url(page, token),
    }
    return 200, {"alerts": rows, "meta": meta}
