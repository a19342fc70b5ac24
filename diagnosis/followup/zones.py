"""A time zone the user named (Zone), and the zones' names and offsets as they are shown.

Why: the zone an answer names is read in zonefind.py and used by timeparse.py and
timesay.py; what a zone is, how an offset is written ("UTC+05:30") and how a zone's
city or reading is said in a language are shared by all three.

Zones are the standard library's ``zoneinfo`` (IANA data from the system, else from the
pinned ``tzdata`` package), offsets ``datetime.timezone``. The zones each country uses
and the zones worth naming as cities come from the same IANA data's ``zone.tab`` (the
table pytz built its ``country_timezones`` and ``common_timezones`` from).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from zoneinfo import TZPATH, ZoneInfo, available_timezones

from diagnosis.language import has, say

from ..text import fold
from . import countries
from .zonenames import BABEL_LOCALES

UTC = dt.timezone.utc

_lock = threading.Lock()
_by_lower_name: Optional[Dict[str, str]] = None
_zone_tab: Optional[List[Tuple[str, str]]] = None


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


def tz_for_name(name: Any) -> Optional[Any]:
    """An IANA name or an offset label ("UTC+05:30") as a tzinfo; None when neither."""
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip()
    m = re.fullmatch(r"(?:UTC|GMT)\s*([+-])(\d{1,2})(?::?(\d{2}))?", name, re.IGNORECASE)
    if m:
        minutes = offset_minutes(m.group(1), m.group(2), m.group(3))
        return None if minutes is None else fixed_offset(minutes)
    return iana_zone(name)


def iana_zone(name: str) -> Optional[ZoneInfo]:
    """The IANA zone of that name, any letter case ("asia/kolkata"), or None."""
    try:
        return ZoneInfo(name)
    except Exception:  # unknown, or not a zone name at all ("../x", "")
        pass
    global _by_lower_name
    if _by_lower_name is None:
        with _lock:
            if _by_lower_name is None:
                _by_lower_name = {z.lower(): z for z in available_timezones()}
    found = _by_lower_name.get(name.lower())
    return ZoneInfo(found) if found else None


def fixed_offset(minutes: int) -> dt.tzinfo:
    """A fixed offset from UTC, in minutes east (330 is UTC+05:30)."""
    return UTC if not minutes else dt.timezone(dt.timedelta(minutes=minutes))


def zone_tab() -> List[Tuple[str, str]]:
    """(country code, zone name) of every row of the IANA zone.tab, in its order:
    each country's zones, its most populous region first."""
    global _zone_tab
    if _zone_tab is None:
        with _lock:
            if _zone_tab is None:
                rows = [line.split("\t") for line in _read_zone_tab().splitlines()]
                _zone_tab = [(r[0].upper(), r[2]) for r in rows if len(r) >= 3 and not r[0].startswith("#")]
    return _zone_tab


def country_zones(region: str) -> List[str]:
    """The zones a country (ISO code) uses, its main one first; [] when unknown."""
    region = (region or "").upper()
    return [zone for code, zone in zone_tab() if code == region]


def _read_zone_tab() -> str:
    """zone.tab from the pinned tzdata package, else from the system's zone files."""
    try:
        return resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    except Exception:  # pragma: no cover - tzdata is pinned in requirements.txt
        for folder in TZPATH:
            path = Path(folder) / "zone.tab"
            if path.is_file():
                return path.read_text(encoding="utf-8")
    return ""


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
    return Zone(fixed_offset(minutes), offset_label(minutes), remember, said)


def offset_minutes(sign: str, hours: str, minutes: Optional[str]) -> Optional[int]:
    h, m = int(hours), int(minutes or 0)
    if h > 14 or m not in (0, 15, 30, 45):
        return None
    total = h * 60 + m
    return -total if sign in "-−" else total


def zone_label(label: str, lang: Optional[str]) -> str:
    """An abbreviation's reading ("India Standard Time") in `lang` (time.zone.labels.*)."""
    key = "time.zone.labels." + fold(label).replace(" ", "_")
    return say(key, lang) if has(key) else label


def city_name(zone_name: str, lang: Optional[str]) -> str:
    """The city a zone is named after, as `lang` writes it ("Ciudad de México")."""
    fallback = zone_name.rsplit("/", 1)[-1].replace("_", " ")
    try:
        from babel import Locale

        city = Locale.parse(BABEL_LOCALES.get(lang or "en", "en")).time_zones.get(zone_name, {}).get("city")
    except Exception:  # pragma: no cover - babel comes with Rasa
        city = None
    return city or fallback


def zone_name_in(zone_name: str, lang: Optional[str]) -> str:
    """A zone's name as people say it in `lang` ("Horário de Brasília", "hora de Argentina"),
    for zones with no abbreviation; the IANA name when Babel has none."""
    try:
        from babel.dates import get_timezone, get_timezone_name

        name = get_timezone_name(get_timezone(zone_name), locale=BABEL_LOCALES.get(lang or "en", "en"))
    except Exception:  # pragma: no cover - babel comes with Rasa
        return zone_name
    name = re.sub(r"\s*\([^)]*/[^)]*\)", "", name or "").strip()  # "(Argentina/Buenos Aires)"
    return name or zone_name
