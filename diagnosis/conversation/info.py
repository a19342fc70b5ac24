"""Answers to questions about WhatsApp ("what is the 24-hour window?", "what does 131026 mean?").

Why: a question is not a report. Someone asking how to tell whether they were blocked
has not said they were; answering with a diagnosis would conclude a cause nobody
reported. The answer comes from the knowledge (the topic's wording, or the cause a
code belongs to) and ends with an offer to diagnose.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from ..extract import written_as_code
from ..language import has, say
from ..text import fold
from .turns import looks_like_question

INFO_FILE = Path(__file__).resolve().parent.parent / "knowledge_base" / "info.yaml"
RETRY_TOPIC = "retry_when"  # answered with the current cause's retry note when there is one
# An error code in a question: three digits or more, or after "#", "code", "error".
_CODE = re.compile(
    r"(?:#|\b(?:code|error|erro|codigo|código)\s*#?\s*)(\d{1,7})\b|(?<![\w.,])(\d{3,7})(?![\w.,])",
    re.I,
)

_lock = threading.Lock()
_loaded: Optional["_Info"] = None


@dataclass(frozen=True)
class _Info:
    topics: List[Tuple[str, str]]  # (folded phrase, topic), longest first
    what_it_means: Tuple[str, ...]  # folded "what does that mean?" phrases, longest first
    where_to_look: Tuple[str, ...]  # folded "where do I see that?" phrases, longest first
    explains_question: Dict[str, str]  # question id -> the topic that explains its words
    will_check: Tuple[str, ...] = ()  # folded "OK, I'll check" phrases, longest first
    said_as: Dict[str, str] = field(default_factory=dict)  # topic -> the wording key that answers it
    why_it_happens: Tuple[str, ...] = ()  # folded "why does that happen?" phrases, longest first
    how_to_fix: Tuple[str, ...] = ()  # folded "how do I fix it?" phrases, longest first
    seen_in_ticks: Tuple[str, ...] = ()  # causes that show no error, only in the ticks


def _longest_first(phrases) -> list:
    return sorted(phrases, key=lambda p: -len(p[0] if isinstance(p, tuple) else p))


def _load() -> _Info:
    data = yaml.safe_load(INFO_FILE.read_text(encoding="utf-8"))
    pairs = [
        (fold(str(p)), topic)
        for topic, by_lang in data["topics"].items()
        for phrases in by_lang.values()
        for p in phrases
    ]

    def phrases(key: str) -> Tuple[str, ...]:
        found = [fold(str(p)) for by_lang in (data.get(key) or {}).values() for p in by_lang]
        return tuple(_longest_first(found))

    explains = {str(q): str(t) for q, t in (data.get("explains_question") or {}).items()}
    said_as = {str(t): str(k) for t, k in (data.get("said_as") or {}).items()}
    unknown = sorted((set(explains.values()) | set(said_as)) - set(data["topics"]))
    if unknown:
        raise ValueError(f"{INFO_FILE}: explains_question or said_as names topics that don't exist: {unknown}")
    return _Info(
        _longest_first(pairs),
        phrases("what_it_means"),
        phrases("where_to_look"),
        explains,
        phrases("will_check"),
        said_as,
        phrases("why_it_happens"),
        phrases("how_to_fix"),
        tuple(str(c) for c in data.get("seen_in_ticks") or ()),
    )


def _info() -> _Info:
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _load()
    return _loaded


def topics() -> List[Tuple[str, str]]:
    return _info().topics


def _topic_words(topic: str, lang: str) -> Dict[str, str]:
    """The platform facts a topic's answer states (the media limits), never written in its wording."""
    if topic == "media_limits":
        from ..followup.media import limits_words

        return limits_words(lang)
    return {}


def topic_key(topic: str) -> str:
    """The wording key that answers `topic`."""
    return _info().said_as.get(topic, f"info.topics.{topic}")


def explained_topic(question_id: str) -> str:
    """The topic that explains the words of one of the bot's questions, or ""."""
    return _info().explains_question.get(question_id or "", "")


@dataclass(frozen=True)
class InfoAnswer:
    """What to say to a question, and what it was about (a topic, or a code's cause)."""

    text: str
    topic: str = ""
    cause: str = ""


def topic_of(text: str) -> str:
    padded = f" {fold(text)} "
    for phrase, topic in topics():
        if f" {phrase} " in padded:
            return topic
    return ""


def _code_cause(text: str) -> Tuple[str, str]:
    """(code, cause) for a question that names an error code the knowledge knows."""
    from .. import classify

    for found in _CODE.findall(text):
        code = found[0] or found[1]
        if not found[0] and not written_as_code(text, code):
            continue  # "521 para mexico", "250 é o número de pessoas": not an error code
        result = classify(f"Error code {code}")
        if result.cause != "unknown" and result.confidence >= 0.5:
            return code, result.cause
    return "", ""


# "where do I see that?", "what does that mean?", "why does that happen?": short, and opening with it
_ASKS_BACK_MAX_WORDS = 10


# Words a question back may open with: "ok but why?", "ya y cómo lo arreglo?", "e aí, como resolvo?"
_LEAD_INS = frozenset("ok okay oh hmm hm ah and but so y pero e mas ta vale entendi entiendo ya ai entao then".split())


def _opening(text: str) -> str:
    """The folded text without the words it opens with before the question."""
    words = fold(text).split()
    while words and words[0] in _LEAD_INS:
        words = words[1:]
    return " ".join(words) + " "


def asks_how_to_fix(text: str) -> bool:
    """ "how do I fix it?", "ya y cómo lo arreglo?", "e aí, como resolvo?" (short, opening with it)."""
    opening = _opening(text)
    return len(opening.split()) <= _ASKS_BACK_MAX_WORDS and any(opening.startswith(p + " ") for p in _info().how_to_fix)


def asks_where_in_the_fix(text: str) -> bool:
    """ "where do I see that?", "onde eu vejo isso?" with no topic of its own, once a cause
    is found: where its exact error shows (where_to_confirm)."""
    words = [w for w in _opening(text).split() if w not in _AFTERWORDS]
    if not words or topic_of(text):
        return False
    # the whole question is "where do I see that?": "how do I check which number she wrote to?"
    # asks something else
    return " ".join(words) in _info().where_to_look


# Words that may follow "where do I see that": "where do I see that exactly?", "onde vejo isso então?"
_AFTERWORDS = frozenset(
    "exactly then tho though please pls bro man entonces entao exatamente exactamente mesmo".split()
)


def where_to_confirm(cause: str, lang: str) -> str:
    """Where the exact error of `cause` shows, and its Meta code when it has one; for a
    cause that shows no error (one tick), what the ticks say."""
    from ..kb import knowledge

    where = "ticks" if cause in _info().seen_in_ticks else "error_location"
    text = say("info.where_to_confirm", lang, where=say(topic_key(where), lang))
    entry = knowledge().get(cause)
    codes = [c.low for c in (entry.signals.codes if entry else ()) if c.provider == "meta"]
    return text + " " + say("info.where_to_confirm_code", lang, code=codes[0]) if codes else text


def asks_back(text: str) -> bool:
    """A short question about what the bot just said ("where do I see that?", "o que
    significa isso?", "¿y por qué pasa eso?"): a question, never a goodbye nor an answer."""
    opening = _opening(text)
    words = opening.split()
    if not words or len(words) > _ASKS_BACK_MAX_WORDS:
        return False
    info = _info()
    phrases = info.where_to_look + info.what_it_means + info.why_it_happens + info.how_to_fix
    return any(opening.startswith(p + " ") for p in phrases if " " in p or len(words) == 1)


def says_will_check(text: str) -> bool:
    """ "ok, I'll check", "lo reviso", "vou verificar": the answer is coming, not missing."""
    return len(fold(text).split()) <= 8 and _says_any(text, _info().will_check)


def asks_what_it_means(text: str) -> bool:
    """ "what does that mean?", "¿qué significa eso?", "o que é isso?" """
    return _says_any(text, _info().what_it_means)


# "why?" asks about the cause found when the question is short and names no number
_WHY_MAX_WORDS = 12


def why_answer(text: str, lang: str, current_cause: str) -> Optional[str]:
    """ "why does that happen?", "¿y por qué pasa eso?", "pq isso acontece?" once a cause is
    found: that cause's explanation; None otherwise."""
    if not current_cause or current_cause == "unknown" or not has(f"causes.{current_cause}.explanation"):
        return None
    opening = _opening(text)
    if len(opening.split()) > _WHY_MAX_WORDS or any(ch.isdigit() for ch in opening):
        return None
    if not any(opening.startswith(p + " ") for p in _info().why_it_happens):
        return None  # "não sei pq": a "why" inside a sentence is not the question
    return say("info.why_cause", lang, explanation=say(f"causes.{current_cause}.explanation", lang))


def _says_any(text: str, phrases: Tuple[str, ...]) -> bool:
    padded = f" {fold(text)} "
    return any(f" {p} " in padded for p in phrases)


def help_for_question(question_id: str, text: str, lang: str, current_cause: str = "") -> Optional[str]:
    """What to say to "where do I see that?" or "what does that mean?" given in place of
    an answer to one of the bot's questions; None when the text asks neither, or the
    question has nothing to explain. `current_cause` answers "when can I resend?"."""
    if not question_id or len(fold(text).split()) > 12:
        return None
    why = why_answer(text, lang, current_cause)
    if why:
        return why
    info = _info()
    if _says_any(text, info.where_to_look):
        key = f"questions.{question_id}.where"
        if has(key):
            return say(key, lang)
        if current_cause and current_cause != "unknown":  # where the cause itself shows (or the ticks)
            return where_to_confirm(current_cause, lang)
    topic = topic_of(text) if looks_like_question(text) else ""
    if topic == RETRY_TOPIC:
        code, cause = _code_cause(text)
        if cause:  # "should I retry the 131026 ones?": that code's note, not the current cause's
            return _code_retry(code, cause, lang)
        return _retry_answer(lang, current_cause)
    if not topic and _says_any(text, info.what_it_means):
        topic = explained_topic(question_id)
        if not topic:  # a question with nothing to explain: why it is asked
            return say("info.why_we_ask", lang)
    return say(topic_key(topic), lang, **_topic_words(topic, lang)) if topic else None


def _retry_answer(lang: str, current_cause: str) -> str:
    """When to send again: the cause's own retry note once a cause is known."""
    key = f"causes.{current_cause}.retry_note"
    return say(key, lang) if current_cause and has(key) else say(f"info.topics.{RETRY_TOPIC}", lang)


def _code_retry(code: str, cause: str, lang: str) -> str:
    """Whether and when to retry what failed with `code`."""
    return say(
        "info.code_retry", lang, code=code, title=say(f"causes.{cause}.title", lang), retry=_retry_answer(lang, cause)
    )


def resend_asked(text: str, lang: str, current_cause: str) -> Optional[InfoAnswer]:
    """ "it works now! but the ones that failed yesterday, do I resend?": said with a success,
    a question about resending is asked whatever failure words it holds; the current cause's
    retry note answers it."""
    if "?" not in text or not current_cause or topic_of(text) != RETRY_TOPIC:
        return None
    return InfoAnswer(_retry_answer(lang, current_cause), topic=RETRY_TOPIC)


def answer_question(text: str, lang: str, pending_question: str = "", current_cause: str = "") -> Optional[InfoAnswer]:
    """The answer to a question about WhatsApp, or None when `text` is not one we can answer.
    `pending_question`: the id of the question the bot just asked, whose words a bare
    "what does that mean?" asks about. `current_cause`: the cause found so far, whose retry note
    answers "when can I send it again?"."""
    why = why_answer(text, lang, current_cause)
    if why:
        return InfoAnswer(why, cause=current_cause)
    if not looks_like_question(text):
        return None
    code, cause = _code_cause(text)
    # mid-question the bot asks its question again next: no offer to diagnose in between
    offer = "" if pending_question else "\n\n" + say("info.offer", lang)
    topic = topic_of(text)
    if cause and topic == RETRY_TOPIC:  # "should I retry the 131026 ones?": that code's retry note
        return InfoAnswer(_code_retry(code, cause, lang), topic=topic, cause=cause)
    if cause:
        words = {
            "code": code,
            "title": say(f"causes.{cause}.title", lang),
            "explanation": say(f"causes.{cause}.explanation", lang),
        }
        return InfoAnswer(say("info.code", lang, **words) + offer, cause=cause)
    if not topic and pending_question and asks_what_it_means(text):
        topic = explained_topic(pending_question)
    if topic == RETRY_TOPIC and current_cause:
        return InfoAnswer(_retry_answer(lang, current_cause), topic=topic)
    if topic:
        return InfoAnswer(say(topic_key(topic), lang, **_topic_words(topic, lang)) + offer, topic=topic)
    return None
