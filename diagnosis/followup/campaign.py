"""Which failed campaign recipients are worth "Retry Failed", when, and which never.

Data-driven: RETRY_RULES below is the one place that says, per cause ID, what a retry
of the same message does. Decisions use the vocabulary of the cause knowledge
(diagnosis/kb.py RETRY_WHEN): now, after_wait, after_fix, never.

    from diagnosis.followup.campaign import retry_advice
    advice = retry_advice({"rate_limit": 120, "marketing_opt_out": 25, "messaging_limit": 300})
    advice.now, advice.later, advice.never   # lists of RetryItem
    advice.summary                           # plain text for the chat
    advice.to_dict()                         # JSON-ready
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

DECISIONS = ("now", "after_wait", "after_fix", "never")

# cause -> decision, hours to wait (after_wait), label, when (plain words), why
RETRY_RULES: Dict[str, Dict[str, Any]] = {
    "rate_limit": {
        "decision": "now", "wait_hours": 0, "label": "sent too fast",
        "when": ("now, at a slower pace: under 80 messages per second per number and about 6 seconds "
                 "between messages to the same customer"),
        "why": "the messages were fine, they just went out faster than WhatsApp accepts",
    },
    "meta_outage": {
        "decision": "after_wait", "wait_hours": 1, "label": "a temporary error at Meta",
        "when": "once Meta's status page shows the platform healthy again, usually within hours",
        "why": "the failure was on Meta's side, not in your messages",
    },
    "messaging_limit": {
        "decision": "after_wait", "wait_hours": 24, "label": "messaging limit reached",
        "when": ("after the moving 24-hour window: slots free up 24 hours after the first messages "
                 "of the campaign went out; send in smaller batches or raise your limit"),
        "why": "the daily limit of customers you can start conversations with was used up",
    },
    "ecosystem_limit": {
        "decision": "after_wait", "wait_hours": 24, "label": "Meta's per-customer marketing limit",
        "when": ("not for at least a day, and better in a later campaign than in this one's retry: "
                 "each customer gets only so many marketing messages"),
        "why": "Meta held these back to keep marketing to each person in check (131049)",
    },
    "outside_service_window": {
        "decision": "after_fix", "wait_hours": None, "label": "outside the 24-hour window",
        "when": "only as an approved template message; a free-form retry fails again (131047)",
        "why": "free-form messages only go to customers who wrote in the last 24 hours",
    },
    "invalid_phone_format": {
        "decision": "after_fix", "wait_hours": None, "label": "badly formatted numbers",
        "when": "after fixing the numbers: country code + number, digits only",
        "why": "the numbers as sent can't be read",
    },
    "template_not_approved": {
        "decision": "after_fix", "wait_hours": None, "label": "template not approved or not found",
        "when": "once the template is approved and the name and language code match exactly",
        "why": "the template can't be used as sent",
    },
    "template_paused_or_disabled": {
        "decision": "after_fix", "wait_hours": None, "label": "template paused or disabled",
        "when": ("a paused template after the pause ends (3 h the first time, 6 h the second) and you've "
                 "improved it; a disabled one never, use a new template"),
        "why": "customers reacted badly to the template",
    },
    "template_parameter_mismatch": {
        "decision": "after_fix", "wait_hours": None, "label": "template variables wrong",
        "when": "after fixing the variables you send",
        "why": "the same variables fail the same way",
    },
    "media_too_large": {
        "decision": "after_fix", "wait_hours": None, "label": "media too large",
        "when": "after making the file fit WhatsApp's size limit",
        "why": "the same file fails the same way",
    },
    "media_error": {
        "decision": "after_fix", "wait_hours": None, "label": "media couldn't be fetched",
        "when": "after fixing the media link or type",
        "why": "the same media fails the same way",
    },
    "invalid_request": {
        "decision": "after_fix", "wait_hours": None, "label": "invalid request",
        "when": "after fixing the request",
        "why": "the same request fails the same way",
    },
    "auth_failed": {
        "decision": "after_fix", "wait_hours": None, "label": "account disconnected (token)",
        "when": "as soon as the token or permissions are fixed: then all of them can go",
        "why": "nothing could be sent without a valid token",
    },
    "payment_issue": {
        "decision": "after_fix", "wait_hours": None, "label": "billing problem",
        "when": "after the payment method or balance is fixed",
        "why": "paid messages are refused until billing is in order",
    },
    "account_restricted": {
        "decision": "after_fix", "wait_hours": None, "label": "account restricted",
        "when": "only after the restriction is lifted",
        "why": "the account can't send while restricted",
    },
    "number_not_registered": {
        "decision": "after_fix", "wait_hours": None, "label": "business number not registered",
        "when": "after the business number is registered again",
        "why": "the number can't send until it's registered",
    },
    "spam_rate_limit": {
        "decision": "after_fix", "wait_hours": None, "label": "limited for low quality",
        "when": ("only after your quality rating has recovered, and not the same campaign: it's what "
                 "people reported"),
        "why": "too many customers blocked or reported your messages (131048)",
    },
    "undeliverable": {
        "decision": "after_fix", "wait_hours": None, "label": "undeliverable",
        "when": ("not as they are: an immediate retry fails the same way; only after the customer "
                 "updates WhatsApp or confirms the number"),
        "why": "WhatsApp couldn't deliver to these customers (131026)",
    },
    "marketing_opt_out": {
        "decision": "never", "wait_hours": None, "label": "opted out of marketing",
        "when": "never with marketing: they asked to stop; utility messages still reach them",
        "why": "these customers stopped marketing messages from you (131050)",
    },
    "marketing_experiment": {
        "decision": "never", "wait_hours": None, "label": "in Meta's marketing experiment",
        "when": "never with marketing: Meta holds them back on purpose; reach them with utility messages or when they write",
        "why": "these customers are in Meta's marketing-message experiment (130472)",
    },
    "not_on_whatsapp": {
        "decision": "never", "wait_hours": None, "label": "not on WhatsApp",
        "when": "never as they are: remove them, or correct the numbers if they were wrong",
        "why": "these numbers have no WhatsApp account",
    },
    "blocked_by_recipient": {
        "decision": "never", "wait_hours": None, "label": "blocked you",
        "when": "never: respect it and take them off your list",
        "why": "these customers blocked your number",
    },
    "pending_delivery": {
        "decision": "never", "wait_hours": None, "label": "still pending (one tick)",
        "when": ("don't resend: WhatsApp keeps trying for up to 30 days and a resend arrives twice; only "
                 "resend what's still undelivered after 30 days"),
        "why": "these aren't failed, just not delivered yet",
    },
    "unknown": {
        "decision": "after_fix", "wait_hours": None, "label": "unclear cause",
        "when": "after finding out why they failed: paste one of their errors",
        "why": "without the cause a retry is a guess",
    },
}


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
        if not self.items:
            return "There are no failed recipients to look at."
        parts: List[str] = []
        for title, decisions in (("Retry now", ("now",)), ("Retry later", ("after_wait", "after_fix")),
                                 ("Don't retry", ("never",))):
            group = self._with(*decisions)
            if not group:
                continue
            lines = []
            for i in group:
                who = f"{i.count:,} {i.label}" if i.count is not None else i.label.capitalize()
                line = f"{who}: {i.when}"
                if i.retry_after:
                    line += f" (not before {_show(i.retry_after)})"
                lines.append(line)
            known = [i.count for i in group if i.count is not None]
            total = f" ({sum(known):,})" if known and len(known) == len(group) else ""
            parts.append(f"{title}{total}: " + "; ".join(lines) + ".")
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


def _show(iso: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone(dt.timezone.utc)
    except ValueError:
        return iso
    return f"{moment.strftime('%a')} {moment.day} {moment.strftime('%b')}, {moment.strftime('%H:%M')} UTC"


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
                 sent_at: Optional[dt.datetime] = None) -> RetryAdvice:
    """Group failed recipients by what a retry of the same message would do.

    cause_ids_with_counts: {"rate_limit": 120, ...}, [("rate_limit", 120), ...] or
    [{"cause": "rate_limit", "count": 120}, ...]; a count of None means "some" (the advice
    is given without a number); unknown causes count as "unknown". Never raises on bad
    input: entries it can't read are left out.
    now / sent_at (aware datetimes, optional): with them, waits get a retry_after time,
    counted from when the campaign was sent when known, else from now."""
    items: List[RetryItem] = []
    start = sent_at or now
    order = {d: i for i, d in enumerate(DECISIONS)}
    for cause, count in _pairs(cause_ids_with_counts):
        rule = RETRY_RULES[cause]
        retry_after = None
        if rule["decision"] == "after_wait" and start is not None and rule["wait_hours"]:
            moment = start + dt.timedelta(hours=rule["wait_hours"])
            retry_after = moment.isoformat()
        items.append(RetryItem(cause=cause, count=count, decision=rule["decision"], when=rule["when"],
                               why=rule["why"], label=rule["label"], wait_hours=rule["wait_hours"],
                               retry_after=retry_after))
    items.sort(key=lambda i: (order[i.decision], -(i.count or 0), i.cause))
    return RetryAdvice(items)
