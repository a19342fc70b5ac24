"""The dialogue robustness check's parts (bench/dialogue_robustness.py runs them; its
docstring defines the states, the pool and the properties).

Why: building the states, playing a conversation, checking it and printing
the tables are four ideas; the checks are pure, so tests/dialogue/ tests them on
hand-made transcripts through the names below.
"""

from .checks import (
    LANG_MARGIN,
    MAX_MESSAGES,
    MIN_JUDGED_WORDS,
    PROPERTIES,
    Violation,
    check_conversation,
    question_sentences,
    wrong_language,
)
from .play import Conversation, Turn, asked_per_turn, play, reached, run_all
from .report import Tally, render_table, report
from .states import LANGS, POOL, State, build_states, cause_questions, opening, stated_by_code

__all__ = [
    "LANGS",
    "LANG_MARGIN",
    "MAX_MESSAGES",
    "MIN_JUDGED_WORDS",
    "POOL",
    "PROPERTIES",
    "Conversation",
    "State",
    "Tally",
    "Turn",
    "Violation",
    "asked_per_turn",
    "build_states",
    "cause_questions",
    "check_conversation",
    "opening",
    "play",
    "question_sentences",
    "reached",
    "render_table",
    "report",
    "run_all",
    "stated_by_code",
    "wrong_language",
]
