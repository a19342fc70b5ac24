"""What every fact reader shares: the `add` callback's type, the folded text, and the
reader made of one pattern.

Why: `word_facts` folds the text once and hands it to every reader; each reader
folds it itself when called alone (tests, the pipeline's extracted facts). Most readers
are one pattern and what its match adds to or takes from causes: `WordFact` is that,
once, so each module only states its patterns and weights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple

from ..text import unaccent_lower

Add = Callable[[str, float], None]


def folded(text: str, low: Optional[str]) -> str:
    """The folded start of the text (computed once by `word_facts`)."""
    return low if low is not None else unaccent_lower(text[:6000])


@dataclass(frozen=True)
class WordFact:
    """A pattern of the folded text and what a match adds to (or takes from) each cause."""

    pattern: "re.Pattern[str]"
    weights: Dict[str, float]
    # word parts one of which any match holds: a text without them skips the pattern (speed)
    needs: Tuple[str, ...] = ()

    def __call__(self, text: str, add: Add, low: Optional[str] = None) -> None:
        low = folded(text, low)
        if self.needs and not any(n in low for n in self.needs):
            return
        if self.pattern.search(low):
            for cause, amount in self.weights.items():
                add(cause, amount)
