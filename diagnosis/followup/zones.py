"""A time zone the user named (Zone), and the zones' names and offsets as they are shown.

Why: the zone an answer names is read in zonefind.py and used by timeparse.py and
timesay.py; what a zone is, how an offset is written ("UTC+05:30") and how a zone's
city or reading is said in a language are shared by all three.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple

import pytz

from diagnosis.language import has, say

from ..text import fold
from . import countries
from .zonenames import BABEL_LOCALES

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


def tz_for_name(name: Any) -> Optional[Any]:
    """An IANA name or an offset label ("UTC+05:30") as a tzinfo; None when neither."""
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip()
    m = re.fullmatch(r"(?:UTC|GMT)\s*([+-])(\d{1,2})(?::?(\d{2}))?", name, re.IGNORECASE)
    if m:
        minutes = offset_minutes(m.group(1), m.group(2), m.group(3))
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
