"""The properties checked on every pool turn: silent, too many messages, a question a
third time in a row, a reply in another language, a cause concluded from a question.

Why: the checks are pure functions of a transcript, so tests/dialogue/ can prove what
they flag and what they must not, without servers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .play import Turn

MAX_MESSAGES = 3
MIN_JUDGED_WORDS = 5
LANG_MARGIN = 0.3
PROPERTIES = ("silent", "too_many", "repeat", "language", "cause")

_SENTENCE = re.compile(r"[^.!?\n]*\?")


def question_sentences(text: str) -> List[str]:
    """The sentences of a bot message that end in '?', normalized for comparison."""
    out = []
    for raw in _SENTENCE.findall(text or ""):
        norm = re.sub(r"[¿*_]", "", raw).casefold()
        norm = " ".join(norm.split())
        if len(norm) > 1:
            out.append(norm)
    return out


def turn_questions(replies: Sequence[dict]) -> set:
    found = set()
    for message in replies:
        found.update(question_sentences(message.get("text") or ""))
    return found


def judged_texts(replies: Sequence[dict]) -> List[str]:
    """What the language check reads: each message's text, and all button titles as one."""
    texts = [m.get("text") or "" for m in replies]
    titles = [b.get("title", "") for m in replies for b in (m.get("buttons") or [])]
    if titles:
        texts.append(" . ".join(titles))
    return [t for t in texts if t.strip()]


def default_scorer(text: str) -> Dict[str, float]:
    from diagnosis.language.detect import scores

    return scores(text)


def _own_word_count(text: str) -> int:
    from diagnosis.language.detect import own_words

    return len(own_words(text).split())


def wrong_language(
    text: str,
    expected: str,
    scorer: Callable[[str], Dict[str, float]] = default_scorer,
    min_words: int = MIN_JUDGED_WORDS,
    margin: float = LANG_MARGIN,
) -> Optional[str]:
    """The language `text` is in, when it is clearly not `expected`; None otherwise
    (right language, or too few words to judge)."""
    if _own_word_count(text) < min_words:
        return None
    found = scorer(text)
    if not found:
        return None
    best = max(found, key=found.get)
    if best != expected and found[best] - found.get(expected, 0.0) >= margin:
        return best
    return None


@dataclass
class Violation:
    prop: str
    turn: int  # index in the conversation's turns
    detail: str


def check_conversation(
    turns: Sequence[Turn],
    cause_before: Optional[str] = None,
    cause_after: Optional[str] = None,
    item: str = "",
    scorer: Callable[[str], Dict[str, float]] = default_scorer,
) -> Tuple[Dict[str, int], List[Violation]]:
    """Check every pool turn. Returns (turns checked per property, violations)."""
    checked: Dict[str, int] = defaultdict(int)
    found: List[Violation] = []
    questions = [turn_questions(t.replies) for t in turns]
    for i, turn in enumerate(turns):
        if not turn.pool:
            continue
        n = len(turn.replies)
        checked["silent"] += 1
        if n == 0:
            found.append(Violation("silent", i, "no message"))
        checked["too_many"] += 1
        if n > MAX_MESSAGES:
            found.append(Violation("too_many", i, f"{n} messages"))
        checked["repeat"] += 1
        if i >= 2:
            same_text = questions[i] & questions[i - 1] & questions[i - 2]
            same_id = set(turn.asked) & set(turns[i - 1].asked) & set(turns[i - 2].asked)
            if same_text:
                found.append(Violation("repeat", i, f"3rd time in a row: {sorted(same_text)[0]!r}"))
            elif same_id:
                found.append(Violation("repeat", i, f"question id asked 3 turns in a row: {sorted(same_id)[0]}"))
        judged = False
        for text in judged_texts(turn.replies):
            if _own_word_count(text) < MIN_JUDGED_WORDS:
                continue
            judged = True
            other = wrong_language(text, turn.expected_lang, scorer)
            if other:
                found.append(
                    Violation("language", i, f"expected {turn.expected_lang}, reads as {other}: {short(text)!r}")
                )
                break
        if judged:
            checked["language"] += 1
    if item == "question":
        checked["cause"] += 1
        if cause_after != cause_before:
            last = max(i for i, t in enumerate(turns) if t.pool)
            found.append(Violation("cause", last, f"cause {cause_before!r} -> {cause_after!r}"))
    return dict(checked), found


def short(text: str, width: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"
