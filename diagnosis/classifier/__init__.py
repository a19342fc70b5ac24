"""The classifier: names the cause of a failed message from whatever text it is given.

Why a package: each idea of the classifier is one module, read on its own -
  pipeline.py     the composition: read the text, weigh codes, words and facts, decide
  index.py        the compiled index of the knowledge (phrases, keywords, rarity), cached
  codes.py        code lookup: codes to causes, per provider table; details decide some
  reasons.py      providers' string reason codes ("OUTSIDE_ALLOWED_SENDING_WINDOW"), read like codes
  focus.py        which part of a long text is read
  word_scores.py  phrase, keyword and bag scores of the words
  gate.py         the evidence gate: when words alone may name a cause
  decide.py       the softmax with the "unknown" score, and the blend with the learned model
  learned.py      the learned model: cause probabilities from the text's n-grams
The word lists they read are data, in diagnosis.wordlists.
"""

from __future__ import annotations

from .focus import focus
from .index import CompiledIndex, compiled_for
from .pipeline import classify_with

__all__ = ["classify_with", "compiled_for", "CompiledIndex", "focus"]
