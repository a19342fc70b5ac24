"""Fitting text into the providers' length limits.

Why: WhatsApp and Twilio reject a message, a button title or a list row that
is too long, instead of cutting it; a long diagnosis must still arrive whole,
split where a person would split it.
"""

from typing import List, Sequence, Text


def truncate(text: Text, limit: int) -> Text:
    """Cut to ``limit`` characters, marking the cut with an ellipsis."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    if limit <= 1:
        return text[:limit]
    return text[: limit - 1].rstrip() + "\u2026"


def unique_labels(labels: Sequence[Text], limit: int) -> List[Text]:
    """Truncate labels to ``limit`` and make them unique (providers require it)."""
    result: List[Text] = []
    seen = set()
    for label in labels:
        candidate = truncate(label, limit) or "-"
        n = 2
        while candidate.casefold() in seen:
            suffix = f" ({n})"
            candidate = truncate(label, max(1, limit - len(suffix))) + suffix
            n += 1
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def split_text(text: Text, limit: int) -> List[Text]:
    """Split text into chunks of at most ``limit`` characters.

    Prefers paragraph breaks, then line breaks, then sentence ends, then
    spaces, as long as the chunk stays at least half full; cuts hard otherwise.
    """
    text = (text or "").strip()
    chunks: List[Text] = []
    while len(text) > limit:
        cut, skip = limit, 0
        for sep, keep in (("\n\n", 0), ("\n", 0), (". ", 1), (" ", 0)):
            i = text.rfind(sep, 0, limit - keep + 1)
            if i >= limit // 2:
                cut, skip = i + keep, len(sep) - keep
                break
        chunk = text[:cut].rstrip()
        if chunk:
            chunks.append(chunk)
        text = text[cut + skip :].lstrip()
    if text:
        chunks.append(text)
    return chunks
