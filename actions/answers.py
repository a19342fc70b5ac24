"""What the two forms do with an answer: keep it and say its finding, or ask once more.

Why: both the narrowing questions (triage_form) and a cause's questions
(troubleshoot_form) read answers the same way, and both must never ask a question a
third time: after a second answer that can't be placed, the question is skipped
(slot value "skipped") and the conversation goes on without it.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import diagnosis
from diagnosis.conversation.info import help_for_question, says_will_check
from diagnosis.conversation.turns import looks_like_question, opens_with_dont_know, read_turn
from diagnosis.details import with_said_language
from diagnosis.extract import written_as_code
from diagnosis.followup import Answer, answer, questions
from diagnosis.followup.choices import hedged
from diagnosis.language import say

from actions import messages
from actions.context import answer_context
from actions.diagnose import NEXT_CAUSE_CONFIDENCE, likely_causes
from actions.paste_reading import answers_in_paste
from actions.pasted import SLOT, facts_slot, pasted_facts
from actions.slots import without_empty_resets, work_on

SKIPPED = messages.SKIPPED_ANSWER
# How sure the classifier must be before an answer counts as a new error.
NEW_ERROR_CONFIDENCE = 0.6
# Answers to one question that can't be placed before it is skipped.
MAX_MISSES = 2


def accept(
    slot: str,
    result: Answer,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: Dict[Text, Any],
    say_finding: bool = True,
) -> Dict[Text, Any]:
    """Slot values for an understood answer; its finding is said and remembered."""
    if result.finding and say_finding:
        dispatcher.utter_message(text=result.finding)
    values: Dict[Text, Any] = {slot: result.value, "misses": None, "reask": None, "last_question": slot}
    values.update({k: v for k, v in (result.extra or {}).items() if k in domain.get("slots", {})})
    findings = list(tracker.get_slot("findings") or [])
    if result.finding and say_finding:
        findings.append(result.finding)
    values["findings"] = findings
    return without_empty_resets(values, tracker, "misses", "reask")


def missed(
    slot: str,
    result: Answer,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    lang: str,
    text: str = "",
) -> Dict[Text, Any]:
    """An answer that can't be placed: ask once more (action_ask_<slot> says the re-ask in
    place of the plain question), or, the second time, go on without it. "No idea" is an
    answer: the question is skipped at once rather than asked again."""
    question = questions().get(slot)
    misses = int(tracker.get_slot("misses") or 0) + 1
    if question is not None and misses < MAX_MISSES and says_will_check(text):
        # "ok, I'll check": the question waits for the answer (still one try, so it never loops)
        reask = say("replies.take_your_time", lang) + "\n\n" + question.text_in(lang)
        return {slot: None, "misses": float(misses), "reask": reask}
    noted = _noted_language(tracker, text, lang)
    if question is not None and noted:
        # "en_US creo": not an answer to this question, but the template's language, kept for
        # the fix ("order_update has no approved version in en_US"); the question waits
        values, said = noted
        return {**values, slot: None, "reask": said + "\n\n" + question.text_in(lang)}
    turn = read_turn(text)
    # "where do I see that?", "what does that mean?": explained, then asked again (it
    # still counts, so the question is never asked a third time)
    explained = help_for_question(slot, text, lang, tracker.get_slot("cause") or "")
    # "no idea" skips the question, but "what do you mean?" (a "don't know" too) is explained
    dont_know = ((turn is not None and turn.kind == "dont_know") or opens_with_dont_know(text)) and not explained
    if misses >= MAX_MISSES or dont_know:
        if explained:
            dispatcher.utter_message(text=explained)
        dispatcher.utter_message(text=say("replies.skip_question", lang))
        return without_empty_resets({slot: SKIPPED, "misses": None, "reask": None}, tracker, "misses", "reask")
    if explained and question is not None:
        reask = explained + "\n\n" + question.text_in(lang)
    elif question is not None and messages.in_another_language(text):
        reask = messages.languages_note(lang) + "\n\n" + question.text_in(lang)
    else:
        reask = result.reask or say("replies.didnt_get_that", lang)
    return {slot: None, "misses": float(misses), "reask": reask}


# The causes whose fix uses the language the template is sent in.
_LANGUAGE_CAUSES = ("template_not_approved",)


def _noted_language(tracker: Tracker, text: str, lang: str) -> Optional[Tuple[Dict[Text, Any], str]]:
    """The template's language said in place of an answer, kept in the pasted facts, and
    what to say about it; None when the text says none or the cause has no use for it."""
    if tracker.get_slot("cause") not in _LANGUAGE_CAUSES:
        return None
    facts = pasted_facts(tracker)
    noted = with_said_language(facts.details, facts.template_names, text)
    if noted is None:
        return None
    facts.details = noted
    return {SLOT: facts.to_dict()}, say("details.noted_language", lang, language=noted["language"])


_FIRST_CLAUSE = re.compile(r"[,.;!?\n]")


def answered_first(slot: str, text: str, context: Dict[str, Any]) -> Optional[Answer]:
    """The answer a message opens with before it asks something else ("no, es una sola
    clienta. ¿puede ser que me haya bloqueado?"), or None when its first clause answers
    nothing, or is itself the question ("what do you mean by template?")."""
    clause = _FIRST_CLAUSE.split(text.strip(), maxsplit=1)[0]
    if not clause.strip() or clause.strip() == text.strip() or looks_like_question(clause):
        return None
    read = answer(slot, clause, context)
    return read if read.ok else None


def question_after_answer(text: str) -> str:
    """The question a message asks after its first clause ("no, one customer. could she have
    blocked us?" -> "could she have blocked us?"), or ""."""
    parts = _FIRST_CLAUSE.split(text.strip(), maxsplit=1)
    if len(parts) < 2 or not text.strip().endswith("?"):
        return ""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|,\s*", parts[1]) if s.strip()]
    last = sentences[-1].strip() if sentences else ""
    return last if looks_like_question(last) else ""


def asks_about_the_question(slot: str, text: str, lang: str) -> bool:
    """ "what do you mean by template?", "¿a qué te refieres?" given in place of an answer:
    a question about the bot's question, explained by `missed`, never read as an answer
    (even when it names one of the choices)."""
    return looks_like_question(text) and help_for_question(slot, text, lang) is not None


# The intents of a message that reports a problem (data/nlu.yml), as opposed to an answer.
REPORT_INTENTS = ("report_problem",)


def intent_of(tracker: Tracker) -> Optional[str]:
    """The NLU's intent of the latest user message."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def new_error(
    text: str,
    tracker: Tracker,
    dispatcher: CollectingDispatcher,
    domain: Dict[Text, Any],
    lang: str,
    with_code: bool = False,
    any_intent: bool = False,
) -> Optional[Dict[Text, Any]]:
    """A pasted error instead of an answer: work on it, keeping nothing stale.

    with_code: only an error that carries a code counts (checked before the answer is
    read, so "(#131026) Message undeliverable" is not read as a number or a count).
    any_intent: words that name a cause count whatever the NLU called them (a vague
    report being narrowed: "it's a 30 MB video" is the detail that was missing).
    """
    current = tracker.get_slot("cause")
    result = diagnosis.classify(text)
    if hedged(text) and not result.extracted.codes:
        return None  # "talvez tenha bloqueado": a guess names no new error
    codes = result.extracted.codes
    if codes and not any(written_as_code(text, c) for c in codes):
        # "250 creo", "250 é o número de pessoas": a count or a prefix given as an answer,
        # not error 250; only the words can still name a new error
        result = diagnosis.classify(re.sub(r"(?<!\d)(?:" + "|".join(map(re.escape, codes)) + r")(?!\d)", " ", text))
    if result.cause in ("unknown", current) or result.confidence < NEW_ERROR_CONFIDENCE:
        return None
    if with_code and not result.extracted.codes:
        return None
    # "the video is 25 MB" mid-question: a size over its limit is a fact, whatever the NLU says
    over_a_limit = (
        current not in (None, "unknown") and result.cause == "media_too_large" and bool(result.extracted.file_sizes)
    )
    if not result.extracted.codes and not any_intent and not over_a_limit and intent_of(tracker) not in REPORT_INTENTS:
        # "foi uma resposta normal" to "when did you send it?": words about the message
        # given as an answer, not a new error (a new error is pasted, or reported as one)
        return None
    dispatcher.utter_message(
        text=say(
            # a detail given while narrowing a vague report, or the first error named, is no
            # "different error"
            "replies.so_the_cause_is" if any_intent or current in (None, "unknown") else "replies.different_error",
            lang,
            intro=messages.diagnosis_intro(result.cause, result.confidence, lang),
        )
    )
    ranked = likely_causes(result, NEXT_CAUSE_CONFIDENCE)
    # what the text already answers ("a 30 MB video" for the file's type and size) isn't asked
    answers = answers_in_paste(text, result, answer_context(tracker, language=lang))
    values = work_on(result.cause, result.confidence, ranked, [], domain, answers=answers)
    values["problem_text"] = text[:2000]
    values.update(facts_slot(result))
    return values
