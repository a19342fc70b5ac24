"""Masking for logs: phone numbers shortened, secrets removed.

Why: logs travel further than the database (log shippers, screenshots in
tickets), and provider error texts quote the user's number back to us.
"""

import re
from typing import Any, Iterable, Optional, Text

_LONG_DIGITS = re.compile(r"\+?\d{7,16}")


def mask_id(value: Any) -> Text:
    """Mask a phone number or user id for logs: 919812345610 -> 9198******10."""
    text = str(value or "")
    prefix = ""
    for known in ("whatsapp:", "+"):  # in this order: "whatsapp:+1415..."
        if text.startswith(known):
            prefix += known
            text = text[len(known) :]
    n = len(text)
    if n == 0:
        return prefix
    if n <= 4:
        return prefix + "*" * n
    if n <= 8:
        return prefix + text[:2] + "*" * (n - 4) + text[-2:]
    return prefix + text[:4] + "*" * (n - 6) + text[-2:]


def scrub(text: Any, secrets: Iterable[Optional[Text]] = ()) -> Text:
    """Remove secrets and mask long digit runs (phone numbers) in a log text."""
    out = str(text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            out = out.replace(secret, "***")
    return _LONG_DIGITS.sub(lambda m: mask_id(m.group(0)), out)
