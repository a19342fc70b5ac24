"""action_diagnose: whatever the user pasted or described goes to the classifier.

It names the cause (slot `cause`), explains it, and lets the troubleshooting form
take over (`next_step: troubleshoot`). What the paste already answers (a campaign, the
recipient's number, a file's size) is kept, so it is not asked. A vague symptom that
names no cause goes to the two narrowing questions (`next_step: triage`), once; after
that the bot says where the exact error is found and offers choices or a person.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import diagnosis
from diagnosis.campaign.export import Export, read_export
from diagnosis.campaign.report import failures_by_cause, mentions_campaign
from diagnosis.campaign.retry import retry_advice
from diagnosis.conversation.after_fix import says_it_works, says_still_failing
from diagnosis.conversation.app_user import says_business_app
from diagnosis.conversation.info import answer_question
from diagnosis.conversation.triage import answers_in_report
from diagnosis.conversation.turns import looks_like_question
from diagnosis.followup import answer
from diagnosis.followup.choices import choices_said_by_codes
from diagnosis.language import say

from actions import account, failures, messages
from actions.after_the_fix import about_the_fix, retimes
from actions.case_history import said_before
from actions.context import answer_context, metadata_country, metadata_timezone, user_text
from actions.language import remember, reply_language
from actions.paste_reading import advice_for, answers_in_paste, choices_said, number_findings, paste_findings
from actions.pasted import SLOT, facts_slot, pasted_facts
from actions.slots import as_events, given_answers, work_on

# Buttons only for candidates this likely; "next cause" only for ones this likely.
BUTTON_CONFIDENCE = 0.15
MAX_BUTTONS = 3
NEXT_CAUSE_CONFIDENCE = 0.1

# What to say when the error still can't be placed: 1st, 2nd, 3rd time and after
# (never the same request a third time).
# Only the first asks (with buttons); then the bot stops asking and says it will wait.
MISSED_ERROR = ("replies.triage_none", "replies.parked", "replies.parked_quiet")

# "sorry, I meant 5pm IST": a correction of the last answer, not a new problem.
CORRECTION = re.compile(
    r"^\s*(?:sorry,?\s*|oops,?\s*|perd[oó]n,?\s*|desculp[ae],?\s*|disculpa,?\s*)?"
    r"(?:i meant|i mean|actually|correction|quise decir|quiero decir|en realidad|"
    r"quis dizer|quero dizer|na verdade|corrijo|corrigindo)\b[\s,:]*",
    re.IGNORECASE,
)


def start_narrowing(dispatcher: CollectingDispatcher, lang: str, report: str = "") -> List[Dict[Text, Any]]:
    """Say where the exact error is found and start the two narrowing questions (once);
    what the report already says ("our marketing blast": a template) is not asked."""
    given = answers_in_report(report)
    key = {0: "replies.vague", 1: "replies.vague_one"}.get(len(given), "replies.vague_answered")
    dispatcher.utter_message(text=say(key, lang))
    return [
        SlotSet("next_step", "triage"),
        SlotSet("triage_done", True),
        SlotSet("message_kind", given.get("message_kind")),
        SlotSet("failure_scope", given.get("failure_scope")),
    ]


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
    return [c.cause for c in result.candidates if c.cause != "unknown" and c.confidence >= at_least]


def is_about_the_fix(text: str, result: diagnosis.Result) -> bool:
    """Is this message, sent after "did that solve it?", about the fix rather than a new
    error? A pasted code is a new error; otherwise "it works now", "still the same error",
    a question ("how long does approval take?") or words that name no cause are about the fix."""
    if result.extracted.codes:
        return False
    return result.cause == "unknown" or says_it_works(text) or says_still_failing(text) or looks_like_question(text)


def campaign_advice(text: str, lang: str = "en") -> str:
    """For a campaign with failures of two causes or more: which failed recipients to
    retry now, later or never. One cause's retry note is already in its fix."""
    groups = failures_by_cause(text)
    if len(groups) < 2:
        return ""
    if not mentions_campaign(text) and all(count is None for count in groups.values()):
        return ""  # two errors in one paste (a test send), no campaign: nothing to retry in bulk
    return say("replies.campaign_intro", lang) + "\n" + retry_advice(groups, lang=lang).summary


def correction(tracker: Tracker, text: str, lang: str) -> Optional[Dict[str, Any]]:
    """The last answer recomputed, when `text` corrects it ("sorry, I meant 5pm IST")."""
    question = tracker.get_slot("last_question")
    match = CORRECTION.match(text)
    if not question or not match:
        return None
    read = answer(question, text[match.end() :], answer_context(tracker, language=lang))
    if not read.ok:
        return None
    return {"slot": question, "value": read.value, "finding": read.finding}


class ActionDiagnose(Action):
    def name(self) -> Text:
        return "action_diagnose"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text, lang = user_text(tracker), reply_language(tracker)
        if account.account_for(tracker) is None and tracker.get_slot("awaiting") != "fix_outcome":
            return self.diagnose(dispatcher, tracker, domain, text, lang)
        # account checks block (at most 5 s), and after a fix a hand-off may (the team
        # notified): off the event loop, so other conversations go on
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self.diagnose, dispatcher, tracker, domain, text, lang)

    def diagnose(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
        text: str,
        lang: str,
    ) -> List[Dict[Text, Any]]:
        """The events of diagnosing `text` (also used for reports the NLU took for a short turn)."""
        if says_business_app(text) and not said_before(tracker, say("info.business_app", lang)):
            dispatcher.utter_message(text=say("info.business_app", lang))  # once: API steps may not apply
        fixed = correction(tracker, text, lang)
        if fixed is not None:
            dispatcher.utter_message(text=say("replies.corrected", lang, finding=fixed["finding"]))
            return remember(tracker, lang) + [
                SlotSet(fixed["slot"], fixed["value"]),
                SlotSet("next_step", "listen"),
            ]
        export = read_export(text)
        if export is not None and export.groups:
            return remember(tracker, lang) + self.campaign_export(dispatcher, tracker, domain, export, text, lang)
        settings = account.account_for(tracker)
        looked_up = account.before_diagnosis(settings, text, lang)  # a pasted Twilio message SID
        extra = looked_up.extra_text if looked_up is not None else ""
        result = run_diagnosis(f"{text}\n{extra}" if extra else text)
        working_on = tracker.get_slot("cause") not in (None, "unknown")
        if (
            tracker.get_slot("awaiting") == "fix_outcome"
            and working_on
            and not looked_up
            and (is_about_the_fix(text, result) or (not result.extracted.codes and retimes(tracker, text, lang)))
        ):
            # after "did that solve it?": "it works now", a question, or a sentence placed nowhere
            return remember(tracker, lang) + about_the_fix(dispatcher, tracker, domain, text, lang)
        # the same cause's other code ("now (#10) no permission" after 190): a new step, explained anew
        new_code = bool(set(result.extracted.codes) - set(pasted_facts(tracker).codes))
        if working_on and result.cause == tracker.get_slot("cause") and not looked_up and not new_code:
            if tracker.get_slot("awaiting") == "fix_outcome" or says_still_failing(text):
                # "pagué lo pendiente, pero sigue saliendo 131042": the same error after the fix
                from actions.converse import ActionConverse

                return remember(tracker, lang) + ActionConverse.after_fix(dispatcher, tracker, domain, "deny", lang)
        if result.cause == "unknown":
            for line in looked_up.said if looked_up is not None else []:
                dispatcher.utter_message(text=line)
            return remember(tracker, lang) + self.unplaced(dispatcher, tracker, result, text, lang)
        ranked = likely_causes(result, NEXT_CAUSE_CONFIDENCE)
        context = answer_context(tracker, language=lang)
        checked = account.for_diagnosis(settings, result, text, lang)
        answers = given_answers(tracker, domain) if new_code and result.cause == tracker.get_slot("cause") else {}
        answers.update(answers_in_paste(text, result, context))  # (the same cause's new code: its answers stay)
        answers.update(checked.answers if checked is not None else {})
        values = work_on(result.cause, result.confidence, ranked, [], domain, answers=answers)
        values["problem_text"] = text[:2000]
        values.update(facts_slot(result))
        checks = [c for c in (looked_up, checked) if c is not None]
        if checks:
            values["findings"] = [line for c in checks for line in c.findings]
        values["requested_slot"] = None
        # Remember what the channel says about the user, for later answers.
        for slot, found in (("user_timezone", metadata_timezone(tracker)), ("user_country", metadata_country(tracker))):
            if found:
                values[slot] = found
        # What the account checks found goes with the diagnosis, in the same message.
        said = [messages.diagnosis_intro(result.cause, result.confidence, lang)]
        seen = failures.seen_line(tracker, text, result.extracted.codes, lang)  # the failure watch
        if seen:
            said.append(seen)
            values["findings"] = list(values.get("findings") or []) + [seen]
        said += [line for c in checks for line in c.said]
        said += advice_for(choices_said(text, result), lang)  # "rejected": where to see why
        # "a 25 MB video is over the 16 MB limit", "send it as 5491145678901"
        worked_out = paste_findings(text, answers, context) + number_findings(result, context)
        if worked_out:
            said += worked_out
            values["findings"] = list(values.get("findings") or []) + worked_out
        if checked is not None and checked.cause:  # the account shows a more precise cause
            values.update(
                cause=checked.cause,
                tried_causes=values["tried_causes"] + [checked.cause],
                candidates=[c for c in values["candidates"] if c != checked.cause],
            )
            said.append(say("replies.so_the_cause_is", lang, intro=messages.diagnosis_intro(checked.cause, 1.0, lang)))
        dispatcher.utter_message(text="\n\n".join(said))
        advice = campaign_advice(text, lang)
        if advice:
            dispatcher.utter_message(text=advice)
        return remember(tracker, lang) + as_events(values, tracker)

    @staticmethod
    def campaign_export(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
        export: Export,
        text: str,
        lang: str,
    ) -> List[Dict[Text, Any]]:
        """A campaign's export: every failure group with its count and retry advice, then
        the biggest group's questions."""
        counts = export.counts()
        ranked = sorted(counts, key=lambda c: -counts[c])
        lines = [
            say(
                "campaign.export.headline"
                if len(counts) + (1 if export.unplaced else 0) > 1
                else "campaign.export.headline_one",
                lang,
                failed=export.failed,
                rows=export.rows,
                causes=len(counts) + (1 if export.unplaced else 0),
            )
        ]
        lines += [
            say("campaign.export.group", lang, short=say(f"causes.{c}.short", lang), count=counts[c]) for c in ranked
        ]
        if export.unplaced:
            lines.append(say("campaign.export.unplaced", lang, count=export.unplaced))
        advice = say("replies.campaign_intro", lang) + "\n" + retry_advice(counts, lang=lang).summary
        dispatcher.utter_message(text="\n".join(lines) + "\n\n" + advice)
        dispatcher.utter_message(
            text=say("campaign.export.first", lang, intro=messages.diagnosis_intro(ranked[0], 1.0, lang))
        )
        entry = diagnosis.knowledge().get(ranked[0])
        said = choices_said_by_codes(export.codes_of(ranked[0]), entry.questions if entry is not None else [])
        values = work_on(ranked[0], 1.0, ranked[1:], [], domain, answers={"campaign": "yes", **said})
        values["problem_text"] = text[:2000]
        values[SLOT] = None  # a whole campaign: no one error's facts
        return as_events(values, tracker)

    @staticmethod
    def unplaced(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        result: diagnosis.Result,
        text: str,
        lang: str,
    ) -> List[Dict[Text, Any]]:
        """Nothing fits: narrow it down once, then say where to look and offer a person.
        A question about WhatsApp that the NLU took for a report ("e se ele bloqueou a
        gente?") is answered instead, and nothing is concluded."""
        info = answer_question(text, lang)
        if info is not None:
            dispatcher.utter_message(text=info.text)
            return [SlotSet("next_step", "listen")]
        likely = likely_causes(result, BUTTON_CONFIDENCE)[:MAX_BUTTONS]
        events: List[Dict[Text, Any]] = [
            SlotSet("problem_text", text[:2000]) if not tracker.get_slot("problem_text") else None,
            SlotSet("candidates", likely_causes(result, NEXT_CAUSE_CONFIDENCE)),
            SlotSet("cause", "unknown"),
        ]
        events = [e for e in events if e is not None]
        if not tracker.get_slot("triage_done") and not messages.in_another_language(text):
            return events + start_narrowing(dispatcher, lang, text)
        misses = int(tracker.get_slot("misses") or 0) + 1
        if misses == 1:
            body = messages.unknown_message(likely, text, lang)
        else:
            body = say(MISSED_ERROR[min(misses, len(MISSED_ERROR)) - 1], lang)
        buttons = messages.candidate_buttons(likely, lang) + [messages.person_button(lang)] if misses == 1 else []
        dispatcher.utter_message(text=body, buttons=buttons)
        return events + [
            SlotSet("next_step", "listen"),
            SlotSet("awaiting", "error"),
            SlotSet("misses", float(misses)),
        ]
