"""A user of the WhatsApp Business *app* (on a phone), not of the API.

Why: Tickfix's causes and fixes are the Business Platform's (templates, error codes, the
24-hour window, tokens). Someone who says "I use the WhatsApp Business app on my phone, no API"
is told once what the app's own signs mean, and that API steps may not apply to them.
"""

from __future__ import annotations

import re

from ..text import fold

_APP_USER = re.compile(
    r"\b(?:(?:the |whatsapp )?business app|app (?:de |do |da )?whatsapp business|whatsapp business app|"
    r"whatsapp business (?:en el|no|on (?:my|the|our)) (?:celu\w*|cel|telefono|movil|phone|mobile)|"
    r"(?:not|no|without|sin|sem|nada de|ni) (?:the |any |la |a )?api(?: stuff| ni nada)?\b|"
    r"(?:dont|don't|do not) use (?:the |any )?api|no (?:uso|usamos) (?:la |ninguna )?api|"
    r"(?:nao|não) (?:uso|usamos) (?:a |nenhuma )?api)"
)


def says_business_app(text: str) -> bool:
    """Does the text say the messages go out from the WhatsApp Business app, not the API?"""
    return bool(_APP_USER.search(fold(text or "")[:1000]))
