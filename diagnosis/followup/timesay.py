"""Saying times and durations in a language: "Fri 20 Nov, 14:00 UTC", "1 h 15 min",
"on Mon 16 Nov between 18:00 and 24:00 UTC", the time-zone note, the example answers.

Why: reading an answer (timeparse.py) and saying a time back are two ideas; the
wording itself is in the catalogue (time.format.*, time.duration.*, time.names.*).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Dict, Optional

from diagnosis.language import DEFAULT_LANG, say, say_list

from .zones import UTC, offset_label, tz_for_name, zone_name_in

if TYPE_CHECKING:
    from .timeparse import ParsedTime


def _calendar_words(local: dt.datetime, lang: Optional[str]) -> Dict[str, str]:
    """{weekday} {day} {month} of a date, as the wording of `lang` names them
    (time.names.weekdays, Monday first, and time.names.months)."""
    return {
        "weekday": say_list("time.names.weekdays", lang)[local.weekday()],
        "day": str(local.day),
        "month": say_list("time.names.months", lang)[local.month - 1],
    }


def format_local(moment: dt.datetime, tz_name: str, lang: Optional[str] = DEFAULT_LANG) -> str:
    """'Fri 20 Nov, 14:00 UTC' in the user's zone (or 'UTC+05:30' for an offset), worded
    as time.format.moment says in `lang`."""
    tz = tz_for_name(tz_name)
    if tz is None:
        tz, tz_name = UTC, "UTC"
    local = moment.astimezone(tz)
    return say(
        "time.format.moment",
        lang,
        clock=local.strftime("%H:%M"),
        zone=_zone_label(local, tz_name, lang),
        **_calendar_words(local, lang),
    )


def _zone_label(local: dt.datetime, tz_name: str, lang: Optional[str] = DEFAULT_LANG) -> str:
    """The zone as shown after a time: 'IST', 'CET', 'UTC', 'UTC+05:30', or the zone's
    name in `lang` where it has no abbreviation ('Horário de Brasília', not '-03' nor
    'America/Sao_Paulo')."""
    if tz_name == "UTC":
        return "UTC"
    zone = local.tzname() or ""
    if tz_name.startswith(("UTC", "GMT", "Etc/")) or not zone:
        offset = local.utcoffset()
        return offset_label(int(offset.total_seconds() // 60)) if offset is not None else tz_name
    if re.fullmatch(r"[+-]\d+", zone):
        return zone_name_in(tz_name, lang)
    return zone


def describe_moment(parsed: "ParsedTime", lang: Optional[str] = DEFAULT_LANG) -> str:
    """'at Fri 20 Nov, 17:00 UTC', 'on Mon 16 Nov', 'on Fri 20 Nov between 18:00 and 24:00 UTC'
    or 'more than 24 h ago'."""
    if parsed.before_minutes:
        return say("time.format.more_than_ago", lang, amount=say_duration(parsed.before_minutes, lang))
    if parsed.exact:
        return say("time.format.at_moment", lang, moment=format_local(parsed.earliest, parsed.tz_name, lang))
    tz = tz_for_name(parsed.tz_name) or UTC
    start = parsed.earliest.astimezone(tz)
    end = parsed.latest.astimezone(tz)
    date = say("time.format.date", lang, **_calendar_words(start, lang))
    if start.hour == 0 and start.minute == 0 and (end - start) >= dt.timedelta(hours=23):
        return say("time.format.on_day", lang, date=date)
    end_text = "24:00" if end.date() != start.date() and end.hour == 0 and end.minute == 0 else end.strftime("%H:%M")
    return say(
        "time.format.in_range",
        lang,
        date=date,
        start=start.strftime("%H:%M"),
        end=end_text,
        zone=_zone_label(start, parsed.tz_name if tz_for_name(parsed.tz_name) else "UTC", lang),
    )


def tz_assumption_sentence(parsed: "ParsedTime", lang: Optional[str] = DEFAULT_LANG) -> str:
    """What to say about the time zone: the UTC assumption and how to give a zone, or
    which reading an ambiguous zone name got ("I read IST as India Standard Time")."""
    if parsed.assumed_timezone:
        example = parsed.example or say("time.examples.zone", lang)
        return say("time.note.assumed_utc", lang, example=example)
    if parsed.zone is not None:
        return parsed.zone.reading_note(lang)
    return parsed.zone_note


def say_duration(minutes: int, lang: Optional[str] = DEFAULT_LANG) -> str:
    """Minutes in words, in `lang`: 75 -> '1 h 15 min', 3000 -> '2 days 2 h'."""
    minutes = max(0, int(minutes))
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    hours_text = say("time.duration.hours", lang, n=hours)
    if days:
        days_text = say("time.duration.day", lang) if days == 1 else say("time.duration.days", lang, n=days)
        return say("time.duration.days_hours", lang, days=days_text, hours=hours_text) if hours else days_text
    if hours:
        return (
            say(
                "time.duration.hours_minutes",
                lang,
                hours=hours_text,
                minutes=say("time.duration.minutes", lang, n=mins),
            )
            if mins
            else hours_text
        )
    return say("time.duration.minutes", lang, n=mins)


def say_examples(which: str, lang: Optional[str] = DEFAULT_LANG) -> str:
    """The example answers time.examples.<which>, quoted: '"2 hours ago", "on Monday" or "never"'."""
    quoted = [f'"{example}"' for example in say_list(f"time.examples.{which}", lang)]
    if len(quoted) < 2:
        return "".join(quoted)
    return say("time.list_or", lang, items=", ".join(quoted[:-1]), last=quoted[-1])
