"""A template's variables in the words.

Why: a text that talks about {{1}}, {{2}} is about the template's parameters.
"""

from __future__ import annotations

import re

from .folding import Add

_PLACEHOLDER_RE = re.compile(r"\{\{\s*\d{1,2}\s*\}\}")


def placeholder_evidence(text: str, add: Add) -> None:
    """A text that talks about {{1}}, {{2}} is about the template's variables."""
    if _PLACEHOLDER_RE.search(text[:6000]):
        add("template_parameter_mismatch", 1.8)
