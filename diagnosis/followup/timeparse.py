"""Natural-language times in en/es/pt: "2 hours ago", "ayer a las 5pm", "na segunda".

Why: the 24-hour window and "stuck at sent" both depend on when something happened,
and users answer the way they talk. dateparser does the heavy lifting; this module
fixes what it gets wrong for our purpose (it reads "17h" as 17 hours ago, doesn't know
"el lunes", "na segunda" or Spanish number words, guesses a day for a bare "5") and
keeps track of how precise the answer is: "yesterday" is a whole day, not a moment.

Times are read in the zone the answer names ("5pm IST", "17:00 -03:00", "hora de
México": see zones.py), else in the user's time zone when known, else in UTC, and the
result says whether that was assumed. Relative answers ("2 hours ago") need no time zone.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

import pytz

from diagnosis.language import DEFAULT_LANG, language_of, say, say_list

from ..text import MAX_ANSWER_CHARS, as_text, strip_accents
from .zones import Zone, find_zone, offset_label, tz_for_name

try:  # dateparser is a declared dependency; import lazily-safe for a clear error message
    import dateparser
    from dateparser.search import search_dates
except ImportError:  # pragma: no cover - the project pins it
    dateparser = None  # type: ignore
    search_dates = None  # type: ignore

UTC = pytz.utc

NEVER_PATTERNS = [
    r"\bnever\b", r"\bnunca\b", r"\bjam[aá]s\b", r"\bjamais\b",
    r"\b(?:has|have|had|did)\s*n[o']?t\s+(?:ever\s+)?(?:written|wrote|write|messaged|replied|contacted)",
    r"\bnot\s+(?:once|yet)\b", r"\bno\s+(?:nos\s+|me\s+)?(?:ha|han)\s+escrito\b",
    r"\bno\s+(?:nos\s+|me\s+)?escribi[oó]\b", r"\btodav[ií]a\s+no\b", r"\bain?da\s+n[aã]o\b",
    r"\bn[aã]o\s+(?:nos\s+|me\s+)?(?:escreveu|mandou|respondeu)\b",
]
_NEVER = re.compile("|".join(NEVER_PATTERNS), re.IGNORECASE)

# Words that make an answer relative to now: no time zone needed.
_RELATIVE = re.compile(
    r"\b(ago|hace|h[aá]|atr[aá]s|faz|just now|right now|ahora mismo|agora mesmo|agorinha)\b"
    r"|\b(in the last|hace un rato|h[aá] pouco)\b",
    re.IGNORECASE)

# A clock time in the text (the answer is precise to the minute).
_CLOCK = re.compile(
    r"(?<!\d)\d{1,2}:\d{2}\b|\b\d{1,2}\s*(?:am|pm|a\.\s?m\.?|p\.\s?m\.?)(?![a-z])",
    re.IGNORECASE)
# Relative amounts in minutes/hours (also minute precision).
_SMALL_UNITS = re.compile(
    r"\b(?:\d+|an?|one|un|una|um|uma)\s*(?:min(?:ute)?s?|minutos?|h|hs|hrs?|hours?|horas?|seg(?:undos?)?|s(?:ec(?:ond)?s?)?)\b",
    re.IGNORECASE)
# "2 hours", "5 min", "3 days" without "ago": an amount of time back from now.
_BARE_AMOUNT = re.compile(
    r"(?:\d+(?:[.,]\d+)?|an?|one)\s*(?:min(?:ute)?s?|minutos?|h|hs|hrs?|hours?|horas?|d|days?|dias?|"
    r"weeks?|semanas?)", re.IGNORECASE)

_NUMBER_WORDS = {
    # es
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15,
    "veinte": 20, "treinta": 30, "cuarenta": 40,
    # pt
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "quatro": 4, "sete": 7, "oito": 8,
    "nove": 9, "dez": 10, "onze": 11, "doze": 12, "quinze": 15, "vinte": 20, "trinta": 30,
    "quarenta": 40,
    # en
    "a couple of": 2, "couple of": 2, "a few": 3, "few": 3,
}
_UNIT_WORDS = (r"(?:minutos?|min|horas?|hrs?|dias?|días?|semanas?|meses|mes|mês|"
               r"minutes?|hours?|days?|weeks?)")

# Parts of the day, on the cleaned (lower-case, accent-free) text: (regex, the day it
# implies or None for "the day the rest of the answer names", start hour, end hour).
# "mañana" alone is tomorrow in Spanish: only "la mañana"/"esta mañana" is a morning.
_AFTER_DAY = r"(?:(?<=ayer )|(?<=hoy )|(?<=ontem )|(?<=hoje )|(?<=yesterday ))"
_PARTS_OF_DAY: Tuple[Tuple[str, Optional[str], int, int], ...] = (
    (r"\b(?:last night|anoche|antenoche)\b", "yesterday", 18, 24),
    (r"\b(?:tonight)\b", "today", 18, 24),
    (r"\b(?:early (?:in the )?morning|(?:de|en la|por la|a la|na|pela|esta|nesta) madrugada)\b", None, 0, 6),
    (r"\b(?:(?:in|during) the morning|this morning|morning|(?:(?:por|en|de|a) )?la manana|esta manana"
     r"|(?:de|pela|na|nesta|esta|a) manha|" + _AFTER_DAY + r"manha)\b", None, 6, 12),
    (r"\b(?:(?:in|during) the afternoon|this afternoon|afternoon|(?:(?:por|en|de|a) )?la tarde|esta tarde"
     r"|(?:de|pela|na|nesta|a) tarde|" + _AFTER_DAY + r"tarde)\b", None, 12, 18),
    (r"\b(?:(?:in|during) the (?:evening|night)|this evening|at night|evening|night|(?:(?:por|en|de|a) )?la noche"
     r"|esta noche|de noche|(?:de|pela|na|nesta|esta|a) noite|" + _AFTER_DAY + r"(?:noche|noite))\b",
     None, 18, 24),
)
# What may stay next to a part of the day and still mean today: "this morning", "hoy por la tarde".
_TODAY_ONLY = re.compile(r"^(?:today|this|hoy|hoje|esta|este|nesta)?$")

# A weekday: the most recent past one ("on Monday", "el lunes pasado", "na segunda").
_WEEKDAY_NUMBERS = {
    "monday": 0, "mon": 0, "lunes": 0, "segunda": 0,
    "tuesday": 1, "tue": 1, "tues": 1, "martes": 1, "terca": 1,
    "wednesday": 2, "wed": 2, "miercoles": 2, "quarta": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "jueves": 3, "quinta": 3,
    "friday": 4, "fri": 4, "viernes": 4, "sexta": 4,
    "saturday": 5, "sabado": 5,
    "sunday": 6, "domingo": 6,
}
_WEEKDAY = re.compile(
    r"\b(?:(?P<next>next|coming|proximo|proxima)\s+)?(?P<day>"
    + "|".join(sorted(_WEEKDAY_NUMBERS, key=len, reverse=True))
    + r")(?:[- ]?feira)?\b(?:\s+(?P<after>que vem|que viene|proximo|proxima))?")
_LAST_WEEK = re.compile(r"\b(?:(?:of\s+)?last week|(?:de\s+)?la semana pasada|(?:da\s+)?semana passada)\b")

# Words around an answer that say nothing about the time: "they wrote us on Monday",
# "el cliente me escribió ayer", "ele mandou tipo 3 horas atrás".
_FILLER = re.compile(
    r"\b(?:(?:the|our|my|el|la|mi|nuestro|o|a|meu|nosso) (?:customer|client|cliente|user|usuario)"
    r"|last message|the message|el mensaje|a mensagem|ultimo mensaje|ultima mensagem"
    r"|customer|client|cliente|they|he|she|we|us|me|them|him|her|it|to us|to me"
    r"|wrote|written|write|writes|messaged|texted|sent|replied|answered|contacted|was|were|did|so"
    r"|nos|les|escribio|escribieron|mando|mandaron|envio|enviaron|envie|respondio|respondieron"
    r"|since|everyone|everybody|contesto|contestaron|fue|pues|tipo|ahi"
    r"|ele|ela|eles|elas|escreveu|escreveram|mandou|mandaram|enviou|enviaram|enviei|respondeu"
    r"|responderam|foi|ai|ne)\b")


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
    zone: Optional[Zone] = None   # the zone the answer named, if any


def resolve_now(context: Dict[str, Any]) -> dt.datetime:
    now = context.get("now") if isinstance(context, dict) else None
    if isinstance(now, str):
        try:
            now = dt.datetime.fromisoformat(now.replace("Z", "+00:00"))
        except ValueError:
            now = None
    if not isinstance(now, dt.datetime):
        return dt.datetime.now(UTC)
    if now.tzinfo is None or now.tzinfo.utcoffset(now) is None:
        return UTC.localize(now)
    return now.astimezone(UTC)


def resolve_tz(context: Dict[str, Any]) -> Tuple[Any, Optional[str]]:
    """(tzinfo, name) of the user's zone; (UTC, None) when unknown or invalid."""
    name = context.get("timezone") if isinstance(context, dict) else None
    if isinstance(name, str) and name.strip():
        tz = tz_for_name(name)
        if tz is not None:
            return tz, name.strip()
    return UTC, None


def read_time_answer(
    text: Any, context: Optional[Dict[str, Any]]
) -> "Tuple[Dict[str, Any], dt.datetime, str, Any]":
    """What every time answer starts with: (context, now, zone shown, parse_time's result)."""
    context = context if isinstance(context, dict) else {}
    _, tz_name = resolve_tz(context)
    return context, resolve_now(context), tz_name or "UTC", parse_time(text, context)


def _clean(text: str) -> str:
    """Rewrite what dateparser misreads into what it reads well."""
    t = " " + text.lower().strip() + " "
    t = t.replace("\u00e0s", "as").replace("\u00e1s", "as")  # "às" / "ás" -> "as"
    t = re.sub(r"\bantier\b", "anteayer", t)
    t = re.sub(r"\bantes de ontem\b", "anteontem", t)
    # noon / midnight
    t = re.sub(r"\b(?:at\s+)?noon\b|\b(?:al\s+|a\s+)?mediod[ií]a\b|\b(?:ao\s+|ao\s+o\s+)?meio[- ]dia\b",
               " 12:00 ", t)
    t = re.sub(r"\b(?:at\s+)?midnight\b|\b(?:a\s+la\s+)?medianoche\b|\b(?:a\s+)?meia[- ]noite\b", " 00:00 ", t)
    relative = bool(_RELATIVE.search(t))
    # "6 de la tarde", "6 da tarde", "6 in the evening", "9 de la mañana": am/pm in words
    t = re.sub(r"\b(\d{1,2})(?:[:h](\d{2}))?\s*h?\s+(?:de la|de|da|in the|at)\s+"
               r"(tarde|noche|noite|afternoon|evening|night|ma[nñ]ana|manh[aã]|morning|madrugada)\b",
               _half_day, t)
    # "17h", "17h30", "17 hs", "a las 17 horas": a clock time unless the answer is relative
    if not relative:
        t = re.sub(r"\b([01]?\d|2[0-3])\s*h(?:s|rs)?\s*([0-5]\d)?\b(?!\w)", _clock_h, t)
        t = re.sub(r"\b(a las|a la|as|at)\s+([01]?\d|2[0-3])\s+(?:horas|hrs|hours|o'?clock)\b",
                   lambda m: f" {m.group(1)} {int(m.group(2)):02d}:00 ", t)
        # "a las 9", "as 9", "at 9" -> with minutes, or dateparser ignores the hour
        t = re.sub(r"\b(a las|a la|as|at)\s+([01]?\d|2[0-3])(?![\d:]|\s*(?:am|pm|a\.|p\.))",
                   lambda m: f" {m.group(1)} {int(m.group(2)):02d}:00", t)
    # number words before a unit: "hace dos horas", "há duas horas"
    t = strip_accents(t)
    t = re.sub(r"\b(?:half an hour|a half hour|media hora|meia hora)\b", "30 minutes", t)
    t = re.sub(r"\b(?:a quarter of an hour|quarter of an hour|un cuarto de hora|um quarto de hora)\b",
               "15 minutes", t)
    t = re.sub(r"\b(?:un par de|um par de|a couple(?: of)?|couple of)\s+", "2 ", t)
    def _num(m: "re.Match[str]") -> str:
        word = m.group(1)
        n = _NUMBER_WORDS.get(word)
        return f"{n} {m.group(2)}" if n else m.group(0)
    t = re.sub(r"\b(a couple of|couple of|a few|few|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|"
               r"once|doce|quince|veinte|treinta|cuarenta|um|uma|dois|duas|quatro|sete|oito|nove|dez|onze|"
               r"quinze|vinte|trinta|quarenta)\s+(" + strip_accents(_UNIT_WORDS) + r")\b", _num, t)
    # weekday with an article or "last": "el lunes", "na segunda", "on monday", "last friday"
    t = re.sub(r"\b(?:on|last|this past|past|el|la|este|esta|el pasado|na|no|nesta|neste|em|na ultima|no ultimo|"
               r"ultimo|ultima)\s+(?=(?:mon|tue|wed|thu|fri|sat|sun|lunes|martes|miercoles|jueves|viernes|sabado|"
               r"domingo|segunda|terca|quarta|quinta|sexta)\w*)", " ", t)
    t = re.sub(r"\b((?:segunda|terca|quarta|quinta|sexta)(?:-feira)?|sabado|domingo|lunes|martes|miercoles|jueves|"
               r"viernes)\s+(?:pasado|passado|passada|pasada)\b", r"\1", t)
    # filler around the time
    t = re.sub(r"\b(?:about|around|approx(?:imately)?|roughly|maybe|like|i think|it was|they wrote|"
               r"more or less|unos|unas|alrededor de|cerca de|como|mas o menos|uns|umas|mais ou menos|"
               r"por volta de|creo que|acho que|la ultima vez|a ultima vez|last time|ish|or so|tipo)\b", " ", t)
    t = _FILLER.sub(" ", t)
    return re.sub(r"\s+", " ", t).strip(" ,.;!?")


def _half_day(m: "re.Match[str]") -> str:
    hour, minutes, part = int(m.group(1)), m.group(2) or "00", m.group(3)
    if hour > 12 or int(minutes) > 59:
        return m.group(0)
    morning = part.startswith(("ma", "morning"))
    if hour == 12 and part in ("noche", "noite", "night"):
        return " 00:00 "
    return f" {hour}:{minutes}{'am' if morning else 'pm'} "


def _clock_h(m: "re.Match[str]") -> str:
    """'17h' / '17h30' / 'às 9h' are clock times; a bare '2h' is an amount of hours."""
    hour, minutes = int(m.group(1)), m.group(2)
    before = m.string[max(0, m.start() - 12):m.start()]
    if minutes or hour >= 13 or re.search(r"\b(at|as|la|ayer|hoy|ontem|hoje|today|yesterday)\s*$", before):
        return f" {hour:02d}:{minutes or '00'} "
    return m.group(0)


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
                r"yesterday|today|ayer|hoy|ontem|hoje|anteayer|anteontem|ago|hace|atras", fragment):
            return value
    return None


def _languages(context: Dict[str, Any]):
    langs = ["en", "es", "pt"]
    hint = context.get("language") if isinstance(context, dict) else None
    if isinstance(hint, str):
        code = hint.strip().lower()[:2]
        if code in langs:
            langs.remove(code)
            langs.insert(0, code)
    return langs


def parse_time(text: Any, context: Optional[Dict[str, Any]] = None,
               allow_never: bool = True):
    """ParsedTime, or TimeError with a reason. Never raises."""
    context = context if isinstance(context, dict) else {}
    raw = as_text(text)
    if not raw:
        return TimeError("empty")
    if len(raw) > MAX_ANSWER_CHARS:
        return TimeError("too_long")
    if _NEVER.search(raw):
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

    cleaned = _clean(raw)
    if re.fullmatch(r"\d{1,2}", cleaned):
        return TimeError("bare_number", zone=zone)
    relative = bool(_RELATIVE.search(cleaned)) or bool(_BARE_AMOUNT.fullmatch(cleaned))
    cleaned, day_range, implicit_day = _part_of_day(cleaned)

    parsed = _iso(raw)
    if parsed is None and not relative:
        weekday = _on_weekday(cleaned, now_local.date(), day_range)
        if isinstance(weekday, TimeError):
            weekday.zone = zone
            return weekday
        parsed = weekday
    if parsed is None and not relative and day_range is None and not _says_a_day(raw):
        # no digit and no word for a day, a month or a time ago: "just one customer" is
        # not the 1st of the month
        return TimeError("unparsed", zone=zone)
    if parsed is None:
        parsed = _dateparse(cleaned, base, languages)
        if parsed is not None and parsed.tzinfo is None:
            parsed = _with_stated_clock(parsed, cleaned)
    if parsed is None:
        return TimeError("unparsed", zone=zone)

    explicit_tz = parsed.tzinfo is not None
    if parsed.tzinfo is not None:
        moment = parsed.astimezone(UTC)
        local_parsed = moment.astimezone(tz).replace(tzinfo=None)
    else:
        local_parsed = parsed
        moment = _localize(tz, parsed)

    has_clock = bool(_CLOCK.search(cleaned)) or explicit_tz or _iso_has_time(raw)
    small_units = relative and bool(_SMALL_UNITS.search(cleaned))
    note_key = ""
    time_only = has_clock and _time_only(cleaned)
    if moment > now + dt.timedelta(minutes=2) and not time_only:
        return TimeError("future", moment, zone)

    if day_range is not None and not has_clock:
        day = local_parsed.date()
        if implicit_day and dt.datetime.combine(day, dt.time(day_range[0])) > base:
            day -= dt.timedelta(days=1)   # "in the evening", said at 8am: last evening
        earliest = _localize(tz, dt.datetime.combine(day, dt.time(day_range[0])))
        latest = _localize(tz, dt.datetime.combine(day, dt.time(0)) + dt.timedelta(hours=day_range[1]))
        latest = min(latest, now)
    elif has_clock or small_units or (relative and not _mentions_days(cleaned)):
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

    if earliest > now + dt.timedelta(minutes=2):
        return TimeError("future", earliest, zone)
    if latest > now:
        latest = now
    if earliest > latest:
        earliest = latest

    assumed = tz_name is None and not relative and not explicit_tz
    return ParsedTime(earliest=earliest, latest=latest, relative=relative,
                      assumed_timezone=assumed, tz_name=tz_name or "UTC", note_key=note_key,
                      zone_said=zone.said if zone else "", zone_note=zone.note if zone else "",
                      remember_tz=zone.remember if zone else None, example=example, zone=zone)


def _part_of_day(cleaned: str) -> Tuple[str, Optional[Tuple[int, int]], bool]:
    """(the text without its part of the day, (start hour, end hour) or None, whether the
    day was left unsaid). "monday morning" -> ("monday", (6, 12), False);
    "la noche" -> ("today", (18, 24), True); "anoche" -> ("yesterday", (18, 24), False)."""
    for pattern, day_word, start_h, end_h in _PARTS_OF_DAY:
        m = re.search(pattern, cleaned)
        if not m:
            continue
        rest = re.sub(r"\s+", " ", f"{cleaned[:m.start()]} {day_word or ''} {cleaned[m.end():]}").strip(" ,.;")
        implicit = False
        if _TODAY_ONLY.match(rest):
            implicit = not rest and day_word is None and not re.search(r"\b(?:this|esta|nesta)\b", m.group(0))
            rest = "today"
        return rest, (start_h, end_h), implicit
    return cleaned, None, False


def _on_weekday(cleaned: str, today: dt.date, day_range: Optional[Tuple[int, int]]):
    """A naive local datetime for an answer that names a weekday ("monday 3pm",
    "lunes", "segunda as 15:00"): the most recent such day before today (a week ago when
    it is today's name), at the time stated or at noon when none is (the caller makes it a
    whole day or part of one). TimeError("future") for "next monday"; None when the answer
    names no weekday, or also names a date dateparser should read ("monday 16 nov")."""
    m = _WEEKDAY.search(cleaned)
    if not m:
        return None
    weekday = _WEEKDAY_NUMBERS[m.group("day")]
    rest = (cleaned[:m.start()] + " " + cleaned[m.end():]).strip()
    last_week = _LAST_WEEK.search(rest)
    if last_week:
        rest = (rest[:last_week.start()] + " " + rest[last_week.end():]).strip()
    if m.group("next") or m.group("after"):
        ahead = (weekday - today.weekday()) % 7 or 7
        return TimeError("future", UTC.localize(dt.datetime.combine(today + dt.timedelta(days=ahead), dt.time(12))))
    clocks = [c for c in _STATED_CLOCK.finditer(rest) if c.group(2) or c.group(3)]
    if len(clocks) > 1 or re.search(r"\d", _STATED_CLOCK.sub(" ", rest) if clocks else rest):
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
        hour += 12   # "el lunes a las 3 por la tarde"
    return dt.datetime.combine(day, dt.time(hour, minute))


# A clock time as people write it: "17:00", "5pm", "5:30 p.m.", "9 am".
_STATED_CLOCK = re.compile(
    r"(?<![\d:])(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.\s?m\.?|p\.\s?m\.?)?(?![\d:])", re.IGNORECASE)


def _with_stated_clock(parsed: dt.datetime, cleaned: str) -> dt.datetime:
    """dateparser sometimes keeps the day of "ayer a las 5pm <words it can't read>" but
    not the hour (it gave now minus 24 h). When the answer states one clock time, the
    result shows it."""
    stated = [m for m in _STATED_CLOCK.finditer(cleaned) if m.group(2) or m.group(3)]
    if len(stated) != 1:
        return parsed
    m = stated[0]
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
    if hour > 23 or minute > 59 or (half and not 1 <= hour <= 12):
        return parsed
    if half:
        hour = hour % 12 + (12 if half.startswith("p") else 0)
        hours = {hour}
    else:
        hours = {hour, hour + 12} if hour < 12 else {hour}
    if parsed.hour in hours and parsed.minute == minute:
        return parsed
    return parsed.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _example(raw: str, context: Dict[str, Any]) -> str:
    """How to say a time with its zone: in the conversation's language when it is known,
    else in the language the answer is written in."""
    hint = context.get("language") if isinstance(context, dict) else None
    if isinstance(hint, str) and hint.strip():
        return say("time.examples.zone", language_of(context))
    text = strip_accents(raw.lower())
    if re.search(r"\b(ontem|hoje|anteontem|as \d|manha|semana passada|horas atras|"
                 r"segunda|terca|quarta|quinta|sexta)\b|\bha \d", text):
        return say("time.examples.zone", "pt")
    if re.search(r"\b(ayer|hoy|anteayer|anoche|hace|a las|lunes|martes|miercoles|jueves|viernes)\b", text):
        return say("time.examples.zone", "es")
    return say("time.examples.zone", DEFAULT_LANG)


_ISO = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?\s*",
                  re.IGNORECASE)


def _iso(raw: str) -> Optional[dt.datetime]:
    """'2026-11-20', '2026-11-20 14:00', '2026-11-20T14:00:00Z' read exactly (naive = local)."""
    m = _ISO.fullmatch(raw)
    if not m:
        return None
    text = m.group(1) + ("T" + m.group(2) if m.group(2) else "")
    zone = m.group(3)
    if zone:
        zone = "+00:00" if zone.upper() == "Z" else (zone if ":" in zone else zone[:3] + ":" + zone[3:])
        text += zone
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _iso_has_time(raw: str) -> bool:
    m = _ISO.fullmatch(raw)
    return bool(m and m.group(2))


# Words that name a day or a month (en, es, pt), folded: with a digit, what a date needs.
_DAY_OR_MONTH = re.compile(
    r"\b(?:today|yesterday|tonight|now|noon|midnight|hoy|ayer|anteayer|ahora|mediodia|medianoche|"
    r"hoje|ontem|anteontem|agora|meio.dia|meia.noite|weeks?|months?|semanas?|mes|meses|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    r"janeiro|fevereiro|marco|maio|junho|julho|setembro|outubro|novembro|dezembro)\b")


def _says_a_day(raw: str) -> bool:
    """A digit, or a word for a day or a month: the least a date answer has."""
    if re.search(r"\d", raw):
        return True
    return bool(_DAY_OR_MONTH.search(strip_accents(raw.lower())))


def _mentions_days(text: str) -> bool:
    return bool(re.search(r"\b(days?|dias?|weeks?|semanas?|months?|mes(?:es)?|mes)\b", text))


def _time_only(text: str) -> bool:
    rest = _CLOCK.sub(" ", text)
    rest = re.sub(r"\b(at|a las|a la|as|today|hoy|hoje)\b", " ", rest)
    return not re.search(r"[a-z0-9]", rest)


def _localize(tz: Any, naive: dt.datetime) -> dt.datetime:
    """A naive local time in tz, as aware UTC (pytz needs localize(), not replace())."""
    try:
        local = tz.localize(naive, is_dst=None) if hasattr(tz, "localize") else naive.replace(tzinfo=tz)
    except Exception:  # ambiguous or missing local time around a DST change
        local = tz.localize(naive, is_dst=False) if hasattr(tz, "localize") else naive.replace(tzinfo=tz)
    return local.astimezone(UTC)


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
    return say("time.format.moment", lang, clock=local.strftime("%H:%M"),
               zone=_zone_label(local, tz_name), **_calendar_words(local, lang))


def _zone_label(local: dt.datetime, tz_name: str) -> str:
    """The zone as shown after a time: 'IST', 'CET', 'UTC', 'UTC+05:30', or the IANA
    name where the zone has no abbreviation ('America/Sao_Paulo', not '-03')."""
    if tz_name == "UTC":
        return "UTC"
    zone = local.tzname() or ""
    if tz_name.startswith(("UTC", "GMT", "Etc/")) or not zone:
        offset = local.utcoffset()
        return offset_label(int(offset.total_seconds() // 60)) if offset is not None else tz_name
    if re.fullmatch(r"[+-]\d+", zone):
        return tz_name
    return zone


def describe_moment(parsed: "ParsedTime", lang: Optional[str] = DEFAULT_LANG) -> str:
    """'at Fri 20 Nov, 17:00 UTC', 'on Mon 16 Nov' or 'on Fri 20 Nov between 18:00 and 24:00 UTC'."""
    if parsed.exact:
        return say("time.format.at_moment", lang, moment=format_local(parsed.earliest, parsed.tz_name, lang))
    tz = tz_for_name(parsed.tz_name) or UTC
    start = parsed.earliest.astimezone(tz)
    end = parsed.latest.astimezone(tz)
    date = say("time.format.date", lang, **_calendar_words(start, lang))
    if start.hour == 0 and start.minute == 0 and (end - start) >= dt.timedelta(hours=23):
        return say("time.format.on_day", lang, date=date)
    end_text = "24:00" if end.date() != start.date() and end.hour == 0 and end.minute == 0 else end.strftime("%H:%M")
    return say("time.format.in_range", lang, date=date, start=start.strftime("%H:%M"), end=end_text,
               zone=_zone_label(start, parsed.tz_name if tz_for_name(parsed.tz_name) else "UTC"))


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
        return (say("time.duration.hours_minutes", lang, hours=hours_text,
                    minutes=say("time.duration.minutes", lang, n=mins)) if mins else hours_text)
    return say("time.duration.minutes", lang, n=mins)


def say_examples(which: str, lang: Optional[str] = DEFAULT_LANG) -> str:
    """The example answers time.examples.<which>, quoted: '"2 hours ago", "on Monday" or "never"'."""
    quoted = [f'"{example}"' for example in say_list(f"time.examples.{which}", lang)]
    if len(quoted) < 2:
        return "".join(quoted)
    return say("time.list_or", lang, items=", ".join(quoted[:-1]), last=quoted[-1])
