"""Phone numbers masked for logs.

Why: the conversation id of a WhatsApp user is their phone number, and logs travel
further than the database. Same rule as channels/masking.py, repeated here because
the action server's image holds neither Rasa nor the channels package.
"""

import re
from typing import Any, Iterable, Optional

_LONG_DIGITS = re.compile(r"\+?\d{7,16}")


def mask_id(value: Any) -> str:
    """919812345610 -> 9198******10; "whatsapp:+1415..." keeps its prefix."""
    text = str(value or "")
    prefix = ""
    for known in ("whatsapp:", "+"):
        if text.startswith(known):
            prefix += known
            text = text[len(known):]
    n = len(text)
    if n == 0:
        return prefix
    if n <= 4:
        return prefix + "*" * n
    if n <= 8:
        return prefix + text[:2] + "*" * (n - 4) + text[-2:]
    return prefix + text[:4] + "*" * (n - 6) + text[-2:]


def scrub(text: Any, secrets: Iterable[Optional[str]] = ()) -> str:
    """Remove secrets and mask long digit runs (phone numbers) in a log text."""
    out = str(text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            out = out.replace(secret, "***")
    return _LONG_DIGITS.sub(lambda m: mask_id(m.group(0)), out)
