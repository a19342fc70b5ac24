"""action_ask_<question>: asks one follow-up question, with buttons for closed answers.

One class per question is made from the question catalogue, because Rasa looks the
ask action up by the slot's name. Typed answers are always accepted too. After an
answer it could not read, it says the validator's re-ask (with examples or the
options) instead of the plain question.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from diagnosis.followup import questions

from actions.account_template import ask_name
from actions.language import remember, reply_language
from actions.pasted import pasted_facts

# Answers the user may already have pasted, offered as a one-tap button.
_EXTRACTED_BUTTONS = {"recipient_number": "phone_numbers"}


def _group_numbers(tracker: Tracker) -> List[str]:
    """In a campaign export, the recipients of the group being worked on (not the others')."""
    from diagnosis.campaign.export import read_export

    export = read_export(tracker.get_slot("problem_text") or "")
    recipients = export.groups.get(tracker.get_slot("cause") or "", []) if export is not None else []
    return [re.sub(r"[^\d+]", "", r) for r in recipients if re.search(r"\d{6}", r)]


class AskQuestion(Action):
    """Base class: `question_id` names the question in the catalogue."""

    question_id = ""

    def name(self) -> Text:
        return f"action_ask_{self.question_id}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lang = reply_language(tracker)
        asked = ask_name(dispatcher, tracker, self.question_id, lang)  # a template's name, asked once
        if asked is not None:
            return remember(tracker, lang) + asked
        question = questions().get(self.question_id)
        buttons = [{"title": title, "payload": choice} for choice, title in question.choices_in(lang)]
        field = _EXTRACTED_BUTTONS.get(self.question_id)
        if field and not buttons:
            offered = _group_numbers(tracker) or getattr(pasted_facts(tracker), field, [])
            buttons = [{"title": n, "payload": n} for n in offered[:3]]
        reask = tracker.get_slot("reask")
        dispatcher.utter_message(text=reask or question.text_in(lang), buttons=buttons)
        return remember(tracker, lang) + ([SlotSet("reask", None)] if reask else [])


def _make_ask_actions() -> List[type]:
    made = []
    for question_id in questions().ids():
        made.append(type(f"AskQuestion_{question_id}", (AskQuestion,), {"question_id": question_id}))
    return made


ASK_ACTIONS = _make_ask_actions()
