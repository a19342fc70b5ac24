"""Finding the time zone named inside an answer: "5pm IST", "17:00 +05:30", "hora de México".

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
    "fuso de Lisboa". Cities come from the IANA zone.tab's zone names, countries from
    the same en/es/pt country names the country question reads (countries.py), then
    zone.tab's zones for that country (zones.py).

The names themselves are data (zonenames.py: ours on purpose, the IANA data has no
abbreviation index and dateparser's table reads IST as Israel and BST as +11); what a
Zone is and how it is shown, zones.py.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from typing import Dict, List, Optional, Tuple

from ..text import fold, strip_accents
from . import countries
from .zonenames import (
    ABBREVIATIONS,
    ALTERNATIVES,
    ARTICLES,
    MAIN_ZONE,
    NOT_CITIES,
    PLACE_ALIASES,
    UPPER_ONLY,
)
from .zones import UTC, Zone, country_zones, iana_zone, offset_minutes, zone_for_offset, zone_tab

try:
    from dateparser.timezones import timezone_info_list as _DATEPARSER_ZONES
except Exception:  # pragma: no cover - the project pins dateparser
    _DATEPARSER_ZONES = []

_lock = threading.Lock()
_cities: Optional[Dict[str, str]] = None
_fallback: Optional[Dict[str, int]] = None


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
                    zone.said = text[found[1] : found[2]].strip(" ()") or zone.said
            s = _cut(s, found[1], found[2])
    return (zone, s) if zone is not None else (None, text)


def _cut(s: str, start: int, end: int) -> str:
    rest = s[:start] + " " + s[end:]
    rest = re.sub(r"\(\s*\)|\[\s*\]", " ", rest)
    return re.sub(r"\s+", " ", rest).strip(" ,;-")


# -- offsets -------------------------------------------------------------------------

_PREFIXED_OFFSET = re.compile(r"\(?\b(?:utc|gmt)\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?\b\)?", re.IGNORECASE)
# "+05:30" / "-0300" alone: after a space, or glued to hh:mm:ss ("14:00:00-03:00"), or
# "+" glued to a clock ("17:00+05:30"); not "9:00-10:00", which is a range.
_BARE_OFFSET = re.compile(
    r"(?:(?<=^)|(?<=[\s(])|(?<=\d:\d\d:\d\d)|(?<=\d:\d\d)(?=\+)|(?<=[ap]m)(?=\+))"
    r"([+-])(\d{1,2}):?(\d{2})\b\)?",
    re.IGNORECASE,
)


def _find_offset(s: str, now: dt.datetime):
    for pattern in (_PREFIXED_OFFSET, _BARE_OFFSET):
        for m in pattern.finditer(s):
            if pattern is _BARE_OFFSET and len(m.group(2)) == 1 and ":" not in m.group(0):
                continue  # "+530" is not an offset anyone writes
            minutes = offset_minutes(m.group(1), m.group(2), m.group(3))
            if minutes is not None:
                return zone_for_offset(minutes, m.group(0).strip("() ")), m.start(), m.end()
    # "5pm UTC" / "17:00 GMT" are abbreviations, read below
    return None


# -- abbreviations ---------------------------------------------------------------------


def _abbreviation_pattern() -> "re.Pattern[str]":
    keys = sorted(ABBREVIATIONS, key=len, reverse=True)
    return re.compile(
        r"(?:\b(?:hora|horario|time\s*zone|timezone)\s+)?\(?(?<![\w/+-])(" + "|".join(keys) + r")(?![\w/])\)?"
        r"(?:\s+(?:time\s*zone|timezone|time)\b)?",
        re.IGNORECASE,
    )


_ABBREVIATION = _abbreviation_pattern()
_CLOCK_BEFORE = re.compile(r"(?:\d{1,2}:\d{2}|\d\s*(?:am|pm|a\.\s?m\.?|p\.\s?m\.?|h))\s*\(?$", re.IGNORECASE)


def _find_abbreviation(s: str, now: dt.datetime):
    folded = fold(s)
    for m in _ABBREVIATION.finditer(s):
        word = m.group(1)
        key = word.upper()
        if key in UPPER_ONLY and word != key:
            continue
        name, label = ABBREVIATIONS[key]
        alternatives = ALTERNATIVES.get(key, ())
        for pattern, other, other_label in alternatives:
            if re.search(pattern, folded):
                name, label = other, other_label
                break
        tz = iana_zone(name)
        if name == "UTC":
            return Zone(UTC, "UTC", None, word), m.start(), m.end()
        reading = ("time.zone.abbreviation", {"abbr": key, "label": label, "zone": name}) if alternatives else ("", {})
        return Zone(tz, name, name, word, reading), m.start(), m.end()
    # other abbreviations dateparser knows, in capitals right after a clock time
    for m in re.finditer(r"\(?(?<![\w/])([A-Z]{3,5})(?![\w/])\)?", s):
        minutes = _fallback_offsets().get(m.group(1))
        if minutes is not None and _CLOCK_BEFORE.search(s[: m.start()].rstrip()):
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
    r"(?:\s+(?:standard|daylight|summer|local))?\s+(?:time\s*zone|timezone|time)\b", re.IGNORECASE
)
# "time in <place>", "hora de <place>", "horário de <place>", "fuso de <place>", "hora CDMX"
_PREFIX_MARKER = re.compile(
    r"\b(?:(?:local\s+)?time(?:\s*zone)?\s+(?:in|of|for|at)"
    r"|(?:(?:huso|fuso|zona)\s+)?hor(?:a|ario|aria)(?:\s+local)?(?:\s+(?:de|del|do|da|dos|das))?"
    r"|fuso(?:\s+horario)?(?:\s+(?:de|do|da))?"
    # "we're in chicago", "estamos en bogota", "sou de SP": where the user is (a known place only)
    r"|(?:we(?:'re|\s+are)|i(?:'m|\s+am)|(?:we're|we\s+are|i'm|i\s+am)\s+based|based)\s+in"
    r"|(?:estamos|estoy|somos|soy)\s+(?:en|de)|(?:estamos|estou|somos|sou)\s+(?:em|de|no|na))\s+",
    re.IGNORECASE,
)


def _city_index() -> Dict[str, str]:
    global _cities
    if _cities is None:
        with _lock:
            if _cities is None:
                index: Dict[str, str] = {}
                for zone in sorted({name for _, name in zone_tab()}):
                    parts = zone.split("/")
                    if parts[0] not in (
                        "Africa",
                        "America",
                        "Asia",
                        "Atlantic",
                        "Australia",
                        "Europe",
                        "Indian",
                        "Pacific",
                    ):
                        continue
                    if len(parts) > 2 and parts[1] != "Argentina":
                        continue
                    key = fold(parts[-1].replace("_", " "))
                    if key and key not in NOT_CITIES:
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
            names.update((fold(part), ARTICLES.sub("", fold(part))))
    if key not in names:
        return None
    zones = country_zones(region)
    if not zones:
        return None
    zone = MAIN_ZONE.get(region, zones[0])
    return zone, region, list(zones)


def _place_zone(candidate: str, said: str, now: dt.datetime) -> Optional[Zone]:
    """The zone of a place named exactly ("la India", "El Salvador", "Ciudad de México")."""
    whole = fold(candidate)
    if not whole or re.search(r"\d", whole):
        return None
    keys = [whole] + ([ARTICLES.sub("", whole)] if ARTICLES.match(whole) else [])
    for key in keys:
        name = PLACE_ALIASES.get(key) or _city_index().get(key)
        if name:
            return Zone(iana_zone(name), name, name, said)
    found = None
    for key in keys:
        found = _country_zone(key)
        if found:
            break
    if not found:
        return None
    name, region, zones = found
    zone = Zone(iana_zone(name), name, name, said)
    if _offsets_differ(zones, now):
        zone.reading = ("time.zone.place", {"region": region, "zone": name})
    return zone


def _offsets_differ(zones: List[str], now: dt.datetime) -> bool:
    """True when the clocks in these zones don't all read the same now."""
    offsets = set()
    for z in zones:
        try:
            offsets.add(now.astimezone(iana_zone(z)).utcoffset())
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
            zone = _place_zone(candidate, s[m.start() : end].strip(), now)
            if zone is not None:
                return zone, m.start(), end
    for m in _SUFFIX_MARKER.finditer(s):
        for candidate, begin in _candidates_before(s, m.start()):
            zone = _place_zone(candidate, s[begin : m.end()].strip(), now)
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
