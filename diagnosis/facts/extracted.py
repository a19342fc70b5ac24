"""Facts the extractors read: a file's size against its media type's limit, a status.

Why: a 20 MB video is over WhatsApp's limit whatever the text calls it, and a webhook
whose only status is `sent` is a message still waiting for delivery. The limits are
platform facts (knowledge_base/platform.yaml).
"""

from __future__ import annotations

import re

from ..platform import platform
from ..result import Extracted
from ..text import unaccent_lower
from ..wordlists import ANIMATED_WORDS
from .folding import Add

# Each media type's largest file (platform.yaml); a sticker's is the static one unless the
# text says it is animated.
MEDIA = platform().media
# A file whose type the text does not say is judged against the limit of video and audio.
UNTYPED_LIMIT = MEDIA["video"].max_bytes
_ANIMATED_RE = re.compile(r"\b(?:" + "|".join(ANIMATED_WORDS) + r")\b")
# Words that make a size a bound or a limit rather than the size of the file sent.
_SIZE_BOUND_RE = re.compile(
    r"\b(?:limits?|limites?|limite|max\w*|more than|more then|greater|bigger|larger|heavier|over|above|exceed\w*|up to|"
    r"mais de|mas de|maior|mayor|acima|supera\w*|excede\w*|hasta|ate)\b"
)


def size_evidence(ext: Extracted, add: Add, text: str = "") -> None:
    """A file bigger than the limit of its media type points to media_too_large; one
    within the limit of the type the text names rules it out."""
    if not ext.file_sizes:
        return
    biggest = max(ext.file_sizes)
    animated = "sticker" in ext.media_types and bool(_ANIMATED_RE.search(unaccent_lower(text[:6000])))
    limits = [MEDIA[k].limit(animated) for k in ext.media_types if k in MEDIA]
    limit = min(limits) if limits else UNTYPED_LIMIT
    if biggest > limit:
        # above the limit of the media type the text names: Meta's own number, near-certain
        add("media_too_large", 3.0 if limits else 2.2)
    elif limits and not _SIZE_BOUND_RE.search(unaccent_lower(text[:6000])):
        # "a 2 MB mp4 fails": within its type's limit, so not too large; the file itself
        # (its format or codec) is the likelier trouble. Not when the size is a bound
        # ("more than 14MB", "limit 15MB"): that says nothing of the file sent.
        add("media_too_large", -2.5)
        add("media_error", 0.6)


_INVALID_CONTACT_RE = re.compile(r"status\W{0,4}invalid\b", re.I)
# "Template status invalid" / "status do modelo" is about a template, not a contact.
_TEMPLATE_BEFORE_RE = re.compile(r"(?:templat|plantill|modelo)\w*\W+(?:\w+\W+)?$", re.I)


def _invalid_contact(text: str) -> bool:
    """A contacts check answered `status: invalid` (the number has no WhatsApp)."""
    for m in _INVALID_CONTACT_RE.finditer(text):
        if not _TEMPLATE_BEFORE_RE.search(text[max(0, m.start() - 40) : m.start()]):
            return True
    return False


# A status written in a log or callback line: "MessageStatus=sent", "status: sent".
_TEXT_STATUS_RE = re.compile(r"\b(?:message|sms)?status\W{0,3}(sent|failed|undelivered|delivered|read|error)\b", re.I)


def status_evidence(ext: Extracted, has_codes: bool, text: str, add: Add) -> None:
    """Webhook/contacts statuses: `sent` alone is pending, contact `invalid` has no WhatsApp."""
    st = set(ext.statuses)
    if not st:
        st = {m.group(1).lower() for m in _TEXT_STATUS_RE.finditer(text[:20000])}
    final = {"failed", "undelivered", "delivered", "read", "error"}
    if "sent" in st and not has_codes and not (st & final):
        add("pending_delivery", 3.0)
    if not has_codes and ("invalid" in st or _invalid_contact(text)):
        add("not_on_whatsapp", 2.5)
    if "no_whatsapp" in st:
        # a number check answered "exists": false: that is why the request failed, whatever
        # its HTTP status ("400 Bad Request" is the wrapping, not the cause)
        add("not_on_whatsapp", 3.0)
        add("invalid_request", -3.5)
