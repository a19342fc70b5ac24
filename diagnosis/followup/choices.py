"""Typed answers to choice questions: "aprobada", "it says approved", "2" -> a choice id.

How a text is matched, first rule that decides wins:
1. the whole (folded) text is a choice's id, title or synonym;
2. the text is a button position ("2", "option 2", "la 2", "#2"), unless the question
   says positional: false (the messaging tier's choices are numbers themselves);
3. synonyms found inside the text as whole words: the longest match wins, so
   "not approved" beats "approved" and "no sé" beats "no"; two different choices
   matched by equally long synonyms is ambiguous, and not understood; a synonym that is
   only part of an "I don't know" ("no" in "no idea", "sure" in "not sure") doesn't count,
   nor does one denied in its own clause ("normal, no era plantilla": not a template);
4. a short text close to a synonym (a typo: "aproved", "rejectd").

A short turn (diagnosis/knowledge_base/turns.yaml: "ok thanks", "valeu", "it's fixed") is never
a choice unless it is, as a whole, one of the choice's own synonyms: it says the user is
done or polite, not which button they mean; an "I don't know" ("no idea", "no entiendo")
is the question's "don't know" choice where it has one, else not understood.
"""

from __future__ import annotations

import difflib
import re
from typing import Dict, List, Optional, Sequence, Tuple

from ..language import say
from ..text import MAX_ANSWER_CHARS, as_text, contains_phrase, fold
from ..wordlists import NEGATORS
from .catalogue import Choice, Question
from .result import Answer, not_understood

_POSITION = re.compile(
    r"^(?:(?:option|opcion|opcao|number|numero|no|n|nr|the|la|el|a|o|#)\s*)?(\d{1,2})(?:\s*(?:st|nd|rd|th|a|o))?$"
)


# Turns that say how the user feels, not which button they mean (turns.yaml).
NOT_A_CHOICE = frozenset({"thank", "acknowledge", "solved", "goodbye", "greet", "start_over", "ask_human"})
# The choice ids that mean "I don't know", where a question offers one.
DONT_KNOW_CHOICES = ("dont_know", "not_sure")


def _unsure_phrases() -> Tuple[str, ...]:
    from ..conversation.turns import phrases_of  # (lazy: conversation reads followup too)

    return phrases_of("dont_know")


def _index(question: Question) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for c in question.options:
        for s in c.all_synonyms():
            key = fold(s)
            if key:
                out.setdefault(key, c.id)
    return out


def singular(folded: str) -> str:
    """Plural words made singular, roughly, in en/es/pt: "plantillas de marketing" ->
    "plantilla de marketing", "templates" -> "template", "notificaciones" -> "notificacion"."""

    def one(word: str) -> str:
        if len(word) <= 3 or not word.endswith("s") or word.endswith("ss"):
            return word
        if word.endswith("ones") and len(word) > 6:
            return word[:-2]
        return word[:-1]

    return " ".join(one(w) for w in folded.split())


# A negation this many words before a synonym, in the same clause, denies it.
_NEGATION_REACH = 3
_CLAUSE_BREAK = re.compile(r"[,.;:!?\n()]+|\s(?:but|pero|mas|porem|porém)\s", re.IGNORECASE)


# "no sé si nos bloqueó", "not sure if she blocked us", "será que bloqueou?": a guess, not an answer
_HEDGE = re.compile(
    r"\b(?:no se si|nao sei se|i dont know if|i dont know whether|dont know if|dont know whether|not sure if|"
    r"not sure whether|no estoy segur[oa] (?:de )?si|nao tenho certeza se|maybe|perhaps|tal vez|talvez|quizas?|"
    r"sera que|puede ser que|pode ser que|could it be|might be|a lo mejor|capaz que)\b"
)


# Doubt said anywhere in the answer: "acho que bloqueou, mas não tenho certeza", "idk, maybe"
_UNSURE_ANYWHERE = re.compile(
    r"\b(?:not sure|unsure|idk|no estoy segur[oa]|no se si|nao sei se|nao tenho (?:ctz|certeza)|n tenho ctz|"
    r"sei la|maybe|perhaps|might|tal vez|talvez|quizas?|sera que)\b"
)


def hedged(text: str) -> bool:
    """Does the answer say it is a guess ("talvez tenha bloqueado", "maybe she blocked us")?"""
    return bool(_UNSURE_ANYWHERE.search(fold(as_text(text))[:600]))


def _affirmed_in(raw: str, keys) -> set:
    """The keys said at least once without a negation before them in their clause:
    "le escribí normal, no era plantilla" affirms "normal" and denies "plantilla";
    "no, a template" affirms "template" (the "no" ends its own clause)."""
    found = set()
    for clause in _CLAUSE_BREAK.split(raw):
        folded = fold(clause)
        for words in {tuple(folded.split()), tuple(singular(folded).split())}:
            for key in keys:
                kw = tuple(key.split())
                n = len(kw)
                for i in range(len(words) - n + 1):
                    if words[i : i + n] != kw:
                        continue
                    start = max(0, i - _NEGATION_REACH)
                    denied = any(
                        words[j] in NEGATORS and not _negation_is_a_key(words, j, i, keys) for j in range(start, i)
                    ) or bool(_HEDGE.search(" ".join(words[:i])))
                    if kw[0] in NEGATORS or not denied:
                        found.add(key)
                        break
    return found


def _negation_is_a_key(words, j: int, i: int, keys) -> bool:
    """Whether the negation at word j starts another synonym that reaches word i: in
    "no existe en español", "no existe" is a choice of its own, not a denial of "existe en"."""
    for key in keys:
        kw = tuple(key.split())
        if kw[0] == words[j] and j + len(kw) > i and tuple(words[j : j + len(kw)]) == kw:
            return True
    return False


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

    # "ok thanks", "it's fixed", "no idea", "no entiendo": read as turns, not as buttons
    from ..conversation.turns import read_turn

    turn = read_turn(raw)
    if turn is not None and turn.kind in NOT_A_CHOICE:
        return None
    if turn is not None and turn.kind == "dont_know":
        return next((c for c in question.options if c.id in DONT_KNOW_CHOICES), None)

    # 2. position of the button
    if question.positional:
        m = _POSITION.match(folded.replace(" # ", "#").replace("# ", "#"))
        if m:
            n = int(m.group(1))
            if 1 <= n <= len(question.options):
                return question.options[n - 1]
            return None

    # 3. synonyms inside the text (or its words in the singular), longest wins
    variants = {folded, singular(folded)}
    unsure = [p for p in _unsure_phrases() if contains_phrase(folded, p)]
    # one-letter synonyms ("y", "n") are whole answers only: in "y cuándo puedo
    # reenviar?" the Spanish "y" is "and", not "yes"
    present = [k for k in index if len(k) > 1 and any(contains_phrase(v, k) for v in variants)]
    affirmed = _affirmed_in(raw, present)
    best_len = 0
    best: List[str] = []
    for key in present:
        cid = index[key]
        if any(key != p and contains_phrase(p, key) for p in unsure):
            continue
        if key in affirmed:
            if len(key) > best_len:
                best_len, best = len(key), [cid]
            elif len(key) == best_len and cid not in best:
                best.append(cid)
    if (
        hedged(raw)
        and any(index[k] not in DONT_KNOW_CHOICES for k in present)
        and not set(best) & set(DONT_KNOW_CHOICES)
    ):
        # "acho q ele bloqueou a gente, mas n tenho ctz": a guess is "not sure", never the choice
        return next((c for c in question.options if c.id in DONT_KNOW_CHOICES), None)
    if best:
        return question.choice(best[0]) if len(best) == 1 else None

    # 4. a typo in a short answer (not a denial: "sin plantilla" is not "una plantilla")
    if len(folded.split()) <= 3 and not NEGATORS.intersection(folded.split()):
        close = difflib.get_close_matches(folded, list(index), n=2, cutoff=0.84)
        cids = {index[c] for c in close}
        if len(cids) == 1:
            return question.choice(cids.pop())
    return None


def choice_said_in(question: Question, text: str) -> Optional[Choice]:
    """The choice a longer text (a report) states by itself, with a telling synonym: two
    words or more, or eight letters ("our marketing blast failed" -> a template; never a
    bare "one" or "all", nor a denied one); None when none, or two choices, are stated."""
    raw = as_text(text)[:2000]
    folded = fold(raw)
    if not folded:
        return None
    index = {
        k: cid for k, cid in _index(question).items() if (" " in k or len(k) >= 8) and cid not in DONT_KNOW_CHOICES
    }
    variants = (folded, singular(folded))
    # one-letter synonyms ("y", "n") are whole answers only: in "y cuándo puedo
    # reenviar?" the Spanish "y" is "and", not "yes"
    present = [k for k in index if len(k) > 1 and any(contains_phrase(v, k) for v in variants)]
    said = {index[k] for k in _affirmed_in(raw, present)}
    return question.choice(said.pop()) if len(said) == 1 else None


def choices_said_by_codes(codes: Sequence[str], question_ids: Sequence[str]) -> Dict[str, str]:
    """The choices that the pasted error codes state by themselves, by question ("132015":
    the template's status is paused; "131049": the template is marketing)."""
    from .catalogue import questions

    found: Dict[str, str] = {}
    for qid in question_ids:
        question = questions().get(qid)
        for choice in question.options if question is not None else ():
            if any(code in choice.said_by_codes for code in codes):
                found[qid] = choice.id
    return found


def options_text(question: Question, lang: Optional[str] = "en") -> str:
    parts = [f"{i}) {title}" for i, (_, title) in enumerate(question.choices_in(lang), 1)]
    return ", ".join(parts)


def reask_for(question: Question, lang: Optional[str] = "en") -> str:
    if question.positional:
        return say("choices.reask_numbered", lang, options=options_text(question, lang))
    titles = ", ".join(t for _, t in question.choices_in(lang))
    return say("choices.reask_titles", lang, titles=titles)


def answer_choice(question: Question, text: str, lang: Optional[str] = "en") -> Answer:
    """The choice a typed answer means, its advice in `lang`; else a re-ask in `lang`."""
    choice = match_choice(question, text)
    if choice is None:
        return not_understood(reask_for(question, lang))
    extra = {}
    if choice.points_to:
        extra["points_to"] = choice.points_to
    return Answer(ok=True, value=choice.id, finding=choice.advice_in(lang), extra=extra)


def choice_pairs(question: Question, lang: Optional[str] = "en") -> List[Tuple[str, str]]:
    return question.choices_in(lang)
