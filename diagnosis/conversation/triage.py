"""Narrowing a vague symptom to the causes worth trying, from two answers.

Why: "red icon" or "mensagem não chega" names no cause. Two questions split the
causes best (a template or a normal message? one customer or many?); the table of
what each answer pair makes likely is data (knowledge_base/triage.yaml). What the user's
own words already suggested (the classifier's weak candidates) goes first.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

import yaml

from ..text import fold

TRIAGE_FILE = Path(__file__).resolve().parent.parent / "knowledge_base" / "triage.yaml"
QUESTIONS: Tuple[str, ...] = ("message_kind", "failure_scope")
# The template's category, when known, rules out the marketing-only causes for the others.
NOT_MARKETING = frozenset({"utility", "authentication"})
# Answers that tell nothing: they match any row.
UNKNOWN_ANSWERS = frozenset({None, "", "not_sure", "dont_know", "skipped"})

_lock = threading.Lock()
Table = Tuple[List[Tuple[Dict[str, str], List[str]]], FrozenSet[str], FrozenSet[str], FrozenSet[str]]
_data: Optional[Table] = None


def _load() -> Table:
    data = yaml.safe_load(TRIAGE_FILE.read_text(encoding="utf-8"))
    likely = [(dict(row["when"]), list(row["causes"])) for row in data["likely"]]
    return (
        likely,
        frozenset(data.get("template_only") or ()),
        frozenset(data.get("marketing_only") or ()),
        frozenset(data.get("set_up_wrong") or ()),
    )


# "it used to work": "stopped working since yesterday", "antes andaba", "parou de funcionar"
_USED_TO_WORK = re.compile(
    r"\b(?:used to work|was working|were working|worked (?:fine|before|until|for)|stopped (?:working|sending|going)|"
    r"suddenly|all of a sudden|antes (?:andaba|funcionaba|salia|salian|llegaba|llegaban|ia|iam|chegava|chegavam|saia|"
    r"funcionava)|dejo de (?:andar|funcionar|enviar|salir|llegar)|dejaron de (?:salir|llegar|funcionar)|"
    r"funcionaba bien|de repente|parou de (?:funcionar|enviar|chegar|sair|mandar)|pararam de (?:chegar|sair)|"
    r"funcionava|do nada)\b"
)


def used_to_work(text: str) -> bool:
    """Does the report say it worked before ("antes andaba, dejó de andar desde ayer")?"""
    return bool(_USED_TO_WORK.search(fold(text)[:2000]))


def _loaded() -> Table:
    global _data
    if _data is None:
        with _lock:
            if _data is None:
                _data = _load()
    return _data


def rows() -> List[Tuple[Dict[str, str], List[str]]]:
    return _loaded()[0]


def template_only_causes() -> FrozenSet[str]:
    """The causes that only ever concern templates (not tried for a normal message)."""
    return _loaded()[1]


def marketing_only_causes() -> FrozenSet[str]:
    """The causes that only concern marketing templates."""
    return _loaded()[2]


def set_up_wrong_causes() -> FrozenSet[str]:
    """The causes of a message set up wrong from the start (tried last when it used to work)."""
    return _loaded()[3]


def likely_causes(
    answers: Dict[str, Optional[str]],
    candidates: Sequence[str] = (),
    limit: int = 3,
    worked_before: bool = False,
    ruled_out: Sequence[str] = (),
) -> List[str]:
    """The causes to try, most likely first; empty when the answers tell nothing.
    `answers` may also hold the template's category: a utility or authentication
    template rules out the marketing-only causes. `worked_before`: the report says it used
    to work, so the causes of a set-up wrong from the start go last. `ruled_out`: causes an
    answer already excluded (the window, when the customer wrote two hours ago)."""
    known = {q: a for q, a in answers.items() if q in QUESTIONS and a not in UNKNOWN_ANSWERS}
    if not known:
        return []
    for when, causes in rows():  # noqa: B007  (causes is read after the loop: the row found)
        if all(known.get(q) == a for q, a in when.items()) and set(when) == set(known):
            break
    else:
        # one answer known, the other not: the row naming only the known one
        return []
    if answers.get("template_category") in NOT_MARKETING:
        causes = [c for c in causes if c not in marketing_only_causes()]
    causes = [c for c in causes if c not in ruled_out]
    first = [c for c in candidates if c in causes]
    ranked = first + [c for c in causes if c not in first]
    if worked_before:
        ranked = [c for c in ranked if c not in set_up_wrong_causes()] + [
            c for c in ranked if c in set_up_wrong_causes()
        ]
    return ranked[:limit]


def answers_in_report(text: str, question_ids: Sequence[str] = QUESTIONS) -> Dict[str, str]:
    """The answers to choice questions that a report in the user's own words already
    gives, by question: "our marketing blast failed for all the numbers" answers both
    narrowing questions, and the template's category; these are not asked again."""
    from ..followup import FROM_COUNTS, questions
    from ..followup.choices import choice_said_in

    found = {}
    for qid in question_ids:
        question = questions().get(qid)
        if question is None or not question.options:
            continue
        choice = choice_said_in(question, text)
        if choice is not None:
            found[qid] = choice.id
        elif qid in FROM_COUNTS and FROM_COUNTS[qid](text):
            found[qid] = FROM_COUNTS[qid](text)  # "800 of the 3,000 failed": some
    return found
