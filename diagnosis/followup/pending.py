"""Stuck at "sent" (one tick): what the time since sending says.

WhatsApp keeps a message it couldn't deliver yet (the phone is off, without data or the
app isn't opened) and retries for up to 30 days; after that it's dropped. A resend
while it's pending risks a duplicate.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Tuple

from .result import Answer, not_understood
from .service_window import reask_for_time, zone_extra
from .textnorm import duration
from .timeparse import TimeError, format_local, read_time_answer, tz_assumption_sentence

EXAMPLES = '"10 minutes ago", "3 hours ago", "yesterday at 9am" or "2026-11-20 14:00"'
RETRY_DAYS = 30

# (upper bound in minutes, stage, what it means); the first band the time falls in wins
STAGES: Tuple[Tuple[Optional[int], str, str], ...] = (
    (5, "just_sent",
     "That's very recent: delivery can take a moment, especially to a phone on a weak connection. "
     "Wait a few minutes before doing anything."),
    (60, "minutes",
     "That's a while, but still normal for a phone that's briefly offline. Give it more time; it will show "
     "as delivered (two ticks) when the phone connects. Don't resend: it would arrive twice."),
    (RETRY_DAYS * 1440, "hours_days",
     "The customer's phone is probably off, without data, or WhatsApp hasn't been opened. WhatsApp keeps "
     "trying to deliver for up to 30 days, so don't resend (it would arrive twice): it shows as delivered "
     "when their phone connects. If it's urgent, reach them another way."),
    (None, "expired",
     "After 30 days WhatsApp stops trying: this message won't be delivered. Send it again (outside a "
     "24-hour window that means an approved template) and check the number is still on WhatsApp."),
)


def answer_time_since_sent(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    context, now, shown_tz, parsed = read_time_answer(text, context)
    if isinstance(parsed, TimeError):
        if parsed.reason == "never":
            return not_understood(f"I need to know when the message was sent. For example {EXAMPLES}.")
        return not_understood(reask_for_time(parsed, shown_tz, "When did you send it?", EXAMPLES),
                              **zone_extra(parsed))

    elapsed = now - parsed.when
    minutes = max(0, int(elapsed.total_seconds() // 60))
    stage, meaning = STAGES[-1][1], STAGES[-1][2]
    for upper, name, text_ in STAGES:
        if upper is None or minutes < upper:
            stage, meaning = name, text_
            break
    approx = "" if parsed.exact else "about "
    sentences: List[str] = []
    if parsed.note:
        sentences.append(parsed.note)
    sentences.append(f"It was sent {approx}{duration(minutes)} ago ({format_local(parsed.when, parsed.tz_name)}).")
    sentences.append(meaning)
    if stage == "hours_days":
        gives_up = parsed.when + dt.timedelta(days=RETRY_DAYS)
        sentences.append(f"WhatsApp gives up around {format_local(gives_up, parsed.tz_name)}.")
    tz_note = tz_assumption_sentence(parsed)
    if tz_note:
        sentences.append(tz_note)
    value = {"sent_at": parsed.when.isoformat(), "minutes_since_sent": minutes, "stage": stage,
             "will_retry": stage != "expired", "assumed_timezone": parsed.assumed_timezone,
             "timezone": parsed.tz_name}
    return Answer(ok=True, value=value, finding=" ".join(sentences), extra=zone_extra(parsed))
