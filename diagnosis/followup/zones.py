"""Time zones named inside an answer: "5pm IST", "17:00 +05:30", "hora de México".

Why: "yesterday at 5pm IST" must be read in India time whatever zone we assumed, and
the zone is worth remembering for the user's later answers.

What is read, in this order (the first found wins):
  * UTC offsets: "UTC+5:30", "GMT-3", "17:00 +05:30", "2026-11-20T14:00:00-0300";
  * abbreviations: "IST", "EST", "CET", "BRT"... Each is read as the IANA zone of the
    region it usually stands for (so "EST" in July is New York's clock, as people use
    it). Ambiguous ones take the commonest reading in WhatsApp-business chats, unless
    the text names the other place (CST: US Central, or Mexico City / China when the
    text says Mexico / China), and the answer says which reading it took. Other
    upper-case abbreviations dateparser knows ("JST", "AEST"...) are read as its fixed
    offset when written right after a clock time;
  * places, with a time-zone phrase in en/es/pt: "Mexico City time", "India time",
    "time in Lima", "hora de México", "horario de Bogotá", "horário de Brasília",
    "fuso de Lisboa". Cities come from pytz's zone names, countries from the same
    en/es/pt country names the country question reads (countries.py), then pytz's
    zones for that country.

The abbreviation table is ours on purpose: pytz has no abbreviation index (and shows
"-03" for Brazil), and dateparser's table reads IST as Israel (+2) and BST as +11.
"""
from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import pytz

from diagnosis.language import has, say

from ..text import fold, strip_accents
from . import countries

try:
    from dateparser.timezones import timezone_info_list as _DATEPARSER_ZONES
except Exception:  # pragma: no cover - the project pins dateparser
    _DATEPARSER_ZONES = []

UTC = pytz.utc


@dataclass
class Zone:
    """A time zone the user named.

    name      what times are shown and computed in: an IANA name, or "UTC+05:30" for
              an offset (tz_for_name() reads both)
    remember  the IANA name worth keeping as the user's zone, or None (UTC/GMT, which
              is often copied from a log, and offsets no IANA zone stands for)
    said      the words the user wrote, e.g. "IST" or "hora de Mexico"
    reading   which reading an ambiguous name was given: a wording key (time.zone.*)
              and what it needs ({} when nothing is worth saying); reading_note(lang)
              says it in a language
    """

    tz: Any
    name: str
    remember: Optional[str]
    said: str
    reading: Tuple[str, Dict[str, str]] = field(default_factory=lambda: ("", {}))

    @property
    def note(self) -> str:
        """The reading, in English."""
        return self.reading_note("en")

    def reading_note(self, lang: Optional[str] = "en") -> str:
        """'I read IST as India Standard Time (Asia/Kolkata).' in `lang`, or ""."""
        key, args = self.reading
        if not key:
            return ""
        params = dict(args)
        if "label" in params:
            params["label"] = zone_label(params["label"], lang)
        if "region" in params:
            params["country"] = countries.country_name(params.pop("region"), lang or "en")
        if "zone" in params and key == "time.zone.place":
            params["city"] = city_name(params["zone"], lang)
        return say(key, lang, **params)


# Abbreviation -> (IANA zone, what to call it when it's worth saying, or "").
# Ambiguous ones have "alternatives": (regex on the folded text, zone, label).
_ABBREVIATIONS: Dict[str, Tuple[str, str]] = {
    "UTC": ("UTC", ""), "GMT": ("UTC", ""),
    "IST": ("Asia/Kolkata", "India Standard Time"),
    "EST": ("America/New_York", ""), "EDT": ("America/New_York", ""), "ET": ("America/New_York", ""),
    "CST": ("America/Chicago", "US Central Time"), "CDT": ("America/Chicago", ""),
    "CT": ("America/Chicago", ""),
    "MST": ("America/Denver", ""), "MDT": ("America/Denver", ""), "MT": ("America/Denver", ""),
    "PST": ("America/Los_Angeles", "US Pacific Time"), "PDT": ("America/Los_Angeles", ""),
    "PT": ("America/Los_Angeles", ""),
    "AKST": ("America/Anchorage", ""), "AKDT": ("America/Anchorage", ""), "HST": ("Pacific/Honolulu", ""),
    "AST": ("America/Puerto_Rico", "Atlantic Standard Time"), "ADT": ("America/Halifax", ""),
    "BRT": ("America/Sao_Paulo", ""), "BRST": ("America/Sao_Paulo", ""),
    "ART": ("America/Argentina/Buenos_Aires", ""), "CLT": ("America/Santiago", ""),
    "CLST": ("America/Santiago", ""), "COT": ("America/Bogota", ""), "PET": ("America/Lima", ""),
    "VET": ("America/Caracas", ""), "BOT": ("America/La_Paz", ""), "UYT": ("America/Montevideo", ""),
    "PYT": ("America/Asuncion", ""), "ECT": ("America/Guayaquil", ""),
    "BST": ("Europe/London", "UK time"), "WET": ("Europe/Lisbon", ""), "WEST": ("Europe/Lisbon", ""),
    "CET": ("Europe/Berlin", ""), "CEST": ("Europe/Berlin", ""), "MSK": ("Europe/Moscow", ""),
    "WAT": ("Africa/Lagos", ""), "CAT": ("Africa/Maputo", ""), "EAT": ("Africa/Nairobi", ""),
    "SAST": ("Africa/Johannesburg", ""),
    "GST": ("Asia/Dubai", ""), "PKT": ("Asia/Karachi", ""), "NPT": ("Asia/Kathmandu", ""),
    "WIB": ("Asia/Jakarta", ""), "WITA": ("Asia/Makassar", ""), "WIT": ("Asia/Jayapura", ""),
    "ICT": ("Asia/Bangkok", ""), "SGT": ("Asia/Singapore", ""), "MYT": ("Asia/Kuala_Lumpur", ""),
    "HKT": ("Asia/Hong_Kong", ""), "PHT": ("Asia/Manila", ""), "JST": ("Asia/Tokyo", ""),
    "KST": ("Asia/Seoul", ""),
    "AEST": ("Australia/Sydney", ""), "AEDT": ("Australia/Sydney", ""), "ACST": ("Australia/Adelaide", ""),
    "ACDT": ("Australia/Adelaide", ""), "AWST": ("Australia/Perth", ""),
    "NZST": ("Pacific/Auckland", ""), "NZDT": ("Pacific/Auckland", ""),
}

_ALTERNATIVES: Dict[str, Tuple[Tuple[str, str, str], ...]] = {
    "CST": ((r"\b(?:mexico|mexican[oa]?|cdmx)\b", "America/Mexico_City", "Mexico City time"),
            (r"\b(?:china|chinese|chin[oa]|beijing|shanghai|pequim|pekin)\b", "Asia/Shanghai",
             "China Standard Time")),
    "IST": ((r"\b(?:israel|jerusalem|tel aviv)\b", "Asia/Jerusalem", "Israel Standard Time"),
            (r"\b(?:ireland|irlanda|dublin)\b", "Europe/Dublin", "Irish time")),
    "BST": ((r"\b(?:bangladesh|dhaka|daca)\b", "Asia/Dhaka", "Bangladesh Standard Time"),),
    "PST": ((r"\b(?:philippines?|filipinas|manila|pinoy)\b", "Asia/Manila", "Philippine Standard Time"),),
    "AST": ((r"\b(?:saudi|arabia|riyadh|ksa|kuwait|qatar|bahrain|iraq)\b", "Asia/Riyadh",
             "Arabia Standard Time"),),
}

# Read only when written in capitals: they are also words ("art", "pet", "west").
_UPPER_ONLY = {"ET", "CT", "MT", "PT", "ART", "COT", "PET", "VET", "BOT", "ECT", "WET", "WEST", "WAT",
               "CAT", "EAT", "WIT", "ICT", "AST", "GST", "MYT"}

# Places people name that pytz's zone names and the country names don't cover.
_PLACE_ALIASES: Dict[str, str] = {
    "brasilia": "America/Sao_Paulo", "rio": "America/Sao_Paulo", "rio de janeiro": "America/Sao_Paulo",
    "cdmx": "America/Mexico_City", "ciudad de mexico": "America/Mexico_City",
    "cidade do mexico": "America/Mexico_City", "mexico df": "America/Mexico_City",
    "nueva york": "America/New_York", "nova york": "America/New_York", "nova iorque": "America/New_York",
    "londres": "Europe/London", "lisboa": "Europe/Lisbon",
    "eastern": "America/New_York", "east coast": "America/New_York", "us eastern": "America/New_York",
    "central": "America/Chicago", "us central": "America/Chicago", "mountain": "America/Denver",
    "pacific": "America/Los_Angeles", "west coast": "America/Los_Angeles",
    "us pacific": "America/Los_Angeles",
    "mumbai": "Asia/Kolkata", "bombay": "Asia/Kolkata", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "chennai": "Asia/Kolkata",
    "calcutta": "Asia/Kolkata", "hyderabad": "Asia/Kolkata",
    "beijing": "Asia/Shanghai", "pequim": "Asia/Shanghai", "pekin": "Asia/Shanghai",
}

# The zone a country's time usually means, where pytz lists another zone first.
_MAIN_ZONE: Dict[str, str] = {
    "BR": "America/Sao_Paulo", "CA": "America/Toronto", "AU": "Australia/Sydney", "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv", "US": "America/New_York",
}

# pytz zone names that are words, not places people tell time by.
_NOT_CITIES = {"easter", "christmas", "center", "troll", "casey", "davis", "palmer", "mawson", "vostok",
               "macquarie", "syowa", "rothera", "mcmurdo", "dumontdurville", "new salem", "beulah",
               "knox", "marengo", "vevay", "tell city", "winamac", "petersburg", "vincennes",
               "monticello", "general", "south", "north", "west", "east", "central"}

_ARTICLES = re.compile(r"^(?:the|la|el|los|las|o|a|os|as)\s+")

_lock = threading.Lock()
_cities: Optional[Dict[str, str]] = None
_fallback: Optional[Dict[str, int]] = None


def tz_for_name(name: Any) -> Optional[Any]:
    """An IANA name or an offset label ("UTC+05:30") as a tzinfo; None when neither."""
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip()
    m = re.fullmatch(r"(?:UTC|GMT)\s*([+-])(\d{1,2})(?::?(\d{2}))?", name, re.IGNORECASE)
    if m:
        minutes = _offset_minutes(m.group(1), m.group(2), m.group(3))
        return None if minutes is None else (UTC if minutes == 0 else pytz.FixedOffset(minutes))
    try:
        return pytz.timezone(name)
    except Exception:
        return None


def offset_label(minutes: int) -> str:
    """330 -> 'UTC+05:30', 0 -> 'UTC'."""
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, mins = divmod(abs(int(minutes)), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def zone_for_offset(minutes: int, said: str) -> Zone:
    """A fixed offset as a Zone; remembered as Etc/GMT-5 and the like when whole hours."""
    if not minutes:
        return Zone(UTC, "UTC", None, said)
    remember = None
    if minutes % 60 == 0:
        # Etc/GMT names have the sign the other way round: Etc/GMT-5 is UTC+05:00.
        remember = f"Etc/GMT{'-' if minutes > 0 else '+'}{abs(minutes) // 60}"
    return Zone(pytz.FixedOffset(minutes), offset_label(minutes), remember, said)


def find_zone(text: str, now: Optional[dt.datetime] = None) -> Tuple[Optional[Zone], str]:
    """(the zone the text names, the text without it). (None, text) when it names none.

    The text returned is accent-stripped when a zone was found (what parse_time reads
    next doesn't need accents)."""
    if not isinstance(text, str) or not text.strip():
        return None, text
    now = now or dt.datetime.now(UTC)
    s = strip_accents(text)
    zone: Optional[Zone] = None
    for finder in (_find_offset, _find_abbreviation, _find_place):
        found = finder(s, now)
        if found is not None:
            # the first one found is the zone; a second naming ("5pm CST hora de México")
            # only goes from the text
            if zone is None:
                zone = found[0]
                if len(s) == len(text):  # what the user wrote, with its accents
                    zone.said = text[found[1]:found[2]].strip(" ()") or zone.said
            s = _cut(s, found[1], found[2])
    return (zone, s) if zone is not None else (None, text)


def _cut(s: str, start: int, end: int) -> str:
    rest = s[:start] + " " + s[end:]
    rest = re.sub(r"\(\s*\)|\[\s*\]", " ", rest)
    return re.sub(r"\s+", " ", rest).strip(" ,;-")


# -- offsets -------------------------------------------------------------------------

_PREFIXED_OFFSET = re.compile(
    r"\(?\b(?:utc|gmt)\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?\b\)?", re.IGNORECASE)
# "+05:30" / "-0300" alone: after a space, or glued to hh:mm:ss ("14:00:00-03:00"), or
# "+" glued to a clock ("17:00+05:30"); not "9:00-10:00", which is a range.
_BARE_OFFSET = re.compile(
    r"(?:(?<=^)|(?<=[\s(])|(?<=\d:\d\d:\d\d)|(?<=\d:\d\d)(?=\+)|(?<=[ap]m)(?=\+))"
    r"([+-])(\d{1,2}):?(\d{2})\b\)?", re.IGNORECASE)


def _offset_minutes(sign: str, hours: str, minutes: Optional[str]) -> Optional[int]:
    h, m = int(hours), int(minutes or 0)
    if h > 14 or m not in (0, 15, 30, 45):
        return None
    total = h * 60 + m
    return -total if sign in "-−" else total


def _find_offset(s: str, now: dt.datetime):
    for pattern in (_PREFIXED_OFFSET, _BARE_OFFSET):
        for m in pattern.finditer(s):
            if pattern is _BARE_OFFSET and len(m.group(2)) == 1 and ":" not in m.group(0):
                continue  # "+530" is not an offset anyone writes
            minutes = _offset_minutes(m.group(1), m.group(2), m.group(3))
            if minutes is not None:
                return zone_for_offset(minutes, m.group(0).strip("() ")), m.start(), m.end()
    # "5pm UTC" / "17:00 GMT" are abbreviations, read below
    return None


# -- abbreviations ---------------------------------------------------------------------

def _abbreviation_pattern() -> "re.Pattern[str]":
    keys = sorted(_ABBREVIATIONS, key=len, reverse=True)
    return re.compile(
        r"(?:\b(?:hora|horario|time\s*zone|timezone)\s+)?\(?(?<![\w/+-])(" + "|".join(keys) + r")(?![\w/])\)?"
        r"(?:\s+(?:time\s*zone|timezone|time)\b)?", re.IGNORECASE)


_ABBREVIATION = _abbreviation_pattern()
_CLOCK_BEFORE = re.compile(r"(?:\d{1,2}:\d{2}|\d\s*(?:am|pm|a\.\s?m\.?|p\.\s?m\.?|h))\s*\(?$", re.IGNORECASE)


def _find_abbreviation(s: str, now: dt.datetime):
    folded = fold(s)
    for m in _ABBREVIATION.finditer(s):
        word = m.group(1)
        key = word.upper()
        if key in _UPPER_ONLY and word != key:
            continue
        name, label = _ABBREVIATIONS[key]
        alternatives = _ALTERNATIVES.get(key, ())
        for pattern, other, other_label in alternatives:
            if re.search(pattern, folded):
                name, label = other, other_label
                break
        tz = pytz.timezone(name)
        if name == "UTC":
            return Zone(UTC, "UTC", None, word), m.start(), m.end()
        reading = ("time.zone.abbreviation", {"abbr": key, "label": label, "zone": name}) \
            if alternatives else ("", {})
        return Zone(tz, name, name, word, reading), m.start(), m.end()
    # other abbreviations dateparser knows, in capitals right after a clock time
    for m in re.finditer(r"\(?(?<![\w/])([A-Z]{3,5})(?![\w/])\)?", s):
        minutes = _fallback_offsets().get(m.group(1))
        if minutes is not None and _CLOCK_BEFORE.search(s[:m.start()].rstrip()):
            zone = zone_for_offset(minutes, m.group(1))
            return zone, m.start(), m.end()
    return None


def _fallback_offsets() -> Dict[str, int]:
    global _fallback
    if _fallback is None:
        offsets: Dict[str, set] = {}
        for info in _DATEPARSER_ZONES:
            for name, seconds in info.get("timezones", ()):
                if re.fullmatch(r"[A-Z]{3,5}", name):
                    offsets.setdefault(name, set()).add(int(seconds) // 60)
        _fallback = {name: next(iter(v)) for name, v in offsets.items() if len(v) == 1}
    return _fallback


# -- places ------------------------------------------------------------------------------

# "... <place> time" / "<place> standard time" / "<place> time zone"
_SUFFIX_MARKER = re.compile(
    r"(?:\s+(?:standard|daylight|summer|local))?\s+(?:time\s*zone|timezone|time)\b", re.IGNORECASE)
# "time in <place>", "hora de <place>", "horário de <place>", "fuso de <place>", "hora CDMX"
_PREFIX_MARKER = re.compile(
    r"\b(?:(?:local\s+)?time(?:\s*zone)?\s+(?:in|of|for|at)"
    r"|(?:(?:huso|fuso|zona)\s+)?hor(?:a|ario|aria)(?:\s+local)?(?:\s+(?:de|del|do|da|dos|das))?"
    r"|fuso(?:\s+horario)?(?:\s+(?:de|do|da))?)\s+", re.IGNORECASE)


def _city_index() -> Dict[str, str]:
    global _cities
    if _cities is None:
        with _lock:
            if _cities is None:
                index: Dict[str, str] = {}
                for zone in pytz.common_timezones:
                    parts = zone.split("/")
                    if parts[0] not in ("Africa", "America", "Asia", "Atlantic", "Australia", "Europe",
                                        "Indian", "Pacific"):
                        continue
                    if len(parts) > 2 and parts[1] != "Argentina":
                        continue
                    key = fold(parts[-1].replace("_", " "))
                    if key and key not in _NOT_CITIES:
                        index.setdefault(key, zone)
                _cities = index
    return _cities


def _country_zone(key: str) -> Optional[Tuple[str, str, List[str]]]:
    """(zone, region code, all the country's zones) for a country name typed exactly
    (en/es/pt), else None."""
    if len(key) < 3 and key not in ("us", "uk"):
        return None
    region = countries.parse_country(key)
    if not region:
        return None
    names = {fold(alias) for alias, code in countries.ALIASES.items() if code == region}
    for lang in ("en", "es", "pt"):
        for part in re.split(r"[\[\]()]", countries.country_name(region, lang)):
            names.update((fold(part), _ARTICLES.sub("", fold(part))))
    if key not in names:
        return None
    zones = pytz.country_timezones.get(region.lower()) or []
    if not zones:
        return None
    zone = _MAIN_ZONE.get(region, zones[0])
    return zone, region, list(zones)


def _place_zone(candidate: str, said: str, now: dt.datetime) -> Optional[Zone]:
    """The zone of a place named exactly ("la India", "El Salvador", "Ciudad de México")."""
    whole = fold(candidate)
    if not whole or re.search(r"\d", whole):
        return None
    keys = [whole] + ([_ARTICLES.sub("", whole)] if _ARTICLES.match(whole) else [])
    for key in keys:
        name = _PLACE_ALIASES.get(key) or _city_index().get(key)
        if name:
            return Zone(pytz.timezone(name), name, name, said)
    found = None
    for key in keys:
        found = _country_zone(key)
        if found:
            break
    if not found:
        return None
    name, region, zones = found
    zone = Zone(pytz.timezone(name), name, name, said)
    if _offsets_differ(zones, now):
        zone.reading = ("time.zone.place", {"region": region, "zone": name})
    return zone


_BABEL_LOCALES = {"en": "en", "es": "es", "pt": "pt_BR"}


def zone_label(label: str, lang: Optional[str]) -> str:
    """An abbreviation's reading ("India Standard Time") in `lang` (time.zone.labels.*)."""
    key = "time.zone.labels." + fold(label).replace(" ", "_")
    return say(key, lang) if has(key) else label


def city_name(zone_name: str, lang: Optional[str]) -> str:
    """The city a zone is named after, as `lang` writes it ("Ciudad de México")."""
    fallback = zone_name.rsplit("/", 1)[-1].replace("_", " ")
    try:
        from babel import Locale

        city = Locale.parse(_BABEL_LOCALES.get(lang or "en", "en")).time_zones.get(zone_name, {}).get("city")
    except Exception:  # pragma: no cover - babel comes with Rasa
        city = None
    return city or fallback


def _offsets_differ(zones: List[str], now: dt.datetime) -> bool:
    """True when the clocks in these zones don't all read the same now."""
    offsets = set()
    for z in zones:
        try:
            offsets.add(now.astimezone(pytz.timezone(z)).utcoffset())
        except Exception:
            continue
    return len(offsets) > 1


def _candidates_after(s: str, start: int) -> List[Tuple[str, int]]:
    """Word spans starting at start, longest first (up to 4 words, stopping at digits)."""
    m = re.match(r"[A-Za-z]+(?:[ '.-]+[A-Za-z]+){0,3}", s[start:])
    if not m:
        return []
    words = list(re.finditer(r"[A-Za-z]+", m.group(0)))
    spans = []
    for n in range(len(words), 0, -1):
        end = start + words[n - 1].end()
        spans.append((s[start:end], end))
    return spans


def _candidates_before(s: str, end: int) -> List[Tuple[str, int]]:
    """Word spans ending at end, longest first (up to 4 words)."""
    m = re.search(r"(?<![A-Za-z])[A-Za-z]+(?:[ '.-]+[A-Za-z]+){0,3}\s*$", s[:end])
    if not m:
        return []
    chunk_start = m.start()
    words = list(re.finditer(r"[A-Za-z]+", s[chunk_start:end]))
    spans = []
    for i in range(len(words)):
        begin = chunk_start + words[i].start()
        spans.append((s[begin:end].strip(), begin))
    return spans


def _find_place(s: str, now: dt.datetime):
    for m in _PREFIX_MARKER.finditer(s):
        for candidate, end in _candidates_after(s, m.end()):
            zone = _place_zone(candidate, s[m.start():end].strip(), now)
            if zone is not None:
                return zone, m.start(), end
    for m in _SUFFIX_MARKER.finditer(s):
        for candidate, begin in _candidates_before(s, m.start()):
            zone = _place_zone(candidate, s[begin:m.end()].strip(), now)
            if zone is not None:
                # "in India time": the "in" goes too
                before = re.search(r"\b(?:in|on)\s+$", s[:begin], re.IGNORECASE)
                return zone, before.start() if before else begin, m.end()
    # "(Mexico)" / "(Brasília)"
    for m in re.finditer(r"\(([^()\d]{2,40})\)", s):
        zone = _place_zone(m.group(1), m.group(1).strip(), now)
        if zone is not None:
            return zone, m.start(), m.end()
    return None
