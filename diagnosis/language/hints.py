"""The language a channel's hints suggest, before the user has written anything telling.

Why: a WhatsApp number from Brazil or a browser set to es-MX says more than nothing
when the first message is only a pasted English error. It is a hint: the user's own
words win (detect.py).
"""

from __future__ import annotations

from typing import Optional

from .catalogue import LANGS

# ISO 3166 countries where most people write Spanish or Portuguese.
SPANISH_COUNTRIES = frozenset("AR BO CL CO CR CU DO EC ES GQ GT HN MX NI PA PE PR PY SV UY VE".split())
PORTUGUESE_COUNTRIES = frozenset("AO BR CV GW MZ PT ST TL".split())


def language_hint(locale: Optional[str] = None, country: Optional[str] = None) -> Optional[str]:
    """'es'/'pt'/'en' from a locale ("pt-BR", "es_MX", "en") or a country code; None if neither says."""
    if isinstance(locale, str) and locale:
        code = locale.strip().replace("_", "-").split("-")[0].lower()
        if code in LANGS:
            return code
    if isinstance(country, str) and country:
        upper = country.strip().upper()
        if upper in SPANISH_COUNTRIES:
            return "es"
        if upper in PORTUGUESE_COUNTRIES:
            return "pt"
    return None


def language_of(context: object) -> str:
    """The reply language an answer context names ("es", "pt-BR", "es_MX" -> es/pt); en by default."""
    value = context.get("language") if isinstance(context, dict) else None
    code = str(value or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGS else "en"
