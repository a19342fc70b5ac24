"""Follow-up questions and the answers computed from them (plain Python, no Rasa).

    from diagnosis.followup import questions, answer
    q = questions().get("template_status")   # .id .text .kind .choices [(id, title)] .examples
    a = answer("template_status", user_text, context)   # never raises
    a.ok, a.value, a.finding, a.reask, a.extra

context (all optional; built by `FollowupContext(...).as_dict()`, context.py, whose key
names the readers use): now (aware datetime; default: now in UTC), timezone (IANA name),
country (ISO code or name, for numbers without a country code), language (en/es/pt
hint), provider ("twilio" adds its number format), plus earlier slot values that
some answers combine with: messaging_tier, unique_customers, recipient_number.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, Optional

from ..language import language_of, say
from . import limits, media, pending, phone, scope, service_window
from .catalogue import Catalogue, Choice, Question, QuestionsError, load_questions, questions
from .choices import answer_choice, match_choice
from .countries import country_name, parse_country
from .result import Answer

__all__ = [
    "Answer",
    "Catalogue",
    "Choice",
    "FROM_COUNTS",
    "Question",
    "QuestionsError",
    "answer",
    "country_name",
    "load_questions",
    "match_choice",
    "parse_country",
    "questions",
]

log = logging.getLogger(__name__)

Handler = Callable[[Any, Dict[str, Any]], Answer]

# Questions whose answer is computed, by question ID.
COMPUTED: Dict[str, Handler] = {
    "last_customer_message": service_window.answer_last_customer_message,
    "time_since_sent": pending.answer_time_since_sent,
    "recipient_number": phone.answer_recipient_number,
    "recipient_country": phone.answer_recipient_country,
    "media_details": media.answer_media,
    "unique_customers": limits.answer_unique_customers,
    "send_rate": limits.answer_send_rate,
}

# Choice questions that counts can answer ("800 of the 3,000 failed": some), by question ID.
FROM_COUNTS: Dict[str, Callable[[str], Optional[str]]] = {
    "failure_scope": scope.scope_in_counts,
    "campaign": scope.campaign_in_counts,
}

# Choice questions whose finding adds something computed from the context.
AFTER_CHOICE: Dict[str, Callable[[str, Dict[str, Any]], str]] = {
    "messaging_tier": limits.tier_finding,
}


def answer(question_id: str, user_text: Any, context: Optional[Dict[str, Any]] = None) -> Answer:
    """Interpret a typed answer to a follow-up question. Never raises."""
    lang = language_of(context)
    try:
        ctx = dict(context) if isinstance(context, dict) else {}
        question = questions().get(question_id) if isinstance(question_id, str) else None
        if question is None:
            return Answer(
                ok=False,
                reask=say("followup.lost_question", lang),
                extra={"error": f"unknown question {question_id!r}"},
            )
        if question.kind == "choice":
            result = answer_choice(question, user_text, lang)
            counted = FROM_COUNTS[question.id](user_text) if not result.ok and question.id in FROM_COUNTS else None
            if counted and question.choice(counted) is not None:
                result = Answer(ok=True, value=counted, finding=question.choice(counted).advice_in(lang))
            more = AFTER_CHOICE.get(question.id)
            if result.ok and more is not None:
                addition = more(str(result.value), ctx)
                if addition:
                    result.finding = f"{result.finding} {addition}".strip()
            return result
        handler = COMPUTED.get(question.id)
        if handler is None:
            return Answer(
                ok=False, reask=question.text_in(lang), extra={"error": f"no handler for question {question.id!r}"}
            )
        return handler(user_text, ctx)
    except Exception as exc:  # the chat must go on whatever happens
        log.exception("answer(%r) failed", question_id)
        try:
            reask = say("followup.say_again", lang)
        except Exception:  # even the wording may be what broke
            reask = "Sorry, I didn't get that. Could you say it another way?"
        return Answer(ok=False, reask=reask, extra={"error": type(exc).__name__})
