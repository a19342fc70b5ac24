"""Focus: which part of a long text is read.

Why: people paste megabytes of log. Scoring all of it would be slow and would let
thousands of unrelated lines outvote the one error line, so a long text is cut to
its start and end plus windows around error words ("error", "failed", "code",
"template"...), the strongest of those words first, up to a size per use.
"""

from __future__ import annotations

from typing import List, Tuple

from ..wordlists import FOCUS_STRONG, FOCUS_WORDS

MAX_WORD_TEXT = 24000  # characters of text scored for words
MAX_DETAILS_TEXT = 20000  # characters of text read for details (template, language...)
MAX_CODE_TEXT = 400000  # characters scanned for codes


def focus(text: str, limit: int) -> str:
    """The parts of a long text that matter: its start and end plus windows around error words.

    Plain `str.find` per word keeps this linear and fast on megabytes of log.
    """
    if len(text) <= limit:
        return text
    low = text.lower()
    hits: List[Tuple[int, int]] = []  # (priority, position): error words first
    for w in FOCUS_WORDS:
        prio = 0 if w in FOCUS_STRONG else 1
        pos = low.find(w, 2000)
        count = 0
        while pos >= 0 and count < 60:
            hits.append((prio, pos))
            count += 1
            pos = low.find(w, pos + 600)
    hits.sort()
    windows: List[Tuple[int, int]] = [(0, 2000), (max(2000, len(text) - 1500), len(text))]
    size = sum(b - a for a, b in windows)
    for _, h in hits:
        if size >= limit:
            break
        a, b = max(0, h - 300), min(len(text), h + 300)
        if any(x <= h < y for x, y in windows):
            continue
        windows.append((a, b))
        size += b - a
    windows.sort()
    parts: List[str] = []
    last = 0
    for a, b in windows:
        a = max(a, last)
        if b > a:
            parts.append(text[a:b])
            last = b
    return "\n".join(parts)
