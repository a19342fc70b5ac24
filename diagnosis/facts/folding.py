"""What every fact reader shares: the `add` callback's type and the folded text.

Why: `word_facts` folds the text once and hands it to every reader; each reader
folds it itself when called alone (tests, the pipeline's extracted facts).
"""

from __future__ import annotations

from typing import Callable, Optional

from ..text import unaccent_lower

Add = Callable[[str, float], None]


def folded(text: str, low: Optional[str]) -> str:
    """The folded start of the text (computed once by `word_facts`)."""
    return low if low is not None else unaccent_lower(text[:6000])
