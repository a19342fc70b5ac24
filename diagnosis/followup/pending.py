"""Stuck at "sent" (one tick): what the time since sending says.

WhatsApp keeps a message it couldn't deliver yet (the phone is off, without data or the
app isn't opened) and retries for up to 30 days; after that it's dropped. A resend
while it's pending risks a duplicate.
"""

from __future__ import annotations

import datetime as dt
import re
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


# "stuck on one grey tick since 9 this morning", "fica só um tique faz umas 3h", "desde ayer
# tipo 4", "sent it to him yesterday 5pm": when the stuck message went out, said in the report.
_SENT_WHEN = re.compile(
    r"\b(?:since|desde|faz|hace|ha|há|sent|mande|mandé|envie|envié|enviei|mandei|enviamos|mandamos)\b"
    r"(?P<rest>(?:[ \t]+[^\s.,;:!?()]+){1,12})"
)
_SENT_CLAUSE_END = re.compile(r"\s(?:and|but|so|y|pero|e|mas|porem|no|nao|que|then|still|sigue|ainda)\s")
# Where a time starts among the words after the verb: a day word, a clock time or an amount.
_TIME_START = re.compile(
    r"^(?:yesterday|today|this|last|ayer|hoy|anteayer|antier|ontem|hoje|anteontem|\d{1,2}(?::\d{2})?(?:am|pm|h|hs)?|"
    r"umas?|unos?|unas|about|around|like|como|tipo|cerca|las|as|às|at|a)$"
)
# "faz 3h", "hace 3 horas": the word itself says "ago"
_AGO_WORDS = ("faz", "hace", "ha", "há")


def said_sent_time(text: Any, context: Optional[Dict[str, Any]] = None) -> Optional[Answer]:
    """When the report itself says the message was sent ("one grey tick since 9 this morning"),
    or None when it does not say it in a way the time reader understands.

    Why: asking "when did you send it?" after "since 9 this morning" reads as not listening."""
    low = (text if isinstance(text, str) else "").lower()[:2000]
    for match in _SENT_WHEN.finditer(low):
        rest = " " + match.group("rest").strip() + " "
        end = _SENT_CLAUSE_END.search(rest)
        words = (rest[: end.start()] if end else rest).split()
        lead = match.group(0).split()[0]
        for start in range(len(words)):
            if not _TIME_START.match(words[start]):
                continue
            when = " ".join(words[start : start + 6])
            read = answer_time_since_sent(f"{lead} {when}" if lead in _AGO_WORDS else when, context)
            if read.ok:
                return read
    return None
