"""The chat's answers from the failure watch: "what failed today?", "why did my message
to +55 11 98765-4321 fail?", "how did yesterday's campaign go?", and the line a diagnosis
opens with when the store already saw that recipient or that code.

Why a module of its own: the actions only translate between Rasa and this (what the
user wrote, the language, the time zone in, a text out); which period a question means,
which number it is about, and how the counts are said are plain Python over the
store's queries (failure_watch.queries), tested without Rasa. Every sentence is in the
wording catalogue (diagnosis/knowledge_base/wording/<lang>/watch.yaml).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple

from diagnosis.language import DEFAULT_LANG, say
from diagnosis.text import strip_accents

from failure_watch import queries
from failure_watch.report import cause_title
from failure_watch.store import Store
from privacy.masking import mask_id

DAY = 86400
TOP_CAUSES = 3
RECENT_DAYS = 7  # "seen before": failures of the last week

# Which period a question is about (folded text). Checked in this order; today otherwise.
_PERIODS: Sequence[Tuple[str, "re.Pattern[str]"]] = (
    ("yesterday", re.compile(r"\b(yesterday|ayer|ontem)\b")),
    (
        "week",
        re.compile(
            r"\b(this week|last week|past week|last 7 days|esta semana|la semana|"
            r"ultimos 7 dias|ultima semana|essa semana|nesta semana|semana passada)\b"
        ),
    ),
)
# A phone number as people write it: +55 11 98765-4321, (11) 98765-4321, 5511987654321.
_PHONE = re.compile(r"\+?\d[\d\s().-]{7,20}\d")


@dataclass(frozen=True)
class Period:
    key: str  # today / yesterday / week
    start: int
    end: int


def period_of(text: str, now: dt.datetime) -> Period:
    """The period the question names, in the user's day (``now`` carries their zone)."""
    folded = strip_accents((text or "").lower())
    key = next((k for k, pattern in _PERIODS if pattern.search(folded)), "today")
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if key == "yesterday":
        start, end = midnight - dt.timedelta(days=1), midnight
    elif key == "week":
        start, end = midnight - dt.timedelta(days=6), now
    else:
        start, end = midnight, now
    return Period(key, int(start.timestamp()), int(end.timestamp()) + 1)


def recipient_in(text: str) -> Optional[str]:
    """The digits of the first phone number written in the text (8 to 15 digits)."""
    for match in _PHONE.finditer(text or ""):
        digits = re.sub(r"\D", "", match.group(0))
        if 8 <= len(digits) <= 15:
            return digits
    return None


def _failures_to(store: Store, recipient: str, since: int) -> List[dict]:
    """The number's failures; asked without its country code, those of the number it ends."""
    return queries.failures_for(store, recipient, since, limit=200) or queries.failures_ending(store, recipient, since)


def _clock(at: int, tz: dt.tzinfo) -> str:
    return dt.datetime.fromtimestamp(at, tz).strftime("%H:%M")


def _day_clock(at: int, tz: dt.tzinfo) -> str:
    return dt.datetime.fromtimestamp(at, tz).strftime("%d/%m %H:%M")


def _causes_line(counts: Iterable[Tuple[str, int]], lang: str) -> List[str]:
    return [say("watch.cause_line", lang, count=n, cause=cause_title(cause, lang)) for cause, n in counts]


def recipient_answer(store: Store, recipient: str, lang: str, now: dt.datetime) -> str:
    """Why messages to one number failed, from what the store saw (the last week)."""
    since = int(now.timestamp()) - RECENT_DAYS * DAY
    rows = _failures_to(store, recipient, since)
    if not rows:
        return say("watch.recipient_none", lang, number=mask_id(recipient), days=RECENT_DAYS)
    latest = rows[0]
    lines = [
        say(
            "watch.recipient_head",
            lang,
            count=len(rows),
            number=mask_id(recipient),
            since=_day_clock(rows[-1]["at"], now.tzinfo),
        )
    ]
    lines.append(
        say(
            "watch.recipient_latest",
            lang,
            when=_day_clock(latest["at"], now.tzinfo),
            code=latest["code"] or "-",
            cause=cause_title(latest["cause"], lang),
        )
    )
    lines.append(say(f"watch.advice.{latest['advice']}", lang))
    return "\n".join(lines)


def period_answer(store: Store, period: Period, lang: str, now: dt.datetime) -> str:
    """What failed in a period: how many, the top causes, and what to retry."""
    counts = queries.counts_by_cause(store, period.start, period.end)
    total = sum(n for _, n in counts)
    when = say(f"watch.period.{period.key}", lang)
    if total == 0:
        return say("watch.none", lang, period=when)
    lines = [say("watch.head", lang, count=total, period=when, causes=len(counts))]
    lines += _causes_line(counts[:TOP_CAUSES], lang)
    if len(counts) > TOP_CAUSES:
        lines.append(say("watch.more_causes", lang, count=len(counts) - TOP_CAUSES))
    totals = queries.retry_totals(store, period.start, period.end)
    plan = [say(f"watch.plan.{advice}", lang, count=n, people=people) for advice, (n, people) in totals.items() if n]
    if plan:
        lines.append(say("watch.plan_head", lang))
        lines += plan
    lines.append(say("watch.report_link", lang))
    return "\n".join(lines)


def failures_answer(store: Optional[Store], text: str, lang: Optional[str], now: dt.datetime) -> str:
    """The answer to a question about failures the bot watched."""
    lang = lang or DEFAULT_LANG
    if store is None or queries.total(store, 0, 2**62) == 0:
        # no status webhook has brought a failure yet: likely not connected at all
        return say("watch.not_watching", lang)
    recipient = recipient_in(text)
    if recipient:
        return recipient_answer(store, recipient, lang, now)
    return period_answer(store, period_of(text, now), lang, now)


def seen_before(
    store: Optional[Store], recipient: Optional[str], codes: Sequence[str], lang: Optional[str], now: dt.datetime
) -> Optional[str]:
    """ "I see 3 failures to that number since 09:00, all 131047": what the store already
    saw about the recipient (or else the code) a diagnosis is about, in the last week."""
    if store is None or not (recipient or codes):
        return None
    lang = lang or DEFAULT_LANG
    since = int(now.timestamp()) - RECENT_DAYS * DAY
    if recipient:
        rows = _failures_to(store, recipient, since)
        if rows:
            seen = sorted({r["code"] for r in rows if r["code"]})
            key = "watch.seen_number_one_code" if len(seen) == 1 else "watch.seen_number"
            return say(
                key,
                lang,
                count=len(rows),
                since=_day_clock(rows[-1]["at"], now.tzinfo),
                code=seen[0] if seen else "",
                codes=", ".join(seen),
            )
    for code in codes:
        n = queries.count_code(store, code, since)
        if n:
            return say("watch.seen_code", lang, count=n, code=code, days=RECENT_DAYS)
    return None
