"""Answers to questions about WhatsApp ("what is the 24-hour window?", "what does 131026 mean?").

Why: a question is not a report. Someone asking how to tell whether they were blocked
has not said they were; answering with a diagnosis would conclude a cause nobody
reported. The answer comes from the knowledge (the topic's wording, or the cause a
code belongs to) and ends with an offer to diagnose.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

import yaml

from ..language import say
from ..text import fold
from .turns import looks_like_question

INFO_FILE = Path(__file__).resolve().parent.parent / "knowledge_base" / "info.yaml"
# An error code in a question: three digits or more, or after "#", "code", "error".
_CODE = re.compile(
    r"(?:#|\b(?:code|error|erro|codigo|código)\s*#?\s*)(\d{1,7})\b|(?<![\w.,])(\d{3,7})(?![\w.,])",
    re.I,
)

_lock = threading.Lock()
_topics: Optional[List[Tuple[str, str]]] = None  # (folded phrase, topic), longest first


def _load() -> List[Tuple[str, str]]:
    data = yaml.safe_load(INFO_FILE.read_text(encoding="utf-8"))
    pairs = [
        (fold(str(p)), topic)
        for topic, by_lang in data["topics"].items()
        for phrases in by_lang.values()
        for p in phrases
    ]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def topics() -> List[Tuple[str, str]]:
    global _topics
    if _topics is None:
        with _lock:
            if _topics is None:
                _topics = _load()
    return _topics


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
        result = classify(f"Error code {code}")
        if result.cause != "unknown" and result.confidence >= 0.5:
            return code, result.cause
    return "", ""


def answer_question(text: str, lang: str) -> Optional[InfoAnswer]:
    """The answer to a question about WhatsApp, or None when `text` is not one we can answer."""
    if not looks_like_question(text):
        return None
    code, cause = _code_cause(text)
    offer = say("info.offer", lang)
    if cause:
        words = {
            "code": code,
            "title": say(f"causes.{cause}.title", lang),
            "explanation": say(f"causes.{cause}.explanation", lang),
        }
        return InfoAnswer(say("info.code", lang, **words) + "\n\n" + offer, cause=cause)
    topic = topic_of(text)
    if topic:
        return InfoAnswer(say(f"info.topics.{topic}", lang) + "\n\n" + offer, topic=topic)
    return None
