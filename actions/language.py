"""The language of this turn's replies, and the event that remembers it.

Why: every action answers in the user's language. It follows the user's own words
(diagnosis.language.detect_language), starting from what the conversation used so
far (slot `language`) or, at the start, from the channel's hints (locale, country of
the number). Each action asks here, so they all agree within a turn.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from diagnosis.language import detect_language, language_hint

from actions.context import metadata_country, metadata_locale, user_text

SLOT = "language"


def reply_language(tracker: Tracker) -> str:
    hint = language_hint(metadata_locale(tracker), metadata_country(tracker) or tracker.get_slot("user_country"))
    return detect_language(user_text(tracker), tracker.get_slot(SLOT), hint)


def remember(tracker: Tracker, lang: str) -> List[Dict[str, Any]]:
    """SlotSet for the language when it changed."""
    return [SlotSet(SLOT, lang)] if tracker.get_slot(SLOT) != lang else []
