"""HMAC-SHA256 signatures of the exact body bytes.

Why: the receiving endpoint is public; the signature lets it reject notifications
that did not come from this Tickfix. It is computed over the bytes sent, never over a
re-serialised dict, so the receiver verifies exactly what it read from the wire.
"""

import hashlib
import hmac
from typing import Optional

SIGNATURE_HEADER = "X-Tickfix-Signature"
_PREFIX = "sha256="


def sign(body: bytes, secret: str) -> str:
    """The header value: ``sha256=<hex>``."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return _PREFIX + digest


def verify(body: bytes, header: Optional[str], secret: str) -> bool:
    """What a receiver does: recompute and compare in constant time."""
    if not header or not header.startswith(_PREFIX):
        return False
    return hmac.compare_digest(sign(body, secret), header)
