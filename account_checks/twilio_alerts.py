"""Recent error alerts from Twilio's Monitor API, grouped by error code.

Why: a Twilio user asking "what went wrong today?" or "check my account" wants what
their Twilio account's error log (Console, Monitor, Errors) says: which errors, how
often, when last. Twilio keeps it, so the bot reads it instead of asking; the actions
then name each code's cause with the diagnosis (as for a message looked up by SID).

Request, as Twilio documents it (Monitor API, "Alert resource"): GET
https://monitor.twilio.com/v1/Alerts?LogLevel=error&StartDate=...&EndDate=...&PageSize=...
with HTTP basic auth (account SID, auth token); dates in GMT as YYYY-MM-DDThh:mm:ssZ,
at most 30 days back. The answer is ``{"alerts": [{"sid" (NO...), "error_code",
"log_level", "alert_text", "date_created", "resource_sid", "more_info", ...}], "meta":
{"key": "alerts", "page", "page_size", "next_page_url", ...}}``; a next page is fetched
from ``meta.next_page_url`` (Twilio's own absolute URL, with a PageToken). Made with the
``twilio`` package (``client.monitor.v1.alerts.page(...)``, then ``next_page()``) rather
than ``list()``, so that at most ``MAX_ALERTS`` are read, the reply can say "at least"
when more remain, and a next page is only followed to the configured Monitor host.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional

from account_checks.deadline import Deadline
from account_checks.outcome import NOT_CONFIGURED, CheckResult
from account_checks.settings import DEFAULT_TWILIO_MONITOR_BASE, AccountSettings
from account_checks.twilio_client import failure, twilio_client

CHECK = "twilio_alerts"
LOG_LEVEL = "error"
PAGE_SIZE = 200
MAX_ALERTS = 600  # three pages at most, within the 5 s the user waits
MAX_SIDS = 3  # resources (message SIDs) kept per error code
HISTORY = timedelta(days=30)  # Monitor keeps alerts this long


@dataclass
class AlertGroup:
    """The alerts of one error code."""

    code: Optional[int]
    count: int = 0
    first: Optional[datetime] = None
    last: Optional[datetime] = None
    resource_sids: List[str] = field(default_factory=list)

    def add(self, at: Optional[datetime], resource_sid: Optional[str]) -> None:
        self.count += 1
        if at is not None:
            self.first = at if self.first is None or at < self.first else self.first
            self.last = at if self.last is None or at > self.last else self.last
        if resource_sid and resource_sid not in self.resource_sids and len(self.resource_sids) < MAX_SIDS:
            self.resource_sids.append(resource_sid)


@dataclass
class TwilioAlertsReport:
    """What Monitor said for a period: alerts grouped by code, most frequent first."""

    since: datetime
    until: datetime
    groups: List[AlertGroup] = field(default_factory=list)
    complete: bool = True  # False: more alerts than were read (the counts are "at least")

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)

    @property
    def codes(self) -> List[int]:
        return [g.code for g in self.groups if g.code is not None]


def _code(value: Any) -> Optional[int]:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def group_alerts(alerts: List[Any]) -> List[AlertGroup]:
    """Alerts (SDK instances or anything with error_code, date_created, resource_sid) by
    code, the most frequent first, then the latest."""
    groups: Dict[Optional[int], AlertGroup] = {}
    for alert in alerts:
        code = _code(getattr(alert, "error_code", None))
        at = getattr(alert, "date_created", None)
        group = groups.setdefault(code, AlertGroup(code))
        group.add(_utc(at) if isinstance(at, datetime) else None, getattr(alert, "resource_sid", None))
    never = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(groups.values(), key=lambda g: (-g.count, -(g.last or never).timestamp()))


def _followable(url: Optional[str], settings: AccountSettings) -> bool:
    """A next page is fetched only from Twilio's Monitor host or the configured one."""
    return bool(url) and any(
        url.startswith(base.rstrip("/") + "/") for base in (DEFAULT_TWILIO_MONITOR_BASE, settings.twilio_monitor_base)
    )


def check_twilio_alerts(
    settings: AccountSettings,
    since: datetime,
    until: Optional[datetime] = None,
    deadline: Optional[Deadline] = None,
    max_alerts: int = MAX_ALERTS,
) -> CheckResult:
    """The account's error alerts from ``since`` to ``until`` (now), grouped; never raises.

    A page that fails after the first one ends the reading: what was read is reported,
    marked incomplete."""
    if not settings.can_check_twilio:
        return CheckResult.failed(CHECK, NOT_CONFIGURED)
    now = datetime.now(timezone.utc)
    until = min(_utc(until), now) if until is not None else now
    since = max(_utc(since), now - HISTORY)
    if since >= until:
        return CheckResult(CHECK, True, TwilioAlertsReport(since=since, until=until))
    deadline = deadline or Deadline()
    read: List[Any] = []
    complete = True
    try:
        page = twilio_client(settings, deadline).monitor.v1.alerts.page(
            log_level=LOG_LEVEL, start_date=since, end_date=until, page_size=min(PAGE_SIZE, max_alerts)
        )
    except Exception as exc:  # timeout, refused: a safe reason, never the exception's text
        return failure(CHECK, exc)
    try:
        while page is not None:
            for alert in page:
                if (getattr(alert, "log_level", None) or LOG_LEVEL) == LOG_LEVEL:
                    read.append(alert)
            if len(read) >= max_alerts:
                complete = page.next_page_url is None
                break
            url = page.next_page_url
            if not url:
                break
            if not _followable(url, settings):
                complete = False
                break
            page = page.next_page()
    except Exception as exc:
        if not read:
            return failure(CHECK, exc)
        complete = False  # a later page failed: what was read still says something
    return CheckResult(
        CHECK,
        True,
        TwilioAlertsReport(since=since, until=until, groups=group_alerts(read[:max_alerts]), complete=complete),
    )
