"""The language of this turn's replies, and the event that remembers it.

Why: every action answers in the user's language. It follows the user's own words
(diagnosis.language.detect_language), starting from what the conversation used so
far (slot `language`) or, at the start, from the channel's hints (locale, country of
the number). Each action asks here, so they all agree within a turn.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, FrozenSet, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

import diagnosis
from diagnosis.language import detect_language, language_hint

from actions.context import metadata_country, metadata_locale, user_text

SLOT = "language"


def reply_language(tracker: Tracker) -> str:
    text, spoken = user_text(tracker), tracker.get_slot(SLOT)
    if spoken and is_a_button(text):  # "no, still failing" sent by "No, sigue fallando": no switch
        return spoken
    hint = language_hint(metadata_locale(tracker), metadata_country(tracker) or tracker.get_slot("user_country"))
    return detect_language(text, spoken, hint)


def is_a_button(text: str) -> bool:
    """Whether `text` is the payload of one of the bot's buttons: words chosen for the NLU,
    in English or as ids, whatever language the button's title was in."""
    return isinstance(text, str) and text.strip() in _payloads()


@lru_cache(maxsize=1)
def _payloads() -> FrozenSet[str]:
    from diagnosis.followup import questions

    from actions import messages
    from actions.account_template import DONT_KNOW_PAYLOAD

    fixed = {messages.PERSON_PAYLOAD, messages.FIXED_PAYLOAD, messages.STILL_FAILING_PAYLOAD, DONT_KNOW_PAYLOAD}
    choices = {c.id for q in questions() for c in q.options}
    return frozenset(fixed | choices | set(diagnosis.knowledge().causes()))


def remember(tracker: Tracker, lang: str) -> List[Dict[str, Any]]:
    """SlotSet for the language when it changed."""
    return [SlotSet(SLOT, lang)] if tracker.get_slot(SLOT) != lang else []
