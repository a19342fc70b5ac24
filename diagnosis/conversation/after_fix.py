"""What a message written after a fix says of it: it works, still failing, or something else.

Why: after "did that solve it?" people answer in sentences ("ya lo agregué a la lista y
sigue dando el mismo error", "he IS in the list tho"); a sentence the classifier places
nowhere is about the cause being worked on, not a new vague problem to narrow from zero.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict

import yaml

from ..text import fold

AFTER_FIX_FILE = Path(__file__).resolve().parent.parent / "knowledge_base" / "after_fix.yaml"


def _alternatives(entries) -> str:
    """One whole-word pattern of a YAML list, or of its lists by language."""
    if isinstance(entries, dict):
        entries = [e for by_lang in entries.values() for e in by_lang]
    return r"\b(?:" + "|".join(str(e) for e in entries) + r")\b"


@lru_cache(maxsize=1)
def _patterns() -> Dict[str, "re.Pattern[str]"]:
    data = yaml.safe_load(AFTER_FIX_FILE.read_text(encoding="utf-8"))
    return {
        key: re.compile(_alternatives(data[key]))
        for key in (
            "works",
            "still_failing",
            "negations",
            "failure_words",
            "contrasts",
            "next_group",
            "other_subjects",
            "resend_questions",
        )
    }


def says_still_failing(text: str) -> bool:
    """Does `text` say the fix did not help ("I added him and it's still the same error")?"""
    return bool(_patterns()["still_failing"].search(fold(text)[:2000]))


_NO_ERROR = re.compile(r"\b(?:sin|sem|without|no|nenhum|ningun) (?:an |any |el |o )?(?:errors?|erro|error)\b")
# How long a message taken for "it's fixed" by itself can be, in words.
WORKS_ALONE_MAX_WORDS = 25


def says_only_it_works(text: str) -> bool:
    """ "unblocked her and it went thru", "done, works. ty", "ya pude responderle, gracias!":
    a message that says the fix worked and nothing that failed, so read as "it's fixed" at any
    point of the conversation (a first report that something arrived late is no success)."""
    folded = fold(text)[:500]
    match = _patterns()["works"].search(folded)
    if match is None or len(folded.split()) > WORKS_ALONE_MAX_WORDS or not says_it_works(text):
        return False
    rest = folded[: match.start()] + " " + folded[match.end() :]
    rest = _NO_ERROR.sub(" ", rest)  # "ya se fue sin error": no error is no failure
    # a code (3-7 digits) may be a new error; a phone number ("lo mandé como 525512345678") is not
    return not _patterns()["failure_words"].search(rest) and not re.search(r"(?<!\d)\d{3,7}(?!\d)", folded)


def says_it_works(text: str) -> bool:
    """Does `text` say the fix worked ("ya le mandé la de marketing y le llegó, gracias")?"""
    folded = fold(text)[:500]
    match = _patterns()["works"].search(folded)
    if match is None or says_still_failing(text):
        return False
    before = " ".join(folded[: match.start()].split()[-2:])  # "doesn't work", "still not going out"
    after = folded[match.end() :]
    if "?" in text and _patterns()["contrasts"].search(after) and not _patterns()["resend_questions"].search(after):
        return False  # "ele recebeu o código, mas onde eu digito?": a question about what comes next
    if _patterns()["other_subjects"].search(" ".join(before.split()[-1:])):
        return False  # "the link works when I open it": said of the link, not the message
    return not _patterns()["negations"].search(before)


def asks_next_group(text: str) -> bool:
    """Does `text` ask for a campaign's next failure group ("next group?", "y los otros?")?"""
    return bool(_patterns()["next_group"].search(fold(text)[:300]))
