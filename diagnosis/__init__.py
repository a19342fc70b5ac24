"""Tickfix diagnosis: why a WhatsApp Business message failed, and how to fix it.

Plain Python (no Rasa): `classify(text)` names a cause from causes.md with a
confidence, `knowledge()` gives each cause's explanation, questions and fix.
"""
from __future__ import annotations

import sys
import types

from .kb import Cause, CodeSignal, Knowledge, KnowledgeError, Retry, Signals, load_knowledge
from .kb import knowledge as _knowledge
from .result import Candidate, Extracted, Result

__all__ = [
    "classify", "knowledge", "load_knowledge", "KnowledgeError", "Knowledge", "Cause",
    "Retry", "Signals", "CodeSignal", "Result", "Candidate", "Extracted",
]


def knowledge() -> Knowledge:
    """All causes (loaded and validated once; raises KnowledgeError if broken)."""
    return _knowledge()


def classify(text: object) -> Result:
    """Best cause for `text` (error line, JSON, log, description). Never raises."""
    try:
        from .classifier import classify_with

        return classify_with(_knowledge(), text)
    except Exception:  # whatever the input (or a broken knowledge file), answer unknown
        pass
    return Result("unknown", 0.0, [Candidate("unknown", 0.0)], Extracted())


class _Package(types.ModuleType):
    """Keeps `diagnosis.knowledge` the function.

    Why: `diagnosis/knowledge/` is also a data folder; importing it as a namespace
    package (e.g. through importlib.resources) would otherwise replace the
    function with that module on this package.
    """

    def __setattr__(self, name, value):
        if name == "knowledge" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
