"""The 24-hour customer service window: is it open, for how long, or since when closed.

A business can send any message (free-form text, media, interactive) within 24 hours
of the customer's last message to it. Outside that window only an approved template
goes through (error 131047 "Re-engagement message" otherwise); the window opens again
for 24 hours whenever the customer writes.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional

from .result import Answer, not_understood
from .textnorm import duration
from .timeparse import (ParsedTime, TimeError, describe_moment, format_local, read_time_answer,
                        tz_assumption_sentence)

WINDOW = dt.timedelta(hours=24)

EXAMPLES = '"2 hours ago", "yesterday at 5pm", "on Monday", "2026-11-20 14:00" or "never"'

TEMPLATE_ADVICE = ("Free-form messages fail now (error 131047). Send an approved template message instead; "
                   "when the customer replies, the window opens again for 24 hours.")


def _minutes(delta: dt.timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))


def reask_for_time(error: TimeError, tz_name: str, what: str, examples: str) -> str:
    if error.zone is not None:
        tz_name = error.zone.name
    if error.reason == "future" and error.when is not None:
        return (f"That would be {format_local(error.when, tz_name)}, which hasn't happened yet. "
                f"{what} For example {examples}.")
    if error.reason == "zone_only" and error.zone is not None:
        return (f"That's a time zone ({error.zone.name}), but I also need the time. {what} "
                f'Say the time with the zone, like "yesterday at 5pm {error.zone.said}".')
    if error.reason == "bare_number":
        return f"A number alone is hard to place: did you mean hours ago, or a time of day? {what} For example {examples}."
    return f"Sorry, I couldn't work out the time. {what} For example {examples}."


def answer_last_customer_message(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    context, now, shown_tz, parsed = read_time_answer(text, context)

    if isinstance(parsed, TimeError):
        if parsed.reason == "never":
            value = {"last_message_at": None, "never": True, "window_open": False,
                     "minutes_left": None, "closed_minutes_ago": None, "assumed_timezone": False,
                     "timezone": shown_tz}
            finding = ("If the customer has never written to you, there's no open customer service window: "
                       "only an approved template message can reach them. Once they reply, you can send "
                       "free-form messages for 24 hours after their last message.")
            return Answer(ok=True, value=value, finding=finding, extra={"window_open": False})
        return not_understood(reask_for_time(parsed, shown_tz, "When did the customer last write to you?",
                                             EXAMPLES), **zone_extra(parsed))
    return _window(parsed, now)


def zone_extra(parsed: Any) -> Dict[str, Any]:
    """{"user_timezone": <IANA name>} when the answer named a zone worth remembering."""
    zone = getattr(parsed, "zone", None)
    name = zone.remember if zone is not None else getattr(parsed, "remember_tz", None)
    return {"user_timezone": name} if name else {}


def _window(p: ParsedTime, now: dt.datetime) -> Answer:
    tz = p.tz_name
    closes_earliest = p.earliest + WINDOW
    closes_latest = p.latest + WINDOW
    value: Dict[str, Any] = {
        "last_message_at": p.earliest.isoformat(),
        "last_message_latest": None if p.exact else p.latest.isoformat(),
        "never": False,
        "window_open": None,
        "minutes_left": None,
        "closed_minutes_ago": None,
        "assumed_timezone": p.assumed_timezone,
        "timezone": tz,
    }
    extra: Dict[str, Any] = {}
    sentences: List[str] = []
    when_text = describe_moment(p)
    if p.note:
        sentences.append(p.note)

    if closes_earliest > now:
        # open for sure; with a range, at least until the earliest possible closing
        left = _minutes(closes_earliest - now)
        value.update(window_open=True, minutes_left=left, window_closes_at=closes_earliest.isoformat())
        at_least = "" if p.exact else "at least "
        sentences.append(
            f"Their last message was {when_text}, so the 24-hour customer service window is still open: "
            f"{at_least}{duration(left)} left, until {format_local(closes_earliest, tz)}. "
            "Until then you can send any message (text, media, buttons); after that, only an approved template.")
    elif closes_latest <= now:
        ago = _minutes(now - closes_latest)
        value.update(window_open=False, closed_minutes_ago=ago, window_closed_at=closes_latest.isoformat())
        if p.exact:
            sentences.append(
                f"Their last message was {when_text}, so the 24-hour customer service window closed "
                f"{duration(ago)} ago, at {format_local(closes_latest, tz)}.")
        else:
            sentences.append(
                f"Their last message was {when_text}, so the 24-hour customer service window closed "
                f"at least {duration(ago)} ago (by {format_local(closes_latest, tz)}).")
        sentences.append(TEMPLATE_ADVICE)
    else:
        cutoff = now - WINDOW
        value.update(window_open=None, open_if_after=cutoff.isoformat())
        extra["needs_time"] = True
        sentences.append(
            f"Their last message was {when_text}. It depends on the time: the window is still open only if their last message came after "
            f"{format_local(cutoff, tz)}; if it was earlier, it has closed and you need an approved "
            "template. Do you know what time they wrote?")
    tz_note = tz_assumption_sentence(p)
    if tz_note:
        sentences.append(tz_note)
    extra["window_open"] = value["window_open"]
    extra.update(zone_extra(p))
    return Answer(ok=True, value=value, finding=" ".join(sentences), extra=extra)
