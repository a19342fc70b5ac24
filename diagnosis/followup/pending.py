"""Stuck at "sent" (one tick): what the time since sending says.

WhatsApp keeps a message it couldn't deliver yet (the phone is off, without data or the
app isn't opened) and retries for up to 30 days; after that it's dropped. A resend
while it's pending risks a duplicate.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Tuple

from diagnosis.language import language_of, say

from .result import Answer, not_understood
from .service_window import reask_for_time, zone_extra
from .timeparse import TimeError, read_time_answer
from .timesay import format_local, say_duration, say_examples, tz_assumption_sentence

RETRY_DAYS = 30

# (upper bound in minutes, stage); the first band the time falls in wins. What each stage
# means is time.pending.stage.<stage> in the wording.
STAGES: Tuple[Tuple[Optional[int], str], ...] = (
    (5, "just_sent"),
    (60, "minutes"),
    (RETRY_DAYS * 1440, "hours_days"),
    (None, "expired"),
)


def answer_time_since_sent(text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    context, now, shown_tz, parsed = read_time_answer(text, context)
    lang = language_of(context)
    examples = say_examples("sent", lang)
    if isinstance(parsed, TimeError):
        if parsed.reason == "never":
            return not_understood(say("time.reask.sent_never", lang, examples=examples))
        return not_understood(
            reask_for_time(parsed, shown_tz, say("time.ask.sent", lang), examples, lang), **zone_extra(parsed)
        )

    elapsed = now - parsed.when
    minutes = max(0, int(elapsed.total_seconds() // 60))
    stage = STAGES[-1][1]
    for upper, name in STAGES:
        if upper is None or minutes < upper:
            stage = name
            break
    sentences: List[str] = []
    if parsed.note_key:
        sentences.append(say(parsed.note_key, lang))
    sentences.append(
        say(
            "time.pending.sent" if parsed.exact else "time.pending.sent_about",
            lang,
            ago=say_duration(minutes, lang),
            moment=format_local(parsed.when, parsed.tz_name, lang),
        )
    )
    sentences.append(say(f"time.pending.stage.{stage}", lang))
    if stage == "hours_days":
        gives_up = parsed.when + dt.timedelta(days=RETRY_DAYS)
        sentences.append(say("time.pending.gives_up", lang, moment=format_local(gives_up, parsed.tz_name, lang)))
    tz_note = tz_assumption_sentence(parsed, lang)
    if tz_note:
        sentences.append(tz_note)
    value = {
        "sent_at": parsed.when.isoformat(),
        "minutes_since_sent": minutes,
        "stage": stage,
        "will_retry": stage != "expired",
        "assumed_timezone": parsed.assumed_timezone,
        "timezone": parsed.tz_name,
    }
    return Answer(ok=True, value=value, finding=" ".join(sentences), extra=zone_extra(parsed))
