"""What a pasted error or report already answers and works out, said with the diagnosis.

Why: asking what the paste already shows reads as not listening. The paste's own numbers,
sizes and times are worked out ("a 25 MB video is over the 16 MB limit", "send it as
5491145678901"), and a sentence of the user's own answers the cause's choice questions.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List

import diagnosis
from diagnosis.campaign.report import mentions_campaign
from diagnosis.conversation.triage import answers_in_report
from diagnosis.followup import answer, questions
from diagnosis.followup.choices import choices_said_by_codes
from diagnosis.followup.pending import said_sent_time
from diagnosis.followup.service_window import said_last_message
from diagnosis.language import detect_language, own_words


def answers_in_paste(text: str, result: diagnosis.Result, context: Dict[str, Any]) -> Dict[str, Any]:
    """Follow-up answers the paste already gives: used, not asked again."""
    found: Dict[str, Any] = {}
    if mentions_campaign(text):
        found["campaign"] = "yes"
    numbers = result.extracted.phone_numbers
    if len(numbers) == 1:
        read = answer("recipient_number", numbers[0], context)
        if read.ok:
            found["recipient_number"] = read.value
    if result.extracted.file_sizes:
        read = answer("media_details", text[:300], context)
        if read.ok:
            found["media_details"] = read.value
    audience = _AUDIENCE_SAID.search(text) if result.cause == "messaging_limit" else None
    if audience is not None:  # "mandamos como 300 clientes": not asked again
        read = answer("unique_customers", audience.group(0), context)
        if read.ok:
            found["unique_customers"] = read.value
    sent = said_sent_time(text, context) if result.cause == "pending_delivery" else None
    if sent is not None:  # "one grey tick since 9 this morning": not asked again
        found["time_since_sent"] = sent.value
    details = result.extracted.details
    if {"expected_params", "received_params"} <= set(details) and details["expected_params"] != details[
        "received_params"
    ]:
        found["parameter_problem"] = "count"  # "localizable_params (2) does not match ... (3)": the count is off
    window = said_last_message(text, context)  # "un cliente que me escribió anteayer"
    if window is not None and window.value.get("window_open") is False:
        found["last_customer_message"] = window.value  # an open or unsure window is asked
    found.update(choices_said(text, result, skip=found))
    if result.cause == "not_on_whatsapp" and _chats_with_them(text, result):
        found["undeliverable_reason"] = "chats_fine"  # "...pero sí tiene whatsapp, hablo con él a diario"
    entry = diagnosis.knowledge().get(result.cause)
    if entry is not None and result.extracted.codes:  # "132015": the status is paused, no need to ask
        said = choices_said_by_codes(result.extracted.codes, [q for q in entry.questions if q not in found])
        found.update(said)
    return found


# How many people a send went to, said in the report: "300 clientes", "5,000 contacts", "2 mil mensagens"
_AUDIENCE_SAID = re.compile(
    r"\b\d[\d.,]*\s*(?:k|mil)?\s*(?:clientes|contactos|contatos|contacts|customers|mensajes|mensagens|messages|"
    r"numbers|numeros|números|people|personas|pessoas|destinatarios|destinatários|recipients|users|usuarios)\b",
    re.I,
)


def choices_said(text: str, result: diagnosis.Result, skip: Iterable[str] = ()) -> Dict[str, str]:
    """The cause's choice questions the user's own words answer ("me la rechazaron": the
    template's status). Not from a pasted error: its wording is Meta's, its code decided
    ("Template name does not exist in the translation" does not say the status)."""
    entry = diagnosis.knowledge().get(result.cause)
    written = own_words(text)
    # beside a code, only a sentence of the user's own counts ("...131026, pero el pibe tiene
    # whatsapp seguro"): a few words left over from the paste say nothing
    if entry is None or not written:
        return {}
    if result.extracted.codes and not _a_sentence_of_their_own(text, written):
        return {}
    return answers_in_report(written, [q for q in entry.questions if q not in skip])


def _chats_with_them(text: str, result: diagnosis.Result) -> bool:
    """Does the user say, in words of their own, that they chat with this customer on WhatsApp?"""
    written = own_words(text)
    if not written or (result.extracted.codes and not _a_sentence_of_their_own(text, written)):
        return False
    return answers_in_report(written, ["undeliverable_reason"]).get("undeliverable_reason") == "chats_fine"


def _a_sentence_of_their_own(text: str, written: str) -> bool:
    """Beside a pasted code, words the user wrote: Spanish or Portuguese, or English with
    "I/we/my/our" in it (the rest of a provider's English error says nothing of the case)."""
    if len(written.split()) < MIN_OWN_SENTENCE:
        return False
    return detect_language(text) != "en" or bool(re.search(r"\b(?:i|we|my|our|us|she|he|they)\b", written, re.I))


def paste_findings(text: str, answers: Dict[str, Any], context: Dict[str, Any]) -> List[str]:
    """What the answers read from the paste work out ("a 25 MB video is over WhatsApp's
    16 MB limit for videos", "their last message was on Sat 5 Dec, so the window closed"),
    said with the diagnosis as the question would have said it."""
    found = []
    if "media_details" in answers:
        found.append(answer("media_details", text[:300], context))
    if "last_customer_message" in answers:
        found.append(said_last_message(text, context))
    if "time_since_sent" in answers:
        found.append(said_sent_time(text, context))
    audience = _AUDIENCE_SAID.search(text) if "unique_customers" in answers else None
    if audience is not None:
        found.append(answer("unique_customers", audience.group(0), context))
    return [read.finding for read in found if read is not None and read.ok and read.finding]


# How many of the user's own words beside a pasted code make a sentence that can answer a question.
MIN_OWN_SENTENCE = 6
# Causes a wrong number format can hide behind: the number pasted beside them is checked.
NUMBER_CHECKED_FOR = frozenset({"undeliverable", "not_on_whatsapp", "pending_delivery"})


def number_findings(result: diagnosis.Result, context: Dict[str, Any]) -> List[str]:
    """A number in the paste written the way WhatsApp does not read it ("541145678901": an
    Argentine mobile without its 9), said beside a cause the format can hide behind."""
    if result.cause not in NUMBER_CHECKED_FOR:
        return []
    found = []
    for number in result.extracted.phone_numbers[:3]:
        read = answer("recipient_number", number, context)
        if read.ok and (read.extra or {}).get("points_to") == "invalid_phone_format" and read.finding:
            found.append(read.finding)
    return found


def advice_for(choices: Dict[str, str], lang: str) -> List[str]:
    """What each choice read from the report means, as the question would have said it."""
    lines = []
    for qid, cid in choices.items():
        question = questions().get(qid)
        choice = question.choice(cid) if question is not None else None
        if choice is not None and choice.advice_in(lang):
            lines.append(choice.advice_in(lang))
    return lines
