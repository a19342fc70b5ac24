"""The failure report: what failed over a time range, why, and what to retry.

Why one model for three outputs: the report page, the offline reader's text and the
CSV must say the same thing; they render this. Cause titles and fixes come from the
wording catalogue (diagnosis.language.say: ``causes.<cause>.title`` and the first
line of ``causes.<cause>.fix``), so the report speaks the bot's language.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from diagnosis.campaign.retry import RETRY_RULES
from diagnosis.language import DEFAULT_LANG, LANGS, has, say, say_list

from failure_watch import queries
from failure_watch.events import ADVICE_OF_DECISION, ADVICES
from failure_watch.store import Store

ADVICE_GROUP = {"now": "now", "later": "later", "never": "never"}  # campaign.groups.<...>


@dataclass
class CauseLine:
    cause: str
    failures: int
    title: str
    fix: str
    advice: str


@dataclass
class Report:
    start: int
    end: int
    lang: str
    total: int
    bucket: int
    causes: List[CauseLine] = field(default_factory=list)
    series: List[Tuple[int, str, int]] = field(default_factory=list)  # (slot start, cause, n)
    account_events: List[Dict] = field(default_factory=list)
    retry_totals: Dict[str, Tuple[int, int]] = field(default_factory=dict)
    retry_rows: Dict[str, List[queries.RetryRow]] = field(default_factory=dict)
    campaigns: List[Tuple[int, str, str, int]] = field(default_factory=list)

    def title_of(self, cause: str) -> str:
        return cause_title(cause, self.lang)

    def advice_label(self, advice: str) -> str:
        return say(f"campaign.groups.{ADVICE_GROUP[advice]}", self.lang)


def cause_title(cause: str, lang: str = DEFAULT_LANG) -> str:
    key = f"causes.{cause}.title"
    return say(key, lang) if has(key) else cause


def cause_fix(cause: str, lang: str = DEFAULT_LANG) -> str:
    """The cause's fix in one line: the first step of its fix."""
    key = f"causes.{cause}.fix"
    if not has(key):
        return ""
    steps = say_list(key, lang)
    return " ".join(steps[0].split()) if steps else ""


def advice_of(cause: str) -> str:
    rule = RETRY_RULES[cause] if cause in RETRY_RULES else RETRY_RULES["unknown"]
    return ADVICE_OF_DECISION.get(rule["decision"], "later")


def build(
    store: Store,
    start: Optional[int] = None,
    end: Optional[int] = None,
    lang: str = DEFAULT_LANG,
    rows_per_advice: Optional[int] = 100,
    top: int = 10,
    fast: bool = False,
) -> Report:
    """The report over [start, end) (default: the last 7 days up to now).

    ``fast`` (the page): the retry tables list the latest failures rather than grouping
    every recipient, totals count failures only, and the day/campaign summary is left
    out, so the page stays quick with a million failures kept."""
    store.ensure_schema()
    end = int(end if end is not None else time.time() + 1)
    start = int(start if start is not None else end - 7 * queries.DAY)
    lang = lang if lang in LANGS else DEFAULT_LANG
    bucket = queries.HOUR if end - start <= 2 * queries.DAY else queries.DAY
    counts = queries.counts_by_cause(store, start, end)
    report = Report(start=start, end=end, lang=lang, total=sum(n for _, n in counts), bucket=bucket)
    report.causes = [
        CauseLine(cause, n, cause_title(cause, lang), cause_fix(cause, lang), advice_of(cause))
        for cause, n in counts[:top]
    ]
    report.series = queries.over_time(store, start, end, bucket)
    report.account_events = queries.recent_account_events(store, start, end)
    report.retry_totals = queries.retry_totals(store, start, end, people=not fast)
    if fast:
        report.retry_rows = {
            advice: queries.latest_by_advice(store, advice, start, end, rows_per_advice or 0) for advice in ADVICES
        }
    else:
        report.retry_rows = {
            advice: queries.retry_table(store, advice, start, end, rows_per_advice) for advice in ADVICES
        }
        report.campaigns = queries.campaign_summary(store, start, end)
    return report
