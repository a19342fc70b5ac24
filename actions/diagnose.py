"""action_diagnose: whatever the user pasted or described goes to the classifier.

It names the cause (slot `cause`), explains it, and lets the troubleshooting form
take over; when nothing fits it asks for the exact error, offering likely causes.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import diagnosis
from diagnosis.followup import retry_advice
from diagnosis.followup.campaign_report import failures_by_cause, mentions_campaign
from actions import messages
from actions.context import metadata_country, metadata_timezone, user_text
from actions.slots import as_events, work_on

# Buttons only for candidates this likely; "next cause" only for ones this likely.
BUTTON_CONFIDENCE = 0.15
MAX_BUTTONS = 3
NEXT_CAUSE_CONFIDENCE = 0.1


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


def likely_causes(result: diagnosis.Result, at_least: float) -> List[str]:
    """The candidate causes at least this likely, best first."""
    return [
        c.cause for c in result.candidates if c.cause != "unknown" and c.confidence >= at_least
    ]


def campaign_advice(text: str, cause: str) -> str:
    """For a campaign: which failed recipients to retry now, later or never."""
    groups = failures_by_cause(text)
    if len(groups) < 2 and not mentions_campaign(text):
        return ""
    if not groups and cause != "unknown":
        groups = {cause: None}
    if not groups:
        return ""
    return messages.CAMPAIGN_INTRO + "\n" + retry_advice(groups).summary


class ActionDiagnose(Action):
    def name(self) -> Text:
        return "action_diagnose"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = user_text(tracker)
        result = run_diagnosis(text)
        ranked = likely_causes(result, NEXT_CAUSE_CONFIDENCE)
        values = work_on(result.cause, result.confidence, ranked, [], domain)
        values["problem_text"] = text[:2000]
        values["requested_slot"] = None
        # Remember what the channel says about the user, for later answers.
        for slot, found in (("user_timezone", metadata_timezone(tracker)),
                            ("user_country", metadata_country(tracker))):
            if found:
                values[slot] = found
        if result.cause == "unknown":
            likely = likely_causes(result, BUTTON_CONFIDENCE)[:MAX_BUTTONS]
            dispatcher.utter_message(
                text=messages.unknown_message(likely, text),
                buttons=messages.candidate_buttons(likely),
            )
        else:
            dispatcher.utter_message(
                text=messages.diagnosis_intro(result.cause, result.confidence)
            )
        advice = campaign_advice(text, result.cause)
        if advice:
            dispatcher.utter_message(text=advice)
        return as_events(values, tracker)
