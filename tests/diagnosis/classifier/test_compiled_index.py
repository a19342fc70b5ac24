"""The compiled index is owned by diagnosis.classifier.index, not by the Knowledge object."""

from __future__ import annotations

import diagnosis
from diagnosis.classifier import CompiledIndex, compiled_for
from diagnosis.kb import load_knowledge


def test_one_index_per_knowledge_reused_and_not_written_on_it():
    kb = diagnosis.knowledge()
    c = compiled_for(kb)
    assert isinstance(c, CompiledIndex)
    assert compiled_for(kb) is c
    assert not hasattr(kb, "compiled")


def test_a_freshly_loaded_knowledge_gets_its_own_index():
    other = load_knowledge()
    assert compiled_for(other) is not compiled_for(diagnosis.knowledge())
