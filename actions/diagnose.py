"""action_diagnose: whatever the user pasted or described goes to the classifier.

It names the cause (slot `cause`), explains it, and lets the troubleshooting form
take over; when nothing fits it asks for the exact error, offering likely causes.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import diagnosis
from actions import messages
from actions.slots import as_events, work_on

# Below this the bot asks rather than guesses; buttons only for candidates this likely.
BUTTON_CONFIDENCE = 0.15
MAX_BUTTONS = 3


def run_diagnosis(text: str) -> diagnosis.Result:
    """Classify; a cause ID on its own (a button's payload) is taken as said."""
    stripped = text.strip()
    if stripped in diagnosis.knowledge():
        return diagnosis.Result(
            cause=stripped,
            confidence=1.0,
            candidates=[diagnosis.Candidate(stripped, 1.0)],
        )
    return diagnosis.classify(text)


class ActionDiagnose(Action):
    def name(self) -> Text:
        return "action_diagnose"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        result = run_diagnosis(text)
        ranked = [c.cause for c in result.candidates if c.cause != "unknown"]
        values = work_on(result.cause, result.confidence, ranked, [], domain)
        values["problem_text"] = text[:2000]
        values["requested_slot"] = None
        if result.cause == "unknown":
            likely = [
                c.cause
                for c in result.candidates
                if c.cause != "unknown" and c.confidence >= BUTTON_CONFIDENCE
            ][:MAX_BUTTONS]
            dispatcher.utter_message(
                text=messages.unknown_message(likely),
                buttons=messages.candidate_buttons(likely),
            )
        else:
            dispatcher.utter_message(
                text=messages.diagnosis_intro(result.cause, result.confidence)
            )
        return as_events(values)
