"""Typed answers to choice questions: "aprobada", "it says approved", "2" -> a choice id.

How a text is matched, first rule that decides wins:
1. the whole (folded) text is a choice's id, title or synonym;
2. the text is a button position ("2", "option 2", "la 2", "#2"), unless the question
   says positional: false (the messaging tier's choices are numbers themselves);
3. synonyms found inside the text as whole words: the longest match wins, so
   "not approved" beats "approved" and "no sé" beats "no"; two different choices
   matched by equally long synonyms is ambiguous, and not understood;
4. a short text close to a synonym (a typo: "aproved", "rejectd").
"""
from __future__ import annotations

import difflib
import re
from typing import Dict, List, Optional, Tuple

from .catalogue import Choice, Question
from .result import Answer, not_understood
from .textnorm import MAX_ANSWER_CHARS, as_text, contains_phrase, fold

_POSITION = re.compile(
    r"^(?:(?:option|opcion|opcao|number|numero|no|n|nr|the|la|el|a|o|#)\s*)?(\d{1,2})(?:\s*(?:st|nd|rd|th|a|o))?$"
)


def _index(question: Question) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for c in question.options:
        for s in c.all_synonyms():
            key = fold(s)
            if key:
                out.setdefault(key, c.id)
    return out


def match_choice(question: Question, text: str) -> Optional[Choice]:
    """The choice a typed answer means, or None."""
    raw = as_text(text)
    if not raw or len(raw) > MAX_ANSWER_CHARS:
        return None
    folded = fold(raw.replace("#", " # ")) if "#" in raw else fold(raw)
    if not folded:
        return None
    index = _index(question)

    # 1. exact
    if folded in index:
        return question.choice(index[folded])

    # 2. position of the button
    if question.positional:
        m = _POSITION.match(folded.replace(" # ", "#").replace("# ", "#"))
        if m:
            n = int(m.group(1))
            if 1 <= n <= len(question.options):
                return question.options[n - 1]
            return None

    # 3. synonyms inside the text, longest wins
    best_len = 0
    best: List[str] = []
    for key, cid in index.items():
        if contains_phrase(folded, key):
            if len(key) > best_len:
                best_len, best = len(key), [cid]
            elif len(key) == best_len and cid not in best:
                best.append(cid)
    if best:
        return question.choice(best[0]) if len(best) == 1 else None

    # 4. a typo in a short answer
    if len(folded.split()) <= 3:
        close = difflib.get_close_matches(folded, list(index), n=2, cutoff=0.84)
        cids = {index[c] for c in close}
        if len(cids) == 1:
            return question.choice(cids.pop())
    return None


def options_text(question: Question) -> str:
    parts = [f"{i}) {title}" for i, (_, title) in enumerate(question.choices, 1)]
    return ", ".join(parts)


def reask_for(question: Question) -> str:
    if question.positional:
        return (f"Sorry, I didn't catch that. Please pick one: {options_text(question)} "
                "(tap a button or type its number).")
    titles = ", ".join(t for _, t in question.choices)
    return f"Sorry, I didn't catch that. Please pick one: {titles}."


def answer_choice(question: Question, text: str) -> Answer:
    choice = match_choice(question, text)
    if choice is None:
        return not_understood(reask_for(question))
    extra = {}
    if choice.points_to:
        extra["points_to"] = choice.points_to
    return Answer(ok=True, value=choice.id, finding=choice.advice, extra=extra)


def choice_pairs(question: Question) -> List[Tuple[str, str]]:
    return question.choices
