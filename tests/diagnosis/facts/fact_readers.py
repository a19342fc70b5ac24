"""Calling one fact reader alone and collecting what it adds per cause."""

from __future__ import annotations

from typing import Callable, Dict


def read_facts(reader: Callable, text: str) -> Dict[str, float]:
    """What `reader` adds to each cause for `text` (summed)."""
    seen: Dict[str, float] = {}
    reader(text, lambda cause, amount: seen.__setitem__(cause, seen.get(cause, 0.0) + amount))
    return seen
