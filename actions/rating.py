"""The one-tap rating after a fix worked: read it (1-5, stars or words) and thank."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.language import say

from actions.language import remember, reply_language
from actions.slots import NamesFirstQuestion

_WORDS = {
    "great": 5,
    "excellent": 5,
    "excelente": 5,
    "genial": 5,
    "otimo": 5,
    "ótimo": 5,
    "good": 4,
    "bueno": 4,
    "bom": 4,
    "ok": 3,
    "okay": 3,
    "bad": 1,
    "malo": 1,
    "ruim": 1,
    "not helpful": 1,
}


def parse_rating(text: str) -> Optional[int]:
    """5, '4/5', '⭐⭐⭐', 'great' -> 1..5; anything else -> None."""
    text = (text or "").strip().lower()
    stars = text.count("⭐")
    if 1 <= stars <= 5:
        return stars
    digit = re.search(r"\b([1-5])\b", text)
    if digit:
        return int(digit.group(1))
    for word, value in _WORDS.items():
        if word in text:
            return value
    return None


def rating_buttons(lang: str) -> List[Dict[str, str]]:
    return [
        {"title": say("replies.rating.great", lang), "payload": "5"},
        {"title": say("replies.rating.ok", lang), "payload": "3"},
        {"title": say("replies.rating.bad", lang), "payload": "1"},
    ]


class ActionAskRating(Action):
    def name(self) -> Text:
        return "action_ask_rating"

    async def run(self, dispatcher, tracker, domain):
        lang = reply_language(tracker)
        dispatcher.utter_message(text=say("replies.rating.ask", lang), buttons=rating_buttons(lang))
        return remember(tracker, lang)


class ValidateRatingForm(NamesFirstQuestion, FormValidationAction):
    def name(self) -> Text:
        return "validate_rating_form"

    def validate_rating(self, value, dispatcher, tracker, domain):
        rating = parse_rating(value if isinstance(value, str) else str(value))
        # Never trap the user in the rating: an unreadable answer is recorded as skipped.
        return {"rating": str(rating) if rating else "skipped"}


class ActionThankRating(Action):
    def name(self) -> Text:
        return "action_thank_rating"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        rating = tracker.get_slot("rating")
        if rating and rating != "skipped":
            dispatcher.utter_message(text=say("replies.rating.thanks_with", lang, rating=rating))
        else:
            dispatcher.utter_message(text=say("replies.rating.thanks", lang))
        return remember(tracker, lang)
