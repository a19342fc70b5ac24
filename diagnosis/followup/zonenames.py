"""The time-zone names people write, as data: abbreviations and their readings, the
ambiguous ones' other readings, place names the IANA zone names and the country names
don't cover, and
each country's usual zone.

Why: this table is ours on purpose (the IANA data has no abbreviation index and shows "-03" for
Brazil; dateparser reads IST as Israel and BST as +11); kept apart from the code that
finds a zone in a text (zonefind.py) so that adding a name touches only this file.
"""

from __future__ import annotations

import re
from typing import Dict, Tuple

# Abbreviation -> (IANA zone, what to call it when it's worth saying, or "").
# Ambiguous ones have "alternatives": (regex on the folded text, zone, label).
ABBREVIATIONS: Dict[str, Tuple[str, str]] = {
    "UTC": ("UTC", ""),
    "GMT": ("UTC", ""),
    "IST": ("Asia/Kolkata", "India Standard Time"),
    "EST": ("America/New_York", ""),
    "EDT": ("America/New_York", ""),
    "ET": ("America/New_York", ""),
    "CST": ("America/Chicago", "US Central Time"),
    "CDT": ("America/Chicago", ""),
    "CT": ("America/Chicago", ""),
    "MST": ("America/Denver", ""),
    "MDT": ("America/Denver", ""),
    "MT": ("America/Denver", ""),
    "PST": ("America/Los_Angeles", "US Pacific Time"),
    "PDT": ("America/Los_Angeles", ""),
    "PT": ("America/Los_Angeles", ""),
    "AKST": ("America/Anchorage", ""),
    "AKDT": ("America/Anchorage", ""),
    "HST": ("Pacific/Honolulu", ""),
    "AST": ("America/Puerto_Rico", "Atlantic Standard Time"),
    "ADT": ("America/Halifax", ""),
    "BRT": ("America/Sao_Paulo", ""),
    "BRST": ("America/Sao_Paulo", ""),
    "ART": ("America/Argentina/Buenos_Aires", ""),
    "CLT": ("America/Santiago", ""),
    "CLST": ("America/Santiago", ""),
    "COT": ("America/Bogota", ""),
    "PET": ("America/Lima", ""),
    "VET": ("America/Caracas", ""),
    "BOT": ("America/La_Paz", ""),
    "UYT": ("America/Montevideo", ""),
    "PYT": ("America/Asuncion", ""),
    "ECT": ("America/Guayaquil", ""),
    "BST": ("Europe/London", "UK time"),
    "WET": ("Europe/Lisbon", ""),
    "WEST": ("Europe/Lisbon", ""),
    "CET": ("Europe/Berlin", ""),
    "CEST": ("Europe/Berlin", ""),
    "MSK": ("Europe/Moscow", ""),
    "WAT": ("Africa/Lagos", ""),
    "CAT": ("Africa/Maputo", ""),
    "EAT": ("Africa/Nairobi", ""),
    "SAST": ("Africa/Johannesburg", ""),
    "GST": ("Asia/Dubai", ""),
    "PKT": ("Asia/Karachi", ""),
    "NPT": ("Asia/Kathmandu", ""),
    "WIB": ("Asia/Jakarta", ""),
    "WITA": ("Asia/Makassar", ""),
    "WIT": ("Asia/Jayapura", ""),
    "ICT": ("Asia/Bangkok", ""),
    "SGT": ("Asia/Singapore", ""),
    "MYT": ("Asia/Kuala_Lumpur", ""),
    "HKT": ("Asia/Hong_Kong", ""),
    "PHT": ("Asia/Manila", ""),
    "JST": ("Asia/Tokyo", ""),
    "KST": ("Asia/Seoul", ""),
    "AEST": ("Australia/Sydney", ""),
    "AEDT": ("Australia/Sydney", ""),
    "ACST": ("Australia/Adelaide", ""),
    "ACDT": ("Australia/Adelaide", ""),
    "AWST": ("Australia/Perth", ""),
    "NZST": ("Pacific/Auckland", ""),
    "NZDT": ("Pacific/Auckland", ""),
}

ALTERNATIVES: Dict[str, Tuple[Tuple[str, str, str], ...]] = {
    "CST": (
        (r"\b(?:mexico|mexican[oa]?|cdmx)\b", "America/Mexico_City", "Mexico City time"),
        (r"\b(?:china|chinese|chin[oa]|beijing|shanghai|pequim|pekin)\b", "Asia/Shanghai", "China Standard Time"),
    ),
    "IST": (
        (r"\b(?:israel|jerusalem|tel aviv)\b", "Asia/Jerusalem", "Israel Standard Time"),
        (r"\b(?:ireland|irlanda|dublin)\b", "Europe/Dublin", "Irish time"),
    ),
    "BST": ((r"\b(?:bangladesh|dhaka|daca)\b", "Asia/Dhaka", "Bangladesh Standard Time"),),
    "PST": ((r"\b(?:philippines?|filipinas|manila|pinoy)\b", "Asia/Manila", "Philippine Standard Time"),),
    "AST": ((r"\b(?:saudi|arabia|riyadh|ksa|kuwait|qatar|bahrain|iraq)\b", "Asia/Riyadh", "Arabia Standard Time"),),
}

# Read only when written in capitals: they are also words ("art", "pet", "west").
UPPER_ONLY = {
    "ET",
    "CT",
    "MT",
    "PT",
    "ART",
    "COT",
    "PET",
    "VET",
    "BOT",
    "ECT",
    "WET",
    "WEST",
    "WAT",
    "CAT",
    "EAT",
    "WIT",
    "ICT",
    "AST",
    "GST",
    "MYT",
}

# Places people name that the IANA zone names and the country names don't cover.
PLACE_ALIASES: Dict[str, str] = {
    "brasilia": "America/Sao_Paulo",
    "rio": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo",
    "cdmx": "America/Mexico_City",
    "ciudad de mexico": "America/Mexico_City",
    "cidade do mexico": "America/Mexico_City",
    "mexico df": "America/Mexico_City",
    "nueva york": "America/New_York",
    "nova york": "America/New_York",
    "nova iorque": "America/New_York",
    "londres": "Europe/London",
    "lisboa": "Europe/Lisbon",
    "eastern": "America/New_York",
    "east coast": "America/New_York",
    "us eastern": "America/New_York",
    "central": "America/Chicago",
    "us central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
    "west coast": "America/Los_Angeles",
    "us pacific": "America/Los_Angeles",
    "mumbai": "Asia/Kolkata",
    "bombay": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "chennai": "Asia/Kolkata",
    "calcutta": "Asia/Kolkata",
    "hyderabad": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "pequim": "Asia/Shanghai",
    "pekin": "Asia/Shanghai",
}

# The zone a country's time usually means, where zone.tab lists another zone first.
MAIN_ZONE: Dict[str, str] = {
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "AU": "Australia/Sydney",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "US": "America/New_York",
}

# IANA zone names that are words, not places people tell time by.
NOT_CITIES = {
    "easter",
    "christmas",
    "center",
    "troll",
    "casey",
    "davis",
    "palmer",
    "mawson",
    "vostok",
    "macquarie",
    "syowa",
    "rothera",
    "mcmurdo",
    "dumontdurville",
    "new salem",
    "beulah",
    "knox",
    "marengo",
    "vevay",
    "tell city",
    "winamac",
    "petersburg",
    "vincennes",
    "monticello",
    "general",
    "south",
    "north",
    "west",
    "east",
    "central",
}

ARTICLES = re.compile(r"^(?:the|la|el|los|las|o|a|os|as)\s+")

# Babel's locale for each language, for city names (zones.city_name).
BABEL_LOCALES = {"en": "en", "es": "es", "pt": "pt_BR"}
