"""What kind of conversational turn a short message is: yes, no, "it's fixed", thanks...

Why: the NLU model guesses intents from examples and misreads negations ("não
resolveu" as yes) and closes ("ok thanks" as an answer). People say these things
in a small number of ways; the phrases are data (knowledge_base/turns.yaml) and this
reader is exact: the longest phrase found decides, and a message whose words are
mostly not such phrases is not read at all (it is left to the NLU and the diagnosis).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from ..text import fold
from ..wordlists import DOMAIN_WORDS

TURNS_FILE = Path(__file__).resolve().parent.parent / "knowledge_base" / "turns.yaml"

# Words that carry nothing on their own: "ok so it worked" is still "it worked".
FILLER = frozenset(
    """ok okay so well but and it that this the just now please pls then e y o ja ya
    um uh hmm oh ah yes sim si no nao i we want to need can could me let a an um uma una un
    quiero quero necesito preciso con com with""".split()
)
# How much of a message (in words) may be left unexplained by the phrases found.
MAX_UNEXPLAINED_SHARE = 0.34


@dataclass(frozen=True)
class Turn:
    """The kind (an intent of domain.yml), the phrase that decided it, and the
    languages that say it that way ("hola": es; "ok": en, es, pt)."""

    kind: str
    phrase: str
    langs: Tuple[str, ...] = ()


@dataclass(frozen=True)
class TurnPhrases:
    max_words: int
    # (folded phrase, kind), longest phrase first; order of kinds breaks ties.
    phrases: Tuple[Tuple[str, str], ...]
    # folded phrase -> the languages whose lists hold it
    langs: Dict[str, Tuple[str, ...]]
    question_starts: Tuple[str, ...]
    question_reports: Tuple[str, ...]


def _load(path: Path = TURNS_FILE) -> TurnPhrases:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    order: List[Tuple[int, int, str, str]] = []
    langs: Dict[str, set] = {}
    for rank, (kind, by_lang) in enumerate(data["kinds"].items()):
        for lang, phrases in by_lang.items():
            for phrase in phrases:
                folded = fold(str(phrase))
                if folded:
                    order.append((-len(folded), rank, folded, kind))
                    langs.setdefault(folded, set()).add(lang)
    order.sort()
    seen: Dict[str, str] = {}
    phrases = []
    for _, _, folded, kind in order:
        if folded not in seen:  # the same words in two kinds: the earlier kind wins
            seen[folded] = kind
            phrases.append((folded, kind))
    q = data["questions"]
    starts = tuple(sorted({fold(s) for v in q["starts"].values() for s in v}, key=len, reverse=True))
    reports = tuple({fold(s) for v in q["reports"].values() for s in v})
    return TurnPhrases(
        int(data["max_words"]), tuple(phrases), {k: tuple(sorted(v)) for k, v in langs.items()}, starts, reports
    )


_lock = threading.Lock()
_cached: Optional[TurnPhrases] = None


def turn_phrases() -> TurnPhrases:
    global _cached
    if _cached is None:
        with _lock:
            if _cached is None:
                _cached = _load()
    return _cached


def _find(words: List[str], phrase: str) -> int:
    """Index where `phrase` (folded words) starts in `words`, or -1."""
    parts = phrase.split()
    n = len(parts)
    for i in range(len(words) - n + 1):
        if words[i : i + n] == parts:
            return i
    return -1


def read_turn(text: str) -> Optional[Turn]:
    """The conversational turn `text` is, or None when it is something else.

    Messages with digits (codes, numbers, times) or longer than max_words are never
    read here: they are answers or reports.
    """
    if not isinstance(text, str) or any(ch.isdigit() for ch in text):
        return None
    table = turn_phrases()
    words = fold(text).split()
    if not words or len(words) > table.max_words:
        return None
    covered = [False] * len(words)
    best: Optional[Turn] = None
    for phrase, kind in table.phrases:
        at = _find(words, phrase)
        if at < 0:
            continue
        span = range(at, at + len(phrase.split()))
        if all(covered[i] for i in span):
            continue  # inside a longer phrase already found ("no" in "no idea")
        for i in span:
            covered[i] = True
        if best is None:
            best = Turn(kind, phrase, table.langs.get(phrase, ()))
    if best is None:
        return None
    unexplained = [w for w, c in zip(words, covered) if not c and w not in FILLER]
    if len(unexplained) > MAX_UNEXPLAINED_SHARE * len(words):
        return None
    return best


# Stars are a rating (the rating buttons say "⭐⭐⭐⭐⭐ Great"), read by the rating form.
RATING_MARK = "\u2b50"


def only_symbols(text: str) -> bool:
    """ "👍", "🙏🙏", "?": no word and no number, nothing to read but a reaction (stars are
    a rating, not a reaction)."""
    if not isinstance(text, str) or not text.strip() or RATING_MARK in text:
        return False
    return not any(ch.isalnum() for ch in text)


# A greeting followed by this many words that talk about messaging is a report said politely.
GREETING_REPORT_WORDS = 3
_DOMAIN = frozenset(fold(DOMAIN_WORDS).split())


def greeting_with_report(text: str) -> bool:
    """ "hola, los clientes no reciben nada desde esta mañana": a greeting, then a report.

    Why: the intent model reads the greeting and the report would be lost behind a
    "hello, how can I help?"; what comes after the greeting decides.
    """
    if not isinstance(text, str):
        return False
    words = fold(text).split()
    greetings = sorted((p.split() for p, kind in turn_phrases().phrases if kind == "greet"), key=len, reverse=True)
    for phrase in greetings:
        if words[: len(phrase)] == phrase:
            rest = words[len(phrase) :]
            return len(rest) >= GREETING_REPORT_WORDS and any(w in _DOMAIN for w in rest)
    return False


# A pasted API error ({"error": {..., "code": 131000}}): what failed, whatever question comes with it
_PASTED_ERROR = re.compile(r'\{\s*"error"\s*:|"code"\s*:\s*\d{3,}')


# Words a question may open with before its question word: "y a quién...", "e como...", "but why..."
_LEAD_INS = frozenset("y e and but so ok okay pero mas entonces entao then".split())


def looks_like_question(text: str) -> bool:
    """A question about WhatsApp (not a report of a failure that ends in '?')."""
    if not isinstance(text, str):
        return False
    table = turn_phrases()
    folded = fold(text)
    if not folded:
        return False
    padded = f" {folded} "
    if any(f" {r} " in padded for r in table.question_reports) or _PASTED_ERROR.search(text):
        return False
    stripped = text.strip()
    # "...me ayude con eso? yo no soy programador": a question, then a few words about it
    asks = stripped.startswith("¿") or ("?" in stripped and len(stripped.rsplit("?", 1)[1].split()) <= 8)
    words = folded.split()
    while words and words[0] in _LEAD_INS:  # "y a quién le escribo", "e com quem eu falo"
        words = words[1:]
    opening = " " + " ".join(words) + " "
    return asks or any(opening.startswith(f" {s} ") for s in table.question_starts)


def turn_language(text: str) -> Optional[str]:
    """The one language a short turn is said in ("hola", "valeu", "ok gracias"), if only one."""
    turn = read_turn(text)
    if turn is not None and len(turn.langs) == 1:
        return turn.langs[0]
    return None


def opening_turn(text: str) -> Optional[Turn]:
    """The turn the message's first clause is, when more follows it: "nao faço ideia, quem
    configurou foi uma agencia", "me pasas con alguien de soporte? necesito resolver esto hoy"."""
    if not isinstance(text, str):
        return None
    first = re.split(r"[,.;:!?\n]|\s[-\u2013]\s", text.strip(), maxsplit=1)[0]
    return read_turn(first) if first.strip() != text.strip() else None


def opens_with_dont_know(text: str) -> bool:
    """A "don't know" as the message's first clause, with an explanation after it."""
    turn = opening_turn(text)
    return turn is not None and turn.kind == "dont_know"


def phrases_of(kind: str) -> Tuple[str, ...]:
    """The folded phrases of one kind of turn ("dont_know": "no idea", "nao sei"...)."""
    return tuple(p for p, k in turn_phrases().phrases if k == kind)
