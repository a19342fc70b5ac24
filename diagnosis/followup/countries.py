"""Country answers: "India", "México", "Brasil", "España", "US", "+91" -> ISO region code.

Country names in English, Spanish and Portuguese come from phonenumbers' own locale
data (the same library that checks the numbers), plus the everyday aliases people type
("USA", "UK", "EEUU", "EUA", "Emirates").

The language helpers the answer parsers share live here too, next to the per-language
country names: `language_of(context)` (the reply language an answer is written in) and
`show_number(text, lang)` (a number as that language writes it: 1,200.5 / 1.200,5).
"""

from __future__ import annotations

import re
import threading
from typing import Dict, Optional

import phonenumbers
from babel.numbers import format_decimal
from phonenumbers.geodata.locale import LOCALE_DATA

from ..text import as_text, contains_phrase, fold

ALIASES: Dict[str, str] = {
    "usa": "US",
    "us": "US",
    "u s": "US",
    "u s a": "US",
    "united states of america": "US",
    "america": "US",
    "the us": "US",
    "the states": "US",
    "eeuu": "US",
    "ee uu": "US",
    "estados unidos de america": "US",
    "eua": "US",
    "uk": "GB",
    "u k": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "britain": "GB",
    "great britain": "GB",
    "inglaterra": "GB",
    "gran bretana": "GB",
    "gra bretanha": "GB",
    "uae": "AE",
    "emirates": "AE",
    "the emirates": "AE",
    "dubai": "AE",
    "emiratos": "AE",
    "emirados": "AE",
    "holland": "NL",
    "the netherlands": "NL",
    "paises bajos": "NL",
    "mejico": "MX",
    "turkiye": "TR",
    "korea": "KR",
    "corea": "KR",
    "coreia": "KR",
    "ivory coast": "CI",
    "czechia": "CZ",
    "viet nam": "VN",
    "brasil": "BR",
    "brazil": "BR",
    "peru": "PE",
    "eswatini": "SZ",
    "north macedonia": "MK",
    "burma": "MM",
    "ksa": "SA",
    "saudi": "SA",
    "saudi arabia": "SA",
    "arabia saudita": "SA",
    "arabia saudi": "SA",
}

# Two letters that are words in the languages we read, not country codes, when typed
# in lowercase as the whole answer ("no" is Norway only as "NO").
_NOT_CODES = {"no", "si", "se", "de", "la", "el", "em", "na", "do", "da", "me", "mi", "tu", "te"}

_lock = threading.Lock()
_names: Optional[Dict[str, str]] = None


def _display_name(region: str, lang: str) -> str:
    name = LOCALE_DATA.get(region, {}).get(lang, "")
    if name.startswith("*"):
        name = LOCALE_DATA.get(region, {}).get(name[1:], "")
    return name


def _name_index() -> Dict[str, str]:
    global _names
    if _names is None:
        with _lock:
            if _names is None:
                names: Dict[str, str] = {}
                for region in sorted(phonenumbers.SUPPORTED_REGIONS):
                    for lang in ("en", "es", "pt"):
                        name = _display_name(region, lang)
                        if name:
                            # "Mianmar [Birmânia]" -> both parts
                            for part in re.split(r"[\[\]()]", name):
                                key = fold(part)
                                if len(key) >= 3:
                                    names.setdefault(key, region)
                for alias, region in ALIASES.items():
                    names[fold(alias)] = region
                _names = names
    return _names


# The number conventions each reply language follows (pt is Brazilian Portuguese).
NUMBER_LOCALES = {"en": "en_US", "es": "es", "pt": "pt_BR"}


def show_number(english: str, lang: Optional[str]) -> str:
    """A number written the English way ("1,200", "4.5", "0.17") as `lang` writes it.

    English text is returned as is, so English replies stay exactly as they were."""
    locale = NUMBER_LOCALES.get(lang or "en")
    if locale is None or lang == "en":
        return english
    text = english.strip()
    if not re.fullmatch(r"-?\d{1,3}(?:,\d{3})*(?:\.\d+)?|-?\d+(?:\.\d+)?", text):
        return english
    decimals = len(text.split(".")[1]) if "." in text else 0
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(float(text.replace(",", "")), format=pattern, locale=locale)


def country_name(region: Optional[str], lang: str = "en") -> str:
    """'IN' -> 'India' (the code itself when unknown)."""
    if not region:
        return ""
    return _display_name(region, lang) or _display_name(region, "en") or region


def parse_country(text: object) -> Optional[str]:
    """The ISO 3166 region code a typed answer names, or None. Never raises."""
    if not isinstance(text, str):
        return None
    try:
        return _parse_country(as_text(text))
    except Exception:
        return None


def _parse_country(raw: str) -> Optional[str]:
    if not raw or len(raw) > 80:
        return None
    stripped = raw.strip().strip(".!?")
    # a calling code: "+91", "91", "0052"
    m = re.fullmatch(r"\(?\s*(?:\+|00)?\s*(\d{1,3})\s*\)?", stripped)
    if m:
        region = phonenumbers.region_code_for_country_code(int(m.group(1)))
        return None if region in (None, "ZZ", "001") else region
    # an ISO code: "IN", "mx", "BR"
    if re.fullmatch(r"[A-Za-z]{2}", stripped):
        code = stripped.upper()
        if code in phonenumbers.SUPPORTED_REGIONS and not (stripped.islower() and stripped in _NOT_CODES):
            return code
        if code == "UK":
            return "GB"
    folded = fold(stripped)
    if not folded:
        return None
    names = _name_index()
    if folded in names:
        return names[folded]
    # inside a sentence: "it's from India", "es de México", "é do Brasil"
    best, best_len = None, 0
    for key, region in names.items():
        if len(key) > best_len and contains_phrase(folded, key):
            best, best_len = region, len(key)
    if best:
        return best
    # an ISO code inside a short sentence: "country IN", "it's MX"
    for token in re.findall(r"\b[A-Z]{2}\b", stripped):
        if token in phonenumbers.SUPPORTED_REGIONS:
            return token
    return None
