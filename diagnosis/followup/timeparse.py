"""Natural-language times in en/es/pt: "2 hours ago", "ayer a las 5pm", "na segunda".

Why: the 24-hour window and "stuck at sent" both depend on when something happened,
and users answer the way they talk. dateparser does the heavy lifting; this module
fixes what it gets wrong for our purpose (it reads "17h" as 17 hours ago, doesn't know
"el lunes", "na segunda" or Spanish number words, guesses a day for a bare "5") and
keeps track of how precise the answer is: "yesterday" is a whole day, not a moment.

Times are read in the zone the answer names ("5pm IST", "17:00 -03:00", "hora de
México": see zonefind.py), else in the user's time zone when known, else in UTC, and the
result says whether that was assumed. Relative answers ("2 hours ago") need no time zone.

The words an answer is read with are in timewords.py, the pieces read by hand around
dateparser in timeread.py, and saying a time or a duration back in timesay.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from diagnosis.language import DEFAULT_LANG, language_of, say

from ..text import MAX_ANSWER_CHARS, as_text, strip_accents
from .context import LANGUAGE, NOW, TIMEZONE, get
from .timeread import (
    clean,
    clock_core,
    hour_in_part_of_day,
    is_time_only,
    iso,
    iso_has_time,
    mentions_days,
    part_of_day,
    says_a_day,
    with_stated_clock,
)
from .timewords import (
    BARE_AMOUNT,
    CLOCK,
    LAST_WEEK,
    MORE_THAN,
    NEVER,
    RELATIVE,
    SMALL_UNITS,
    STATED_CLOCK,
    WEEKDAY,
    WEEKDAY_NUMBERS,
)
from .zonefind import find_zone
from .zones import UTC, Zone, tz_for_name

try:  # dateparser is a declared dependency; import lazily-safe for a clear error message
    import dateparser
    from dateparser.search import search_dates
except ImportError:  # pragma: no cover - the project pins it
    dateparser = None  # type: ignore
    search_dates = None  # type: ignore


@dataclass
class ParsedTime:
    """When something happened, as precisely as the user said it.

    earliest/latest bound the moment (equal when a clock time or a relative amount was
    given; a whole day for "yesterday"/"on Monday"); all aware, in UTC.
    tz_name is the zone to show times in (IANA name or "UTC+05:30"); when the answer
    named a zone, zone_said is what it said, zone_note how an ambiguous name was read and
    remember_tz the IANA name to keep as the user's zone (None when not worth keeping).
    example is how to say this answer with a time zone, in the answer's language.
    note_key is the wording key of a remark on how the time was read (time.note.*), or "";
    zone is the Zone the answer named (its reading_note(lang) says an ambiguous reading)."""

    earliest: dt.datetime
    latest: dt.datetime
    relative: bool
    assumed_timezone: bool
    tz_name: str
    note_key: str = ""
    zone_said: str = ""
    zone_note: str = ""
    remember_tz: Optional[str] = None
    example: str = ""
    zone: Optional[Zone] = None
    before_minutes: int = 0  # "more than 24 hours ago": the amount said; latest is only a bound

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest

    @property
    def when(self) -> dt.datetime:
        """Best single estimate (the middle of the range)."""
        return self.earliest + (self.latest - self.earliest) / 2


@dataclass
class TimeError:
    reason: str  # empty | too_long | never | future | unparsed | bare_number | zone_only
    when: Optional[dt.datetime] = None
    zone: Optional[Zone] = None  # the zone the answer named, if any


MORE_THAN_SPAN_DAYS = 30  # "more than 2 days ago": how far back it may be (WhatsApp's own retry span)


def resolve_now(context: Dict[str, Any]) -> dt.datetime:
    now = get(context, NOW)
    if isinstance(now, str):
        try:
            now = dt.datetime.fromisoformat(now.replace("Z", "+00:00"))
        except ValueError:
            now = None
    if not isinstance(now, dt.datetime):
        return dt.datetime.now(UTC)
    if now.tzinfo is None or now.tzinfo.utcoffset(now) is None:
        return now.replace(tzinfo=UTC)
    return now.astimezone(UTC)


def resolve_tz(context: Dict[str, Any]) -> Tuple[Any, Optional[str]]:
    """(tzinfo, name) of the user's zone; (UTC, None) when unknown or invalid."""
    name = get(context, TIMEZONE)
    if isinstance(name, str) and name.strip():
        tz = tz_for_name(name)
        if tz is not None:
            return tz, name.strip()
    return UTC, None


def read_time_answer(text: Any, context: Optional[Dict[str, Any]]) -> "Tuple[Dict[str, Any], dt.datetime, str, Any]":
    """What every time answer starts with: (context, now, zone shown, parse_time's result)."""
    context = context if isinstance(context, dict) else {}
    _, tz_name = resolve_tz(context)
    return context, resolve_now(context), tz_name or "UTC", parse_time(text, context)


def _dateparse(text: str, base_local: dt.datetime, languages) -> Optional[dt.datetime]:
    settings = {
        "RELATIVE_BASE": base_local,
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        result = dateparser.parse(text, languages=languages, settings=settings)
    except Exception:
        result = None
    if result is not None:
        return result
    # An answer inside a sentence: "they wrote to us 2 hours ago I think".
    try:
        found = search_dates(text, languages=languages, settings=settings) or []
    except Exception:
        found = []
    for fragment, value in found:
        # "may" or "march" alone in a sentence is a word, not a date.
        if re.search(r"\d", fragment) or re.search(
            r"yesterday|today|ayer|hoy|ontem|hoje|anteayer|anteontem|ago|hace|atras", fragment
        ):
            return value
    return None


def _languages(context: Dict[str, Any]):
    langs = ["en", "es", "pt"]
    hint = get(context, LANGUAGE)
    if isinstance(hint, str):
        code = hint.strip().lower()[:2]
        if code in langs:
            langs.remove(code)
            langs.insert(0, code)
    return langs


def parse_time(text: Any, context: Optional[Dict[str, Any]] = None, allow_never: bool = True):
    """ParsedTime, or TimeError with a reason. Never raises."""
    context = context if isinstance(context, dict) else {}
    raw = as_text(text)
    if not raw:
        return TimeError("empty")
    if len(raw) > MAX_ANSWER_CHARS:
        return TimeError("too_long")
    if NEVER.search(raw):
        return TimeError("never")
    now = resolve_now(context)
    tz, tz_name = resolve_tz(context)
    example = _example(raw, context)
    # a zone named in the answer wins over the one we know or assume
    zone, raw = find_zone(raw, now)
    if zone is not None:
        tz, tz_name = zone.tz, zone.name
        if not re.search(r"[^\W_]", raw):
            return TimeError("zone_only", zone=zone)
    if re.fullmatch(r"\s*\d{1,2}\s*", raw):
        return TimeError("bare_number", zone=zone)
    if dateparser is None:  # pragma: no cover
        return TimeError("unparsed")

    now_local = now.astimezone(tz)
    base = now_local.replace(tzinfo=None)
    languages = _languages(context)

    cleaned = clean(raw)
    if re.fullmatch(r"\d{1,2}", cleaned):
        return TimeError("bare_number", zone=zone)
    more_than = bool(MORE_THAN.search(cleaned))
    if more_than:  # "the api says >24h": the amount, back from now, is a bound
        amount = BARE_AMOUNT.search(MORE_THAN.split(cleaned, 1)[1])
        cleaned = amount.group(0) + " ago" if amount else MORE_THAN.sub(" ", cleaned)
    relative = bool(RELATIVE.search(cleaned)) or bool(BARE_AMOUNT.fullmatch(cleaned))
    cleaned, day_range, implicit_day = part_of_day(cleaned)
    cleaned = hour_in_part_of_day(cleaned, day_range)  # "this morning around 9": 9:00

    parsed = iso(raw)
    if parsed is None and not relative:
        weekday = _on_weekday(cleaned, now_local.date(), day_range)
        if isinstance(weekday, TimeError):
            weekday.zone = zone
            return weekday
        parsed = weekday
    if parsed is None and not relative and day_range is None and not says_a_day(raw):
        # no digit and no word for a day, a month or a time ago: "just one customer" is
        # not the 1st of the month
        return TimeError("unparsed", zone=zone)
    if parsed is None:
        parsed = _dateparse(clock_core(cleaned), base, languages)
        if parsed is not None and parsed.tzinfo is None:
            parsed = with_stated_clock(parsed, cleaned)
    if parsed is None:
        return TimeError("unparsed", zone=zone)

    explicit_tz = parsed.tzinfo is not None
    if parsed.tzinfo is not None:
        moment = parsed.astimezone(UTC)
        local_parsed = moment.astimezone(tz).replace(tzinfo=None)
    else:
        local_parsed = parsed
        moment = _localize(tz, parsed)

    has_clock = bool(CLOCK.search(cleaned)) or explicit_tz or iso_has_time(raw)
    small_units = relative and bool(SMALL_UNITS.search(cleaned))
    note_key = ""
    time_only = has_clock and is_time_only(cleaned)
    if moment > now + dt.timedelta(minutes=2) and not time_only:
        return TimeError("future", moment, zone)

    if day_range is not None and not has_clock:
        day = local_parsed.date()
        if (implicit_day or tz_name is None) and dt.datetime.combine(day, dt.time(day_range[0])) > base:
            # "in the evening", said at 8am: last evening. "hoy a la mañana" read in UTC (the
            # zone unknown) while it is not morning yet in UTC: the user's morning, already
            # past where they are, is nearest to UTC's last one (the zone is asked below)
            day -= dt.timedelta(days=1)
        earliest = _localize(tz, dt.datetime.combine(day, dt.time(day_range[0])))
        latest = _localize(tz, dt.datetime.combine(day, dt.time(0)) + dt.timedelta(hours=day_range[1]))
        latest = min(latest, now)
    elif has_clock or small_units or (relative and not mentions_days(cleaned)):
        earliest = latest = moment
        # a bare clock time later than now means the most recent one: yesterday
        if time_only and moment > now + dt.timedelta(minutes=2):
            earliest = latest = _localize(tz, local_parsed - dt.timedelta(days=1))
        if time_only and earliest.astimezone(tz).date() != now_local.date():
            note_key = "time.note.took_yesterday"
    else:
        # a whole day: "yesterday", "on Monday", "2026-11-20", "3 days ago"
        day = local_parsed.date()
        earliest = _localize(tz, dt.datetime.combine(day, dt.time(0)))
        latest = min(_localize(tz, dt.datetime.combine(day, dt.time(0)) + dt.timedelta(days=1)), now)
        if latest < earliest:
            latest = earliest

    before_minutes = 0
    if more_than:  # more than that long ago: at the latest then, maybe much earlier
        before_minutes = max(1, round((now - min(latest, moment)).total_seconds() / 60))
        latest = min(latest, moment) - dt.timedelta(minutes=1)
        earliest = latest - dt.timedelta(days=MORE_THAN_SPAN_DAYS)
    if earliest > now + dt.timedelta(minutes=2):
        return TimeError("future", earliest, zone)
    if latest > now:
        latest = now
    if earliest > latest:
        earliest = latest

    assumed = tz_name is None and not relative and not explicit_tz
    return ParsedTime(
        earliest=earliest,
        latest=latest,
        relative=relative,
        assumed_timezone=assumed,
        tz_name=tz_name or "UTC",
        note_key=note_key,
        zone_said=zone.said if zone else "",
        zone_note=zone.note if zone else "",
        remember_tz=zone.remember if zone else None,
        example=example,
        zone=zone,
        before_minutes=before_minutes,
    )


def _on_weekday(cleaned: str, today: dt.date, day_range: Optional[Tuple[int, int]]):
    """A naive local datetime for an answer that names a weekday ("monday 3pm",
    "lunes", "segunda as 15:00"): the most recent such day before today (a week ago when
    it is today's name), at the time stated or at noon when none is (the caller makes it a
    whole day or part of one). TimeError("future") for "next monday"; None when the answer
    names no weekday, or also names a date dateparser should read ("monday 16 nov")."""
    m = WEEKDAY.search(cleaned)
    if not m:
        return None
    weekday = WEEKDAY_NUMBERS[m.group("day")]
    rest = (cleaned[: m.start()] + " " + cleaned[m.end() :]).strip()
    last_week = LAST_WEEK.search(rest)
    if last_week:
        rest = (rest[: last_week.start()] + " " + rest[last_week.end() :]).strip()
    if m.group("next") or m.group("after"):
        ahead = (weekday - today.weekday()) % 7 or 7
        return TimeError("future", dt.datetime.combine(today + dt.timedelta(days=ahead), dt.time(12), tzinfo=UTC))
    clocks = [c for c in STATED_CLOCK.finditer(rest) if c.group(2) or c.group(3)]
    if len(clocks) > 1 or re.search(r"\d", STATED_CLOCK.sub(" ", rest) if clocks else rest):
        return None
    if last_week:
        day = today - dt.timedelta(days=today.weekday() + 7 - weekday)
    else:
        day = today - dt.timedelta(days=(today.weekday() - weekday) % 7 or 7)
    if not clocks:
        return dt.datetime.combine(day, dt.time(12))
    c = clocks[0]
    hour, minute, half = int(c.group(1)), int(c.group(2) or 0), (c.group(3) or "").lower()
    if hour > 23 or minute > 59 or (half and not 1 <= hour <= 12):
        return None
    if half:
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    elif hour < 12 and day_range is not None and day_range[0] >= 12:
        hour += 12  # "el lunes a las 3 por la tarde"
    return dt.datetime.combine(day, dt.time(hour, minute))


def _example(raw: str, context: Dict[str, Any]) -> str:
    """How to say a time with its zone: in the conversation's language when it is known,
    else in the language the answer is written in."""
    hint = get(context, LANGUAGE)
    if isinstance(hint, str) and hint.strip():
        return say("time.examples.zone", language_of(context))
    text = strip_accents(raw.lower())
    if re.search(
        r"\b(ontem|hoje|anteontem|as \d|manha|semana passada|horas atras|"
        r"segunda|terca|quarta|quinta|sexta)\b|\bha \d",
        text,
    ):
        return say("time.examples.zone", "pt")
    if re.search(r"\b(ayer|hoy|anteayer|anoche|hace|a las|lunes|martes|miercoles|jueves|viernes)\b", text):
        return say("time.examples.zone", "es")
    return say("time.examples.zone", DEFAULT_LANG)


def _localize(tz: Any, naive: dt.datetime) -> dt.datetime:
    """A naive local time in tz, as aware UTC.

    A wall time a DST change repeats (01:30 when clocks go back) or skips (02:30 when
    they go forward) is read in standard time: the repeated one is its second
    occurrence, the skipped one is read with the offset before the change."""
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    repeated = second.utcoffset() < first.utcoffset()  # in a gap, fold=1 has the larger offset
    local = second if repeated else first
    return local.astimezone(UTC)
