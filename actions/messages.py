"""Tickfix's replies, composed from the wording catalogue in the user's language.

Why here: actions stay thin and the texts can be tested without a Rasa server.
Plain functions over `diagnosis` objects; no Rasa imports. Every sentence comes from
diagnosis/knowledge_base/wording/<lang>/ (replies.yaml, causes.yaml).
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Sequence

import diagnosis
from diagnosis.followup.choices import DONT_KNOW_CHOICES
from diagnosis.language import LANGS, foreign_language, has, say, say_list
from diagnosis.platform import platform

PERSON_PAYLOAD, FIXED_PAYLOAD, STILL_FAILING_PAYLOAD = "talk to a person", "yes it worked", "no, still failing"


def person_button(lang: str) -> Dict[str, str]:
    """The button that asks for a person; its payload is words the turn reader knows."""
    return {"title": say("replies.buttons.person", lang), "payload": PERSON_PAYLOAD}


def solved_buttons(lang: str) -> List[Dict[str, str]]:
    """Buttons for "did that solve it?"; payloads are plain words the NLU (and the turn
    reader) understand in any language, never "/intent{...}" strings a user could forge."""
    return [
        {"title": say("replies.buttons.fixed", lang), "payload": FIXED_PAYLOAD},
        {"title": say("replies.buttons.still_failing", lang), "payload": STILL_FAILING_PAYLOAD},
        person_button(lang),
    ]


def cause_title(cause_id: str, lang: str = "en") -> str:
    key = f"causes.{cause_id}.title"
    return say(key, lang) if has(key) else cause_id


def diagnosis_intro(cause_id: str, confidence: float, lang: str = "en") -> str:
    """What went wrong, in one or two sentences, with how sure the bot is."""
    hedge = "" if confidence >= 0.75 else say("replies.hedge", lang) + " "
    title = say(f"causes.{cause_id}.title", lang)
    explanation = say(f"causes.{cause_id}.explanation", lang)
    return f"{hedge}*{title}*. {explanation}".strip()


def retry_advice(cause_id: str, lang: str = "en", answered: Optional[str] = None) -> str:
    """Whether and when to retry, as a sentence. `answered`: when an answer says it instead
    of the cause ("disabled": never), see `retry_said_by`."""
    retry = diagnosis.knowledge()[cause_id].retry
    if answered:
        return f"{say(f'replies.retry.{answered}', lang)} {say(f'causes.{cause_id}.retry_note', lang)}".strip()
    if retry.note_only:
        return say(f"causes.{cause_id}.retry_note", lang)
    if retry.when == "after_wait":
        hours = retry.wait_hours
        if hours:
            text = say("replies.retry.after_wait", lang, wait=_hours(hours, lang))
        else:
            text = say("replies.retry.after_wait_unknown", lang)
    else:
        text = say(f"replies.retry.{retry.when}", lang)
    return f"{text} {say(f'causes.{cause_id}.retry_note', lang)}".strip()


# Which details speak to which cause (diagnosis.details); the first that applies is said.
_DETAILS_FOR = {
    "template_not_approved": ("template_language", "language"),
    "template_parameter_mismatch": ("params",),
    "media_error": ("mime_type",),
    "auth_failed": ("subcode", "permission"),
    "ecosystem_limit": ("us_recipients",),
    "blocked_by_recipient": ("unblocked",),
}


def variables(count: object, lang: str = "en") -> str:
    """ "1 variable", "3 variables", "2 variáveis": a count of template variables in words."""
    try:
        one = int(str(count)) == 1
    except ValueError:
        one = False
    return say("details.variables.one" if one else "details.variables.other", lang, n=count)


def details_line(cause_id: str, details: Dict[str, str], lang: str = "en") -> str:
    """What the error's own details say about this case, or "" (nothing specific known)."""
    for kind in _DETAILS_FOR.get(cause_id, ()):
        if kind == "template_language" and {"template", "language"} <= set(details):
            return say("details.template_language", lang, **details)
        if kind == "language" and "language" in details:
            return say("details.language", lang, **details)
        if kind == "params" and {"expected_params", "received_params"} <= set(details):
            return say("details.params", lang, expected=variables(details["expected_params"], lang), **details)
        if kind == "mime_type" and "mime_type" in details:
            return say("details.mime_type", lang, **details)
        if kind == "subcode" and has(f"details.subcode.{details.get('subcode')}"):
            return say(f"details.subcode.{details['subcode']}", lang)
        if kind == "permission" and "permission_code" in details:
            return say("details.permission", lang, **details)
        if kind == "us_recipients" and "us_recipients" in details:
            return say("details.us_marketing_pause", lang)
        if kind == "unblocked" and details.get("unblocked"):
            return say("details.unblocked", lang)
    return ""


# Meta's pair rate limit: too many messages to one customer in a short time.
PAIR_RATE_CODE = "131056"


def retry_said_by(cause_id: str, answers: Dict[str, object]) -> Optional[str]:
    """When to retry as one of the answers given says it (a template "disabled": never), or None."""
    from diagnosis.followup import questions

    entry = diagnosis.knowledge().get(cause_id)
    for qid in entry.questions if entry is not None else ():
        question = questions().get(qid)
        chosen = question.choice(answers[qid]) if question is not None and isinstance(answers.get(qid), str) else None
        if chosen is not None and chosen.retry:
            return chosen.retry
    return None


SKIPPED_ANSWER = "skipped"  # a question given up on ("no idea"): actions.answers.SKIPPED


def _steps_left(cause_id: str, steps: List[str], answers: Dict[str, object]) -> List[str]:
    """The fix's steps without those an answer has done already (questions.yaml settles_fix_step)."""
    from diagnosis.followup import questions

    done = set()
    for qid, value in answers.items():
        question = questions().get(qid)
        step = question.settles_fix_step.get(cause_id) if question is not None else None
        if step and value not in (None, "", SKIPPED_ANSWER) and value not in DONT_KNOW_CHOICES:
            done.add(step)
    left = [s for n, s in enumerate(steps, start=1) if n not in done]
    return left or steps


def fix_message(
    cause_id: str,
    lang: str = "en",
    details: Optional[Dict[str, str]] = None,
    answers: Optional[Dict[str, object]] = None,
    codes: Sequence[str] = (),
    provider: Optional[str] = None,
) -> str:
    """The fix as numbered steps (after what the error's details say about this case),
    when to retry (as the answers say it, when one does), and one tip for next time."""
    steps = _steps_left(cause_id, say_list(f"causes.{cause_id}.fix", lang), answers or {})
    lines = []
    specific = details_line(cause_id, details or {}, lang)
    if not specific and cause_id == "not_on_whatsapp" and (answers or {}).get("undeliverable_reason") == "chats_fine":
        specific = say("details.chats_yet_not_on_whatsapp", lang)  # "...pero hablo con él a diario"
    if not specific and provider and has(f"details.on_provider.{cause_id}.{provider}"):
        specific = say(f"details.on_provider.{cause_id}.{provider}", lang)  # Twilio's side of a token error
    if specific:
        lines += [f"{say('details.in_your_case', lang)} {specific}", ""]
    lines += [say("replies.fix_heading", lang)]
    lines += [f"{n}. {step}" for n, step in enumerate(steps, start=1)]
    answered = retry_said_by(cause_id, answers or {})
    retry = retry_advice(cause_id, lang, answered)
    if cause_id == "rate_limit" and PAIR_RATE_CODE in (codes or ()):  # one customer, not the number
        retry = say("replies.retry.pair", lang, pair=platform().throughput.pair_rate_seconds)
    if cause_id == "ecosystem_limit" and (details or {}).get("us_recipients"):
        retry = say("replies.retry.never", lang)  # Meta's pause on +1 numbers: no day-later retry
    if cause_id == "blocked_by_recipient" and (details or {}).get("unblocked"):
        retry = say("replies.retry.now", lang)  # "she unblocked us yesterday": the block is over
    lines += ["", f"{say('replies.retry_heading', lang)} {retry}"]
    key = f"causes.{cause_id}.prevent"
    if has(key):
        tips = say_list(key, lang)
        if tips:
            lines += ["", f"{say('replies.next_time', lang)} {tips[0]}"]
    return "\n".join(lines)


def mostly_other_script(text: str) -> bool:
    """True when most letters are not Latin (Arabic, Cyrillic, CJK...): say which we read."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 3:
        return False
    latin = sum(1 for ch in letters if ch.isascii() or "\u00c0" <= ch <= "\u024f")
    return latin / len(letters) < 0.5


def in_another_language(text: str) -> bool:
    """Written in a script or a language Tickfix doesn't read (Arabic, Cyrillic; French,
    German, Italian): the reply says which languages it reads."""
    return mostly_other_script(text) or foreign_language(text) is not None


def languages_note(lang: str, known: bool = True) -> str:
    """ "I read English, Spanish and Portuguese...": in the conversation's language, or in
    all three while the conversation has none yet."""
    langs = [lang] if known else [lang] + [x for x in LANGS if x != lang]
    return "\n".join(say("replies.languages_note", x).strip() for x in langs)


def unknown_message(candidates: Sequence[str], text: str = "", lang: str = "en") -> str:
    note = say("replies.languages_note", lang) + " " if in_another_language(text) else ""
    key = "replies.unknown_with_candidates" if candidates else "replies.unknown"
    return note + say(key, lang)


def candidate_buttons(candidates: Iterable[str], lang: str = "en") -> List[Dict[str, str]]:
    """Buttons for likely causes; the payload is the cause ID, which `classify` reads."""
    return [{"title": say(f"causes.{c}.short", lang), "payload": c} for c in candidates]


def next_cause_intro(previous: str, cause_id: str, lang: str = "en") -> str:
    return say(
        "replies.next_cause",
        lang,
        previous=cause_title(previous, lang),
        intro=diagnosis_intro(cause_id, 1.0, lang),
    )


def _short(text: Optional[str], limit: int) -> str:
    flat = (text or "").strip().replace("\n", " ")
    return flat[: limit - 3] + "..." if len(flat) > limit else flat


def handoff_summary(
    problem_text: Optional[str],
    tried: Sequence[str],
    findings: Sequence[str],
    lang: str = "en",
    added: Sequence[str] = (),
) -> str:
    """A short summary a support agent can act on without rereading the chat: the first
    report, what the user added later in their own words (the last few), the causes checked."""
    problem = _short(problem_text, 200)
    if not (problem or tried or findings or added):  # asked for a person before saying anything
        return say("replies.handoff.no_case", lang) + "\n" + say("replies.handoff.promise_no_case", lang)
    lines = [say("replies.handoff.intro", lang)]
    lines.append(say("replies.handoff.problem", lang, problem=problem or say("replies.handoff.not_given", lang)))
    if added:
        lines.append(say("replies.handoff.added", lang, said=" / ".join(_short(a, 120) for a in added[-3:])))
    if tried:
        lines.append(say("replies.handoff.checked", lang, causes=", ".join(cause_title(c, lang) for c in tried)))
    for finding in findings[-5:]:
        # a finding said with the question that followed it: the summary keeps the finding
        kept = " ".join(x for x in re.split(r"(?<=[.!?])\s+", finding) if not x.rstrip().endswith("?"))
        lines.append(f"- {kept or finding}")
    lines.append(say("replies.handoff.promise", lang))
    return "\n".join(lines)


def _hours(hours: float, lang: str) -> str:
    if hours >= 48 and hours % 24 == 0:
        return say("replies.hours.days", lang, n=int(hours // 24))
    if hours == 1:
        return say("replies.hours.hour", lang)
    if hours >= 1:
        return say("replies.hours.hours", lang, n=f"{hours:g}")
    return say("replies.hours.minutes", lang, n=int(round(hours * 60)))
