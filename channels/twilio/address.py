"""Twilio's form of a WhatsApp address: ``whatsapp:+14155238886``.

Why: Twilio tells WhatsApp from SMS by that prefix, in From and To alike;
settings and buttons may hold a bare number.
"""

from typing import Optional, Text


def with_whatsapp_prefix(number: Optional[Text]) -> Optional[Text]:
    """``+1415...`` or ``1415...`` as ``whatsapp:+1415...``; None and "" unchanged."""
    if not number:
        return number
    number = number.strip()
    if number.startswith("whatsapp:"):
        return number
    if not number.startswith("+") and number.isdigit():
        number = "+" + number
    return "whatsapp:" + number
