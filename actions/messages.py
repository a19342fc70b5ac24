"""The wording of Tickfix's replies, built from the diagnosis knowledge.

Why here: actions stay thin and the texts can be tested without a Rasa server.
Plain functions over `diagnosis` objects; no Rasa imports.
"""
from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Sequence

import diagnosis

# Buttons the user answers "did that solve it?" with; payloads are plain words the
# NLU understands, never "/intent{...}" strings a user could forge to set slots.
SOLVED_BUTTONS = [
    {"title": "Yes, it's fixed", "payload": "yes it worked"},
    {"title": "No, still failing", "payload": "no, still failing"},
    {"title": "Talk to a person", "payload": "talk to a person"},
]

CAMPAIGN_INTRO = 'About "Retry Failed" for this campaign:'

_RETRY_TEXT = {
    "now": "You can retry right away.",
    "after_fix": "Retry once you have made the fix above; retrying before that fails the same way.",
    "never": "Don't retry this message: it will fail the same way.",
}


def cause_title(cause_id: str) -> str:
    entry = diagnosis.knowledge().get(cause_id)
    return entry.title if entry else cause_id


def diagnosis_intro(cause_id: str, confidence: float) -> str:
    """What went wrong, in one or two sentences, with how sure the bot is."""
    entry = diagnosis.knowledge()[cause_id]
    hedge = "" if confidence >= 0.75 else "This looks most like: "
    return f"{hedge}*{entry.title}*. {entry.explanation}".strip()


def retry_advice(cause_id: str) -> str:
    """Whether and when to retry, as a sentence."""
    retry = diagnosis.knowledge()[cause_id].retry
    if retry.when == "after_wait":
        hours = retry.wait_hours
        wait = f"about {_hours(hours)}" if hours else "a while"
        text = f"Retry after {wait}."
    else:
        text = _RETRY_TEXT.get(retry.when, "")
    return f"{text} {retry.note}".strip()


def fix_message(cause_id: str) -> str:
    """The fix as numbered steps, when to retry, and how to prevent it next time."""
    entry = diagnosis.knowledge()[cause_id]
    lines = ["*How to fix it*"]
    lines += [f"{n}. {step}" for n, step in enumerate(entry.fix, start=1)]
    lines += ["", f"*Retry:* {retry_advice(cause_id)}"]
    if entry.prevent:
        lines += ["", "*Next time:* " + " ".join(entry.prevent)]
    return "\n".join(lines)


LANGUAGES_NOTE = "I read English, Spanish and Portuguese; errors can be pasted as they are. "


def mostly_other_script(text: str) -> bool:
    """True when most letters are not Latin (Arabic, Cyrillic, CJK...): say which we read."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 3:
        return False
    latin = sum(1 for ch in letters if ch.isascii() or "\u00c0" <= ch <= "\u024f")
    return latin / len(letters) < 0.5


def unknown_message(candidates: Sequence[str], text: str = "") -> str:
    note = LANGUAGES_NOTE if mostly_other_script(text) else ""
    return note + _unknown_body(candidates)


def _unknown_body(candidates: Sequence[str]) -> str:
    if candidates:
        return (
            "I'm not sure yet what went wrong. Is it one of these? If not, paste the exact "
            "error text (the code and message, or the JSON) and I'll look again."
        )
    return (
        "I couldn't place that yet. Please paste the exact error text you see, for example "
        "\"(#131047) Re-engagement message\", the error JSON, or the message from your "
        "provider's dashboard, or describe what happens (\"red icon\", \"one grey tick\")."
    )


def candidate_buttons(candidates: Iterable[str]) -> List[Dict[str, str]]:
    """Buttons for likely causes; the payload is the cause ID, which `classify` reads."""
    return [{"title": cause_title(c), "payload": c} for c in candidates]


def next_cause_intro(previous: str, cause_id: str) -> str:
    return (
        f"OK, so it's probably not {cause_title(previous).lower()}. "
        f"The next most likely cause is: {diagnosis_intro(cause_id, 1.0)}"
    )


def handoff_summary(
    problem_text: Optional[str], tried: Sequence[str], findings: Sequence[str]
) -> str:
    """A short summary a support agent can act on without rereading the chat."""
    problem = (problem_text or "").strip().replace("\n", " ")
    if len(problem) > 200:
        problem = problem[:197] + "..."
    lines = ["I'm handing you over to a person on our support team. Here's what they'll see:"]
    lines.append(f"- Problem reported: {problem or 'not given'}")
    if tried:
        lines.append("- Causes checked: " + ", ".join(cause_title(c) for c in tried))
    for finding in findings[-5:]:
        lines.append(f"- {finding}")
    lines.append("Someone will reply here. You don't need to repeat anything.")
    return "\n".join(lines)


def _hours(hours: float) -> str:
    if hours >= 48 and hours % 24 == 0:
        return f"{int(hours // 24)} days"
    if hours >= 1:
        return f"{hours:g} hours" if hours != 1 else "1 hour"
    return f"{int(round(hours * 60))} minutes"
