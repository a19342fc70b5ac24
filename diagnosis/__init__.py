"""Tickfix diagnosis: why a WhatsApp Business message failed, and how to fix it.

Plain Python (no Rasa): `classify(text)` names a cause from causes.md with a
confidence, `knowledge()` gives each cause's explanation, questions and fix.
"""

from __future__ import annotations

import logging

from .causes import Cause, Knowledge, KnowledgeError, Retry, Signals
from .kb import knowledge as _knowledge
from .kb import load_knowledge
from .providers import CodeSignal
from .result import Candidate, Extracted, Result

_log = logging.getLogger(__name__)

__all__ = [
    "classify",
    "knowledge",
    "load_knowledge",
    "KnowledgeError",
    "Knowledge",
    "Cause",
    "Retry",
    "Signals",
    "CodeSignal",
    "Result",
    "Candidate",
    "Extracted",
]


def knowledge() -> Knowledge:
    """All causes (loaded and validated once; raises KnowledgeError if broken)."""
    return _knowledge()


def classify(text: object) -> Result:
    """Best cause for `text` (error line, JSON, log, description).

    Never raises because of the input: whatever it is, the answer is at worst
    `unknown`. A broken knowledge file is a bug in the project, not in the input,
    so its KnowledgeError is raised (and logged) rather than hidden.
    """
    from .classifier import classify_with

    kb = _knowledge()
    try:
        return classify_with(kb, text)
    except Exception:
        _log.exception("classify failed on an input of type %s", type(text).__name__)
    return Result("unknown", 0.0, [Candidate("unknown", 0.0)], Extracted())
