"""The one-tap rating after a fix worked: read it (1-5, stars or words) and thank."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

_WORDS = {"great": 5, "excellent": 5, "good": 4, "ok": 3, "okay": 3, "bad": 1, "not helpful": 1}


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


RATING_BUTTONS = [
    {"title": "⭐⭐⭐⭐⭐ Great", "payload": "5"},
    {"title": "⭐⭐⭐ OK", "payload": "3"},
    {"title": "⭐ Not helpful", "payload": "1"},
]


class ActionAskRating(Action):
    def name(self) -> Text:
        return "action_ask_rating"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text="How helpful was I? Tap a rating.", buttons=RATING_BUTTONS)
        return []


class ValidateRatingForm(FormValidationAction):
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
        rating = tracker.get_slot("rating")
        if rating and rating != "skipped":
            dispatcher.utter_message(text=f"Thanks for the {rating}/5! Paste another error any time.")
        else:
            dispatcher.utter_message(text="Thanks! Paste another error any time.")
        return []
