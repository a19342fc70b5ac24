"""Which failed campaign recipients are worth "Retry Failed", when, and which never.

Data-driven: RETRY_RULES below is the one place that says, per cause ID, what a retry
of the same message does. Decisions use the vocabulary of the cause knowledge
(diagnosis/kb.py RETRY_WHEN): now, after_wait, after_fix, never.

    from diagnosis.followup.campaign import retry_advice
    advice = retry_advice({"rate_limit": 120, "marketing_opt_out": 25, "messaging_limit": 300})
    advice.now, advice.later, advice.never   # lists of RetryItem
    advice.summary                           # plain text for the chat
    retry_advice({...}, lang="es").summary   # the same in Spanish (en, es, pt)
    advice.to_dict()                         # JSON-ready
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from babel.dates import format_datetime

from ..language import say
from .countries import NUMBER_LOCALES, show_number

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

# cause -> decision, hours to wait (after_wait); its label, when (plain words) and why
# are wording, per language: diagnosis/knowledge/wording/<lang>/campaign.yaml.
RETRY_RULES: Dict[str, Dict[str, Any]] = {
    "rate_limit": _Rule(cause="rate_limit", decision="now", wait_hours=0),
    "meta_outage": _Rule(cause="meta_outage", decision="after_wait", wait_hours=1),
    "messaging_limit": _Rule(cause="messaging_limit", decision="after_wait", wait_hours=24),
    "ecosystem_limit": _Rule(cause="ecosystem_limit", decision="after_wait", wait_hours=24),
    "outside_service_window": _Rule(cause="outside_service_window", decision="after_fix", wait_hours=None),
    "invalid_phone_format": _Rule(cause="invalid_phone_format", decision="after_fix", wait_hours=None),
    "template_not_approved": _Rule(cause="template_not_approved", decision="after_fix", wait_hours=None),
    "template_paused_or_disabled": _Rule(cause="template_paused_or_disabled", decision="after_fix", wait_hours=None),
    "template_parameter_mismatch": _Rule(cause="template_parameter_mismatch", decision="after_fix", wait_hours=None),
    "media_too_large": _Rule(cause="media_too_large", decision="after_fix", wait_hours=None),
    "media_error": _Rule(cause="media_error", decision="after_fix", wait_hours=None),
    "invalid_request": _Rule(cause="invalid_request", decision="after_fix", wait_hours=None),
    "auth_failed": _Rule(cause="auth_failed", decision="after_fix", wait_hours=None),
    "payment_issue": _Rule(cause="payment_issue", decision="after_fix", wait_hours=None),
    "account_restricted": _Rule(cause="account_restricted", decision="after_fix", wait_hours=None),
    "number_not_registered": _Rule(cause="number_not_registered", decision="after_fix", wait_hours=None),
    "test_number_not_allowed": _Rule(cause="test_number_not_allowed", decision="after_fix", wait_hours=None),
    "spam_rate_limit": _Rule(cause="spam_rate_limit", decision="after_fix", wait_hours=None),
    "undeliverable": _Rule(cause="undeliverable", decision="after_fix", wait_hours=None),
    "marketing_opt_out": _Rule(cause="marketing_opt_out", decision="never", wait_hours=None),
    "marketing_experiment": _Rule(cause="marketing_experiment", decision="never", wait_hours=None),
    "not_on_whatsapp": _Rule(cause="not_on_whatsapp", decision="never", wait_hours=None),
    "blocked_by_recipient": _Rule(cause="blocked_by_recipient", decision="never", wait_hours=None),
    "business_blocked_user": _Rule(cause="business_blocked_user", decision="after_fix", wait_hours=None),
    "pending_delivery": _Rule(cause="pending_delivery", decision="never", wait_hours=None),
    "unknown": _Rule(cause="unknown", decision="after_fix", wait_hours=None),
}


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
        return {"cause": self.cause, "count": self.count, "decision": self.decision, "when": self.when,
                "why": self.why, "label": self.label, "wait_hours": self.wait_hours,
                "retry_after": self.retry_after}


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
        for group_id, decisions in (("now", ("now",)), ("later", ("after_wait", "after_fix")),
                                    ("never", ("never",))):
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
                    lines.append(say("campaign.line_not_before", lang, who=who, when=i.when,
                                     moment=_show(i.retry_after, lang)))
                else:
                    lines.append(say("campaign.line", lang, who=who, when=i.when))
            title = say(f"campaign.groups.{group_id}", lang)
            known = [i.count for i in group if i.count is not None]
            if known and len(known) == len(group):
                parts.append(say("campaign.group_total", lang, title=title,
                                 total=show_number(f"{sum(known):,}", lang), lines="; ".join(lines)))
            else:
                parts.append(say("campaign.group", lang, title=title, lines="; ".join(lines)))
        return "\n".join(parts)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "now": [i.to_dict() for i in self.now],
            "later": [i.to_dict() for i in self.later],
            "never": [i.to_dict() for i in self.never],
            "totals": {"now": self.count("now"), "later": self.count("after_wait", "after_fix"),
                       "never": self.count("never")},
            "summary": self.summary,
        }


def _show(iso: str, lang: Optional[str] = "en") -> str:
    """'Sun 22 Nov, 15:00 UTC' / 'dom 22 nov, 15:00 UTC' / 'dom. 22 nov., 15:00 UTC'."""
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone(dt.timezone.utc)
    except ValueError:
        return iso
    shown = format_datetime(moment, "EEE d MMM, HH:mm", tzinfo=dt.timezone.utc,
                            locale=NUMBER_LOCALES.get(lang or "en", "en_US"))
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


def retry_advice(cause_ids_with_counts: CountsInput, now: Optional[dt.datetime] = None,
                 sent_at: Optional[dt.datetime] = None, lang: str = "en") -> RetryAdvice:
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
        items.append(RetryItem(cause=cause, count=count, decision=rule["decision"], when=words["when"],
                               why=words["why"], label=words["label"], wait_hours=rule["wait_hours"],
                               retry_after=retry_after))
    items.sort(key=lambda i: (order[i.decision], -(i.count or 0), i.cause))
    return RetryAdvice(items, lang=lang)
