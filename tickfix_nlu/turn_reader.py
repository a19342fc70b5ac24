"""TurnReader: a Rasa NLU component that corrects the intent of short turns and questions.

Why: the trained intent model guesses from examples and gets the small words wrong in
three languages ("não resolveu" as affirm, "ok thanks" as an answer). The phrases
people use for yes, no, "it's fixed", thanks, ok, "no idea", a person or start over are
data, read exactly by diagnosis.conversation; a question about WhatsApp ("what does
131026 mean?") or back at the bot ("where do I see that?") becomes ask_info, and a message
that only says the fix worked becomes solved. The model's guesses that end or erase a case
are checked too: a goodbye, thanks or "it's fixed" on a long message that says none of it
is the user's report (or answer), a "start over" on a question is a question. When the
reader has no opinion, the model's intent stays.
Placed after DIETClassifier and before FallbackClassifier in config.yml.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from diagnosis.conversation.after_fix import says_only_it_works, says_still_failing
from diagnosis.conversation.info import answer_question, asks_back
from diagnosis.conversation.turns import greeting_with_report, only_symbols, opening_turn, read_turn

INTENT_RANKING = "intent_ranking"
OTHERS_AT_MOST = 0.5


def reading(text: str) -> Optional[str]:
    """The intent the exact reader gives `text`, or None."""
    turn = read_turn(text)
    if turn is not None:
        return turn.kind
    opening = opening_turn(text)
    if opening is not None and opening.kind == "ask_human":
        return "ask_human"  # "me pasas con alguien de soporte? necesito resolver esto hoy"
    if only_symbols(text):
        return "acknowledge"  # a reaction ("👍"): taken in, nothing to work on
    if says_only_it_works(text):
        return "solved"  # "unblocked her and it went thru", "ya pude responderle, gracias!"
    if answer_question(text, "en") is not None or asks_back(text):
        return "ask_info"
    if greeting_with_report(text):
        return "report_problem"
    return None


# Intents that end the questions; the model guesses them on long messages that are not.
_CLOSINGS = {
    "goodbye": re.compile(r"\b(?:bye|goodbye|tchau|adios|adi[oó]s|chau|hasta luego|ate mais|até mais|see you)\b", re.I),
    "thank": re.compile(r"\b(?:thank\w*|thx|ty|gracias|obrigad\w*|valeu|vlw|brigad\w*)\b", re.I),
    "solved": re.compile(r"$^"),  # the reader knows how "it works" is said: a guess alone is not enough
    # "escritas a mano por los agentes" names agents; asking for a person says so
    "ask_human": re.compile(
        r"\b(?:talk|speak|chat)\w* (?:to|with)|\b(?:hablar|platicar|falar|conversar) (?:con|com)\b|\bhuman|\bhumano|"
        r"\breal person|\bpersona real|\bpessoa real|\boperat|\boperador|\btransfer|\bconnect me|\bpas[ae]me|"
        r"\bpassa (?:pra|para)|\b(?:want|need|get me) (?:a|an|to talk)|\b(?:quiero|necesito) (?:un|una|hablar)|"
        r"\b(?:quero|preciso de?) (?:um|uma|falar)",
        re.I,
    ),
}
# What the model may guess on a question that names none of it: "y como lo comprimo?" is no greeting.
_NOT_ON_A_QUESTION = frozenset({"start_over", "greet"})
# Longer than this, a message the model calls a closing must say it in words.
_CLOSING_MAX_WORDS = 8


def _not_a_closing(text: str, guessed: str) -> bool:
    """A long message the model took for a goodbye, thanks, "it's fixed" or a request for a person
    without a word of it."""
    return len(text.split()) > _CLOSING_MAX_WORDS and not _CLOSINGS[guessed].search(text)


def _guessed(message: Message) -> Optional[str]:
    """The trained model's intent for the message (the reader only knows exact phrases: a
    real "start over" is one of them, so the model's start_over on a question is a guess)."""
    intent = message.get(INTENT) or {}
    return intent.get(INTENT_NAME_KEY) if isinstance(intent, dict) else None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TurnReader(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "TurnReader":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text or text.startswith("/"):
                continue
            intent = reading(text)
            guessed = _guessed(message)
            if intent is None and guessed in _NOT_ON_A_QUESTION and "?" in text:
                intent = "ask_info"  # "como reseto o pin?", "y como lo comprimo?": a question
            if intent is None and guessed in ("solved", "affirm", "ask_failures") and says_still_failing(text):
                # "compressed it to 14mb, still the red thing", "mas o celular dele ta ligado": not fixed
                intent = "deny"
            if intent is None and guessed in _CLOSINGS and _not_a_closing(text, guessed):
                intent = "report_problem"  # "no clue, our bot replies... i see +52 1 55...": no goodbye
            if intent is None:
                continue
            message.set(INTENT, {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
            # The model's other guesses stay visible, below the reading: a near tie would
            # make FallbackClassifier call the turn ambiguous.
            ranking = [
                dict(r, **{PREDICTED_CONFIDENCE_KEY: min(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0, OTHERS_AT_MOST)})
                for r in (message.get(INTENT_RANKING) or [])
                if r.get(INTENT_NAME_KEY) != intent
            ]
            message.set(
                INTENT_RANKING, [{INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}] + ranking, add_to_output=True
            )
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
