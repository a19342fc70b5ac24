"""Which failed campaign recipients are worth "Retry Failed", when, and which never.

Data-driven: what a retry of the same message does, per cause ID, is the cause
knowledge's ``retry:`` (the one source; RETRY_RULES below reads it). Decisions use its
vocabulary (diagnosis/causes.py RETRY_WHEN): now, after_wait, after_fix, never.

    from diagnosis.campaign import retry_advice
    advice = retry_advice({"rate_limit": 120, "marketing_opt_out": 25, "messaging_limit": 300})
    advice.now, advice.later, advice.never   # lists of RetryItem
    advice.summary                           # plain text for the chat
    retry_advice({...}, lang="es").summary   # the same in Spanish (en, es, pt)
    advice.to_dict()                         # JSON-ready
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from babel.dates import format_datetime

from ..followup.countries import NUMBER_LOCALES, show_number
from ..language import say

DECISIONS = ("now", "after_wait", "after_fix", "never")


class _Rule(dict):
    """A rule's decision and wait; its English label, when and why are read from the
    wording when asked for (rule["when"]), so importing this module reads no files."""

    def __missing__(self, key: str) -> str:
        if key in _WORDS:
            return say(f"campaign.rules.{self['cause']}.{key}", "en")
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self or key in _WORDS else default


_WORDS = ("label", "when", "why")


class _Rules(Mapping[str, Dict[str, Any]]):
    """cause -> its rule: the decision and wait of the cause knowledge's ``retry:`` (the
    one source, diagnosis/knowledge_base/causes/<id>.yaml), read on first use. Its label,
    when (plain words) and why are wording, per language: wording/<lang>/campaign.yaml.
    ``unknown`` (no cause placed): fix first, as for any unexplained failure."""

    def __init__(self) -> None:
        self._rules: Optional[Dict[str, Dict[str, Any]]] = None

    def _load(self) -> Dict[str, Dict[str, Any]]:
        if self._rules is None:
            from .. import knowledge

            kb = knowledge()
            rules = {}
            for cause_id in kb.causes():
                retry = kb.get(cause_id).retry
                wait = retry.wait_hours if retry.when == "after_wait" else None
                rules[cause_id] = _Rule(cause=cause_id, decision=retry.when, wait_hours=wait)
            rules.setdefault("unknown", _Rule(cause="unknown", decision="after_fix", wait_hours=None))
            self._rules = rules
        return self._rules

    def __getitem__(self, cause: str) -> Dict[str, Any]:
        return self._load()[cause]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


RETRY_RULES: Mapping[str, Dict[str, Any]] = _Rules()


def rule_words(cause: str, lang: Optional[str] = "en") -> Dict[str, str]:
    """A rule's label, when and why in `lang` (wording: campaign.rules.<cause>)."""
    return {what: say(f"campaign.rules.{cause}.{what}", lang) for what in _WORDS}


@dataclass(frozen=True)
class RetryItem:
    cause: str
    count: Optional[int]  # None when the caller didn't say how many
    decision: str
    when: str
    why: str
    label: str
    wait_hours: Optional[int] = None
    retry_after: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        return {
            "cause": self.cause,
            "count": self.count,
            "decision": self.decision,
            "when": self.when,
            "why": self.why,
            "label": self.label,
            "wait_hours": self.wait_hours,
            "retry_after": self.retry_after,
        }


@dataclass
class RetryAdvice:
    items: List[RetryItem] = field(default_factory=list)
    lang: str = "en"

    def _with(self, *decisions: str) -> List[RetryItem]:
        return [i for i in self.items if i.decision in decisions]

    @property
    def now(self) -> List[RetryItem]:
        return self._with("now")

    @property
    def later(self) -> List[RetryItem]:
        """After a wait or after a fix."""
        return self._with("after_wait", "after_fix")

    @property
    def after_wait(self) -> List[RetryItem]:
        return self._with("after_wait")

    @property
    def after_fix(self) -> List[RetryItem]:
        return self._with("after_fix")

    @property
    def never(self) -> List[RetryItem]:
        return self._with("never")

    def count(self, *decisions: str) -> int:
        return sum(i.count or 0 for i in self._with(*decisions))

    def __str__(self) -> str:
        return self.summary

    @property
    def summary(self) -> str:
        lang = self.lang
        if not self.items:
            return say("campaign.none", lang)
        parts: List[str] = []
        for group_id, decisions in (("now", ("now",)), ("later", ("after_wait", "after_fix")), ("never", ("never",))):
            group = self._with(*decisions)
            if not group:
                continue
            lines = []
            for i in group:
                if i.count is not None:
                    who = say("campaign.counted", lang, count=show_number(f"{i.count:,}", lang), label=i.label)
                else:
                    who = i.label[:1].upper() + i.label[1:]
                if i.retry_after:
                    lines.append(
                        say("campaign.line_not_before", lang, who=who, when=i.when, moment=_show(i.retry_after, lang))
                    )
                else:
                    lines.append(say("campaign.line", lang, who=who, when=i.when))
            title = say(f"campaign.groups.{group_id}", lang)
            known = [i.count for i in group if i.count is not None]
            if known and len(known) == len(group):
                parts.append(
                    say(
                        "campaign.group_total",
                        lang,
                        title=title,
                        total=show_number(f"{sum(known):,}", lang),
                        lines="; ".join(lines),
                    )
                )
            else:
                parts.append(say("campaign.group", lang, title=title, lines="; ".join(lines)))
        return "\n".join(parts)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "now": [i.to_dict() for i in self.now],
            "later": [i.to_dict() for i in self.later],
            "never": [i.to_dict() for i in self.never],
            "totals": {
                "now": self.count("now"),
                "later": self.count("after_wait", "after_fix"),
                "never": self.count("never"),
            },
            "summary": self.summary,
        }


def _show(iso: str, lang: Optional[str] = "en") -> str:
    """'Sun 22 Nov, 15:00 UTC' / 'dom 22 nov, 15:00 UTC' / 'dom. 22 nov., 15:00 UTC'."""
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone(dt.timezone.utc)
    except ValueError:
        return iso
    shown = format_datetime(
        moment, "EEE d MMM, HH:mm", tzinfo=dt.timezone.utc, locale=NUMBER_LOCALES.get(lang or "en", "en_US")
    )
    return say("campaign.moment", lang, moment=shown)


CountsInput = Union[Mapping[str, Any], Iterable[Any]]


def _pairs(data: CountsInput) -> List[Tuple[str, Optional[int]]]:
    if data is None:
        return []
    if isinstance(data, Mapping):
        raw = list(data.items())
    else:
        raw = []
        for entry in data:
            if isinstance(entry, Mapping):
                raw.append((entry.get("cause"), entry.get("count", 1)))
            elif isinstance(entry, (tuple, list)) and len(entry) == 2:
                raw.append((entry[0], entry[1]))
            elif isinstance(entry, str):
                raw.append((entry, 1))
    totals: Dict[str, Optional[int]] = {}
    for cause, count in raw:
        cause = str(cause).strip() if cause is not None else "unknown"
        key = cause if cause in RETRY_RULES else "unknown"
        if count is None:  # "how many" unknown: still say what to do with them
            totals.setdefault(key, None)
            continue
        try:
            n = int(count)
        except (TypeError, ValueError, OverflowError):
            continue
        if n <= 0:
            continue
        totals[key] = (totals.get(key) or 0) + n
    return list(totals.items())


def retry_advice(
    cause_ids_with_counts: CountsInput,
    now: Optional[dt.datetime] = None,
    sent_at: Optional[dt.datetime] = None,
    lang: str = "en",
) -> RetryAdvice:
    """Group failed recipients by what a retry of the same message would do.

    cause_ids_with_counts: {"rate_limit": 120, ...}, [("rate_limit", 120), ...] or
    [{"cause": "rate_limit", "count": 120}, ...]; a count of None means "some" (the advice
    is given without a number); unknown causes count as "unknown". Never raises on bad
    input: entries it can't read are left out.
    now / sent_at (aware datetimes, optional): with them, waits get a retry_after time,
    counted from when the campaign was sent when known, else from now.
    lang (en, es, pt): the language of the items' label/when/why and of the summary."""
    items: List[RetryItem] = []
    start = sent_at or now
    order = {d: i for i, d in enumerate(DECISIONS)}
    for cause, count in _pairs(cause_ids_with_counts):
        rule = RETRY_RULES[cause]
        retry_after = None
        if rule["decision"] == "after_wait" and start is not None and rule["wait_hours"]:
            moment = start + dt.timedelta(hours=rule["wait_hours"])
            retry_after = moment.isoformat()
        words = rule_words(cause, lang)
        items.append(
            RetryItem(
                cause=cause,
                count=count,
                decision=rule["decision"],
                when=words["when"],
                why=words["why"],
                label=words["label"],
                wait_hours=rule["wait_hours"],
                retry_after=retry_after,
            )
        )
    items.sort(key=lambda i: (order[i.decision], -(i.count or 0), i.cause))
    return RetryAdvice(items, lang=lang)
