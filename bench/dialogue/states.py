"""The states of the dialogue the check brings a conversation to, and what the user says
there: the openings per cause and language, the valid answers, the pool of off-script turns.

Why: which states exist follows the knowledge (each cause's `questions:`), so the list
is built from the cause files rather than written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

from diagnosis.followup.phone import FORMAT_CAUSE

from actions.next_cause import code_that_settles

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "es", "pt")
CAUSES_DIR = ROOT / "diagnosis" / "knowledge_base" / "causes"

# --- the user's side ---------------------------------------------------------------------

# What opens a conversation in each language: the user's own words, then the error.
ERROR_PREFIX = {
    "en": "Our message failed with this error: ",
    "es": "Nuestro mensaje falló con este error: ",
    "pt": "Nossa mensagem falhou com este erro: ",
}
# A real error text per cause (each checked with `python -m diagnosis`: the cause, 1.0).
ERROR_TEXTS = {
    "account_restricted": "(#131031) Business Account locked",
    "auth_failed": "(#190) Invalid OAuth access token - Cannot parse access token",
    "blocked_by_recipient": None,  # reached only by narrowing undeliverable (no error code)
    "business_blocked_user": None,  # same questions as invalid_phone_format
    "ecosystem_limit": "(#131049) This message was not delivered to maintain healthy ecosystem engagement",
    "invalid_phone_format": "(#100) Invalid parameter: the 'to' phone number is not a valid number",
    "invalid_request": "(#100) Invalid parameter",
    "marketing_experiment": "(#130472) User's number is part of an experiment",
    "marketing_opt_out": "(#131050) User stopped marketing messages",
    "media_error": "(#131053) Media upload error",
    "media_too_large": "Media size exceeds limit",
    "messaging_limit": "Twilio error 63038: Account exceeded the daily messages limit",
    "meta_outage": "(#131000) Something went wrong",
    "not_on_whatsapp": None,  # same question as invalid_phone_format
    "number_not_registered": "(#133010) Phone number not registered",
    "outside_service_window": "(#131047) Re-engagement message",
    "payment_issue": "(#131042) Business eligibility payment issue",
    "pending_delivery": None,  # a description, per language below
    "rate_limit": "(#130429) Rate limit hit",
    "spam_rate_limit": "(#131048) Spam rate limit hit",
    "template_not_approved": "(#132001) Template name does not exist in the translation",
    "template_parameter_mismatch": "(#132000) Number of parameters does not match the expected number of params",
    "template_paused_or_disabled": "(#132015) Template is paused",
    "test_number_not_allowed": "(#131030) Recipient phone number not in allowed list",
    "undeliverable": "(#131026) Message undeliverable",
}
# Causes described rather than pasted, in the user's language.
DESCRIBED = {
    "pending_delivery": {
        "en": "message stuck on sent status with one grey tick for hours, never delivered",
        "es": "el mensaje se queda en enviado con un solo check gris hace horas, nunca se entrega",
        "pt": "a mensagem fica como enviada com um só tique cinza há horas, nunca é entregue",
    },
}
# A valid answer to each question, used to reach the questions after it.
ANSWERS = {
    "last_customer_message": {"en": "3 days ago", "es": "hace 3 días", "pt": "há 3 dias"},
    "template_status": {"en": "paused", "es": "pausada", "pt": "pausado"},
    "parameter_problem": {"en": "a variable is empty", "es": "una variable vacía", "pt": "uma variável vazia"},
    "recipient_number": {"en": "+14155551234", "es": "+14155551234", "pt": "+14155551234"},
    "recipient_country": {"en": "United States", "es": "Estados Unidos", "pt": "Estados Unidos"},
    "media_details": {"en": "an image of 3 MB", "es": "una imagen de 3 MB", "pt": "uma imagem de 3 MB"},
    "media_link_opens": {"en": "yes, it opens", "es": "sí, se abre", "pt": "sim, abre"},
    "undeliverable_reason": {"en": "not sure", "es": "no sé", "pt": "não sei"},
    "campaign": {"en": "yes, a campaign", "es": "sí, una campaña", "pt": "sim, uma campanha"},
    "template_category": {"en": "marketing", "es": "marketing", "pt": "marketing"},
    "messaging_tier": {"en": "1k", "es": "1k", "pt": "1k"},
    "unique_customers": {"en": "200", "es": "200", "pt": "200"},
    "send_rate": {"en": "50 per second", "es": "50 por segundo", "pt": "50 por segundo"},
    "token_type": {"en": "temporary token", "es": "token temporal", "pt": "token temporário"},
    "billing_status": {"en": "I don't know", "es": "no sé", "pt": "não sei"},
    "quality_rating": {"en": "high", "es": "alta", "pt": "alta"},
    "number_status": {"en": "connected", "es": "conectado", "pt": "conectado"},
    "failure_scope": {"en": "all messages", "es": "todos los mensajes", "pt": "todas as mensagens"},
    "error_field": {"en": "the template name", "es": "el nombre de la plantilla", "pt": "o nome do modelo"},
    "time_since_sent": {"en": "3 hours ago", "es": "hace 3 horas", "pt": "há 3 horas"},
}
# A number without country code: the bot then asks the recipient's country.
LOCAL_NUMBER = "(415) 555-1234"
VAGUE = {"en": "message failed red icon", "es": "mi mensaje no llega", "pt": "mensagem não chega"}
TRIAGE_KIND = {"en": "a template", "es": "una plantilla", "pt": "um template"}
NOT_SURE = {"en": "not sure", "es": "no lo sé", "pt": "não sei"}
PERSON = {"en": "a person", "es": "una persona", "pt": "uma pessoa"}

OTHER_LANG = {"en": "es", "es": "pt", "pt": "en"}
OTHER_SENTENCE = {
    "en": "Sorry, I do not really understand what you are asking me here",
    "es": "Perdón, no entiendo bien lo que me estás preguntando aquí",
    "pt": "Desculpa, não entendi bem o que você está me perguntando aqui",
}
POOL: Dict[str, Dict[str, List[str]]] = {
    "other_lang": {lang: [OTHER_SENTENCE[OTHER_LANG[lang]]] for lang in LANGS},
    "ok": {lang: ["ok"] for lang in LANGS},
    "no_idea_x3": {"en": ["no idea"] * 3, "es": ["ni idea"] * 3, "pt": ["não faço ideia"] * 3},
    "question": {
        "en": ["what is the 24-hour window?"],
        "es": ["¿qué es la ventana de 24 horas?"],
        "pt": ["o que é a janela de 24 horas?"],
    },
    "gibberish": {lang: ["asdkj qwe"] for lang in LANGS},
    "new_error": {lang: ["(#131026) Message undeliverable"] for lang in LANGS},
    "fixed": {"en": ["it's fixed"], "es": ["ya funciona"], "pt": ["resolveu"]},
}


@dataclass(frozen=True)
class State:
    """A point of the dialogue, reached by `setup` in a fresh conversation."""

    kind: str  # question | triage | after_fix | after_handoff | unplaceable
    name: str  # e.g. "auth_failed/failure_scope"
    lang: str
    setup: Tuple[str, ...]
    expect: Tuple[Tuple[str, object], ...]  # tracker facts that say the state is reached

    @property
    def key(self) -> str:
        return f"{self.name} [{self.lang}]"


def cause_questions(directory: Path = CAUSES_DIR) -> Dict[str, List[str]]:
    """Each cause's follow-up questions, in the order they are asked."""
    out = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("questions"):
            out[data.get("id", path.stem)] = list(data["questions"])
    return out


def stated_by_code(opening_text: str, questions: Sequence[str]) -> Dict[str, str]:
    """The questions that the opening's error code answers by itself (not asked)."""
    from diagnosis import classify
    from diagnosis.followup.choices import choices_said_by_codes

    return choices_said_by_codes(classify(opening_text).extracted.codes, questions)


def opening(cause: str, lang: str) -> Optional[str]:
    if cause in DESCRIBED:
        return DESCRIBED[cause][lang]
    text = ERROR_TEXTS.get(cause)
    return ERROR_PREFIX[lang] + text if text else None


def build_states(quick: bool = False, langs: Sequence[str] = LANGS) -> List[State]:
    """Every state of the dialogue, per language. quick: one path per question id."""
    states: List[State] = []
    for lang in langs:
        question_states: List[State] = []
        for cause, questions in cause_questions().items():
            first = opening(cause, lang)
            if first is None:
                continue
            # what the opening's code states is not asked (132015: the status is paused)
            asked = [q for q in questions if q not in stated_by_code(first, questions)]
            for i, question in enumerate(asked):
                setup = (first,) + tuple(ANSWERS[q][lang] for q in asked[:i])
                question_states.append(
                    State(
                        "question",
                        f"{cause}/{question}",
                        lang,
                        setup,
                        (("requested_slot", question), ("cause", cause)),
                    )
                )
                if question == "recipient_number":
                    # a number without its country code points to its format, which asks, unless
                    # the opening's code settles the cause (131030: still the test number's list)
                    stays = code_that_settles(first, cause)
                    question_states.append(
                        State(
                            "question",
                            f"{cause}/recipient_country",
                            lang,
                            setup + (LOCAL_NUMBER,),
                            (("requested_slot", "recipient_country"), ("cause", cause if stays else FORMAT_CAUSE)),
                        )
                    )
        if quick:  # the shortest path to each distinct question id
            best: Dict[str, State] = {}
            for s in question_states:
                qid = s.name.split("/")[1]
                if qid not in best or len(s.setup) < len(best[qid].setup):
                    best[qid] = s
            question_states = list(best.values())
        states += question_states
        states += [
            State("triage", "triage/message_kind", lang, (VAGUE[lang],), (("requested_slot", "message_kind"),)),
            State(
                "triage",
                "triage/failure_scope",
                lang,
                (VAGUE[lang], TRIAGE_KIND[lang]),
                (("requested_slot", "failure_scope"),),
            ),
            State(
                "after_fix",
                "after_fix",
                lang,
                (opening("outside_service_window", lang), ANSWERS["last_customer_message"][lang]),
                (("awaiting", "fix_outcome"),),
            ),
            State(
                "after_handoff",
                "after_handoff",
                lang,
                (opening("outside_service_window", lang), PERSON[lang]),
                (("handed_off", True),),
            ),
            State(
                "unplaceable",
                "unplaceable",
                lang,
                (VAGUE[lang], NOT_SURE[lang], NOT_SURE[lang], NOT_SURE[lang]),
                (("awaiting", "error"),),
            ),
        ]
    return states


# --- one conversation ---------------------------------------------------------------------
